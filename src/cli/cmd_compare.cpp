// `hippo compare A B … [--out DIR] [--json]`: several scenarios side by side — break-even,
// payback, NPV, IRR, peak GPUs, cost per million tokens. Writes DIR/report.html and DIR/compare.json.
#include <filesystem>

#include "cli/commands.hpp"
#include "hippo/economics.hpp"
#include "report/html_report.hpp"
#include "report/results_json.hpp"
#include "report/summary_text.hpp"
#include "util/atomic_file.hpp"

namespace hippo::cli {

void register_compare(CLI::App& app, Action& chosen) {
  auto* cmd = app.add_subcommand("compare", "Scenarios side by side: break-even, payback, NPV, IRR, fleet, cost per token");
  auto names = std::make_shared<std::vector<std::string>>();
  auto out_dir = std::make_shared<std::string>("hippo-out");
  auto json = std::make_shared<bool>(false);
  cmd->add_option("scenarios", *names, "Two or more scenario files or shipped scenario names")->required()->expected(2, -1);
  cmd->add_option("--out", *out_dir, "Folder for report.html and compare.json")->capture_default_str();
  cmd->add_flag("--json", *json, "Print the comparison as one JSON document");
  cmd->callback([=, &chosen] {
    chosen = [=](Context& ctx) {
      std::vector<Scenario> scenarios;
      std::vector<econ::EconResult> results;
      for (const auto& name : *names) {  // load all first: a bad file fails before any work
        scenarios.push_back(load_scenario(name, ctx.catalog));
      }
      for (const auto& s : scenarios) results.push_back(econ::evaluate(s, capacity_with_progress(ctx, s)));
      const nlohmann::json doc = report::compare_json(results);
      const std::filesystem::path dir = *out_dir;
      util::write_file_atomic(dir / "compare.json", doc.dump(2) + "\n");
      std::vector<nlohmann::json> full;  // the report overlays the monthly series
      for (std::size_t i = 0; i < results.size(); ++i) full.push_back(report::results_json(scenarios[i], results[i]));
      report::write_compare_html_report(dir / "report.html", full);
      if (*json) {
        print(ctx, doc.dump(2));
      } else {
        print(ctx, report::compare_text(results) + "\nWrote " + (dir / "report.html").string() + " and " +
                       (dir / "compare.json").string() + "\n");
      }
    };
  });
}

}  // namespace hippo::cli
