// fleet.sizing: simulated, the default since issue 17: every shipped scenario is sized at the
// simulator's capacity under its p99 SLOs (the capacity plan's, exactly), a tier's rate is the
// simulator's at its turn shape, and throughput sizing is kept but flagged optimistic.
#include <gtest/gtest.h>

#include "hippo/app.hpp"
#include "hippo/economics.hpp"
#include "hippo/plan.hpp"

namespace hippo {
namespace {

const Catalog& shipped() {
  static const Catalog c = load_builtin_catalog();
  return c;
}

Scenario scenario(const app::ScenarioSource& source, const app::Overrides& set = {}) {
  return app::load_scenario(source, set, shipped());
}

double capacity_plan_rate(const Scenario& s) {
  plan::CapacityCache cache;
  const plan::CapacityResult r = plan::scenario_replica_capacity(s, catalog_of(s, shipped()), plan::plan_options(s), cache);
  EXPECT_TRUE(r.feasible);
  return r.rate_req_s;
}

TEST(SloSizing, LengthDistMovesItsMeanAndKeepsItsShape) {
  const LengthDist ln = parse_length_dist("lognormal:mean=1155,cv=0.96", {});
  const LengthDist moved = scaled_length_dist(ln, 211.5);
  EXPECT_EQ(moved.text, "lognormal:mean=211.5,cv=0.96");
  EXPECT_EQ(moved.mean_tokens(), 211.5);
  EXPECT_EQ(scaled_length_dist(ln, 1155).text, "lognormal:mean=1155,cv=0.96");  // its own mean: itself
  const LengthDist u = scaled_length_dist(parse_length_dist("uniform:100,300", {}), 400);
  EXPECT_EQ(u.text, "uniform:200,600");
  EXPECT_EQ(u.mean_tokens(), 400);
  EXPECT_EQ(scaled_length_dist(parse_length_dist("250", {}), 211.5).text, "fixed:212");
  EXPECT_EQ(scaled_length_dist(ln, 5e8).mean_tokens(), 1e8);  // within the longest request hippo models
}

// The sizing IS the simulator: the figure econ sizes the fleet with is the capacity plan's rate
// for the scenario's workload and SLOs on every shipped scenario without tiers (0 % apart, within
// the 10 %), and throughput's is higher by the ratio docs/validation.md tabulates.
TEST(SloSizing, EveryShippedScenarioIsSizedAtTheSimulatorsCapacity) {
  for (const std::string name : {"default", "balanced", "capex-race", "efficiency-first", "korea", "plan-mixed", "plan-single"}) {
    SCOPED_TRACE(name);
    const Scenario s = scenario(app::ScenarioSource::named(name));
    ASSERT_EQ(s.fleet.sizing, Sizing::simulated);
    const econ::FleetCapacity c = econ::fleet_capacity(s, catalog_of(s, shipped()));
    EXPECT_EQ(c.sizing, "simulated");
    EXPECT_DOUBLE_EQ(c.chat_requests_per_s_per_replica, capacity_plan_rate(s));
    const Scenario t = scenario(app::ScenarioSource::named(name), {{"fleet.sizing", "throughput"}});
    EXPECT_GT(econ::fleet_capacity(t, catalog_of(t, shipped())).chat_requests_per_s_per_replica,
              c.chat_requests_per_s_per_replica);
  }
  const Scenario d = scenario(app::ScenarioSource::named("default"));
  EXPECT_DOUBLE_EQ(econ::fleet_capacity(d, shipped()).chat_requests_per_s_per_replica, 5.539585446621008);
  const Scenario t = scenario(app::ScenarioSource::named("default"), {{"fleet.sizing", "throughput"}});
  EXPECT_DOUBLE_EQ(econ::fleet_capacity(t, shipped()).chat_requests_per_s_per_replica, 8.438639412315405);
}

// A tier's rate in its pool is the simulator's at the tier's turn shape: the same as a flat
// scenario whose workload has that shape's means. With prefix-cache hits it gains what perf says
// the hits gain (peak with hits over peak without).
TEST(SloSizing, TierRateIsTheSimulatorsAtItsTurnShape) {
  const std::string base = "name: t\nservice: {model: llama-3.1-8b, gpu: h100-sxm}\n"
                           "workload: {input: 'lognormal:mean=600,cv=1', output: 'lognormal:mean=200,cv=1'}\n";
  // Turn 1 and 2 of 2: 600 + 0.5 * (600 + 200) = 1000 input tokens on average; 200 + 100 generated.
  const std::string tiers = "demand:\n  tiers:\n    - {name: all, share: 1, price_month: 20, turns_per_conversation: 2, "
                            "reasoning_tokens: 100";
  const Scenario tiered = scenario(app::ScenarioSource::text(base + tiers + "}\n"));
  const econ::FleetCapacity c = econ::fleet_capacity(tiered, shipped());
  ASSERT_EQ(c.pools.size(), 1u);
  const Scenario flat = scenario(app::ScenarioSource::text(
      "name: f\nservice: {model: llama-3.1-8b, gpu: h100-sxm}\n"
      "workload: {input: 'lognormal:mean=1000,cv=1', output: 'lognormal:mean=300,cv=1'}\n"));
  const double sim = capacity_plan_rate(flat);
  EXPECT_DOUBLE_EQ(c.pools[0].tier_requests_per_s_per_replica[0], sim);

  const app::Overrides throughput{{"fleet.sizing", "throughput"}};
  const std::string cached = base + tiers + ", prefix_cache_hit: 0.5}\n";
  const double peak = econ::fleet_capacity(scenario(app::ScenarioSource::text(base + tiers + "}\n"), throughput), shipped())
                          .pools[0].tier_requests_per_s_per_replica[0];
  const double peak_cached =
      econ::fleet_capacity(scenario(app::ScenarioSource::text(cached), throughput), shipped()).pools[0].tier_requests_per_s_per_replica[0];
  ASSERT_GT(peak_cached, peak);
  EXPECT_DOUBLE_EQ(econ::fleet_capacity(scenario(app::ScenarioSource::text(cached)), shipped()).pools[0].tier_requests_per_s_per_replica[0],
                   sim * peak_cached / peak);
}

TEST(SloSizing, CaveatsAreWarnings) {
  const Scenario t = scenario(app::ScenarioSource::named("default"), {{"fleet.sizing", "throughput"}});
  EXPECT_EQ(econ::fleet_capacity(t, shipped()).sizing_warning,
            "fleet.sizing: throughput is optimistic: replicas serve their peak throughput, queueing and the p99 TTFT are "
            "left to the headroom (fleet.sizing: simulated, the default, keeps the SLOs)");
  const Scenario d = scenario(app::ScenarioSource::named("default"));
  EXPECT_EQ(econ::fleet_capacity(d, shipped()).sizing_warning, "");
  const Scenario pp = scenario(app::ScenarioSource::named("default"), {{"service.pp", "2"}});
  EXPECT_EQ(econ::fleet_capacity(pp, shipped()).sizing_warning,
            "fleet.sizing: simulated runs a pipeline-parallel replica (pp 2) one batch at a time (no micro-batches in "
            "flight): its capacity is a lower bound, by up to 2x");
  const econ::EconResult r = econ::evaluate(t, econ::fleet_capacity(t, shipped()));
  EXPECT_EQ(econ::result_warnings(r).back(), econ::fleet_capacity(t, shipped()).sizing_warning);
}

// A tier whose turn shape no arrival rate serves within the SLOs names the SLO key, the pool and the tier.
TEST(SloSizing, InfeasibleTierNamesPoolAndTier) {
  const std::string yaml = "name: x\nservice: {model: llama-3.1-8b, gpu: h100-sxm}\nslo: {ttft_p99_s: 0.03, tpot_p99_s: 0.0068}\n"
                           "demand:\n  tiers:\n    - {name: free, share: 1, price_month: 0, input_tokens: 1000, output_tokens: 250}\n";
  try {
    econ::fleet_capacity(scenario(app::ScenarioSource::text(yaml)), shipped());
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().key, "slo.ttft_p99_s");
    EXPECT_EQ(e.where().line, 3);
    EXPECT_NE(e.expected().find("no arrival rate meets the SLOs on one replica of pool llama-3.1-8b at tier free's "
                                         "turn shape (best p99 TTFT"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace hippo
