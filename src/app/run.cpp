// `run` and `compare`: the monthly P&L of one scenario or several, their documents, and the report
// files written as a set.
#include <span>

#include <cassert>

#include "econ/capacity_cache.hpp"
#include "hippo/app.hpp"
#include "hippo/report.hpp"
#include "report/html_report.hpp"
#include "report/xlsx_report.hpp"
#include "scenario/input_files.hpp"
#include "util/atomic_file.hpp"

namespace hippo::app {

namespace {

econ::FleetCapacity capacity(const Scenario& s, const Catalog& catalog, const Progress& progress,
                             econ::CapacityCache* cache) {
  // Only `fleet.sizing: simulated` takes long: one update per simulation of its search.
  std::int64_t simulations = 0;
  std::function<void()> after;
  if (progress) after = [&] { progress({s.name, ++simulations, 0, "capacity simulations", ""}); };
  if (!cache) return econ::fleet_capacity(s, catalog_of(s, catalog), after);
  assert(&cache->shipped() == &catalog);
  return *cache->get(s, after);
}

}  // namespace

RunResult run(const Scenario& scenario, const Catalog& catalog, const Progress& progress,
              econ::CapacityCache* cache) {
  RunResult r{scenario, capacity(scenario, catalog, progress, cache), {}, {}};
  r.economics = econ::evaluate(r.scenario, r.capacity);
  r.json = report::results_json(r.scenario, r.economics);
  return r;
}

RunResult run(const ScenarioSource& source, const Overrides& overrides, const Catalog& catalog, const Progress& progress,
              econ::CapacityCache* cache) {
  return run(load_scenario(source, overrides, catalog), catalog, progress, cache);
}

std::vector<std::string> run_report_files() { return {"results.json", "monthly.csv", "report.html", "results.xlsx"}; }

void write_report(const RunResult& r, const std::filesystem::path& dir) {
  // No output may replace what the run read (its scenario, its traces), nor a device or a FIFO.
  util::check_output_folder(dir, run_report_files(), scenario_input_files(r.scenario), "out");
  util::write_files_atomic({util::file_with(dir / "results.json", r.json.dump(2) + "\n"),
                            util::file_with(dir / "monthly.csv", report::monthly_csv(r.economics)),
                            util::file_with(dir / "report.html", report::render_html(r.json)),
                            {dir / "results.xlsx", [&](const std::filesystem::path& tmp) { report::write_results_xlsx(r.json, tmp); }}});
}

CompareResult compare(const std::vector<ScenarioSource>& sources, const Overrides& overrides, const Catalog& catalog,
                      const Progress& progress, econ::CapacityCache* cache) {
  std::vector<Scenario> scenarios;
  for (const auto& source : sources) scenarios.push_back(load_scenario(source, overrides, catalog));
  CompareResult c;
  std::vector<econ::EconResult> results;
  for (const auto& s : scenarios) {
    c.runs.push_back(run(s, catalog, progress, cache));
    results.push_back(c.runs.back().economics);
  }
  c.json = report::compare_json(results);
  return c;
}

std::vector<std::string> compare_report_files() { return {"compare.json", "report.html", "results.xlsx"}; }

void write_report(const CompareResult& c, const std::filesystem::path& dir) {
  std::vector<nlohmann::json> full;  // the report overlays the monthly series
  std::vector<std::string> inputs;
  for (const auto& r : c.runs) {
    full.push_back(r.json);
    for (auto& f : scenario_input_files(r.scenario)) inputs.push_back(std::move(f));
  }
  util::check_output_folder(dir, compare_report_files(), inputs, "out");
  util::write_files_atomic({util::file_with(dir / "compare.json", c.json.dump(2) + "\n"),
                            util::file_with(dir / "report.html", report::render_compare_html(full)),
                            {dir / "results.xlsx", [&](const std::filesystem::path& tmp) { report::write_compare_xlsx(full, tmp); }}});
}

}  // namespace hippo::app
