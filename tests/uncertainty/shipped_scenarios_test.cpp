// The shipped scenarios under uncertainty: every economics scenario states ranges, so
// `hippo montecarlo NAME` and `hippo sensitivity NAME` work on it and give a spread; one sample is
// exactly the plain evaluation at the inputs it drew.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "hippo/uncertainty.hpp"
#include "support/run_cli.hpp"

namespace hippo::uncertainty {
namespace {

using nlohmann::json;

// The capacity-plan examples (plan-mixed, plan-single) model no demand or revenue: no ranges.
const std::vector<std::string> kWithRanges = {"default", "capex-race", "efficiency-first", "balanced", "korea", "chat-2024"};

std::string exact(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

TEST(ShippedScenarios, EveryEconomicsScenarioStatesRanges) {
  const Catalog c = load_builtin_catalog();
  std::vector<std::string> with;
  for (const auto& s : c.scenarios)
    if (!load_scenario(s.name, c).uncertain.empty()) with.push_back(s.name);
  std::sort(with.begin(), with.end());
  std::vector<std::string> expected = kWithRanges;
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(with, expected);
}

TEST(ShippedScenarios, MonteCarloAndSensitivitySpreadOnEach) {
  const Catalog c = load_builtin_catalog();
  const std::string dir = test::temp_dir();
  for (const auto& name : kWithRanges) {
    const Scenario s = load_scenario(name, c);
    const test::CliResult mc = test::run_hippo({"montecarlo", name, "--samples", "64", "--seed", "1", "--json", "--quiet"}, dir);
    ASSERT_EQ(mc.status, 0) << name << ": " << mc.err;
    const json m = json::parse(mc.out);
    ASSERT_EQ(m["inputs"].size(), s.uncertain.size()) << name;
    for (std::size_t j = 0; j < s.uncertain.size(); ++j) EXPECT_EQ(m["inputs"][j], s.uncertain[j].key) << name;
    const json& npv = m["npv"];
    EXPECT_LT(npv["p10"].get<double>(), npv["p50"].get<double>()) << name;
    EXPECT_LT(npv["p50"].get<double>(), npv["p90"].get<double>()) << name;

    const test::CliResult sens = test::run_hippo({"sensitivity", name, "--json", "--quiet"}, dir);
    ASSERT_EQ(sens.status, 0) << name << ": " << sens.err;
    const json t = json::parse(sens.out)["tornado"];
    ASSERT_EQ(t.size(), s.uncertain.size()) << name;
    for (const auto& row : t) {
      EXPECT_GT(row["npv_swing"].get<double>(), 0) << name << " " << row["key"];
      EXPECT_FALSE(row["source"].get<std::string>().empty()) << name << " " << row["key"];
    }
  }
}

// korea, seed 1, one sample: the draws are triangular inverse CDFs (sqrt and arithmetic only, so
// exact on any IEEE machine), and the NPV equals a sweep's plain evaluation at those inputs.
TEST(ShippedScenarios, OneKoreaSampleIsThePlainRunAtItsDraws) {
  const Catalog c = load_builtin_catalog();
  const Scenario s = load_scenario("korea", c);
  const Stream stream(1, 0);
  std::vector<double> drawn;
  for (std::size_t j = 0; j < s.uncertain.size(); ++j) drawn.push_back(quantile(s.uncertain[j].dist, stream.uniform(j)));
  ASSERT_EQ(drawn.size(), 5u);  // fx_per_usd, growth, paying share, API price decline, power tariff
  EXPECT_EQ(exact(drawn[0]), "1370.2443901349868");
  EXPECT_EQ(exact(drawn[1]), "0.073764652416406007");
  EXPECT_EQ(exact(drawn[2]), "0.039225882717254149");
  EXPECT_EQ(exact(drawn[3]), "0.69057259019029016");
  EXPECT_EQ(exact(drawn[4]), "175.84402042210863");

  const std::string dir = test::temp_dir();
  const test::CliResult mc = test::run_hippo({"montecarlo", "korea", "--samples", "1", "--seed", "1", "--json", "--quiet"}, dir);
  ASSERT_EQ(mc.status, 0) << mc.err;
  std::vector<std::string> args = {"sweep", "korea", "--json"};
  for (std::size_t j = 0; j < drawn.size(); ++j) {
    args.push_back("--set");
    args.push_back(s.uncertain[j].key + "=" + exact(drawn[j]));
  }
  const test::CliResult sweep = test::run_hippo(args, dir);
  ASSERT_EQ(sweep.status, 0) << sweep.err;
  const json m = json::parse(mc.out), point = json::parse(sweep.out)["points"][0];
  for (const char* q : {"p10", "p50", "p90", "mean"}) EXPECT_EQ(m["npv"][q].get<double>(), point["npv"].get<double>()) << q;
  EXPECT_EQ(m["irr_annual"]["p50"].get<double>(), point["irr_annual"].get<double>());
}

}  // namespace
}  // namespace hippo::uncertainty
