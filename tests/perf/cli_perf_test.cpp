// `hippo perf`: the JSON contract of design.md, the text table, and one-line errors (exit 2).
#include <algorithm>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/run_cli.hpp"

namespace hippo {
namespace {

using test::run_hippo;

nlohmann::json perf_json(const std::vector<std::string>& args) {
  std::vector<std::string> a = {"perf"};
  a.insert(a.end(), args.begin(), args.end());
  a.push_back("--json");
  auto r = run_hippo(a);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  return nlohmann::json::parse(r.out);
}

// The keys design.md promises, and the breakdown adding up to the step time.
void expect_contract(const nlohmann::json& d) {
  for (const char* k : {"step_time_s", "tokens_per_s", "bound", "weights_bytes_per_gpu", "kv_bytes_per_token",
                        "kv_capacity_tokens", "max_batch", "breakdown_per_layer_s", "per_step_s"})
    EXPECT_TRUE(d.contains(k)) << k;
  for (const char* k : {"qkv_proj", "attention", "o_proj", "mlp_up_gate", "mlp_down", "allreduce", "other"})
    EXPECT_TRUE(d["breakdown_per_layer_s"].contains(k)) << k;
  EXPECT_TRUE(d["per_step_s"].contains("lm_head"));
  EXPECT_TRUE(d["per_step_s"].contains("overhead"));
  double sum = 0;
  for (const auto& [k, v] : d["breakdown_per_layer_s"].items()) sum += v.get<double>() * d["layers"].get<int>();
  for (const auto& [k, v] : d["per_step_s"].items()) sum += v.get<double>();
  EXPECT_NEAR(sum, d["step_time_s"].get<double>(), 1e-8);
  const std::string bound = d["bound"];
  EXPECT_TRUE(bound == "compute" || bound == "memory" || bound == "overhead") << bound;
}

TEST(CliPerf, DecodeJson) {
  auto d = perf_json({"--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--batch", "32", "--context", "1024"});
  expect_contract(d);
  EXPECT_EQ(d["kv_bytes_per_token"], 131072.0);
  EXPECT_EQ(d["bound"], "memory");
  EXPECT_NEAR(d["tokens_per_s"].get<double>(), 32 / d["step_time_s"].get<double>(), 1e-6);
  EXPECT_FALSE(d["breakdown_per_layer_s"].contains("moe_router"));
  EXPECT_EQ(d["engine"], "calibrated");
}

TEST(CliPerf, PrefillJson) {
  auto d = perf_json({"--model", "llama-2-70b", "--gpu", "h100-sxm", "--tp", "4", "--prefill", "512"});
  expect_contract(d);
  EXPECT_GT(d["breakdown_per_layer_s"]["allreduce"].get<double>(), 0);
  EXPECT_NEAR(d["tokens_per_s"].get<double>(), 512 / d["step_time_s"].get<double>(), 1e-6);
}

TEST(CliPerf, PeakThroughputJson) {
  auto d = perf_json({"--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--input", "1000", "--output", "250"});
  expect_contract(d);
  EXPECT_GT(d["max_throughput_tok_s_per_gpu"].get<double>(), 0);
  EXPECT_GE(d["max_throughput_batch"].get<int>(), 1);
  EXPECT_LE(d["max_throughput_batch"].get<int>(), d["max_batch"].get<int>());
}

TEST(CliPerf, MoeHasARouter) {
  auto d = perf_json({"--model", "mixtral-8x7b", "--gpu", "h200-sxm", "--tp", "2", "--weights", "fp8", "--kv", "fp8",
                      "--engine", "ideal", "--pp", "2"});
  expect_contract(d);
  EXPECT_GT(d["breakdown_per_layer_s"]["moe_router"].get<double>(), 0);
  EXPECT_GT(d["per_step_s"]["pipeline"].get<double>(), 0);
}

TEST(CliPerf, TextTable) {
  auto r = run_hippo({"perf", "--model", "llama-3.1-8b", "--gpu", "h100-sxm"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("operator     per layer ms  whole step ms  share"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("mlp_up_gate"), std::string::npos);
  EXPECT_NE(r.out.find("largest batch"), std::string::npos);
}

// Each bad input: exit 2, nothing on stdout, one line on stderr naming the flag.
TEST(CliPerf, BadInputExitsTwoWithOneLine) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--model", "llama-3.1-8", "--gpu", "h100-sxm"}, "--model: unknown model 'llama-3.1-8' (did you mean 'llama-3.1-8b'?)"},
      {{"--model", "llama-3.1-8b", "--gpu", "h100"}, "--gpu: unknown GPU 'h100' (did you mean 'h100-sxm'?)"},
      {{"--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--tp", "3"}, "--tp: tp 3 does not divide llama-3.1-8b's 32 attention heads"},
      {{"--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--batch", "0"}, "--batch: expected a whole number ≥ 1, got 0"},
      {{"--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--context", "-5"}, "--context: expected a whole number ≥ 1, got -5"},
      {{"--model", "llama-3.1-405b", "--gpu", "h100-sxm"}, "short by 741.7 GB; try --tp 16\n"},
      {{"--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--batch", "100000"}, "--batch: 100000 sequences of 1025 tokens"},
      {{"--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--input", "100"}, "--output: --input and --output go together"},
      {{"--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--weights", "fp3"}, "--weights: unknown data type 'fp3'"},
      {{"--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--engine", "idael"}, "--engine: unknown engine profile 'idael' (did you mean 'ideal'?)"},
  };
  for (const auto& [args, expected] : cases) {
    std::vector<std::string> a = {"perf"};
    a.insert(a.end(), args.begin(), args.end());
    auto r = run_hippo(a);
    EXPECT_EQ(r.status, 2) << expected;
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

}  // namespace
}  // namespace hippo
