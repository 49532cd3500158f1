// One operator under the `ideal` profile: exact roofline numbers (seconds = bytes / bandwidth or
// FLOPs / peak), and the helpers the step model is built from.
#include <cmath>

#include <gtest/gtest.h>

#include "hippo/catalog.hpp"
#include "perf/roofline.hpp"

namespace hippo::perf {
namespace {

class RooflineTest : public ::testing::Test {
 protected:
  Catalog c = load_builtin_catalog();
  const Gpu& h100 = c.gpu("h100-sxm");
  const Gpu& a100 = c.gpu("a100-sxm-80g");
  const EngineProfile& ideal = c.engine("ideal");
};

// M=1, K=N=4096, bf16: bytes = 4096·4096·2 (weights) + 4096·2 (in) + 4096·2 (out) = 33,570,816;
// time = bytes / 3.35 TB/s = 10.0211 µs; FLOPs take 2·4096² / 989 TFLOP/s = 0.034 µs.
TEST_F(RooflineTest, MemoryBoundGemmTakesBytesOverBandwidth) {
  const Cost g = gemm(h100, ideal, 1, 4096, 4096, DType::bf16);
  EXPECT_DOUBLE_EQ(g.time(), 33570816.0 / 3.35e12);
  EXPECT_GT(g.memory_s, g.compute_s);
  EXPECT_EQ(g.fixed_s, 0.0);
}

// M=K=N=8192, bf16: 2·8192³ = 1,099,511,627,776 FLOPs / 989e12 = 1.11174 ms (bytes take 0.12 ms).
TEST_F(RooflineTest, ComputeBoundGemmTakesFlopsOverPeak) {
  const Cost g = gemm(h100, ideal, 8192, 8192, 8192, DType::bf16);
  EXPECT_DOUBLE_EQ(g.time(), 1099511627776.0 / 989e12);
  EXPECT_GT(g.compute_s, g.memory_s);
}

// FP8 weights run at the FP8 peak (1,979 TFLOP/s on H100); on A100, which has no FP8 math, they
// are dequantised and run at the bf16 peak (312 TFLOP/s).
TEST_F(RooflineTest, Fp8MathAtTheFp8PeakWhereThereIsOne) {
  EXPECT_DOUBLE_EQ(gemm(h100, ideal, 8192, 8192, 8192, DType::fp8).time(), 1099511627776.0 / 1979e12);
  EXPECT_DOUBLE_EQ(gemm(a100, ideal, 8192, 8192, 8192, DType::fp8).time(), 1099511627776.0 / 312e12);
  // Weight-only int4 computes in bf16 even on H100.
  EXPECT_DOUBLE_EQ(gemm(h100, ideal, 8192, 8192, 8192, DType::int4).time(), 1099511627776.0 / 989e12);
}

// Weight bytes per element: bf16 2, fp8 and int8 1, int4 0.5 + one bf16 scale per 128 = 0.515625.
TEST_F(RooflineTest, WeightBytes) {
  EXPECT_DOUBLE_EQ(weight_bytes(DType::bf16), 2.0);
  EXPECT_DOUBLE_EQ(weight_bytes(DType::fp8), 1.0);
  EXPECT_DOUBLE_EQ(weight_bytes(DType::int8), 1.0);
  EXPECT_DOUBLE_EQ(weight_bytes(DType::int4), 0.515625);
  // int4, M=1, K=N=4096: 4096²·0.515625 + 4096·2 + 4096·2 = 8,667,136 bytes.
  EXPECT_DOUBLE_EQ(gemm(h100, ideal, 1, 4096, 4096, DType::int4).time(), 8667136.0 / 3.35e12);
}

// E·(1 − (1 − k/E)^T): one token touches k experts; two touch 8·(1 − 0.75²) = 3.5 of 8 with k=2;
// many touch all of them.
TEST_F(RooflineTest, ExpectedExpertsTouched) {
  EXPECT_DOUBLE_EQ(experts_touched(8, 2, 1), 2.0);
  EXPECT_DOUBLE_EQ(experts_touched(8, 2, 2), 3.5);
  EXPECT_NEAR(experts_touched(8, 2, 1000), 8.0, 1e-9);
  EXPECT_DOUBLE_EQ(experts_touched(1, 1, 5), 1.0);
}

// Linear in log(tokens) between points, flat outside: halfway between 16 and 128 in log is
// √(16·128) = 45.25 tokens, where the fraction is the mean of 0.05 and 0.36.
TEST_F(RooflineTest, EfficiencyCurveInterpolatesInLogTokens) {
  const std::vector<EfficiencyPoint> curve = {{16, 0.05}, {128, 0.36}};
  EXPECT_DOUBLE_EQ(efficiency_at(curve, 1), 0.05);
  EXPECT_DOUBLE_EQ(efficiency_at(curve, 1e6), 0.36);
  EXPECT_NEAR(efficiency_at(curve, std::sqrt(16.0 * 128.0)), 0.205, 1e-12);
}

// Ring all-reduce over tp=4 of 1 MB on H100 (900 GB/s both ways, 450 GB/s one way):
// 2·3/4 · 1e6 / 450e9 = 3.333 µs; nothing for tp=1.
TEST_F(RooflineTest, AllReduce) {
  EXPECT_DOUBLE_EQ(allreduce(h100, ideal, 1e6, 4).time(), 1.5e6 / 450e9);
  EXPECT_EQ(allreduce(h100, ideal, 1e6, 1).time(), 0.0);
}

// Tiles and waves (the ideal profile with tile quantisation on: full MMA rate, no overheads, max
// overlap). [1024, 8192]×[8192, 16896] on H100 (132 SMs) in 128×128 tiles is 8 × 132 tiles = 8 full
// waves of 2·128·128·8192 FLOPs at 989/132 TFLOP/s per SM: exactly FLOPs / peak. One more row
// (M = 1025) needs a ninth tile row; the best tiling is then 64-row tiles, 17 × 132 of 64×128 in 17
// waves of half the work: 8.5 full waves' time for 0.1 % more FLOPs.
TEST_F(RooflineTest, TilesSpreadOverSmsInWaves) {
  EngineProfile tiled = ideal;
  tiled.tile_quantization = true;
  const double k = 8192, n = 16896;
  const double full = 2.0 * 1024 * k * n / 989e12;
  EXPECT_NEAR(gemm(h100, tiled, 1024, k, n, DType::bf16).time(), full, full * 1e-12);
  EXPECT_NEAR(gemm(h100, tiled, 1025, k, n, DType::bf16).time(), full * 8.5 / 8, full * 1e-12);
  // Without tiles (the ideal profile) time follows the FLOPs.
  EXPECT_NEAR(gemm(h100, ideal, 1025, k, n, DType::bf16).time(), full * 1025 / 1024, full * 1e-12);
  // M of 1 to 64 is one 64-row tile: the compute side does not grow, the bytes do (a little).
  const Cost one = gemm(h100, tiled, 1, 4096, 4096, DType::bf16), sixty_four = gemm(h100, tiled, 64, 4096, 4096, DType::bf16);
  EXPECT_DOUBLE_EQ(one.compute_s, sixty_four.compute_s);
  EXPECT_GT(sixty_four.memory_s, one.memory_s);
}

// A grouped GEMM (a MoE layer's experts): each group's rows are tiled apart, so 8 experts of 4 rows
// each take 8 × 224 tiles of 64×64 (14 waves) where one GEMM of 32 rows takes 224 (2 waves); it
// reads 8 weight matrices.
TEST_F(RooflineTest, GroupedGemmTilesEachGroup) {
  EngineProfile tiled = ideal;
  tiled.tile_quantization = true;
  const Cost grouped = grouped_gemm(h100, tiled, 32, 8, 4096, 14336, DType::bf16);
  const Cost single = gemm(h100, tiled, 32, 4096, 14336, DType::bf16);
  EXPECT_NEAR(grouped.memory_s, (8 * 4096.0 * 14336 * 2 + 32 * 4096 * 2 + 32 * 14336 * 2) / 3.35e12, 1e-15);
  EXPECT_NEAR(grouped.compute_s / single.compute_s, 7.0, 1e-9);  // 14 waves' worth (64×64 tiles) against 2
}

// A calibrated profile only adds time: every operator at every size is at least its ideal time.
TEST_F(RooflineTest, CalibratedNeverFasterThanIdealPerGemm) {
  const EngineProfile& cal = c.engine(c.default_engine);
  for (const auto& g : c.gpus)
    for (double m : {1.0, 7.0, 64.0, 300.0, 1000.0, 4096.0, 20000.0})
      for (DType w : {DType::bf16, DType::fp8, DType::int8, DType::int4})
        EXPECT_GE(gemm(g, cal, m, 4096, 14336, w).time(), gemm(g, ideal, m, 4096, 14336, w).time()) << g.id << " " << m;
}

}  // namespace
}  // namespace hippo::perf
