// `hippo simulate` through the built binary: the contract, determinism and bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "support/run_cli.hpp"

namespace hippo {
namespace {

using test::run_hippo;

const std::vector<std::string> kContract = {"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm",
                                            "--replicas", "2", "--rate", "5", "--requests", "2000",
                                            "--input", "lognormal:mean=800,cv=1", "--output", "fixed:100",
                                            "--seed", "1", "--json"};

std::vector<std::string> with(std::vector<std::string> args, std::initializer_list<std::string> more) {
  args.insert(args.end(), more);
  return args;
}

TEST(CliSimulate, ContractRunCompletesEveryRequestWithEveryKey) {
  const auto r = run_hippo(kContract);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["requests_completed"], 2000);
  for (const char* k : {"simulated_s", "wall_s", "throughput_tok_s", "throughput_req_s", "mean_batch", "kv_utilization",
                        "preemptions", "gpu_busy_fraction"})
    EXPECT_TRUE(j.contains(k)) << k;
  for (const char* k : {"ttft_s", "tpot_s", "e2e_s", "queue_delay_s"})
    for (const char* s : {"mean", "p50", "p90", "p99"}) EXPECT_TRUE(j[k].contains(s)) << k << "." << s;
  EXPECT_FALSE(j.contains("goodput_req_s"));  // no SLOs given
  // 2000 requests of 100 output tokens.
  EXPECT_NEAR(j["throughput_tok_s"].get<double>() * j["simulated_s"].get<double>(), 200'000, 1e-6 * 200'000);
  EXPECT_GT(j["ttft_s"]["p99"].get<double>(), 0);
  EXPECT_TRUE(r.err.empty()) << r.err;  // no progress line when stderr is not a terminal
}

TEST(CliSimulate, DeterministicOutputIsByteIdentical) {
  const auto a = run_hippo(with(kContract, {"--deterministic"}));
  const auto b = run_hippo(with(kContract, {"--deterministic"}));
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(nlohmann::json::parse(a.out)["wall_s"], 0.0);
  setenv("HIPPO_DETERMINISTIC", "1", 1);
  const auto c = run_hippo(kContract);
  unsetenv("HIPPO_DETERMINISTIC");
  EXPECT_EQ(a.out, c.out);
  auto other = kContract;
  *std::find(other.begin(), other.end(), "1") = "2";  // the seed
  EXPECT_NE(run_hippo(with(other, {"--deterministic"})).out, a.out);
}

TEST(CliSimulate, SlosGiveGoodput) {
  const auto r = run_hippo(with(kContract, {"--slo-ttft", "2", "--slo-tpot", "0.1"}));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_GT(j["goodput_req_s"].get<double>(), 0);
  EXPECT_LE(j["goodput_req_s"].get<double>(), j["throughput_req_s"].get<double>());
}

TEST(CliSimulate, ReplaysTheAzureCodeTrace) {
  const auto r = run_hippo({"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--trace",
                            std::string(HIPPO_SOURCE_DIR) + "/data/traces/azure-2023-code.csv", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["requests_completed"], 8819);
}

TEST(CliSimulate, ScenarioGivesDefaultsAndSlos) {
  const auto r = run_hippo({"simulate", "default", "--rate", "2", "--requests", "300", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["requests_completed"], 300);
  EXPECT_TRUE(j.contains("goodput_req_s"));  // the scenario's slo section
}

TEST(CliSimulate, TextOutputShowsLatencyTable) {
  const auto r = run_hippo({"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--rate", "5", "--requests", "200"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("time to first token"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("pre-emptions"), std::string::npos) << r.out;
}

// Bad input: exit 2 and exactly one line naming the flag, or the file and line.
void expect_bad(const std::vector<std::string>& args, const std::string& needle) {
  const auto r = run_hippo(args);
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
}

// --duration: arrivals over 20 s at 5 req/s (Poisson: 100 expected; 40…160 is six standard
// deviations), then the fleet drains. --load sets the rate from the fleet's peak throughput.
TEST(CliSimulate, DurationAndLoad) {
  const std::vector<std::string> base = {"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--json"};
  const auto d = run_hippo(with(base, {"--rate", "5", "--duration", "20"}));
  ASSERT_EQ(d.status, 0) << d.err;
  const auto j = nlohmann::json::parse(d.out);
  EXPECT_GT(j["requests_completed"].get<int>(), 40);
  EXPECT_LT(j["requests_completed"].get<int>(), 160);
  EXPECT_EQ(j["requests_completed"], j["requests_arrived"]);
  const auto l = run_hippo(with(base, {"--load", "0.5", "--requests", "500", "--replicas", "2"}));
  ASSERT_EQ(l.status, 0) << l.err;
  EXPECT_GT(nlohmann::json::parse(l.out)["rate_req_s"].get<double>(), 0);
  expect_bad(with(base, {"--rate", "5", "--requests", "10", "--duration", "5"}), "--duration");
  expect_bad(with(base, {"--rate", "5", "--load", "0.5"}), "--load");
}

// Closed loop: --concurrency C clients and --requests N, as `vllm bench serve --max-concurrency`;
// the same seed gives the same bytes; a scenario's workload.concurrency does the same.
TEST(CliSimulate, ConcurrencyRunsClosedLoopClients) {
  const std::vector<std::string> args = {"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--concurrency",
                                         "8", "--requests", "80", "--input", "uniform:800,1000", "--output",
                                         "uniform:100,200", "--json", "--deterministic"};
  const auto a = run_hippo(args);
  ASSERT_EQ(a.status, 0) << a.err;
  const auto j = nlohmann::json::parse(a.out);
  EXPECT_EQ(j["requests_completed"], 80);
  EXPECT_EQ(j["concurrency"], 8);
  EXPECT_FALSE(j.contains("rate_req_s"));
  // Little's law: requests in flight = throughput × mean e2e, at most 8 (fewer only in the drain).
  const double in_flight = j["throughput_req_s"].get<double>() * j["e2e_s"]["mean"].get<double>();
  EXPECT_LE(in_flight, 8.0 + 1e-9);
  EXPECT_GT(in_flight, 7.0);
  EXPECT_EQ(run_hippo(args).out, a.out);
  const std::string dir = test::temp_dir();
  const std::string file = test::write_file(dir, "closed.yaml",
                                            "service: {model: llama-3.1-8b, gpu: h100-sxm}\n"
                                            "workload: {concurrency: 8, input: \"uniform:800,1000\", output: \"uniform:100,200\"}\n");
  const auto s = run_hippo({"simulate", file, "--requests", "80", "--json", "--deterministic"});
  ASSERT_EQ(s.status, 0) << s.err;
  const auto js = nlohmann::json::parse(s.out);
  EXPECT_EQ(js["concurrency"], 8);
  EXPECT_EQ(js["e2e_s"], j["e2e_s"]);
}

// --spec: MTP on DeepSeek-R1 (its MoE layer as the draft) and a draft model on Llama; the JSON
// says what was assumed and the tokens per step drawn; TPOT falls; a scenario's service.spec gives
// the same run as the flags.
TEST(CliSimulate, SpeculativeDecodingLowersTpot) {
  const std::vector<std::string> base = {"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--concurrency",
                                         "4", "--requests", "40", "--input", "500", "--output", "300", "--json",
                                         "--deterministic"};
  const auto off = run_hippo(base);
  const auto on = run_hippo(with(base, {"--spec", "draft:llama-3.1-8b", "--spec-tokens", "3", "--spec-acceptance", "0.8"}));
  ASSERT_EQ(off.status, 0) << off.err;
  ASSERT_EQ(on.status, 0) << on.err;
  const auto a = nlohmann::json::parse(off.out), b = nlohmann::json::parse(on.out);
  EXPECT_FALSE(a.contains("speculative"));
  EXPECT_EQ(b["speculative"]["method"], "draft:llama-3.1-8b");
  EXPECT_EQ(b["speculative"]["tokens"], 3);
  const double per_step = b["speculative"]["tokens_per_step"].get<double>();
  EXPECT_NEAR(per_step, (1 - 0.8 * 0.8 * 0.8 * 0.8) / (1 - 0.8), 0.1);
  // A draft as large as the model costs about as much as the target: no gain at this batch.
  EXPECT_LT(b["kv_capacity_tokens_per_replica"].get<double>(), a["kv_capacity_tokens_per_replica"].get<double>());
  const auto mtp = run_hippo(with(base, {"--spec", "mtp", "--spec-tokens", "2", "--spec-acceptance", "0.9,0.8"}));
  ASSERT_EQ(mtp.status, 0) << mtp.err;
  const auto c = nlohmann::json::parse(mtp.out);
  EXPECT_LT(c["tpot_s"]["mean"].get<double>(), 0.7 * a["tpot_s"]["mean"].get<double>());
  EXPECT_GT(c["throughput_tok_s"].get<double>(), 1.3 * a["throughput_tok_s"].get<double>());
  const std::string dir = test::temp_dir();
  const std::string file = test::write_file(dir, "spec.yaml",
                                            "service:\n  model: llama-3.1-8b\n  gpu: h100-sxm\n"
                                            "  spec: {method: mtp, tokens: 2, acceptance: [0.9, 0.8]}\n");
  const auto s = run_hippo({"simulate", file, "--concurrency", "4", "--requests", "40", "--input", "500", "--output",
                            "300", "--json", "--deterministic"});
  ASSERT_EQ(s.status, 0) << s.err;
  auto js = nlohmann::json::parse(s.out);
  js.erase("goodput_req_s");  // the file's default SLOs
  js.erase("slo");
  EXPECT_EQ(js, c);
}

TEST(CliSimulate, BadInputExitsTwoWithOneLine) {
  const std::vector<std::string> base = {"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm"};
  expect_bad(with(base, {"--rate", "0"}), "--rate");
  expect_bad(with(base, {"--rate", "-2"}), "--rate");
  expect_bad(with(base, {"--rate", "5", "--token-budget", "8"}), "--token-budget");
  expect_bad(with(base, {"--rate", "5", "--max-batch", "512", "--token-budget", "256"}), "--token-budget");
  expect_bad(with(base, {"--rate", "5", "--router", "random"}), "--router");
  expect_bad(with(base, {"--rate", "5", "--scheduler", "fifo"}), "--scheduler");
  expect_bad(with(base, {"--rate", "5", "--requests", "0"}), "--requests");
  expect_bad(with(base, {"--rate", "5", "--replicas", "0"}), "--replicas");
  expect_bad(with(base, {"--rate", "5", "--input", "lognormal:mean=0,cv=1"}), "--input");
  expect_bad(with(base, {"--rate", "5", "--arrival", "gamma", "--cv", "0"}), "--cv");
  expect_bad(with(base, {"--rate", "5", "--slo-ttft", "-1"}), "--slo-ttft");
  expect_bad(with(base, {"--rate", "5", "--weights", "fp3"}), "--weights");
  expect_bad(base, "--rate");  // neither a rate nor a trace
  expect_bad(with(base, {"--concurrency", "0"}), "--concurrency: expected at least 1 client");
  expect_bad(with(base, {"--concurrency", "4", "--rate", "5"}), "--rate: closed-loop clients");
  expect_bad(with(base, {"--concurrency", "4", "--load", "0.5"}), "--load: closed-loop clients");
  expect_bad(with(base, {"--concurrency", "4", "--duration", "5"}), "--duration: closed-loop clients");
  const std::string dir = test::temp_dir();
  const std::string bad = test::write_file(dir, "bad.csv", "arrival_s,input_tokens,output_tokens\n0,100,10\n1,100\n");
  expect_bad(with(base, {"--trace", bad}), bad + ":3:");
  expect_bad(with(base, {"--trace", bad, "--rate", "3"}), "--rate");
  expect_bad(with(base, {"--trace", dir + "/missing.csv"}), "missing.csv");
  // Speculative decoding: k = 0 or > 16, acceptance outside [0, 1), an unknown draft model.
  const auto spec = with(base, {"--rate", "5", "--spec", "mtp"});
  expect_bad(with(spec, {"--spec-tokens", "0", "--spec-acceptance", "0.8"}), "--spec-tokens: expected a value in [1, 16]");
  expect_bad(with(spec, {"--spec-tokens", "17", "--spec-acceptance", "0.8"}), "--spec-tokens: expected a value in [1, 16]");
  expect_bad(with(spec, {"--spec-acceptance", "1"}), "--spec-acceptance: expected an acceptance rate in [0, 1)");
  expect_bad(with(spec, {"--spec-acceptance", "-0.1"}), "--spec-acceptance: expected an acceptance rate in [0, 1)");
  expect_bad(with(spec, {"--spec-tokens", "2", "--spec-acceptance", "0.9,0.8,0.7"}), "--spec-acceptance: expected one");
  expect_bad(spec, "--spec-acceptance");
  expect_bad(with(base, {"--rate", "5", "--spec-tokens", "2"}), "--spec-tokens: expected speculative decoding beside it");
  expect_bad(with(base, {"--rate", "5", "--spec", "draft:nosuch", "--spec-acceptance", "0.8"}), "--spec: unknown model 'nosuch'");
  expect_bad(with(base, {"--rate", "5", "--spec", "eagle"}), "--spec: expected none, mtp or draft:MODEL");
  const std::string file = test::write_file(dir, "spec.yaml",
                                            "service:\n  model: llama-3.1-8b\n  spec:\n    method: draft:nosuch\n"
                                            "    acceptance: 0.8\n");
  expect_bad({"simulate", file, "--rate", "5"}, file + ":4: service.spec.method: unknown model 'nosuch'");
  const std::string k0 = test::write_file(dir, "k0.yaml", "service:\n  spec: {method: mtp, tokens: 0, acceptance: 0.5}\n");
  expect_bad({"simulate", k0, "--rate", "5"}, k0 + ":2: service.spec.tokens");
  const std::string a1 = test::write_file(dir, "a1.yaml", "service:\n  spec:\n    method: mtp\n    acceptance: 1\n");
  expect_bad({"simulate", a1, "--rate", "5"}, a1 + ":4: service.spec.acceptance: expected an acceptance rate in [0, 1)");
}

}  // namespace
}  // namespace hippo
