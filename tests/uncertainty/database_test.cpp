// The SQLite results file: the documented tables, written whole or not at all.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "uncertainty/sqlite_column.hpp"
#include "support/run_cli.hpp"
#include "uncertainty/database.hpp"

namespace hippo::uncertainty {
namespace {

TEST(ResultsDb, HasTheDocumentedTablesAndRows) {
  const std::string dir = test::temp_dir(), path = dir + "/r.db";
  {
    ResultsDb db(path);
    db.begin_run({"sweep", "toy", "toy.yaml", std::nullopt, 2});
    Outcome o;
    o.npv = -5;
    o.breakeven_month = 7;
    db.add_sample(0, {{"demand.growth_monthly", "0.05", 0.05, true}, {"service.gpu", "h200", 0, false}}, o);
    o.npv = 3;
    db.add_sample(1, {{"demand.growth_monthly", "0.1", 0.1, true}, {"service.gpu", "h200", 0, false}}, o);
    db.add_quantiles("npv", 0, {1, 2, 3, 2});
    EXPECT_FALSE(std::filesystem::exists(path));  // nothing under the final name before commit
    db.commit();
  }
  EXPECT_EQ(test::sqlite_column(path, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"),
            (std::vector<std::string>{"inputs", "quantiles", "runs", "samples"}));
  EXPECT_EQ(test::sqlite_column(path, "SELECT command || ',' || scenario || ',' || samples || ',' || IFNULL(seed,'none') FROM runs"),
            (std::vector<std::string>{"sweep,toy,2,none"}));
  EXPECT_EQ(test::sqlite_column(path, "SELECT npv FROM samples ORDER BY sample"), (std::vector<std::string>{"-5.0", "3.0"}));
  EXPECT_EQ(test::sqlite_column(path, "SELECT IFNULL(value, text) FROM inputs WHERE sample = 1 ORDER BY key"),
            (std::vector<std::string>{"0.1", "h200"}));
  EXPECT_EQ(test::sqlite_column(path, "SELECT IFNULL(month,'none') || ',' || p50 FROM quantiles"), (std::vector<std::string>{"none,2.0"}));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()), 1);
}

TEST(ResultsDb, AnAbandonedRunLeavesNoFile) {
  const std::string dir = test::temp_dir(), path = dir + "/r.db";
  {
    ResultsDb db(path);
    db.begin_run({"montecarlo", "toy", "toy.yaml", 1, 10});
  }  // destroyed without commit, as when a later step throws
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(ResultsDb, AnUnwritablePlaceIsAnInputErrorNamingTheFlag) {
  try {
    ResultsDb db("/nonexistent-hippo-dir/r.db");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().key, "db");
  }
}

}  // namespace
}  // namespace hippo::uncertainty
