#include "jobs.hpp"

#include <algorithm>
#include <cstdio>

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
  const MonteCarloPart part = run_monte_carlo(s, spec, {0, samples}, econ_evaluator(catalog_of(s, catalog)),
                                              [&](std::int64_t done, std::int64_t total) {
                                                if (progress) progress({s.name, done, total, "samples", ""});
                                              });
  return to_json(merge_monte_carlo(s, spec, {part}), s.currency);
}

nlohmann::ordered_json sensitivity(const app::ScenarioSource& source, const app::Overrides& overrides, bool all_numeric,
                                   double percent, const Catalog& catalog, const app::Progress& progress) {
  using namespace uncertainty;
  if (!(percent > 0 && percent < 100)) {
    char got[32];
    std::snprintf(got, sizeof got, "%g", percent);
    throw InputError({"", 0, "--percent"}, std::string("expected a percentage between 0 and 100, got ") + got);
  }
  const Scenario s = app::load_scenario(source, overrides, catalog);
  std::vector<std::string> skipped;
  const std::vector<Swing> swings = all_numeric ? numeric_swings(s, catalog_of(s, catalog), percent / 100, skipped) : uncertain_swings(s);
  if (swings.empty())
    throw InputError({s.file, 0, ""}, all_numeric ? "no numeric input moves" : "no uncertain inputs: give a number as "
                                                                               "{value: X, dist: triangular, low: A, high: B}, or use --all-numeric");
  const Evaluator eval = econ_evaluator(catalog_of(s, catalog));
  const Outcome base = eval(s);
  const auto cases = static_cast<std::int64_t>(2 * swings.size());
  const std::vector<Outcome> outcomes = run_cases(s, swings, {0, cases}, eval, [&](std::int64_t done, std::int64_t total) {
    if (progress) progress({s.name, done, total, "cases", ""});
  });
  SensitivityResult r = rank_sensitivity(s, base, swings, outcomes);
  r.skipped = skipped;
  return to_json(r, s.currency);
}

std::string sweep_json(const app::ScenarioSource& source, const app::Overrides& overrides,
                       const std::vector<std::string>& axes_flags, const Catalog& catalog, const app::Progress& progress) {
  using namespace uncertainty;
  const Scenario s = app::load_scenario(source, overrides, catalog);
  const std::vector<SweepAxis> axes = sweep_axes(axes_flags, s);
  const std::int64_t points = grid_size(axes);
  const Evaluator eval = econ_evaluator(catalog_of(s, catalog));
  const SweepJsonWriter writer(axes);
  std::string out = writer.head(s);
  for (std::int64_t first = 0; first < points; first += kSweepBlockPoints) {
    const Range block{first, std::min(points, first + kSweepBlockPoints)};
    const std::vector<Outcome> outcomes = run_sweep(s, catalog_of(s, catalog), axes, block, eval, [&](std::int64_t done, std::int64_t) {
      if (progress) progress({s.name, first + done, points, "points", ""});
    });
    for (std::size_t k = 0; k < outcomes.size(); ++k) writer.point(out, first + static_cast<std::int64_t>(k), outcomes[k]);
  }
  return out + SweepJsonWriter::tail();
}

}  // namespace hippo::python
