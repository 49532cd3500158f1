// TEMPORARY (app_shim.hpp): run and compare as src/cli/cmd_run.cpp and cmd_compare.cpp do them.
#include "app_shim.hpp"

#include "report/html_report.hpp"
#include "report/monthly_csv.hpp"
#include "report/results_json.hpp"
#include "util/atomic_file.hpp"

namespace hippo::pyapp {

Scenario load_scenario(const ScenarioSource& source, const Overrides& overrides, const Catalog& catalog) {
  Scenario s = source.yaml ? parse_scenario(*source.yaml, source.file, catalog)
                           : ::hippo::load_scenario(source.path_or_name, catalog);
  if (overrides.empty()) return s;
  for (const auto& o : overrides) set_scenario_value(s, o.key, o.value, {o.origin, 0, o.key});
  validate_scenario(s, catalog);
  return s;
}

namespace {

RunResult run_loaded(const Scenario& s, const Catalog& catalog, const Progress& progress) {
  std::int64_t simulations = 0;
  std::function<void()> after;
  if (progress) after = [&] { progress({s.name, ++simulations, 0, "capacity simulations", ""}); };
  RunResult r{s, econ::fleet_capacity(s, catalog, after), {}, {}};
  r.economics = econ::evaluate(r.scenario, r.capacity);
  r.json = report::results_json(r.scenario, r.economics);
  return r;
}

}  // namespace

RunResult run(const ScenarioSource& source, const Overrides& overrides, const Catalog& catalog, const Progress& progress) {
  return run_loaded(load_scenario(source, overrides, catalog), catalog, progress);
}

void write_report(const RunResult& r, const std::filesystem::path& dir) {
  util::write_file_atomic(dir / "results.json", r.json.dump(2) + "\n");
  util::write_file_atomic(dir / "monthly.csv", report::monthly_csv(r.economics));
  report::write_html_report(dir / "report.html", r.json);
}

CompareResult compare(const std::vector<ScenarioSource>& sources, const Overrides& overrides, const Catalog& catalog,
                      const Progress& progress) {
  std::vector<Scenario> scenarios;
  for (const auto& source : sources) scenarios.push_back(load_scenario(source, overrides, catalog));
  CompareResult c;
  std::vector<econ::EconResult> results;
  for (const auto& s : scenarios) {
    c.runs.push_back(run_loaded(s, catalog, progress));
    results.push_back(c.runs.back().economics);
  }
  c.json = report::compare_json(results);
  return c;
}

void write_report(const CompareResult& c, const std::filesystem::path& dir) {
  std::vector<nlohmann::json> full;
  for (const auto& r : c.runs) full.push_back(r.json);
  util::write_file_atomic(dir / "compare.json", c.json.dump(2) + "\n");
  report::write_compare_html_report(dir / "report.html", full);
}

}  // namespace hippo::pyapp
