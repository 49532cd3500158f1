// The rate search on a fake probe (exact sequences), and on the real simulator: the capacity it
// returns meets the SLO while 5 % more does not; the cache never simulates a point twice.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "hippo/plan.hpp"
#include "hippo/simulate.hpp"
#include "sim/sim_test_support.hpp"

namespace hippo::plan {
namespace {

// An M/M/1-like replica serving 10 req/s: TTFT p99 = 0.1 s / (1 − rate/10), infinite at 10 and beyond.
RatePoint queue_like(double rate, std::vector<double>& asked) {
  asked.push_back(rate);
  RatePoint p;
  p.rate_req_s = rate;
  p.ttft_p99_s = rate < 10 ? 0.1 / (1 - rate / 10) : std::numeric_limits<double>::infinity();
  p.tpot_p99_s = 0.02;
  return p;
}

TEST(CapacitySearch, BracketsThenBisectsToTheTolerance) {
  // SLO TTFT ≤ 0.5 s: met up to rate 8. From 12: miss; 6 meets; then 9 ✗, 7.5 ✓, 8.25 ✗, 7.875 ✓,
  // 8.0625 ✗, 7.96875 ✓, and 8.0625 / 7.96875 = 1.0118 ≤ 1.02 stops it.
  std::vector<double> asked;
  const CapacityResult r =
      search_capacity([&](double x) { return queue_like(x, asked); }, 12.0, {0.5, 0.1}, {0.02, 1.0 / 64, 4});
  EXPECT_TRUE(r.feasible);
  EXPECT_EQ(r.rate_req_s, 7.96875);
  EXPECT_EQ(r.missed.rate_req_s, 8.0625);
  EXPECT_EQ(asked, (std::vector<double>{12, 6, 9, 7.5, 8.25, 7.875, 8.0625, 7.96875}));
  EXPECT_EQ(r.probes, 8);
}

TEST(CapacitySearch, RaisesABracketThatMeetsTheSlo) {
  // perf's peak of 3 req/s is too low here: 3 ✓, 6 ✓, 12 ✗, then bisect [6, 12] as above.
  std::vector<double> asked;
  const CapacityResult r =
      search_capacity([&](double x) { return queue_like(x, asked); }, 3.0, {0.5, 0.1}, {0.02, 1.0 / 64, 4});
  EXPECT_EQ(r.rate_req_s, 7.96875);
  EXPECT_EQ(asked, (std::vector<double>{3, 6, 12, 9, 7.5, 8.25, 7.875, 8.0625, 7.96875}));
}

TEST(CapacitySearch, UnreachableSloReportsTheBestReached) {
  // TTFT never goes below 0.1 s; an SLO of 0.05 s fails at 12, 6, 3, 1.5, 0.75, 0.375, 0.1875
  // (= 12/64, the lowest rate tried); 0.09375 is below the floor, so the search stops there.
  std::vector<double> asked;
  const CapacityResult r =
      search_capacity([&](double x) { return queue_like(x, asked); }, 12.0, {0.05, 0.1}, {0.02, 1.0 / 64, 4});
  EXPECT_FALSE(r.feasible);
  EXPECT_EQ(r.rate_req_s, 0);
  EXPECT_EQ(r.best.rate_req_s, 0.1875);
  EXPECT_DOUBLE_EQ(r.best.ttft_p99_s, 0.1 / (1 - 0.01875));
  EXPECT_EQ(asked.size(), 7u);
}

SimSettings small_settings() {
  SimSettings s;
  s.requests = 1500;
  s.max_batch = 64;
  s.seed = 7;
  return s;
}

TEST(CapacitySearch, SimulatedCapacityMeetsTheSloAndFivePercentMoreDoesNot) {
  // A hand-built replica (sim tests' load-dependent step time), requests of 256 + 64 tokens.
  perf::DeploymentModel m = test::load_dependent_model(40000);
  const LengthDist in = parse_length_dist("lognormal:mean=256,cv=0.5", {});
  const LengthDist out = parse_length_dist("lognormal:mean=64,cv=0.5", {});
  const Slo slo{0.5, 0.03};
  CapacityCache cache;
  const double bracket = perf::peak_throughput(m, 256, 64, 64).requests_per_s_per_replica;
  const CapacityResult r = search_capacity(simulation_probe(m, in, out, small_settings(), cache), bracket, slo, {});
  ASSERT_TRUE(r.feasible);
  EXPECT_LT(r.rate_req_s, bracket);
  EXPECT_EQ(cache.simulations, r.probes);
  // Re-simulate independently of the cache: the capacity meets both SLOs, 5 % above misses one.
  CapacityCache fresh;
  const RateProbe again = simulation_probe(m, in, out, small_settings(), fresh);
  EXPECT_TRUE(again(r.rate_req_s).meets(slo));
  EXPECT_FALSE(again(r.rate_req_s * 1.05).meets(slo));
}

TEST(CapacityCache, ASecondPlanOfTheSamePointSimulatesNothing) {
  perf::DeploymentModel m = test::load_dependent_model(40000);
  const LengthDist in = parse_length_dist("fixed:256", {});
  const LengthDist out = parse_length_dist("fixed:64", {});
  CapacityCache cache;
  const CapacityResult a = replica_capacity(m, in, out, small_settings(), {0.5, 0.03}, {}, cache);
  const std::int64_t sims = cache.simulations;
  EXPECT_EQ(sims, a.probes);
  EXPECT_EQ(cache.point_hits, 0);
  const CapacityResult b = replica_capacity(m, in, out, small_settings(), {0.5, 0.03}, {}, cache);
  EXPECT_EQ(cache.simulations, sims);
  EXPECT_EQ(b.rate_req_s, a.rate_req_s);
  // Another SLO re-uses every rate it shares with the first search (the bracket at least).
  replica_capacity(m, in, out, small_settings(), {0.4, 0.03}, {}, cache);
  EXPECT_GE(cache.point_hits, 1);
  const RateProbe probe = simulation_probe(m, in, out, small_settings(), cache);
  const std::int64_t before = cache.simulations;
  probe(a.rate_req_s);
  EXPECT_EQ(cache.simulations, before);
}

}  // namespace
}  // namespace hippo::plan

