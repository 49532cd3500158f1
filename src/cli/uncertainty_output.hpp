// What `hippo montecarlo` and `hippo sensitivity` share around their runs: the output flags, the
// --db database opened on rank 0 before the work (so a bad path fails at once), and rank 0's output
// at the end — the database rows, DIR/report.html from the JSON document, and stdout.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "hippo/scenario.hpp"
#include "hippo/uncertainty.hpp"
#include "uncertainty/comm.hpp"
#include "uncertainty/database.hpp"

namespace hippo::cli {

struct OutputOptions {
  bool json = false;
  bool quiet = false;
  std::string db;  // empty: no database
  std::string out_dir = "hippo-out";
};

// Adds --json, --quiet, --out and --db (`db_help` says what the database holds).
void add_output_flags(CLI::App& cmd, OutputOptions& o, const std::string& db_help);

// For uncertainty::run_on_ranks: prints an error's line on stderr (rank 0 calls it, before any
// rank leaves); main() then exits with its status.
std::function<void(const std::exception_ptr&)> print_error(Context& ctx);

// Collective: rank 0 creates the database's temporary file when --db is given (InputError on every
// rank when it cannot); the other ranks and runs without --db get null.
// Checks --db and --out/report.html against `s`'s input files (util::check_output_path) before any
// work, then opens the database on rank 0.
std::unique_ptr<uncertainty::ResultsDb> open_database(uncertainty::Comm& comm, const OutputOptions& o, const Scenario& s);

// The parts of the output that differ between the commands.
struct UncertaintyReport {
  std::string command;                                       // the progress line's label
  nlohmann::ordered_json doc;                                // what --json prints
  std::function<std::string(const nlohmann::json&)> html;    // report.html, built from `doc`
  std::function<std::string()> text;                         // the terminal report
  // Adds the run's rows to the database, calling `progress` as it goes (a Ctrl-C stops there).
  std::function<void(uncertainty::ResultsDb&, const uncertainty::Progress&)> rows;
};

// Rank 0's output: the rows, then the database committed (renamed into place), then
// DIR/report.html (written atomically), then the document (--json), the text report and the
// path of the page, or nothing (--quiet). Nothing is committed before the rows are all written.
void write_uncertainty_output(Context& ctx, const OutputOptions& o, uncertainty::ResultsDb* db,
                              const UncertaintyReport& report);

}  // namespace hippo::cli
