// `hippo run [FILE|NAME] [--out DIR] [--json] [--quiet]`: the main job. Reads a scenario, finds
// what one replica serves, builds the monthly P&L, writes DIR/report.html, DIR/results.json and DIR/monthly.csv
// (each atomically) and prints a summary, or with --json the results document.
#include <filesystem>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "hippo/economics.hpp"
#include "report/html_report.hpp"
#include "report/monthly_csv.hpp"
#include "report/results_json.hpp"
#include "report/summary_text.hpp"
#include "util/atomic_file.hpp"

namespace hippo::cli {

econ::FleetCapacity capacity_with_progress(Context& ctx, const Scenario& s) {
  // Only `fleet.sizing: simulated` can take seconds: one line per simulation of its search.
  ProgressLine progress(ctx.err, s.name, ProgressLine::stderr_is_terminal());
  std::int64_t simulations = 0;
  return econ::fleet_capacity(s, ctx.catalog, [&] { progress.update(++simulations, 0, "capacity simulations"); });
}

void run_scenario(Context& ctx, const RunOptions& o) {
  const Scenario s = load_scenario(o.scenario, ctx.catalog);
  const econ::EconResult r = econ::evaluate(s, capacity_with_progress(ctx, s));
  const nlohmann::json results = report::results_json(s, r);
  const std::filesystem::path dir = o.out_dir;
  util::write_file_atomic(dir / "results.json", results.dump(2) + "\n");
  util::write_file_atomic(dir / "monthly.csv", report::monthly_csv(r));
  report::write_html_report(dir / "report.html", results);
  if (o.json) {
    print(ctx, results.dump(2));
  } else if (!o.quiet) {
    print(ctx, report::summary_text(s, r) + "\nWrote " + (dir / "report.html").string() + ", " +
                   (dir / "results.json").string() + " and " + (dir / "monthly.csv").string() + "\n");
  }
}

void register_run(CLI::App& app, Action& chosen) {
  auto* cmd = app.add_subcommand("run", "The main job: monthly P&L, break-even, NPV and IRR of a scenario");
  auto o = std::make_shared<RunOptions>();
  cmd->add_option("scenario", o->scenario, "Scenario YAML file or shipped scenario name")->capture_default_str();
  cmd->add_option("--out", o->out_dir, "Folder for report.html, results.json and monthly.csv")->capture_default_str();
  cmd->add_flag("--json", o->json, "Print the results as one JSON document");
  cmd->add_flag("--quiet", o->quiet, "Print nothing; only write the files");
  cmd->callback([o, &chosen] { chosen = [o](Context& ctx) { run_scenario(ctx, *o); }; });
}

}  // namespace hippo::cli
