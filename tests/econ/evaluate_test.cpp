// The monthly model on hand-built scenarios: every expected number is worked out in the comments.
#include <gtest/gtest.h>

#include <cmath>

#include "econ/hand_capacity.hpp"
#include "hippo/economics.hpp"
#include "hippo/units.hpp"

namespace hippo::econ {
namespace {

using test::hand_capacity;  // one GPU per replica serving 1 request/s
using test::hand_scenario;

TEST(Evaluate, BreakevenAndPaybackOfAHandBuiltScenario) {
  Scenario s = hand_scenario();
  s.opex.training = {{"v1", 12000, 1, 6}};  // 2000 a month over months 1 … 6
  const EconResult r = evaluate(s, hand_capacity());
  ASSERT_EQ(r.monthly.size(), 24u);
  // Capex month 1: 16 GPUs × 1500 = 24000, plus the training run 12000. Depreciation 24000/24 = 1000.
  EXPECT_DOUBLE_EQ(r.monthly[0].capex, 36000);
  EXPECT_DOUBLE_EQ(r.monthly[0].depreciation, 3000);
  // Operating profit: 3000 − 500 − 1000 − 2000 = −500 in months 1 … 6; 3000 − 500 − 1000 = 1500 after.
  EXPECT_DOUBLE_EQ(r.monthly[5].operating_profit, -500);
  EXPECT_DOUBLE_EQ(r.monthly[6].operating_profit, 1500);
  EXPECT_EQ(r.breakeven_month, 7);
  // Cash: −500 + 3000 − 36000 = −33500 in month 1, then +2500 a month: −33500 + 2500·(n − 1) ≥ 0
  // first at n = 15 (+1500); month 14 is −1000.
  EXPECT_DOUBLE_EQ(r.monthly[0].cash_flow, -33500);
  EXPECT_DOUBLE_EQ(r.monthly[13].cumulative_cash, -1000);
  EXPECT_DOUBLE_EQ(r.monthly[14].cumulative_cash, 1500);
  EXPECT_EQ(r.payback_month, 15);
  // NPV at 0 %: the sum of the flows, −33500 + 23 · 2500 = 24000.
  EXPECT_NEAR(r.npv, 24000, 1e-6);
  EXPECT_DOUBLE_EQ(r.fleet.gpus_peak, 16);
  EXPECT_DOUBLE_EQ(r.fleet.servers_bought, 2);
}

TEST(Evaluate, NeverBreaksEvenGivesNoMonths) {
  Scenario s = hand_scenario();
  s.revenue.subscription_price_month = 1;
  const EconResult r = evaluate(s, hand_capacity());
  EXPECT_FALSE(r.breakeven_month.has_value());
  EXPECT_FALSE(r.payback_month.has_value());
  EXPECT_FALSE(r.irr_annual.has_value());  // every flow negative
}

TEST(Evaluate, DepreciationPerCohortWithResaleAndCheaperReplacements) {
  Scenario s = hand_scenario();
  s.horizon_months = 24;
  s.fleet.life_months = 12;
  s.fleet.resale_fraction = 0.25;
  s.fleet.gpu_price_decline_yearly = 0.19;  // a year later a GPU costs 810
  const EconResult r = evaluate(s, hand_capacity());
  // Cohort 1, month 1: 16 × 1500 = 24000, depreciated to its 25 % resale value over 12 months:
  // 24000 · 0.75 / 12 = 1500 a month in months 1 … 12.
  EXPECT_DOUBLE_EQ(r.monthly[0].capex_gpus, 24000);
  for (int m = 0; m < 12; ++m) EXPECT_NEAR(r.monthly[m].depreciation_gpus, 1500, 1e-9) << m + 1;
  // Month 13: cohort 1 retires (resale 6000) and cohort 2 replaces it: 16 × 810 × 1.5 = 19440,
  // depreciated 19440 · 0.75 / 12 = 1215 a month; net capex 19440 − 6000 = 13440.
  EXPECT_NEAR(r.monthly[12].capex_gpus, 19440, 1e-6);
  EXPECT_NEAR(r.monthly[12].resale, 6000, 1e-9);
  EXPECT_NEAR(r.monthly[12].capex, 13440, 1e-6);
  for (int m = 12; m < 24; ++m) EXPECT_NEAR(r.monthly[m].depreciation_gpus, 1215, 1e-6) << m + 1;
  EXPECT_DOUBLE_EQ(r.monthly[12].gpus_owned, 16);
}

TEST(Evaluate, LeadTimePaysInMonthOneForTheFirstMonthsAndAheadAfter) {
  Scenario s = hand_scenario();
  s.demand.users_max = 1e6;
  s.demand.growth_monthly = 0.5;  // logistic: users 10, 15, 22.5 (minus a hair of saturation) …
  s.fleet.lead_time_months = 2;
  const EconResult r = evaluate(s, hand_capacity());
  // Month 1 pays for months 1, 2 and 3; month 2 pays for month 4; no capex is paid later than
  // two months before the GPUs serve.
  double bought_month1 = r.monthly[0].capex_gpus / 1500;
  EXPECT_DOUBLE_EQ(bought_month1, r.monthly[2].gpus_owned);
  EXPECT_DOUBLE_EQ(r.monthly[1].capex_gpus / 1500, r.monthly[3].gpus_owned - r.monthly[2].gpus_owned);
  for (const auto& m : r.monthly) EXPECT_GE(m.gpus_owned, m.gpus_needed) << m.month;
}

TEST(Evaluate, PowerAndFacilityOfAFixedFleetByHand) {
  Scenario s = hand_scenario();
  s.facility.power_price_per_kwh = 0.1;
  s.facility.pue = 1.2;
  s.facility.server_power_overhead = 0.4;
  s.facility.lease_per_kw_month = 184;
  const EconResult r = evaluate(s, hand_capacity());
  const MonthRow& m = r.monthly[3];
  // 16 GPUs for a mean load of 10: utilisation 10/16 = 0.625. Per GPU 100 + 0.625 · (700 − 100) =
  // 475 W, × 1.4 server × 1.2 PUE = 798 W; × 16 = 12.768 kW × 730 h × $0.1 = $932.064.
  EXPECT_DOUBLE_EQ(m.utilisation, 0.625);
  EXPECT_NEAR(m.power, 932.064, 1e-9);
  // Lease on the IT load at full power: 16 × 700 W × 1.4 = 15.68 kW × $184 = $2885.12.
  EXPECT_NEAR(m.facility, 2885.12, 1e-9);
}

TEST(Evaluate, BuiltFacilityIsCapexDepreciatedOverItsLife) {
  Scenario s = hand_scenario();
  s.facility.mode = FacilityMode::build;
  s.facility.build_cost_per_mw = 10e6;
  s.facility.build_life_months = 240;
  s.facility.server_power_overhead = 0.25;
  const EconResult r = evaluate(s, hand_capacity());
  // 16 GPU slots × 700 W × 1.25 = 14 kW = 0.014 MW × $10M = $140,000, over 240 months.
  EXPECT_NEAR(r.monthly[0].capex_facility, 140000, 1e-6);
  EXPECT_NEAR(r.monthly[5].depreciation_facility, 140000.0 / 240, 1e-9);
  EXPECT_EQ(r.monthly[5].facility, 0);
}

TEST(Evaluate, RentedFleetPaysPerGpuHour) {
  Scenario s = hand_scenario();
  s.fleet.procurement = Procurement::rented;
  const EconResult r = evaluate(s, hand_capacity());
  // 10 GPUs (whole replicas, no servers) × $2 × 730 h = $14,600 a month; no capex.
  EXPECT_DOUBLE_EQ(r.monthly[0].gpus_rented, 10);
  EXPECT_NEAR(r.monthly[0].rental, 14600, 1e-9);
  EXPECT_EQ(r.capex_total, 0);
}

TEST(Evaluate, OwnedBasePlusRentedBurst) {
  Scenario s = hand_scenario();
  s.fleet.procurement = Procurement::owned_plus_burst;
  s.fleet.gpus_per_server = 1;
  s.demand.peak_to_mean = 2;  // peak 20 requests/s, mean 10
  s.fleet.burst_hours_per_day = 6;
  const EconResult r = evaluate(s, hand_capacity());
  // Own the mean (10 GPUs), rent the other 10 of the peak 6 h a day: 10 × $2 × 6 × 30.4167.
  EXPECT_DOUBLE_EQ(r.monthly[0].gpus_owned, 10);
  EXPECT_DOUBLE_EQ(r.monthly[0].gpus_rented, 10);
  EXPECT_NEAR(r.monthly[0].rental, 10 * 2 * 6 * kDaysPerMonth, 1e-9);
  EXPECT_EQ(r.monthly[0].unserved_share, 0);
}

TEST(Evaluate, CapexBudgetLeavesDemandUnservedAndReportsTheRevenueLost) {
  Scenario s = hand_scenario();
  s.finance.capex_budget_year = 12000;  // 8 GPUs of the 16 wanted
  const EconResult r = evaluate(s, hand_capacity());
  // 8 GPUs serve 8 of the flat 10 requests/s: 20 % unserved, revenue 3000 · 0.8 = 2400, 600 lost.
  EXPECT_DOUBLE_EQ(r.monthly[0].gpus_owned, 8);
  EXPECT_NEAR(r.monthly[0].unserved_share, 0.2, 1e-12);
  EXPECT_NEAR(r.monthly[0].revenue, 2400, 1e-9);
  EXPECT_NEAR(r.monthly[0].revenue_lost, 600, 1e-9);
  // The next year's budget buys the second server in month 13.
  EXPECT_DOUBLE_EQ(r.monthly[12].gpus_owned, 16);
  EXPECT_EQ(r.monthly[12].unserved_share, 0);
  EXPECT_NEAR(r.monthly[0].tokens + r.monthly[0].unserved_tokens, 10 * kSecondsPerDay * kDaysPerMonth * 1000, 1e-3);
}

TEST(Evaluate, CashFloorLimitsPurchasesToTheCashInHand) {
  Scenario s = hand_scenario();
  s.finance.has_cash_floor = true;
  s.finance.cash_floor = -12000;  // month 1 may spend 12000: one server
  const EconResult r = evaluate(s, hand_capacity());
  EXPECT_DOUBLE_EQ(r.monthly[0].gpus_owned, 8);
  EXPECT_GE(r.monthly[0].cumulative_cash, -12000 - 1e-9);
}

TEST(Evaluate, ApiTokensAreASecondStreamPricedInputAndOutputApart) {
  Scenario s = hand_scenario();
  s.demand.users_start = s.demand.users_max = 0;
  s.demand.api_mtok_month_start = 1000;  // 10⁹ tokens a month, 75 % input
  s.demand.api_input_share = 0.75;
  s.revenue.api_price_input_per_mtok = 1;
  s.revenue.api_price_output_per_mtok = 4;
  s.revenue.api_price_decline_yearly = 0.5;
  const EconResult r = evaluate(s, hand_capacity());
  // 1000 Mtok × (0.75 · 1 + 0.25 · 4) = 1750 in month 1; a year later prices have halved: 875.
  EXPECT_NEAR(r.monthly[0].revenue_api, 1750, 1e-9);
  EXPECT_NEAR(r.monthly[12].revenue_api, 875, 1e-9);
  // 10⁹ tokens / (30.4167 · 86400 s) = 380.5 tokens/s over 1000 per replica: one GPU, a server of 8.
  EXPECT_DOUBLE_EQ(r.monthly[0].gpus_needed, 1);
  EXPECT_DOUBLE_EQ(r.monthly[0].tokens, 1e9);
}

TEST(Evaluate, AccountsAreConsistentEveryMonth) {
  Scenario s = hand_scenario();
  s.horizon_months = 60;
  s.demand.users_max = 1e5;
  s.demand.growth_monthly = 0.2;
  s.demand.peak_to_mean = 2.5;
  s.fleet.headroom = 0.2;
  s.fleet.lead_time_months = 3;
  s.fleet.life_months = 18;
  s.fleet.resale_fraction = 0.1;
  s.facility.mode = FacilityMode::build;
  s.finance.capex_budget_year = 2e6;
  s.finance.tax_rate = 0.2;
  s.opex.training = {{"a", 5000, 3, 10}};
  const EconResult r = evaluate(s, hand_capacity());
  double cum = 0;
  for (const auto& m : r.monthly) {
    const double opex = m.power + m.facility + m.staff + m.other_opex;
    EXPECT_NEAR(m.operating_profit, m.revenue - opex - m.depreciation, 1e-6 * (1 + std::fabs(m.revenue)));
    EXPECT_NEAR(m.cash_flow, m.operating_profit + m.depreciation - m.capex, 1e-6 * (1 + std::fabs(m.capex)));
    cum += m.cash_flow;
    EXPECT_NEAR(m.cumulative_cash, cum, 1e-6 * (1 + std::fabs(cum)));
    EXPECT_TRUE(std::isfinite(m.cumulative_cash));
  }
}

TEST(Evaluate, ApiGrowthCompoundingToInfinityIsAnInputErrorNamingTheKey) {
  Scenario s = hand_scenario();
  s.file = "s.yaml";
  s.lines["demand.api_growth_monthly"] = 7;
  s.horizon_months = 600;
  s.demand.api_mtok_month_start = 1;
  s.demand.api_growth_monthly = 10;
  try {
    evaluate(s, hand_capacity());
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().key, "demand.api_growth_monthly");
    EXPECT_EQ(e.where().line, 7);
  }
}

}  // namespace
}  // namespace hippo::econ