namespace hippo::plan {
namespace {

TEST(ReplicaCapacity, CatalogDeploymentMeetsTheSloAndFivePercentMoreDoesNot) {
  // Llama-3.1-8B FP8 on one H100, the plan-single workload and SLOs, bracketed by perf's peak.
  const Catalog catalog = load_builtin_catalog();
  const Scenario s = load_scenario("plan-single", catalog);
  const perf::DeploymentModel m =
      perf::build_deployment(catalog, {"llama-3.1-8b", "h100-sxm", 1, 1, DType::fp8, DType::fp8, ""});
  const PlanOptions o = plan_options(s);
  const Slo slo{s.slo.ttft_p99_s, s.slo.tpot_p99_s};
  CapacityCache cache;
  const CapacityResult r = replica_capacity(m, s.workload.input, s.workload.output, o.sim, slo, o.search, cache);
  ASSERT_TRUE(r.feasible);
  EXPECT_LE(r.missed.rate_req_s, r.rate_req_s * 1.02);
  CapacityCache fresh;
  const RateProbe probe = simulation_probe(m, s.workload.input, s.workload.output, o.sim, fresh);
  EXPECT_TRUE(probe(r.rate_req_s).meets(slo));
  EXPECT_FALSE(probe(r.rate_req_s * 1.05).meets(slo));
  // econ's entry point asks the same question of the scenario's own deployment: answered from the cache.
  const std::int64_t sims = cache.simulations;
  EXPECT_EQ(scenario_replica_capacity(s, catalog, o, cache).rate_req_s, r.rate_req_s);
  EXPECT_EQ(cache.simulations, sims);
  // ... and a whole plan of that scenario re-simulates nothing for the H100 candidate.
  const PlanResult plan = make_plan(s, catalog, o, cache);
  EXPECT_EQ(plan.candidates[0].capacity[0].rate_req_s, r.rate_req_s);
  EXPECT_EQ(plan.simulations, cache.simulations - sims);
  EXPECT_EQ(plan.simulations, plan.candidates[1].capacity[0].probes);  // only the H200's search is new
}

}  // namespace
}  // namespace hippo::plan
