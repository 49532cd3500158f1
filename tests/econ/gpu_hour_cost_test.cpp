// Plan and econ price a GPU-hour by one function (plan::gpu_costs / plan::gpu_month_cost): for the
// same scenario, GPU and utilisation they give the same cost. Every number worked by hand below.
#include <gtest/gtest.h>

#include "econ/hand_capacity.hpp"
#include "hippo/economics.hpp"
#include "hippo/plan.hpp"
#include "hippo/units.hpp"

namespace hippo::econ {
namespace {

// The hand capacity's GPU as a catalog record: $1000, $2 an hour rented, 700 W TDP, 100 W idle.
Gpu hand_gpu() {
  Gpu g;
  g.id = "hand-gpu";
  g.price_usd = 1000;
  g.rental_usd_per_gpu_hour = 2;
  g.tdp_w = 700;
  g.idle_w = 100;
  return g;
}

// Econ's owned cost per GPU-hour in month m: its GPU and facility depreciation, power and lease
// over the owned GPU-hours.
double econ_owned_per_gpu_hour(const MonthRow& row) {
  return (row.depreciation_gpus + row.depreciation_facility + row.power + row.facility) / (row.gpus_owned * kHoursPerMonth);
}

TEST(GpuHourCost, PlanAndEconGiveTheSameGpuHourCostForTheSameInputs) {
  Scenario s = test::hand_scenario();
  s.facility.power_price_per_kwh = 0.1;
  s.facility.lease_per_kw_month = 100;  // PUE 1.2 and server overhead 0.4 are the defaults
  const EconResult r = evaluate(s, test::hand_capacity());
  const MonthRow& row = r.monthly[5];
  // 10 replicas busy at the mean on 16 owned GPUs (two servers of 8): utilisation 10/16 = 0.625.
  ASSERT_DOUBLE_EQ(row.gpus_owned, 16);
  ASSERT_DOUBLE_EQ(row.utilisation, 0.625);
  // Per GPU-hour, by hand:
  //   depreciation 1000 × 1.5 / 24 months = 62.5 a month → 62.5 / 730       = 0.0856164384 …
  //   power (100 + 0.625 × (700 − 100)) W = 475 W × 1.4 × 1.2 = 798 W → 0.798 kWh × 0.1 = 0.0798
  //   lease 700 W × 1.4 = 0.98 kW × 100 = 98 a month → 98 / 730              = 0.1342465753 …
  //   total 160.5 / 730 + 0.0798                                             = 0.2996630137 …
  const double by_hand = 160.5 / 730 + 0.0798;
  EXPECT_NEAR(row.power, 16 * 0.0798 * 730, 1e-9);  // 932.064 a month
  EXPECT_NEAR(row.facility, 16 * 98.0, 1e-9);       // 1568 a month
  EXPECT_NEAR(econ_owned_per_gpu_hour(row), by_hand, 1e-12);
  const plan::GpuCosts plan = plan::gpu_costs(s, hand_gpu(), row.utilisation);
  EXPECT_NEAR(plan.capex_per_hour, 62.5 / 730, 1e-12);
  EXPECT_NEAR(plan.power_per_hour, 0.0798, 1e-12);
  EXPECT_NEAR(plan.facility_per_hour, 98.0 / 730, 1e-12);
  EXPECT_NEAR(plan.owned_per_hour, by_hand, 1e-12);
  EXPECT_NEAR(plan.owned_per_hour, econ_owned_per_gpu_hour(row), 1e-12);
  EXPECT_DOUBLE_EQ(plan.rented_per_hour, 2);
}

TEST(GpuHourCost, BuiltFacilityIsTheSameSlotCostInBoth) {
  Scenario s = test::hand_scenario();
  s.facility.mode = FacilityMode::build;
  s.facility.build_cost_per_mw = 10e6;
  s.facility.build_life_months = 100;
  const EconResult r = evaluate(s, test::hand_capacity());
  const MonthRow& row = r.monthly[0];
  // A slot: 0.98 kW = 0.00098 MW × 10e6 = 9800, over 100 months = 98 a month → 98 / 730 an hour,
  // as the lease above; power free (tariff 0) and the GPU's 62.5 a month as before.
  EXPECT_NEAR(plan::facility_build_cost_per_gpu(s.facility, 700), 9800, 1e-9);
  EXPECT_NEAR(row.depreciation_facility, 16 * 98.0, 1e-9);
  const plan::GpuCosts plan = plan::gpu_costs(s, hand_gpu(), row.utilisation);
  EXPECT_NEAR(plan.facility_per_hour, 98.0 / 730, 1e-12);
  EXPECT_NEAR(plan.owned_per_hour, 160.5 / 730, 1e-12);
  EXPECT_NEAR(plan.owned_per_hour, econ_owned_per_gpu_hour(row), 1e-12);
}

TEST(GpuHourCost, PowerFollowsUtilisationFromIdleToTdp) {
  FacilityConfig fac;
  fac.power_price_per_kwh = 0.1;  // PUE 1.2, server overhead 0.4
  // Idle: 100 W × 1.4 × 1.2 = 168 W → 0.0168 an hour; busy: 700 W → 1176 W → 0.1176 an hour.
  EXPECT_NEAR(plan::gpu_month_cost(fac, 700, 100, 0, 1).power, 0.0168 * 730, 1e-9);
  EXPECT_NEAR(plan::gpu_month_cost(fac, 700, 100, 1, 1).power, 0.1176 * 730, 1e-9);
  EXPECT_NEAR(plan::gpu_month_cost(fac, 700, 100, 0.5, 10).power, 10 * 0.0672 * 730, 1e-9);
}

}  // namespace
}  // namespace hippo::econ
