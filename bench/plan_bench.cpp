// The capacity plan's speed target (docs/benchmarks.md): a plan over 6 candidate deployments and 4
// request buckets, a 24-hour profile with rented burst, in under 30 s on one core — every capacity
// found by simulation (2,000 requests per simulation, tolerance 2 %), then the fleet programmes.
#include <benchmark/benchmark.h>

#include "hippo/plan.hpp"

namespace {

// Llama-3.1-70B FP8 on H100, H200 and B200 at tp 2 and 4: six candidates.
constexpr const char* kScenario = R"(name: plan-bench
service: {model: llama-3.1-70b, gpu: h100-sxm, tp: 2, weights: fp8, kv: fp8}
workload:
  arrival: gamma
  cv: 1.09
  hourly_profile: [0.35, 0.3, 0.25, 0.25, 0.3, 0.4, 0.6, 0.8, 1.0, 1.2, 1.3, 1.4, 1.45, 1.5, 1.5, 1.45, 1.4, 1.35, 1.3, 1.25, 1.2, 1.0, 0.75, 0.5]
  buckets:
    - {name: short, share: 0.4, input: "lognormal:mean=300,cv=0.8", output: "lognormal:mean=150,cv=0.8"}
    - {name: chat, share: 0.3, input: "lognormal:mean=1200,cv=0.9", output: "lognormal:mean=250,cv=0.8"}
    - {name: long-prompt, share: 0.2, input: "lognormal:mean=6000,cv=0.5", output: "lognormal:mean=200,cv=0.8"}
    - {name: long-output, share: 0.1, input: "lognormal:mean=500,cv=0.8", output: "lognormal:mean=1200,cv=0.5"}
slo: {ttft_p99_s: 2.0, tpot_p99_s: 0.08}
fleet: {candidates: [h100-sxm, h200-sxm, b200], tp: [2, 4], headroom: 0.2}
demand: {peak_rate_req_s: 200}
)";

void BM_PlanSixCandidatesFourBuckets(benchmark::State& state) {
  const hippo::Catalog catalog = hippo::load_builtin_catalog();
  const hippo::Scenario s = hippo::parse_scenario(kScenario, "plan-bench", catalog);
  hippo::plan::PlanOptions options = hippo::plan::plan_options(s, 2000);
  options.fleet_max_nodes = static_cast<int>(state.range(0));
  for (auto _ : state) {
    hippo::plan::CapacityCache cache;  // fresh: every capacity simulated again
    const hippo::plan::PlanResult r = hippo::plan::make_plan(s, catalog, options, cache);
    benchmark::DoNotOptimize(r.fleet.cost_per_hour);
    state.counters["candidates"] = static_cast<double>(r.candidates.size());
    state.counters["simulations"] = static_cast<double>(r.simulations);
    state.counters["cost_per_hour"] = r.fleet.cost_per_hour;
    state.counters["proven_optimal"] = r.fleet.optimal;
    state.counters["gap_to_bound"] = 1 - r.fleet.lower_bound / r.fleet.cost_per_hour;
  }
}
BENCHMARK(BM_PlanSixCandidatesFourBuckets)->Arg(500)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
