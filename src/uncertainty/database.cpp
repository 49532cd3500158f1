#include "uncertainty/database.hpp"
#include "util/atomic_file.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <cmath>
#include <ctime>

#include "hippo/errors.hpp"

namespace hippo::uncertainty {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE runs(
  run_id INTEGER PRIMARY KEY,
  command TEXT NOT NULL,
  scenario TEXT NOT NULL,
  scenario_file TEXT NOT NULL,
  seed INTEGER,
  samples INTEGER NOT NULL,
  created TEXT NOT NULL
);
CREATE TABLE samples(
  run_id INTEGER NOT NULL REFERENCES runs(run_id),
  sample INTEGER NOT NULL,
  npv REAL NOT NULL,
  irr_annual REAL,
  breakeven_month INTEGER,
  payback_month INTEGER,
  cost_per_mtok REAL,
  gpus_peak REAL,
  PRIMARY KEY(run_id, sample)
);
CREATE TABLE inputs(
  run_id INTEGER NOT NULL REFERENCES runs(run_id),
  sample INTEGER NOT NULL,
  key TEXT NOT NULL,
  value REAL,
  text TEXT NOT NULL,
  PRIMARY KEY(run_id, sample, key)
);
CREATE TABLE quantiles(
  run_id INTEGER NOT NULL REFERENCES runs(run_id),
  metric TEXT NOT NULL,
  month INTEGER,
  p10 REAL NOT NULL,
  p50 REAL NOT NULL,
  p90 REAL NOT NULL,
  mean REAL NOT NULL
);
)sql";

void bind_optional(sqlite3_stmt* st, int col, const std::optional<double>& v) {
  if (v) sqlite3_bind_double(st, col, *v);
  else sqlite3_bind_null(st, col);
}

std::string now_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

}  // namespace

ResultsDb::ResultsDb(std::filesystem::path path) : path_(std::move(path)) {
  util::check_output_path(path_, {}, "db");  // before any work: a device or FIFO is never replaced
  temp_ = path_;
  temp_ += ".tmp-" + std::to_string(::getpid());
  std::error_code ec;
  std::filesystem::remove(temp_, ec);
  try {
    open();
  } catch (...) {
    close_and_remove();  // a throwing constructor runs no destructor
    throw;
  }
}

void ResultsDb::open() {
  if (sqlite3_open_v2(temp_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK)
    fail("cannot create");
  // The file is private until renamed: no journal is needed for atomicity.
  exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
  exec(kSchema);
  exec("BEGIN");
  auto prepare = [&](const char* sql, sqlite3_stmt** st) {
    if (sqlite3_prepare_v2(db_, sql, -1, st, nullptr) != SQLITE_OK) fail("cannot prepare a statement for");
  };
  prepare("INSERT INTO samples VALUES(?,?,?,?,?,?,?,?)", &sample_);
  prepare("INSERT INTO inputs VALUES(?,?,?,?,?)", &input_);
  prepare("INSERT INTO quantiles VALUES(?,?,?,?,?,?,?)", &quantile_);
}

ResultsDb::~ResultsDb() { close_and_remove(); }

void ResultsDb::close_and_remove() {
  for (sqlite3_stmt** st : {&sample_, &input_, &quantile_}) {
    sqlite3_finalize(*st);
    *st = nullptr;
  }
  if (db_) sqlite3_close(db_);  // also after a failed open: sqlite3_open_v2 allocates the handle
  db_ = nullptr;
  if (!committed_) {
    std::error_code ec;
    std::filesystem::remove(temp_, ec);
  }
}

void ResultsDb::fail(const std::string& what) {
  const std::string reason = db_ ? sqlite3_errmsg(db_) : "out of memory";
  throw InputError({"", 0, "db"}, what + " database '" + path_.string() + "': " + reason);
}

void ResultsDb::exec(const char* sql) {
  if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail("cannot write");
}

void ResultsDb::begin_run(const RunInfo& info) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, "INSERT INTO runs(command,scenario,scenario_file,seed,samples,created) VALUES(?,?,?,?,?,?)", -1,
                         &st, nullptr) != SQLITE_OK)
    fail("cannot write");
  sqlite3_bind_text(st, 1, info.command.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, info.scenario.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, info.scenario_file.c_str(), -1, SQLITE_TRANSIENT);
  if (info.seed) sqlite3_bind_int64(st, 4, static_cast<sqlite3_int64>(*info.seed));
  else sqlite3_bind_null(st, 4);
  sqlite3_bind_int64(st, 5, info.samples);
  const std::string created = now_utc();
  sqlite3_bind_text(st, 6, created.c_str(), -1, SQLITE_TRANSIENT);
  const int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) fail("cannot write");
  run_id_ = sqlite3_last_insert_rowid(db_);
}

void ResultsDb::add_sample(std::int64_t sample, const std::vector<Setting>& inputs, const Outcome& o) {
  sqlite3_reset(sample_);
  sqlite3_bind_int64(sample_, 1, run_id_);
  sqlite3_bind_int64(sample_, 2, sample);
  sqlite3_bind_double(sample_, 3, o.npv);
  bind_optional(sample_, 4, o.irr_annual);
  bind_optional(sample_, 5, o.breakeven_month ? std::optional<double>(*o.breakeven_month) : std::nullopt);
  bind_optional(sample_, 6, o.payback_month ? std::optional<double>(*o.payback_month) : std::nullopt);
  sqlite3_bind_double(sample_, 7, o.cost_per_mtok);
  sqlite3_bind_double(sample_, 8, o.gpus_peak);
  if (sqlite3_step(sample_) != SQLITE_DONE) fail("cannot write");
  for (const auto& in : inputs) {
    sqlite3_reset(input_);
    sqlite3_bind_int64(input_, 1, run_id_);
    sqlite3_bind_int64(input_, 2, sample);
    sqlite3_bind_text(input_, 3, in.key.c_str(), -1, SQLITE_TRANSIENT);
    bind_optional(input_, 4, in.numeric ? std::optional<double>(in.number) : std::nullopt);
    sqlite3_bind_text(input_, 5, in.text.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(input_) != SQLITE_DONE) fail("cannot write");
  }
}

void ResultsDb::add_quantiles(const std::string& metric, int month, const Quantiles& q) {
  sqlite3_reset(quantile_);
  sqlite3_bind_int64(quantile_, 1, run_id_);
  sqlite3_bind_text(quantile_, 2, metric.c_str(), -1, SQLITE_TRANSIENT);
  if (month > 0) sqlite3_bind_int(quantile_, 3, month);
  else sqlite3_bind_null(quantile_, 3);
  sqlite3_bind_double(quantile_, 4, q.p10);
  sqlite3_bind_double(quantile_, 5, q.p50);
  sqlite3_bind_double(quantile_, 6, q.p90);
  sqlite3_bind_double(quantile_, 7, q.mean);
  if (sqlite3_step(quantile_) != SQLITE_DONE) fail("cannot write");
}

void ResultsDb::commit() {
  exec("COMMIT");
  for (sqlite3_stmt** st : {&sample_, &input_, &quantile_}) {
    sqlite3_finalize(*st);
    *st = nullptr;
  }
  if (sqlite3_close(db_) != SQLITE_OK) fail("cannot close");
  db_ = nullptr;
  std::error_code ec;
  std::filesystem::rename(temp_, path_, ec);
  if (ec) throw InputError({"", 0, "db"}, "cannot write database '" + path_.string() + "': " + ec.message());
  committed_ = true;
}

}  // namespace hippo::uncertainty
