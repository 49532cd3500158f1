// `hippo run`, bare `hippo` and `hippo compare` through the built binary: files written, one JSON
// document with --json, the contract's keys and identities, one-line errors with exit 2.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/run_cli.hpp"

namespace hippo {
namespace {

using test::run_hippo;

TEST(CliRun, JsonIsOneDocumentWithTheContractKeysAndTheFilesAreWritten) {
  const std::string dir = test::temp_dir();
  auto r = run_hippo({"run", "default", "--json", "--out", "out"}, dir);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);  // throws unless stdout is exactly one document
  for (const char* k : {"scenario", "currency", "horizon_months", "breakeven_month", "payback_month", "npv",
                        "irr_annual", "cost_per_mtok", "gross_margin", "fleet", "monthly"})
    EXPECT_TRUE(doc.contains(k)) << k;
  EXPECT_TRUE(doc["fleet"].contains("gpus_peak"));
  ASSERT_EQ(doc["monthly"].size(), 60u);
  double cum = 0;
  for (const auto& m : doc["monthly"]) {
    for (const char* k : {"month", "users", "paying_users", "tokens", "gpus", "capex", "depreciation", "power",
                          "facility", "staff", "other_opex", "revenue", "operating_profit", "cash_flow",
                          "cumulative_cash", "unserved_tokens", "revenue_lost"})
      ASSERT_TRUE(m.contains(k)) << k;
    const double cf = m["operating_profit"].get<double>() + m["depreciation"].get<double>() - m["capex"].get<double>();
    EXPECT_NEAR(m["cash_flow"].get<double>(), cf, 1e-6 * (1 + std::fabs(cf)));
    cum += m["cash_flow"].get<double>();
    EXPECT_NEAR(m["cumulative_cash"].get<double>(), cum, 1e-6 * (1 + std::fabs(cum)));
  }
  EXPECT_EQ(nlohmann::json::parse(test::read_file(dir + "/out/results.json")), doc);
  const std::string csv = test::read_file(dir + "/out/monthly.csv");
  EXPECT_EQ(csv.rfind("month,users,paying_users,", 0), 0u);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 61);  // header + 60 months
}

TEST(CliRun, BareHippoRunsTheDefaultScenarioAndWritesHippoOut) {
  const std::string dir = test::temp_dir();
  auto r = run_hippo({}, dir);
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* s : {"Break-even", "Payback", "NPV at 9% a year", "IRR", "Peak fleet", "Cost per million tokens", "$"})
    EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir + "/hippo-out/results.json"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/hippo-out/monthly.csv"));
  // The same as `hippo run default`.
  const std::string dir2 = test::temp_dir();
  EXPECT_EQ(run_hippo({"run", "default"}, dir2).out, r.out);
}

