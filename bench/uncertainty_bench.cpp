// The uncertainty layer's inner loops on the shipped default scenario (60 months, 5 uncertain
// inputs), with the fleet capacity computed once by the first evaluation and cached after:
//   BM_EvaluatorCached — one evaluation through econ_evaluator (cache look-up, econ::evaluate,
//                        the outcome with its 60-month cash series);
//   BM_MonteCarloSample — one whole Monte Carlo sample: draw the inputs, set them, evaluate, add
//                        to the sketches and block sums (run_monte_carlo over 4,096 samples).
// The 1 → 2 rank speed-up is measured with mpirun on the CLI (docs/benchmarks.md).
#include <benchmark/benchmark.h>

#include "hippo/uncertainty.hpp"

namespace {

using namespace hippo;

void BM_EvaluatorCached(benchmark::State& state) {
  const Catalog catalog = load_builtin_catalog();
  const Scenario s = load_scenario("default", catalog);
  const uncertainty::Evaluator eval = uncertainty::econ_evaluator(catalog);
  benchmark::DoNotOptimize(eval(s).npv);  // fills the capacity cache
  for (auto _ : state) benchmark::DoNotOptimize(eval(s).npv);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluatorCached)->Unit(benchmark::kMicrosecond);

void BM_MonteCarloSample(benchmark::State& state) {
  const Catalog catalog = load_builtin_catalog();
  const Scenario s = load_scenario("default", catalog);
  const uncertainty::Evaluator eval = uncertainty::econ_evaluator(catalog);
  const std::int64_t n = 4096;
  const uncertainty::MonteCarloSpec spec{1, n, false};
  benchmark::DoNotOptimize(eval(s).npv);
  for (auto _ : state) benchmark::DoNotOptimize(uncertainty::run_monte_carlo(s, spec, {0, n}, eval).data.size());
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_MonteCarloSample)->Unit(benchmark::kMillisecond);

}  // namespace
