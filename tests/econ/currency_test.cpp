// A scenario in KRW is the same scenario as in USD: every money input multiplied by the exchange
// rate (catalog prices converted by fx_per_usd) gives every money output multiplied by it, and the
// same fleet, months and rates.
#include <gtest/gtest.h>

#include <cmath>

#include "econ/hand_capacity.hpp"
#include "hippo/economics.hpp"

namespace hippo::econ {
namespace {

constexpr double kKrwPerUsd = 1380;  // economics.md §6

FleetCapacity capacity() { return test::hand_capacity(2, 4); }

// Multiplies every money key (unit "currency…", fx_per_usd included) and the training costs.
Scenario in_krw(Scenario s) {
  s.currency = "KRW";
  for (const auto& k : scenario_keys()) {
    if (!k.numeric() || k.unit.rfind("currency", 0) != 0) continue;
    if (k.key == "finance.cash_floor" && !s.finance.has_cash_floor) continue;
    set_scenario_number(s, k.key, get_scenario_number(s, k.key) * kKrwPerUsd, {});
  }
  for (auto& t : s.opex.training) t.cost *= kKrwPerUsd;
  return s;
}

void expect_same_after_conversion(const Scenario& usd_scenario) {
  const Scenario krw_scenario = in_krw(usd_scenario);
  ASSERT_DOUBLE_EQ(krw_scenario.fx_per_usd, kKrwPerUsd * usd_scenario.fx_per_usd);
  const EconResult usd = evaluate(usd_scenario, capacity()), krw = evaluate(krw_scenario, capacity());
  auto money = [](double krw_value, double usd_value) {
    EXPECT_NEAR(krw_value / kKrwPerUsd, usd_value, 1e-9 * (1 + std::fabs(usd_value)));
  };
  money(krw.npv, usd.npv);
  money(krw.cost_per_mtok, usd.cost_per_mtok);
  money(krw.revenue_total, usd.revenue_total);
  EXPECT_EQ(krw.breakeven_month, usd.breakeven_month);
  EXPECT_EQ(krw.payback_month, usd.payback_month);
  ASSERT_EQ(krw.irr_annual.has_value(), usd.irr_annual.has_value());
  if (usd.irr_annual) EXPECT_NEAR(*krw.irr_annual, *usd.irr_annual, 1e-9);
  EXPECT_EQ(krw.fleet.gpus_peak, usd.fleet.gpus_peak);
  for (std::size_t m = 0; m < usd.monthly.size(); ++m) {
    EXPECT_EQ(krw.monthly[m].gpus, usd.monthly[m].gpus);
    money(krw.monthly[m].capex, usd.monthly[m].capex);
    money(krw.monthly[m].power, usd.monthly[m].power);
    money(krw.monthly[m].revenue, usd.monthly[m].revenue);
    money(krw.monthly[m].cumulative_cash, usd.monthly[m].cumulative_cash);
  }
}

TEST(Currency, KrwAndUsdVersionsOfTheDefaultScenarioAgree) {
  const Catalog catalog = load_builtin_catalog();
  expect_same_after_conversion(load_scenario("default", catalog));
}

TEST(Currency, KrwAndUsdAgreeWithFinanceLimitsRentalAndABuiltFacility) {
  const Catalog catalog = load_builtin_catalog();
  Scenario s = load_scenario("default", catalog);
  s.fleet.procurement = Procurement::owned_plus_burst;
  s.facility.mode = FacilityMode::build;
  s.finance.capex_budget_year = 3e8;
  s.finance.has_cash_floor = true;
  s.finance.cash_floor = -1e9;
  expect_same_after_conversion(s);
}

}  // namespace
}  // namespace hippo::econ
