// `hippo run [FILE|NAME] [--set key=value]… [--out DIR] [--json] [--quiet]`: the main job
// (app::run). Writes DIR/report.html, DIR/results.json, DIR/monthly.csv and DIR/results.xlsx (as a
// set) and prints a summary, or with --json the results document.
#include <filesystem>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "hippo/app.hpp"
#include "report/summary_text.hpp"
#include "util/atomic_file.hpp"

namespace hippo::cli {

app::Overrides overrides_of(const std::vector<std::string>& sets) {
  app::Overrides out;
  for (const auto& s : sets) out.push_back(app::parse_override(s));
  return out;
}

void add_set_flag(CLI::App& cmd, std::vector<std::string>& sets) {
  cmd.add_option("--set", sets, "key=value: override a scenario key (repeatable; lists as YAML flow: [a, b])")
      ->allow_extra_args(false);
}

std::string wrote_line(const std::filesystem::path& dir, const std::vector<std::string>& files) {
  std::string out = "Wrote ";
  for (std::size_t i = 0; i < files.size(); ++i)
    out += (i == 0 ? "" : i + 1 == files.size() ? " and " : ", ") + (dir / files[i]).string();
  return out + "\n";
}

void run_scenario(Context& ctx, const RunOptions& o) {
  // The progress line (only `fleet.sizing: simulated` draws one) is also where Ctrl-C stops.
  ProgressLine progress(ctx.err, "run", ProgressLine::stderr_is_terminal());
  // The output set is checked before the work (app::write_report checks again with the traces).
  util::check_output_folder(o.out_dir, app::run_report_files(), {o.scenario}, "--out");
  const app::RunResult r =
      app::run(app::ScenarioSource::named(o.scenario), overrides_of(o.sets), ctx.catalog, progress.callback());
  const std::filesystem::path dir = o.out_dir;
  app::write_report(r, dir);
  if (o.json) {
    print(ctx, r.json.dump(2));
  } else if (!o.quiet) {
    print(ctx, report::summary_text(r.scenario, r.economics) + "\n" + wrote_line(dir, {"report.html", "results.json", "monthly.csv", "results.xlsx"}));
  }
}

void register_run(CLI::App& app, Action& chosen) {
  auto* cmd = app.add_subcommand("run", "The main job: monthly P&L, break-even, NPV and IRR of a scenario");
  auto o = std::make_shared<RunOptions>();
  cmd->add_option("scenario", o->scenario, "Scenario YAML file or shipped scenario name")->capture_default_str();
  add_set_flag(*cmd, o->sets);
  cmd->add_option("--out", o->out_dir, "Folder for report.html, results.json, monthly.csv and results.xlsx")->capture_default_str();
  cmd->add_flag("--json", o->json, "Print the results as one JSON document");
  cmd->add_flag("--quiet", o->quiet, "Print nothing; only write the files");
  cmd->callback([o, &chosen] { chosen = [o](Context& ctx) { run_scenario(ctx, *o); }; });
}

}  // namespace hippo::cli
