// evaluate() of a 60-month scenario once the fleet's capacity is known: the inner loop of sweeps
// and Monte Carlo. The scenario is the shipped default; its capacity (the performance model) is
// computed once outside the timed loop, so that the figure measures the monthly model alone.
#include <benchmark/benchmark.h>

#include "hippo/economics.hpp"

namespace {

void BM_EconEvaluate60Months(benchmark::State& state) {
  const hippo::Catalog catalog = hippo::load_builtin_catalog();
  hippo::Scenario s = hippo::load_scenario("default", catalog);
  s.horizon_months = 60;
  s.finance.capex_budget_year = static_cast<double>(state.range(0));  // 0: no limit; else limits bind
  const hippo::econ::FleetCapacity c = hippo::econ::fleet_capacity(s, catalog);
  for (auto _ : state) {
    hippo::econ::EconResult r = hippo::econ::evaluate(s, c);
    benchmark::DoNotOptimize(r.npv);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EconEvaluate60Months)->Arg(0)->Arg(20'000'000)->Unit(benchmark::kMicrosecond);

}  // namespace
