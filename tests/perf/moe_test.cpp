// MoE with expert parallelism, multi-head latent attention, attention data parallelism, FP4 and the
// checks of a deployment of a 2026 model (issue 14): exact bytes where they are arithmetic, and
// the physics the step model must keep.
#include <gtest/gtest.h>

#include <cmath>

#include "hippo/errors.hpp"
#include "hippo/perf.hpp"

namespace hippo::perf {
namespace {

class MoeTest : public ::testing::Test {
 protected:
  Catalog c = load_builtin_catalog();
  Deployment r1(int tp = 8, int ep = 1, bool dp = false, DType w = DType::fp8) {
    Deployment d{"deepseek-r1", "h200-sxm", tp, 1, w, DType::fp8, "", ep, dp};
    return d;
  }
  std::string error_of(const Deployment& d) {
    try {
      build_deployment(c, d);
    } catch (const InputError& e) {
      return e.where().key + ": " + e.expected();
    }
    return "";
  }
};

// MLA caches one latent of 512 + a 64-wide rotary key per token and layer: 576 B in FP8, 61 layers.
// Under tensor parallelism every GPU of the replica holds every token's latent (it serves all the
// heads), so the replica stores 8 copies; with attention data parallelism each token lives on one
// GPU, and the replica holds 8 times as many tokens in about the same memory.
TEST_F(MoeTest, LatentCachePerTokenAndWhereItLives) {
  const DeploymentModel tp = build_deployment(c, r1());
  EXPECT_DOUBLE_EQ(tp.memory.kv_bytes_per_token, 61.0 * 576 * 8);
  const DeploymentModel dp = build_deployment(c, r1(8, 1, true));
  EXPECT_DOUBLE_EQ(dp.memory.kv_bytes_per_token, 61.0 * 576);
  EXPECT_GT(dp.memory.kv_capacity_tokens, 4 * tp.memory.kv_capacity_tokens);
  // Data-parallel attention keeps whole attention weights (and dense MLPs) on every GPU.
  EXPECT_GT(dp.memory.weights_bytes_per_gpu, tp.memory.weights_bytes_per_gpu);
}

// FP8 weights at tp 8: about 671 B parameters / 8 GPUs ≈ 84 GB each, plus the replicated latent
// down-projections; within 3 % of params / 8 (embedding and LM head stay bf16, vocabulary-split).
TEST_F(MoeTest, Fp8WeightsPerGpu) {
  const DeploymentModel m = build_deployment(c, r1());
  const double params = c.model("deepseek-r1").params();
  EXPECT_NEAR(m.memory.weights_bytes_per_gpu, params / 8, 0.03 * params / 8);
  // Expert parallelism moves experts between GPUs, not bytes: the same memory per GPU.
  EXPECT_DOUBLE_EQ(build_deployment(c, r1(8, 8)).memory.weights_bytes_per_gpu, m.memory.weights_bytes_per_gpu);
}

// Decode at small batches reads only the experts the batch touches: 4 sequences touch about 31 of
// 256 experts per layer, 64 touch about 222, so the step grows with the batch far more than a
// dense model's (whose decode GEMMs stay flat to 64).
TEST_F(MoeTest, DecodeReadsTheTouchedExperts) {
  const DeploymentModel m = build_deployment(c, r1());
  const Nanoseconds b4 = m.step.linear_ns[4], b64 = m.step.linear_ns[64];
  EXPECT_GT(b64, 2 * b4);
  EXPECT_NEAR(ns_to_seconds(m.step.step_ns(decode_load(16, 2000))), step_breakdown(m, decode_load(16, 2000)).step_s,
              1e-8);
}

// Expert parallelism with data-parallel attention dispatches and combines tokens all-to-all; the
// step stays within a factor of two of tensor parallelism's at a decode batch and the breakdown
// agrees with the table.
TEST_F(MoeTest, ExpertParallelismWithDataParallelAttention) {
  const DeploymentModel tp = build_deployment(c, r1());
  const DeploymentModel ep = build_deployment(c, r1(8, 8, true));
  const StepLoad l = decode_load(64, 2000);
  const StepBreakdown b = step_breakdown(ep, l);
  EXPECT_GT(b.per_layer.allreduce, 0);  // the all-to-all
  EXPECT_NEAR(static_cast<double>(ep.step.step_ns(l)), b.step_s * 1e9, 100.0);
  const double ratio = static_cast<double>(ep.step.step_ns(l)) / static_cast<double>(tp.step.step_ns(l));
  EXPECT_GT(ratio, 0.5);
  EXPECT_LT(ratio, 2.0);
}

// Bad deployments: one line naming the key and the fix, written as settings of the keys (the CLI
// writes them as its flags: cli_perf_test).
TEST_F(MoeTest, BadDeploymentsNameTheFix) {
  // bf16 DeepSeek-R1 needs ~168 GB per H200 at tp 8: the fixes are twice the GPUs or FP8.
  const std::string bf16 = error_of(r1(8, 1, false, DType::bf16));
  EXPECT_NE(bf16.find("service.tp: deepseek-r1 with bf16 weights needs"), std::string::npos) << bf16;
  EXPECT_NE(bf16.find("; try service.tp: 16, or service.weights: fp8 at tp 8"), std::string::npos) << bf16;
  // FP8 at tp 4 does not fit either; tp 8 does.
  const std::string tp4 = error_of(r1(4));
  EXPECT_NE(tp4.find("try service.tp: 8"), std::string::npos) << tp4;
  EXPECT_NE(error_of(r1(8, 3)).find("service.ep: ep 3 must divide both deepseek-r1's 256 experts and tp 8"), std::string::npos)
      << error_of(r1(8, 3));
  EXPECT_NE(error_of(r1(8, 16)).find("valid: 1, 2, 4, 8"), std::string::npos);
  Deployment dense{"llama-3.1-8b", "h100-sxm", 2, 1, DType::bf16, DType::bf16, "", 2, false};
  EXPECT_NE(error_of(dense).find("service.ep: expected ep 1: llama-3.1-8b is a dense model"), std::string::npos);
  // tp beyond the 8-GPU NVLink domain runs (over the scale-out network where listed) with a note;
  // on an NVL72 domain tp 16 stays on NVLink.
  const DeploymentModel wide = build_deployment(c, Deployment{"llama-3.1-70b", "h100-sxm", 16, 1, DType::bf16, DType::bf16});
  ASSERT_EQ(wide.notes.size(), 1u);
  EXPECT_NE(wide.notes[0].find("tp 16 spans more than h100-sxm's scale-up domain of 8"), std::string::npos) << wide.notes[0];
  EXPECT_TRUE(build_deployment(c, Deployment{"llama-3.1-70b", "gb200", 16, 1, DType::fp8, DType::fp8}).notes.empty());
}

// FP4 weights: 4.5 bits with their FP8 scales. On a GPU with FP4 math they run at its FP4 peak; on
// one without, they are read as FP4 and computed in bf16, with a note; --strict refuses instead.
TEST_F(MoeTest, Fp4FallsBackWithANoteOrRefusesWhenStrict) {
  Deployment d = r1(8, 1, false, DType::fp4);
  const DeploymentModel h200 = build_deployment(c, d);
  ASSERT_EQ(h200.notes.size(), 1u);
  EXPECT_NE(h200.notes[0].find("h200-sxm has no FP4 tensor math"), std::string::npos);
  EXPECT_LT(h200.memory.weights_bytes_per_gpu, 0.6 * build_deployment(c, r1()).memory.weights_bytes_per_gpu);
  d.strict = true;
  EXPECT_NE(error_of(d).find("service.weights: h200-sxm has no FP4 tensor math"), std::string::npos) << error_of(d);
  d.gpu = "b200";
  const DeploymentModel b200 = build_deployment(c, d);
  EXPECT_TRUE(b200.notes.empty());
  // Prefill is compute-bound: FP4 math on B200 beats its FP8 math.
  Deployment f8 = d;
  f8.weights = DType::fp8;
  EXPECT_LT(b200.step.step_ns(prefill_load(1, 4096)), build_deployment(c, f8).step.step_ns(prefill_load(1, 4096)));
}

// The profile fitted on a GPU's figures says so; others are labelled uncalibrated.
TEST_F(MoeTest, CalibrationLabel) {
  EXPECT_STREQ(calibration_label(c.engine("sglang"), "h200-sxm"), "calibrated");
  EXPECT_STREQ(calibration_label(c.engine("sglang"), "mi300x"), "uncalibrated");
  EXPECT_STREQ(calibration_label(c.engine("ideal"), "mi300x"), "ideal");
}

}  // namespace
}  // namespace hippo::perf