TEST(CliRun, QuietPrintsNothing) {
  auto r = run_hippo({"run", "balanced", "--quiet"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(CliRun, KoreanScenarioIsInWon) {
  auto r = run_hippo({"run", "korea", "--json", "--out", "k"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["currency"], "KRW");
  auto text = run_hippo({"run", "korea", "--out", "k"});
  EXPECT_NE(text.out.find("\u20A9"), std::string::npos) << text.out;
}

// `hippo run NAME --json` of a scenario written as `text` into `dir`; its results document.
nlohmann::json run_json(const std::string& dir, const std::string& name, const std::string& text) {
  test::write_file(dir, name, text);
  const auto r = run_hippo({"run", name, "--json", "--out", name + ".out"}, dir);
  EXPECT_EQ(r.status, 0) << name << ": " << r.err;
  return r.status == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

// Throughput sizing keeps the batch within the TPOT SLO: a tighter TPOT gives each replica less.
TEST(CliRun, TighterTpotSloLowersTheReplicaCapacity) {
  const std::string dir = test::temp_dir();
  const double l = run_json(dir, "loose.yaml", "service: {tp: 2, weights: fp8, kv: fp8}\nslo: {tpot_p99_s: 1}\n")
                       ["fleet"]["requests_per_s_per_replica"].get<double>();
  const double t = run_json(dir, "tight.yaml", "service: {tp: 2, weights: fp8, kv: fp8}\nslo: {tpot_p99_s: 0.03}\n")
                       ["fleet"]["requests_per_s_per_replica"].get<double>();
  EXPECT_GT(t, 0);
  EXPECT_LT(t, l);
}

// fleet.sizing: simulated takes the capacity plan's rate under the SLOs, below perf's peak.
TEST(CliRun, SimulatedSizingUsesTheCapacityUnderTheSlos) {
  const std::string dir = test::temp_dir();
  const auto s = run_json(dir, "sim.yaml", "name: sim\nservice: {tp: 2, weights: fp8, kv: fp8}\nfleet: {sizing: simulated}\n");
  const auto p = run_json(dir, "peak.yaml", "name: peak\nservice: {tp: 2, weights: fp8, kv: fp8}\nfleet: {sizing: throughput}\n");
  EXPECT_EQ(s["fleet"]["sizing"], "simulated");
  EXPECT_GT(s["fleet"]["requests_per_s_per_replica"].get<double>(), 0);
  EXPECT_LT(s["fleet"]["requests_per_s_per_replica"].get<double>(), p["fleet"]["requests_per_s_per_replica"].get<double>());
  EXPECT_GE(s["fleet"]["gpus_peak"].get<double>(), p["fleet"]["gpus_peak"].get<double>());
  // SLOs no rate can meet: exit 2 naming the SLO key (here already below a lone request's floor).
  test::write_file(dir, "tight.yaml", "name: tight\nservice: {tp: 2, weights: fp8, kv: fp8}\nfleet: {sizing: simulated}\nslo:\n  ttft_p99_s: 0.000001\n");
  auto tight = run_hippo({"run", "tight.yaml"}, dir);
  EXPECT_EQ(tight.status, 2);
  EXPECT_EQ(tight.err.rfind("hippo: tight.yaml:5: slo.ttft_p99_s: ", 0), 0u) << tight.err;
  EXPECT_EQ(std::count(tight.err.begin(), tight.err.end(), '\n'), 1);
}

// The three strategies differ as they should on the same service.
TEST(CliCompare, StrategiesShowTheTradeOff) {
  auto r = run_hippo({"compare", "capex-race", "efficiency-first", "balanced", "--json", "--out", "c"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["scenarios"].size(), 3u);
  const auto& race = doc["scenarios"][0];
  const auto& eff = doc["scenarios"][1];
  const auto& bal = doc["scenarios"][2];
  EXPECT_EQ(race["scenario"], "capex-race");
  // The race buys the most GPUs and spends the most capex; efficiency-first serves a million tokens
  // cheapest and spends the least; balanced leaves some demand unserved under its finance limits.
  EXPECT_GT(race["fleet"]["gpus_peak"].get<double>(), bal["fleet"]["gpus_peak"].get<double>());
  EXPECT_GT(bal["fleet"]["gpus_peak"].get<double>(), eff["fleet"]["gpus_peak"].get<double>());
  EXPECT_GT(race["capex_total"].get<double>(), bal["capex_total"].get<double>());
  EXPECT_GT(bal["capex_total"].get<double>(), eff["capex_total"].get<double>());
  EXPECT_LT(eff["cost_per_mtok"].get<double>(), bal["cost_per_mtok"].get<double>());
  EXPECT_LT(bal["cost_per_mtok"].get<double>(), race["cost_per_mtok"].get<double>());
  EXPECT_GT(bal["revenue_lost_total"].get<double>(), 0);
  EXPECT_EQ(race["revenue_lost_total"].get<double>(), 0);
  auto text = run_hippo({"compare", "capex-race", "efficiency-first", "balanced"});
  ASSERT_EQ(text.status, 0) << text.err;
  for (const char* s : {"capex-race", "efficiency-first", "balanced", "Break-even", "Payback", "NPV", "IRR",
                        "Peak GPUs", "Cost per Mtok"})
    EXPECT_NE(text.out.find(s), std::string::npos) << s;
}

// Bad input: exit 2 and one line naming the file, line and key.
TEST(CliRun, BadInputExitsTwoWithOneLine) {
  const std::string dir = test::temp_dir();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"name: neg\nrevenue:\n  subscription_price_month: -20\n",
       "neg.yaml:3: revenue.subscription_price_month: expected a value in [0, 1e+09] currency/month, got -20"},
      {"name: zero\nhorizon_months: 0\n", "zero.yaml:2: horizon_months: expected a value in [1, 600] months, got 0"},
      {"name: won\ncurrency: KRW\n", "won.yaml:2: currency: currency KRW needs fx_per_usd (KRW per USD)"},
      {"name: boom\nhorizon_months: 600\nservice: {tp: 4}\ndemand:\n  api_mtok_month_start: 1000\n  api_growth_monthly: 10\n",
       "boom.yaml:6: demand.api_growth_monthly: API tokens compound to inf Mtok/month by month 600; expected a growth "
       "rate that keeps them below 1e+15"},
  };
  for (const auto& [text, message] : cases) {
    const std::string file = message.substr(0, message.find(':'));
    test::write_file(dir, file, text);
    auto r = run_hippo({"run", file, "--out", "o"}, dir);
    EXPECT_EQ(r.status, 2) << file;
    EXPECT_EQ(r.err, "hippo: " + message + "\n");
    EXPECT_FALSE(std::filesystem::exists(dir + "/o/results.json")) << file;
  }
  // SLOs below what a lone request takes on the deployment (perf's prefill and decode floors).
  for (const auto& [text, prefix] : std::vector<std::pair<std::string, std::string>>{
           {"service: {model: llama-3.1-8b, gpu: h100-sxm}\nslo: {ttft_p99_s: 1.0e-6, tpot_p99_s: 0.1}\n",
            "hippo: slo.yaml:2: slo.ttft_p99_s: a lone request of 1000 prompt tokens takes "},
           {"service: {model: llama-3.1-8b, gpu: h100-sxm}\nslo: {ttft_p99_s: 2, tpot_p99_s: 1.0e-4}\n",
            "hippo: slo.yaml:2: slo.tpot_p99_s: one decoding sequence takes "}}) {
    test::write_file(dir, "slo.yaml", text);
    auto slo = run_hippo({"run", "slo.yaml", "--json"}, dir);
    EXPECT_EQ(slo.status, 2);
    EXPECT_EQ(slo.err.rfind(prefix, 0), 0u) << slo.err;
    EXPECT_EQ(std::count(slo.err.begin(), slo.err.end(), '\n'), 1);
  }
  auto r = run_hippo({"compare", "default", "no-such-scenario"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

}  // namespace
}  // namespace hippo
