// Results of an uncertainty run in a SQLite database (tables in docs/uncertainty.md). The file is
// written beside the requested path under a temporary name and renamed by commit(), so a failed or
// interrupted run leaves no partial database behind.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hippo/uncertainty.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace hippo::uncertainty {

struct RunInfo {
  std::string command;  // montecarlo | sensitivity | sweep
  std::string scenario, scenario_file;
  std::optional<std::uint64_t> seed;
  std::int64_t samples = 0;  // samples, grid points or sensitivity cases
};

class ResultsDb {
 public:
  // Creates the temporary file and the tables; InputError naming --db when it cannot.
  explicit ResultsDb(std::filesystem::path path);
  ~ResultsDb();  // removes the temporary file unless committed
  ResultsDb(const ResultsDb&) = delete;
  ResultsDb& operator=(const ResultsDb&) = delete;

  void begin_run(const RunInfo& info);
  // One row of `samples` and one row of `inputs` per setting.
  void add_sample(std::int64_t sample, const std::vector<Setting>& inputs, const Outcome& outcome);
  // A row of `quantiles`; month 0 for a scalar metric (stored as NULL).
  void add_quantiles(const std::string& metric, int month, const Quantiles& q);
  // Finishes the file and renames it to the requested path.
  void commit();

 private:
  void open();
  void close_and_remove();
  void exec(const char* sql);
  [[noreturn]] void fail(const std::string& what);
  std::filesystem::path path_, temp_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt *sample_ = nullptr, *input_ = nullptr, *quantile_ = nullptr;
  std::int64_t run_id_ = 0;
  bool committed_ = false;
};

// The rows of a run (database_rows.cpp): a sensitivity run's base case and every case (case c: swing
// c/2 at its low, c even, or its high), or a Monte Carlo run's samples and quantiles. `progress`
// after each row (a Ctrl-C stops there).
void add_sensitivity_rows(ResultsDb& db, const Scenario& s, const std::vector<Swing>& swings, const Outcome& base,
                          const std::vector<Outcome>& cases, const Progress& progress);
void add_montecarlo_rows(ResultsDb& db, const Scenario& s, const MonteCarloResult& r, const Progress& progress);

}  // namespace hippo::uncertainty
