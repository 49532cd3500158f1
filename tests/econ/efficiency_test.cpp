// Software getting faster on the same GPUs: service.efficiency_gain_yearly and
// service.efficiency_steps shrink each month's load, so the fleet rented or bought follows. Every
// expected number is worked out in the comments (hand scenario: 10 requests/s of mean load, flat
// day, no headroom, one 1-GPU replica serves 1 request/s; servers of 8 GPUs at 1500 each).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "econ/hand_capacity.hpp"
#include "hippo/economics.hpp"
#include "hippo/scenario.hpp"
#include "hippo/uncertainty.hpp"

namespace hippo::econ {
namespace {

TEST(Efficiency, FactorCompoundsMonthlyAndStepsMultiply) {
  ServiceConfig svc;
  EXPECT_EQ(efficiency_factor(svc, 1), 1.0);
  EXPECT_EQ(efficiency_factor(svc, 60), 1.0);
  svc.efficiency_gain_yearly = 0.44;  // 1.44 a year = 1.2 every six months
  EXPECT_DOUBLE_EQ(efficiency_factor(svc, 1), 1);
  EXPECT_NEAR(efficiency_factor(svc, 7), 1.2, 1e-12);
  EXPECT_NEAR(efficiency_factor(svc, 13), 1.44, 1e-12);
  EXPECT_NEAR(efficiency_factor(svc, 25), 1.44 * 1.44, 1e-12);
  svc.efficiency_steps = {{13, 1.25, "spec decoding"}, {25, 2, "fp4"}};
  EXPECT_NEAR(efficiency_factor(svc, 12), std::pow(1.44, 11.0 / 12), 1e-12);
  EXPECT_NEAR(efficiency_factor(svc, 13), 1.44 * 1.25, 1e-12);  // 1.8
  EXPECT_NEAR(efficiency_factor(svc, 25), 1.44 * 1.44 * 1.25 * 2, 1e-12);
}

TEST(Efficiency, RentedFleetShrinksWithTheYearlyGain) {
  Scenario s = test::hand_scenario();
  s.horizon_months = 25;
  s.fleet.procurement = Procurement::rented;
  s.service.efficiency_gain_yearly = 0.44;
  const EconResult r = evaluate(s, test::hand_capacity());
  // GPUs rented = ⌈10 / factor⌉: month 1 10; month 7 ⌈10 / 1.2⌉ = ⌈8.33⌉ = 9; month 13
  // ⌈10 / 1.44⌉ = ⌈6.94⌉ = 7; month 25 ⌈10 / 2.0736⌉ = ⌈4.82⌉ = 5.
  EXPECT_DOUBLE_EQ(r.monthly[0].gpus_rented, 10);
  EXPECT_DOUBLE_EQ(r.monthly[6].gpus_rented, 9);
  EXPECT_DOUBLE_EQ(r.monthly[12].gpus_rented, 7);
  EXPECT_DOUBLE_EQ(r.monthly[24].gpus_rented, 5);
  // Rental at 2 an hour × 730 h = 1460 a GPU-month: month 13 pays 7 × 1460 = 10220.
  EXPECT_NEAR(r.monthly[12].rental, 10220, 1e-9);
  // The same tokens are served (all of them) on fewer GPUs.
  EXPECT_DOUBLE_EQ(r.monthly[24].tokens, r.monthly[0].tokens);
  EXPECT_DOUBLE_EQ(r.monthly[24].unserved_share, 0);
}

TEST(Efficiency, AStepFromItsMonthOnAndWithTheYearlyGain) {
  Scenario s = test::hand_scenario();
  s.fleet.procurement = Procurement::rented;
  s.service.efficiency_steps = {{13, 1.25, "spec decoding"}};
  EconResult r = evaluate(s, test::hand_capacity());
  // Months 1 … 12: 10 GPUs; from month 13: 10 / 1.25 = 8.
  EXPECT_DOUBLE_EQ(r.monthly[11].gpus_rented, 10);
  EXPECT_DOUBLE_EQ(r.monthly[12].gpus_rented, 8);
  EXPECT_DOUBLE_EQ(r.monthly[23].gpus_rented, 8);
  s.service.efficiency_gain_yearly = 0.44;  // month 13: 10 / (1.44 × 1.25) = 10 / 1.8 = 5.56 → 6
  r = evaluate(s, test::hand_capacity());
  EXPECT_DOUBLE_EQ(r.monthly[12].gpus_rented, 6);
}

TEST(Efficiency, OwnedReplacementBuysOnlyWhatTheFasterEngineNeeds) {
  Scenario s = test::hand_scenario();
  s.fleet.life_months = 12;
  s.service.efficiency_steps = {{13, 2, "engine v2"}};
  const EconResult r = evaluate(s, test::hand_capacity());
  // Month 1: 16 GPUs (10 needed, two servers) for 24000. Month 13 the cohort retires and the load
  // is 10 / 2 = 5 replicas: one server of 8 GPUs, 8 × 1500 = 12000, depreciated 12000 / 12 = 1000
  // a month; utilisation 5 / 8 = 0.625.
  EXPECT_DOUBLE_EQ(r.monthly[0].capex_gpus, 24000);
  EXPECT_DOUBLE_EQ(r.monthly[12].capex_gpus, 12000);
  EXPECT_DOUBLE_EQ(r.monthly[12].gpus_owned, 8);
  EXPECT_DOUBLE_EQ(r.monthly[12].depreciation_gpus, 1000);
  EXPECT_DOUBLE_EQ(r.monthly[12].utilisation, 0.625);
  EXPECT_DOUBLE_EQ(r.fleet.servers_bought, 3);
}

TEST(Efficiency, DefaultsLeaveTheModelAsItWas) {
  Scenario s = test::hand_scenario();
  const EconResult a = evaluate(s, test::hand_capacity());
  s.service.efficiency_steps = {{1, 1, "nothing"}};  // a gain of 1 changes nothing
  const EconResult b = evaluate(s, test::hand_capacity());
  EXPECT_EQ(a.npv, b.npv);
  EXPECT_EQ(a.monthly[5].gpus, b.monthly[5].gpus);
}

TEST(Efficiency, TheYearlyGainIsANumericKeyForSensitivityAndTheKeyList) {
  const ScenarioKey* k = find_scenario_key("service.efficiency_gain_yearly");
  ASSERT_NE(k, nullptr);
  EXPECT_TRUE(k->numeric());  // so /api/keys and --all-numeric list it, from the one key table
  const Catalog catalog = load_builtin_catalog();
  Scenario s = load_scenario("efficiency-first", catalog);
  s.service.efficiency_gain_yearly = 0.5;
  std::vector<std::string> skipped;
  const auto swings = uncertainty::numeric_swings(s, catalog, 0.2, skipped, {});
  const auto it = std::find_if(swings.begin(), swings.end(), [](const auto& w) { return w.key == "service.efficiency_gain_yearly"; });
  ASSERT_NE(it, swings.end());
  EXPECT_DOUBLE_EQ(it->low, 0.4);
  EXPECT_DOUBLE_EQ(it->high, 0.6);
}

}  // namespace
}  // namespace hippo::econ
