// `hippo plan` end to end: the two shipped examples (a mix wins / one type wins) and bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/run_cli.hpp"

namespace hippo::test {
namespace {

nlohmann::json plan_json(const std::vector<std::string>& args) {
  const CliResult r = run_hippo(args);
  EXPECT_EQ(r.status, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

// A bad scenario: exit 2 and one line on stderr that contains `needle`.
void expect_bad(const std::string& yaml, const std::string& needle) {
  const std::string dir = temp_dir();
  const CliResult r = run_hippo({"plan", write_file(dir, "bad.yaml", yaml)});
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST(PlanCli, MixedFleetBeatsEverySingleTypeInPlanMixed) {
  const auto j = plan_json({"plan", "plan-mixed", "--json"});
  EXPECT_EQ(j["currency"], "USD");
  EXPECT_EQ(j["candidates"].size(), 6u);  // b200, mi300x × tp 1, 2, 4
  EXPECT_TRUE(j["fleet"]["mixed"]);
  EXPECT_EQ(j["fleet"]["gpu_types"], (nlohmann::json{"b200", "mi300x"}));
  EXPECT_GT(j["mix_saving"].get<double>(), 0.0);
  // Cheaper than CBC's proven lower bound for any single-type fleet: the saving is not an artefact
  // of the node limit.
  EXPECT_LT(j["fleet"]["cost_per_hour"].get<double>(), j["best_single_gpu"]["lower_bound_cost_per_hour"].get<double>());
  // Renting the afternoon burst beats owning for the peak.
  EXPECT_LT(j["fleet"]["cost_per_hour"].get<double>(), j["owned_for_peak"]["cost_per_hour"].get<double>());
  EXPECT_GT(j["fleet"]["rented_cost_per_hour"].get<double>(), 0.0);
  // Cost per Mtok over the day = cost per hour / (mean rate × output tokens per request × 3600 / 1e6).
  const double mtok_h = j["mean_rate_req_s"].get<double>() * j["output_tokens_per_request"].get<double>() * 3600 / 1e6;
  EXPECT_NEAR(j["cost_usd_per_mtok"].get<double>(), j["fleet"]["cost_per_hour"].get<double>() / mtok_h, 1e-12);
  // MI300X at tp 1 cannot meet the 2 s TTFT on 8k-token prompts.
  EXPECT_EQ(j["candidates"][3]["candidate"], "mi300x tp1 fp8/fp8");
  EXPECT_FALSE(j["candidates"][3]["per_bucket"][1]["meets_slo"]);
}

TEST(PlanCli, OneTypeWinsInPlanSingle) {
  const auto j = plan_json({"plan", "plan-single", "--json"});
  EXPECT_FALSE(j["fleet"]["mixed"]);
  EXPECT_EQ(j["fleet"]["gpu_types"], (nlohmann::json{"h100-sxm"}));
  EXPECT_EQ(j["mix_saving"].get<double>(), 0.0);
  EXPECT_EQ(j["best_single_gpu"]["gpu"], "h100-sxm");
  EXPECT_TRUE(j["fleet"]["proven_optimal"]);
  // A flat day: nothing to rent, the owned fleet is the peak fleet; both costs per Mtok agree.
  EXPECT_EQ(j["fleet"]["rented_cost_per_hour"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(j["cost_usd_per_mtok"].get<double>(), j["cost_usd_per_mtok_at_peak"].get<double>());
}

TEST(PlanCli, TextNamesTheChosenFleet) {
  const CliResult r = run_hippo({"plan", "plan-single"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Chosen fleet (one GPU type): 8 owned × h100-sxm tp1 fp8/fp8"), std::string::npos) << r.out;
}

constexpr const char* kSmall = R"(name: t
service: {model: llama-3.1-8b, gpu: h100-sxm, weights: fp8, kv: fp8}
demand: {peak_rate_req_s: 20}
)";

TEST(PlanCli, BadInputExitsTwoWithOneLine) {
  expect_bad(std::string(kSmall) + "fleet: {candidates: []}\n", "fleet.candidates: expected at least one GPU id");
  expect_bad(std::string(kSmall) + "slo: {ttft_p99_s: 0.001}\n",
             "slo.ttft_p99_s: no candidate meets TTFT p99 ≤ 0.001 s for bucket 'all': the best reached is");
  expect_bad(std::string(kSmall) + "slo: {tpot_p99_s: 0.0001}\n", "slo.tpot_p99_s: no candidate meets TPOT p99");
  expect_bad(std::string(kSmall) + R"(workload:
  buckets:
    - {name: a, share: 0.5, input: "fixed:100", output: "fixed:100"}
    - {name: b, share: 0.4, input: "fixed:100", output: "fixed:100"}
)",
             "bucket shares must sum to 1, they sum to 0.9");
  expect_bad(std::string(kSmall) + "fleet: {tp: [3]}\n", "fleet.tp: expected tensor parallelisms among 1, 2, 4, 8");
  expect_bad(std::string(kSmall) + "fleet: {weights: [fp7]}\n", "fleet.weights: expected bf16 | fp8 | int8 | int4");
}

TEST(PlanCli, BadFlagsExitTwo) {
  EXPECT_EQ(run_hippo({"plan", "plan-single", "--candidates", ","}).status, 2);
  EXPECT_EQ(run_hippo({"plan", "plan-single", "--rate", "0"}).status, 2);
  const CliResult r = run_hippo({"plan", "plan-single", "--candidates", "h100-sxn"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--candidates"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hippo::test
