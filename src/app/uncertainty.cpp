// `sensitivity`, `montecarlo` and `sweep`: the checked jobs (what every MPI rank prepares alike),
// their results with the documents `--json` prints, and each whole run in one process for front
// ends without ranks (Python). The CLI runs the jobs' shares on its ranks (src/cli/cmd_*.cpp).
#include <algorithm>
#include <cstdio>

#include "hippo/app.hpp"
#include "uncertainty/json.hpp"
#include "util/machine.hpp"

namespace hippo::app {

SensitivityJob sensitivity_job(const ScenarioSource& source, const Overrides& overrides, const SensitivityRequest& q,
                               const Catalog& catalog) {
  if (!(q.percent > 0 && q.percent < 100)) {
    char got[32];
    std::snprintf(got, sizeof got, "%g", q.percent);
    throw InputError({"", 0, "percent"}, std::string("expected a percentage between 0 and 100, got ") + got);
  }
  SensitivityJob job;
  job.scenario = load_scenario(source, overrides, catalog);
  const Scenario& s = job.scenario;
  job.eval = uncertainty::econ_evaluator(catalog_of(s, catalog));
  job.swings = q.all_numeric ? uncertainty::numeric_swings(s, catalog_of(s, catalog), q.percent / 100, job.skipped, job.eval)
                             : uncertainty::uncertain_swings(s);
  if (job.swings.empty())
    throw InputError({s.file, 0, ""}, q.all_numeric ? "no numeric input moves"
                                                    : "no uncertain inputs: give a number as {value: X, dist: triangular, "
                                                      "low: A, high: B}, or use `all_numeric`");
  return job;
}

SensitivityResult sensitivity_result(const SensitivityJob& job, const uncertainty::Outcome& base,
                                     const std::vector<uncertainty::Outcome>& cases) {
  SensitivityResult r;
  r.result = uncertainty::rank_sensitivity(job.scenario, base, job.swings, cases);
  r.result.skipped = job.skipped;
  r.json = uncertainty::to_json(r.result, job.scenario.currency);
  return r;
}

SensitivityResult sensitivity(const ScenarioSource& source, const Overrides& overrides, const SensitivityRequest& q,
                              const Catalog& catalog, const Progress& progress) {
  const SensitivityJob job = sensitivity_job(source, overrides, q, catalog);
  const uncertainty::Outcome base = job.eval(job.scenario);
  const auto cases = uncertainty::run_cases(job.scenario, job.swings, {0, job.cases()}, job.eval,
                                            [&](std::int64_t done, std::int64_t total) {
                                              if (progress) progress({job.scenario.name, done, total, "cases", ""});
                                            });
  return sensitivity_result(job, base, cases);
}

MonteCarloJob montecarlo_job(const ScenarioSource& source, const Overrides& overrides, const MonteCarloRequest& q,
                             const Catalog& catalog) {
  if (q.samples <= 0)
    throw InputError({"", 0, "samples"}, "expected a positive number of samples, got " + std::to_string(q.samples));
  MonteCarloJob job;
  job.scenario = load_scenario(source, overrides, catalog);
  const Scenario& s = job.scenario;
  job.spec = {q.seed.value_or(s.seed), q.samples, q.keep_rows};
  uncertainty::check_monte_carlo_size(s, job.spec, util::physical_memory_bytes(), {"", 0, "samples"});
  uncertainty::check_uncertain_inputs(s);
  if (s.uncertain.empty())
    throw InputError({s.file, 0, ""}, "no uncertain inputs: give a number as {value: X, dist: triangular, low: A, high: B}");
  job.eval = uncertainty::econ_evaluator(catalog_of(s, catalog));
  return job;
}

MonteCarloResult montecarlo_result(const MonteCarloJob& job, const std::vector<uncertainty::MonteCarloPart>& parts) {
  MonteCarloResult r;
  r.result = uncertainty::merge_monte_carlo(job.scenario, job.spec, parts);
  r.json = uncertainty::to_json(r.result, job.scenario.currency);
  return r;
}

MonteCarloResult montecarlo(const ScenarioSource& source, const Overrides& overrides, const MonteCarloRequest& q,
                            const Catalog& catalog, const Progress& progress) {
  const MonteCarloJob job = montecarlo_job(source, overrides, q, catalog);
  const uncertainty::MonteCarloPart part =
      uncertainty::run_monte_carlo(job.scenario, job.spec, {0, job.spec.samples}, job.eval,
                                   [&](std::int64_t done, std::int64_t total) {
                                     if (progress) progress({job.scenario.name, done, total, "samples", ""});
                                   });
  return montecarlo_result(job, {part});
}

SweepJob sweep_job(const ScenarioSource& source, const Overrides& overrides, const std::vector<std::string>& axes,
                   const Catalog& catalog) {
  SweepJob job;
  job.scenario = load_scenario(source, overrides, catalog);
  job.axes = uncertainty::sweep_axes(axes, job.scenario);
  job.points = uncertainty::grid_size(job.axes);
  job.eval = uncertainty::econ_evaluator(catalog_of(job.scenario, catalog));
  return job;
}

std::string sweep_json(const ScenarioSource& source, const Overrides& overrides, const std::vector<std::string>& axes,
                       const Catalog& catalog, const Progress& progress) {
  using uncertainty::kSweepBlockPoints;
  const SweepJob job = sweep_job(source, overrides, axes, catalog);
  const Scenario& s = job.scenario;
  const uncertainty::SweepJsonWriter writer(job.axes);
  std::string out = writer.head(s);
  for (std::int64_t first = 0; first < job.points; first += kSweepBlockPoints) {
    const uncertainty::Range block{first, std::min(job.points, first + kSweepBlockPoints)};
    const auto outcomes = uncertainty::run_sweep(s, catalog_of(s, catalog), job.axes, block, job.eval,
                                                 [&](std::int64_t done, std::int64_t) {
                                                   if (progress) progress({s.name, first + done, job.points, "points", ""});
                                                 });
    for (std::size_t k = 0; k < outcomes.size(); ++k) writer.point(out, first + static_cast<std::int64_t>(k), outcomes[k]);
  }
  return out + uncertainty::SweepJsonWriter::tail();
}

}  // namespace hippo::app
