// `hippo compare A B … [--set key=value]… [--out DIR] [--json]`: several scenarios side by side
// (app::compare) — break-even, payback, NPV, IRR, peak GPUs, cost per million tokens. Writes
// DIR/report.html, DIR/compare.json and DIR/results.xlsx.
#include <filesystem>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "hippo/app.hpp"
#include "report/summary_text.hpp"
#include "util/atomic_file.hpp"

namespace hippo::cli {

void register_compare(CLI::App& app, Action& chosen) {
  auto* cmd = app.add_subcommand("compare", "Scenarios side by side: break-even, payback, NPV, IRR, fleet, cost per token");
  auto names = std::make_shared<std::vector<std::string>>();
  auto sets = std::make_shared<std::vector<std::string>>();
  auto out_dir = std::make_shared<std::string>("hippo-out");
  auto json = std::make_shared<bool>(false);
  cmd->add_option("scenarios", *names, "Two or more scenario files or shipped scenario names")->required()->expected(2, -1);
  add_set_flag(*cmd, *sets);
  cmd->add_option("--out", *out_dir, "Folder for report.html, compare.json and results.xlsx")->capture_default_str();
  cmd->add_flag("--json", *json, "Print the comparison as one JSON document");
  cmd->callback([=, &chosen] {
    chosen = [=](Context& ctx) {
      std::vector<app::ScenarioSource> sources;
      for (const auto& name : *names) sources.push_back(app::ScenarioSource::named(name));
      ProgressLine progress(ctx.err, "compare", ProgressLine::stderr_is_terminal());
      util::check_output_folder(*out_dir, app::compare_report_files(), *names, "--out");  // before the work
      const app::CompareResult c = app::compare(sources, overrides_of(*sets), ctx.catalog, progress.callback());
      const std::filesystem::path dir = *out_dir;
      app::write_report(c, dir);
      if (*json) {
        print(ctx, c.json.dump(2));
      } else {
        std::vector<econ::EconResult> results;
        for (const auto& r : c.runs) results.push_back(r.economics);
        print(ctx, report::compare_text(results) + "\n" + wrote_line(dir, {"report.html", "compare.json", "results.xlsx"}));
      }
    };
  });
}

}  // namespace hippo::cli
