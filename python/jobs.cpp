#include "jobs.hpp"

#include "hippo/uncertainty.hpp"
#include "uncertainty/json.hpp"

namespace hippo::python {

nlohmann::ordered_json montecarlo(const app::ScenarioSource& source, const app::Overrides& overrides,
                                  std::int64_t samples, std::optional<std::uint64_t> seed, const Catalog& catalog,
                                  const app::Progress& progress) {
  using namespace uncertainty;
  if (samples <= 0)
    throw InputError({"", 0, "--samples"}, "expected a positive number of samples, got " + std::to_string(samples));
  const Scenario s = app::load_scenario(source, overrides, catalog);
  check_uncertain_inputs(s);
  if (s.uncertain.empty())
    throw InputError({s.file, 0, ""}, "no uncertain inputs: give a number as {value: X, dist: triangular, low: A, high: B}");
  const MonteCarloSpec spec{seed.value_or(s.seed), samples, false};
  const MonteCarloPart part = run_monte_carlo(s, spec, {0, samples}, econ_evaluator(catalog),
                                              [&](std::int64_t done, std::int64_t total) {
                                                if (progress) progress({s.name, done, total, "samples", ""});
                                              });
  return to_json(merge_monte_carlo(s, spec, {part}), s.currency);
}

}  // namespace hippo::python
