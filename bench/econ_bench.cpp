// evaluate() of a 60-month scenario once the fleet's capacity is known: the inner loop of sweeps
// and Monte Carlo. The scenario is the shipped default, read from the embedded catalog; the
// capacity is a fixed hand-made one so that the figure measures the monthly model alone.
#include <benchmark/benchmark.h>

#include "hippo/economics.hpp"

namespace {

hippo::econ::FleetCapacity bench_capacity() {
  hippo::econ::FleetCapacity c;
  c.model = "llama-3.1-70b";
  c.gpu = "h100-sxm";
  c.gpus_per_replica = 2;
  c.chat_input_tokens = 1155;
  c.chat_output_tokens = 211;
  c.chat_requests_per_s_per_replica = 4.0;
  c.api_tokens_per_s_per_replica = 9000;
  c.gpu_price_usd = 27500;
  c.rental_usd_per_gpu_hour = 2.35;
  c.gpu_tdp_w = 700;
  c.gpu_idle_w = 80;
  return c;
}

void BM_EconEvaluate60Months(benchmark::State& state) {
  const hippo::Catalog catalog = hippo::load_builtin_catalog();
  hippo::Scenario s = hippo::load_scenario("default", catalog);
  s.horizon_months = 60;
  s.finance.capex_budget_year = static_cast<double>(state.range(0));  // 0: no limit; else limits bind
  const hippo::econ::FleetCapacity c = bench_capacity();
  for (auto _ : state) {
    hippo::econ::EconResult r = hippo::econ::evaluate(s, c);
    benchmark::DoNotOptimize(r.npv);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EconEvaluate60Months)->Arg(0)->Arg(2'000'000'000)->Unit(benchmark::kMicrosecond);

}  // namespace
