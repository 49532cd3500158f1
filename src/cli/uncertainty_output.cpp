#include "cli/uncertainty_output.hpp"

#include <filesystem>

#include "cli/exit_status.hpp"
#include "cli/progress.hpp"
#include "scenario/input_files.hpp"
#include "util/atomic_file.hpp"

namespace hippo::cli {

void add_output_flags(CLI::App& cmd, OutputOptions& o, const std::string& db_help) {
  cmd.add_flag("--json", o.json, "Print one JSON document");
  cmd.add_flag("--quiet", o.quiet, "Print nothing; only write the report");
  cmd.add_option("--out", o.out_dir, "Folder for report.html")->capture_default_str();
  cmd.add_option("--db", o.db, db_help);
}

std::function<void(const std::exception_ptr&)> print_error(Context& ctx) {
  return [&ctx](const std::exception_ptr& error) { exit_status(error, &ctx.err); };
}

std::unique_ptr<uncertainty::ResultsDb> open_database(uncertainty::Comm& comm, const OutputOptions& o, const Scenario& s) {
  std::unique_ptr<uncertainty::ResultsDb> db;
  uncertainty::collectively(comm, [&] {
    if (comm.rank() != 0) return;
    const std::vector<std::string> inputs = scenario_input_files(s);
    if (!o.db.empty()) util::check_output_path(o.db, inputs, "--db");
    util::check_output_path(std::filesystem::path(o.out_dir) / "report.html", inputs, "--out");
  });
  uncertainty::collectively(comm, [&] {
    if (comm.rank() == 0 && !o.db.empty()) db = std::make_unique<uncertainty::ResultsDb>(o.db);
  });
  return db;
}

void write_uncertainty_output(Context& ctx, const OutputOptions& o, uncertainty::ResultsDb* db,
                              const UncertaintyReport& report) {
  if (db) {
    ProgressLine progress(ctx.err, report.command + ": writing " + o.db, ProgressLine::stderr_is_terminal());
    report.rows(*db, [&](std::int64_t done, std::int64_t total) { progress.update(done, total, "rows"); });
    db->commit();
  }
  // The report reads the same document that --json prints.
  const std::filesystem::path html = std::filesystem::path(o.out_dir) / "report.html";
  util::write_file_atomic(html, report.html(nlohmann::json::parse(report.doc.dump())));
  if (o.json)
    print(ctx, report.doc.dump());
  else if (!o.quiet)
    print(ctx, report.text() + "\nWrote " + html.string() + "\n");
}

}  // namespace hippo::cli
