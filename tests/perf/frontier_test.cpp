// `hippo perf --frontier`: each point is the model's steady state at most b sequences, with the
// cost at the GPU's hourly price (issue 14). The CLI's figures against the library's, exactly, and
// one point by hand.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hippo/perf.hpp"
#include "support/run_cli.hpp"

namespace hippo::perf {
namespace {

// Llama-3.1-8B on one H100 (bf16), requests of 512 in + 128 out tokens.
TEST(Frontier, EveryPointIsTheSteadyStateAtThatBatchAndItsCost) {
  const auto r = test::run_hippo({"perf", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--input", "512", "--output",
                                  "128", "--frontier", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  const Catalog c = load_builtin_catalog();
  const DeploymentModel m = build_deployment(c, {"llama-3.1-8b", "h100-sxm"});
  EXPECT_EQ(doc["mode"], "steady_state");
  EXPECT_EQ(doc["calibration"], "calibrated");
  EXPECT_EQ(doc["price_usd_per_gpu_hour"], 2.35);  // data/gpus.yaml
  const auto& rows = doc["frontier"];
  ASSERT_GE(rows.size(), 8u);
  // Caps of 1, 2, 4, … and last the largest batch that fits (KV capacity / (512 + 128) tokens); each
  // point is the best steady state at most that many sequences (perf::peak_throughput), listed
  // once when two caps have the same best (tiles and waves make throughput a staircase in the
  // batch, so the best at most 64 may be 51).
  const int fit = static_cast<int>(m.memory.kv_capacity_tokens / 640);
  std::vector<int> caps;
  for (int b = 1; b < fit; b *= 2) caps.push_back(b);
  caps.push_back(fit);
  std::size_t i = 0;
  for (int cap : caps) {
    const PeakThroughput pk = peak_throughput(m, 512, 128, cap);
    if (i > 0 && pk.batch == rows[i - 1]["batch"].get<int>()) continue;
    ASSERT_LT(i, rows.size()) << "cap " << cap;
    const auto& p = rows[i];
    EXPECT_EQ(p["batch"].get<int>(), pk.batch) << "cap " << cap;
    EXPECT_LE(pk.batch, cap);
    EXPECT_DOUBLE_EQ(p["step_time_s"].get<double>(), pk.step_s);
    EXPECT_DOUBLE_EQ(p["output_tok_s_per_gpu"].get<double>(), pk.tokens_per_s_per_gpu);
    EXPECT_DOUBLE_EQ(p["tok_s_per_user"].get<double>(), 1 / pk.step_s);
    EXPECT_DOUBLE_EQ(p["cost_usd_per_mtok"].get<double>(), 2.35 / (pk.tokens_per_s_per_gpu * 3600) * 1e6);
    if (i > 0) {  // the frontier: more throughput per GPU, no more per user
      EXPECT_GT(p["output_tok_s_per_gpu"].get<double>(), rows[i - 1]["output_tok_s_per_gpu"].get<double>());
      EXPECT_LE(p["tok_s_per_user"].get<double>(), rows[i - 1]["tok_s_per_user"].get<double>());
    }
    ++i;
  }
  EXPECT_EQ(i, rows.size());
  // By hand at batch 1: one sequence decodes over 512 + 64 tokens of context and 512/128 = 4 prompt
  // tokens are prefilled per step (pairs 512·512/2/128 = 1024), one sequence samples. The step is
  // the model's step_ns of that load; one token per step on one GPU is the per-GPU throughput.
  StepLoad one;
  one.decode_seqs = 1;
  one.decode_context_tokens = 576;
  one.prefill_tokens = 4;
  one.prefill_attention_pairs = 1024;
  one.sampling_seqs = 1;
  const double step_s = ns_to_seconds(m.step.step_ns(one));
  EXPECT_DOUBLE_EQ(rows[0]["step_time_s"].get<double>(), step_s);
  EXPECT_DOUBLE_EQ(rows[0]["output_tok_s_per_gpu"].get<double>(), 1 / step_s);
  EXPECT_DOUBLE_EQ(rows[0]["cost_usd_per_mtok"].get<double>(), 2.35 * step_s / 3600 * 1e6);
  // The figures themselves, so that a change of the model that moves them is seen: 6.72 ms, of
  // which reading 16.06 GB of bf16 weights at 3.35 TB/s × 0.896 (the copy efficiency, 4.3 of 4.8
  // TB/s) is 5.35 ms, the rest the kernels' launches and the step overhead; $2.35 × 6.71963 ms /
  // 3600 s per token = $4.386 per million.
  EXPECT_NEAR(rows[0]["step_time_s"].get<double>(), 0.00671963, 5e-9);
  EXPECT_NEAR(rows[0]["cost_usd_per_mtok"].get<double>(), 4.386425, 5e-6);
  EXPECT_NEAR(rows[1]["output_tok_s_per_gpu"].get<double>(), 295.77057, 5e-5);
}

}  // namespace
}  // namespace hippo::perf
