// Two memory figures of the 2026 models (issue 14). Windowed layers' KV cache is reserved by the
// window, not as if the layer held every token: GPT-OSS's sliding layers keep the last 128 tokens
// of a sequence, Llama 4's chunked layers at most 8,192 (exact bytes and tokens, and the
// simulator's admission by the same rule). GPT-OSS's MXFP4 experts are priced at their format.
#include <gtest/gtest.h>

#include <cmath>

#include "hippo/errors.hpp"
#include "hippo/perf.hpp"
#include "hippo/simulate.hpp"

namespace hippo::perf {
namespace {

class WindowedKv : public ::testing::Test {
 protected:
  Catalog c = load_builtin_catalog();
  double usable_bytes(const std::string& gpu, const std::string& engine = "calibrated") {
    const Gpu& g = c.gpu(gpu);
    const EngineProfile& e = c.engine(engine);
    return g.hbm_gb * kBytesPerGB * e.hbm_usable_fraction - e.workspace_gb * kBytesPerGB;
  }
};

// GPT-OSS-120B, FP8 KV, tp 2 on H100: 8 KV heads of 64 → 4 per GPU, K and V, 1 byte each: 512 B per
// layer and GPU, 1,024 B per layer for the replica. 18 full layers hold every token (18,432 B per
// token), the 18 sliding ones at most 128 tokens of each sequence (share 18/18 = 1).
TEST_F(WindowedKv, GptOssCountsTheFullLayersAndReservesTheWindow) {
  const DeploymentModel m = build_deployment(c, {"gpt-oss-120b", "h100-sxm", 2, 1, DType::fp8, DType::fp8});
  EXPECT_DOUBLE_EQ(m.memory.kv_bytes_per_token, 18.0 * 1024);
  EXPECT_EQ(m.memory.window_tokens, 128);
  EXPECT_DOUBLE_EQ(m.memory.window_kv_share, 1.0);
  // Each GPU holds every token of its 18 full layers: 18 × 512 B per token.
  EXPECT_DOUBLE_EQ(m.memory.kv_capacity_tokens,
                   std::floor((usable_bytes("h100-sxm") - m.memory.weights_bytes_per_gpu) / (18 * 512.0)));
  // A sequence of t tokens: t in the full layers, min(t, 128) in the windowed ones.
  EXPECT_DOUBLE_EQ(m.memory.kv_tokens_for(1000), 1128);
  EXPECT_DOUBLE_EQ(m.memory.kv_tokens_for(64), 128);
  EXPECT_EQ(m.memory.max_batch(1000), static_cast<int>(m.memory.kv_capacity_tokens / 1128));
  // Peak throughput reserves the same: a request of capacity − 128 tokens fits (alone), one token
  // more does not.
  const int cap = static_cast<int>(m.memory.kv_capacity_tokens);
  EXPECT_EQ(peak_throughput(m, cap - 128 - 1000, 1000).batch, 1);
  EXPECT_THROW(peak_throughput(m, cap - 127 - 1000, 1000), InputError);
  EXPECT_LE(peak_throughput(m, 1000, 1000).batch, cap / 2128);
}

// Llama-4-Scout: 36 chunked layers (window 8,192) for 12 full ones, share 3. Below the window a
// sequence costs what it did when every layer held it (4 t); at 100,000 tokens it costs
// 100,000 + 3 × 8,192 = 124,576 tokens of the full layers instead of 400,000.
TEST_F(WindowedKv, Llama4ChunkedLayersHoldAtMostTheirChunk) {
  const DeploymentModel m = build_deployment(c, {"llama-4-scout", "h200-sxm", 4, 1, DType::fp8, DType::fp8, "", 1});
  EXPECT_EQ(m.memory.window_tokens, 8192);
  EXPECT_DOUBLE_EQ(m.memory.window_kv_share, 3.0);
  // 8 KV heads over tp 4: 2 per GPU × 128 × 2 × 1 B = 512 B per layer and GPU, 2,048 B per layer.
  EXPECT_DOUBLE_EQ(m.memory.kv_bytes_per_token, 12.0 * 2048);
  EXPECT_DOUBLE_EQ(m.memory.kv_tokens_for(1000), 4000);
  EXPECT_DOUBLE_EQ(m.memory.kv_tokens_for(100000), 124576);
}

// A model without windowed layers keeps every layer in the unit, and nothing reserved apart.
TEST_F(WindowedKv, DenseModelsAreUnchanged) {
  const DeploymentModel m = build_deployment(c, {"llama-3.1-8b", "h100-sxm"});
  EXPECT_DOUBLE_EQ(m.memory.kv_bytes_per_token, 32.0 * 8 * 128 * 2 * 2);  // 32 layers, 8 KV heads of 128, bf16
  EXPECT_EQ(m.memory.window_tokens, 0);
  EXPECT_DOUBLE_EQ(m.memory.kv_tokens_for(5000), 5000);
}

// The simulator reserves a sequence's window on admission, in blocks of 16 full-layer tokens:
// GPT-OSS's 128 windowed tokens are 8 blocks. In a replica of 100 blocks (1,600 tokens) a prompt
// of 1,400 (88 blocks + 8) runs, one of 1,500 (94 + 8 = 102 blocks) can never run.
TEST_F(WindowedKv, SimulatorAdmitsByTheWindow) {
  const DeploymentModel m = build_deployment(c, {"gpt-oss-120b", "h100-sxm", 2, 1, DType::fp8, DType::fp8});
  auto run = [](const DeploymentModel& on, int input) {
    sim::SimConfig s;
    s.kv_capacity_tokens = 1600;
    s.concurrency = 1;
    s.requests = 1;
    s.workload.input = parse_length_dist("fixed:" + std::to_string(input), {});
    s.workload.output = parse_length_dist("fixed:1", {});
    return sim::simulate(s, on);
  };
  const sim::SimResult fits = run(m, 1400);
  EXPECT_EQ(fits.requests_completed, 1);
  EXPECT_EQ(fits.requests_rejected, 0);
  const sim::SimResult too_long = run(m, 1500);
  EXPECT_EQ(too_long.requests_completed, 0);
  EXPECT_EQ(too_long.requests_rejected, 1);
  // Without windowed layers (Llama-3.1-8B) the same 1,500 tokens fit in the 100 blocks.
  EXPECT_EQ(run(build_deployment(c, {"llama-3.1-8b", "h100-sxm"}), 1500).requests_completed, 1);
}

// GPT-OSS ships its routed experts in MXFP4 (E2M1 + an E8M0 scale per 32: 0.53125 B per weight);
// deployed in bf16 or FP8 they stay so (issue 14), the rest of the model at the deployment's type.
// Against the same model with bf16 experts, at tp 4 (each expert split 4 ways), the weights per GPU
// shrink by exactly a quarter of the routed experts' elements × (2 − 0.53125) B: 36 layers × 128
// experts × 3 matrices × 2880 × 2880 / 4.
TEST(Mxfp4Experts, GptOssExpertsArePricedAtTheirFormat) {
  const Catalog c = load_builtin_catalog();
  Catalog plain = c;
  for (auto& m : plain.models)
    if (m.id == "gpt-oss-120b") m.expert_weights_dtype = WeightFormat::bf16;
  const Deployment d{"gpt-oss-120b", "h200-sxm", 4, 1, DType::bf16, DType::bf16};
  const DeploymentModel mx = build_deployment(c, d);
  const DeploymentModel bf = build_deployment(plain, d);
  const double routed = 36.0 * 128 * 3 * 2880 * 2880 / 4;
  EXPECT_NEAR(bf.memory.weights_bytes_per_gpu - mx.memory.weights_bytes_per_gpu, routed * (2 - 0.53125), 1.0);
  ASSERT_EQ(mx.notes.size(), 1u);
  EXPECT_EQ(mx.notes[0], "gpt-oss-120b's routed experts ship in MXFP4 and are served as such (4.25 bits per weight "
                         "with their scales), dequantised to bf16 for the math; attention and the rest in bf16");
  EXPECT_TRUE(bf.notes.empty());
  // A decode step reads the touched experts' weights: fewer bytes, a shorter step.
  EXPECT_LT(mx.step.step_ns(decode_load(8, 1024)), bf.step.step_ns(decode_load(8, 1024)));
  // On a GPU with FP4 math the experts use it.
  const DeploymentModel b200 = build_deployment(c, {"gpt-oss-120b", "b200", 1, 1, DType::fp8, DType::fp8});
  ASSERT_EQ(b200.notes.size(), 1u);
  EXPECT_NE(b200.notes[0].find("(4.25 bits per weight with their scales), with FP4 math; attention and the rest in fp8"),
            std::string::npos);
  // NVFP4 asked for (--weights fp4): every weight at NVFP4, no MXFP4 note.
  const DeploymentModel nv = build_deployment(c, {"gpt-oss-120b", "b200", 1, 1, DType::fp4, DType::fp8});
  EXPECT_TRUE(nv.notes.empty());
  // Dense models have no experts to keep.
  EXPECT_TRUE(build_deployment(c, {"llama-3.1-8b", "h100-sxm"}).notes.empty());
}

}  // namespace
}  // namespace hippo::perf
