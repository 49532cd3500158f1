// The three commands end to end: against `hippo run`, across MPI ranks, into SQLite, and on bad input.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "report/format.hpp"
#include "report/table.hpp"
#include "uncertainty/sqlite_column.hpp"
#include "support/run_cli.hpp"

namespace hippo::test {
namespace {

using nlohmann::json;

// A small valid deployment with one uncertain input; `growth` is its distribution's text.
std::string scenario(const std::string& growth) {
  return "name: tiny\nhorizon_months: 24\nservice: {model: llama-3.1-70b, gpu: h100-sxm, tp: 2, weights: fp8, kv: fp8}\n"
         "demand:\n  users_start: 2000000\n  growth_monthly: " + growth + "\n";
}

bool one_line(const std::string& s) { return !s.empty() && s.find('\n') == s.size() - 1; }

// Runs `mpirun -n ranks hippo args…` in `dir`; returns stdout (exit status in `status`). Under the
// sanitizers, leak checking is off in the MPI processes only: Open MPI leaves its own allocations
// (libmpi, libopen-pal, dlopen'd components) at MPI_Finalize; hippo's code is leak-checked by the
// single-process runs of the same commands.
// A build without MPI (HIPPO_WITH_MPI off) has no ranks to compare: those tests skip.
#ifdef HIPPO_WITH_MPI
#define SKIP_WITHOUT_MPI() (void)0
#else
#define SKIP_WITHOUT_MPI() GTEST_SKIP() << "built without MPI (HIPPO_WITH_MPI=OFF)"
#endif

std::string mpirun(int ranks, const std::string& args, const std::string& dir, int& status) {
  const std::string cmd = "cd '" + dir + "' && mpirun --allow-run-as-root --oversubscribe -x ASAN_OPTIONS=detect_leaks=0 -n " +
                          std::to_string(ranks) + " " + HIPPO_BIN + " " + args + " > mpi.out 2> mpi.err";
  const int rc = std::system(cmd.c_str());
  status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return test::read_file(dir + "/mpi.out");
}

TEST(UncertaintyCli, DegenerateMonteCarloEqualsThePlainRun) {
  const std::string dir = temp_dir();
  const std::string file = write_file(dir, "s.yaml", scenario("{value: 0.05, dist: triangular, low: 0.05, high: 0.05}"));
  const CliResult run = run_hippo({"run", file, "--json", "--out", dir + "/out"}, dir);
  ASSERT_EQ(run.status, 0) << run.err;
  const CliResult mc = run_hippo({"montecarlo", file, "--samples", "300", "--json"}, dir);
  ASSERT_EQ(mc.status, 0) << mc.err;
  const json r = json::parse(run.out), m = json::parse(mc.out);
  EXPECT_EQ(m["samples"], 300);
  for (const char* q : {"p10", "p50", "p90", "mean"}) EXPECT_EQ(m["npv"][q].get<double>(), r["npv"].get<double>()) << q;
  EXPECT_EQ(m["irr_annual"]["p50"], r["irr_annual"]);
  ASSERT_EQ(m["cumulative_cash"].size(), 24u);
  for (std::size_t k = 0; k < 24; ++k)
    EXPECT_EQ(m["cumulative_cash"][k]["p50"].get<double>(), r["monthly"][k]["cumulative_cash"].get<double>()) << k;
  // Break-even is certain from the plain run's break-even month on, impossible before it.
  const auto& p = m["breakeven_probability_by_month"];
  ASSERT_EQ(p.size(), 24u);
  for (int month = 1; month <= 24; ++month) {
    const bool after = !r["breakeven_month"].is_null() && month >= r["breakeven_month"].get<int>();
    EXPECT_EQ(p[month - 1].get<double>(), after ? 1.0 : 0.0) << month;
  }
}

TEST(UncertaintyCli, OneAndTwoRanksGiveByteIdenticalJson) {
  SKIP_WITHOUT_MPI();
  const std::string dir = temp_dir();
  int status = -1;
  // 2,500 samples: 3 blocks of 1,024, shared 1 + 2 between the ranks.
  const CliResult one = run_hippo({"montecarlo", "default", "--samples", "2500", "--seed", "7", "--json"}, dir);
  ASSERT_EQ(one.status, 0) << one.err;
  EXPECT_EQ(mpirun(2, "montecarlo default --samples 2500 --seed 7 --json", dir, status), one.out);
  EXPECT_EQ(status, 0) << test::read_file(dir + "/mpi.err");

  const CliResult sweep = run_hippo({"sweep", "default", "--set", "demand.growth_monthly=0.04,0.08,0.1", "--set",
                                     "revenue.subscription_price_month=15,20", "--json"}, dir);
  ASSERT_EQ(sweep.status, 0) << sweep.err;
  EXPECT_EQ(mpirun(2, "sweep default --set demand.growth_monthly=0.04,0.08,0.1 --set revenue.subscription_price_month=15,20 --json",
                   dir, status),
            sweep.out);
  EXPECT_EQ(status, 0);

  const CliResult sens = run_hippo({"sensitivity", "default", "--json"}, dir);
  ASSERT_EQ(sens.status, 0) << sens.err;
  EXPECT_EQ(mpirun(2, "sensitivity default --json", dir, status), sens.out);
  EXPECT_EQ(status, 0);
}

TEST(UncertaintyCli, MonteCarloDatabaseHoldsTheRunAndEverySample) {
  const std::string dir = temp_dir(), db = dir + "/mc.db";
  const CliResult r = run_hippo({"montecarlo", "default", "--samples", "200", "--seed", "3", "--db", db}, dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(sqlite_column(db, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"),
            (std::vector<std::string>{"inputs", "quantiles", "runs", "samples"}));
  EXPECT_EQ(sqlite_column(db, "SELECT command || ' ' || scenario || ' ' || seed || ' ' || samples FROM runs"),
            (std::vector<std::string>{"montecarlo default 3 200"}));
  EXPECT_EQ(sqlite_column(db, "SELECT COUNT(*) FROM samples"), (std::vector<std::string>{"200"}));
  EXPECT_EQ(sqlite_column(db, "SELECT COUNT(*) FROM inputs"), (std::vector<std::string>{"1000"}));  // 5 uncertain inputs each
  EXPECT_EQ(sqlite_column(db, "SELECT COUNT(*) FROM quantiles WHERE metric = 'cumulative_cash'"), (std::vector<std::string>{"60"}));
  EXPECT_EQ(sqlite_column(db, "SELECT COUNT(*) FROM inputs WHERE key = 'demand.growth_monthly' AND (value < 0.03 OR value > 0.12)"),
            (std::vector<std::string>{"0"}));
}

TEST(UncertaintyCli, SweepRecomputesCapacityPerDeployment) {
  const std::string dir = temp_dir();
  const CliResult r = run_hippo({"sweep", "default", "--set", "service.tp=2,4", "--json"}, dir);
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = json::parse(r.out);
  ASSERT_EQ(j["points"].size(), 2u);
  EXPECT_EQ(j["points"][1]["inputs"]["service.tp"], 4);
  EXPECT_NE(j["points"][0]["gpus_peak"], j["points"][1]["gpus_peak"]);
}

TEST(UncertaintyCli, StreamedSweepOutputIsTheWholeDocumentAcrossBlocks) {
  SKIP_WITHOUT_MPI();
  // 10,000 points: a block of 8,192 and a partial one, streamed through a spool file.
  std::string capex;
  for (int i = 0; i < 1000; ++i) capex += (i ? "," : "") + std::to_string(100 + i) + "e-3";
  const std::vector<std::string> args = {"sweep", "default", "--set", "fleet.headroom=0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9",
                                         "--set", "fleet.server_capex_fraction=" + capex};
  const std::string dir = temp_dir();
  std::vector<std::string> with_json = args;
  with_json.insert(with_json.end(), {"--json", "--db", dir + "/s.db"});
  const CliResult j = run_hippo(with_json, dir);
  ASSERT_EQ(j.status, 0) << j.err;
  const auto doc = nlohmann::ordered_json::parse(j.out);
  EXPECT_EQ(j.out, doc.dump() + "\n");  // nlohmann's own bytes
  ASSERT_EQ(doc["points"].size(), 10'000u);
  EXPECT_EQ(doc["points"][9'999]["inputs"]["fleet.server_capex_fraction"], 1.099);
  EXPECT_EQ(sqlite_column(dir + "/s.db", "SELECT COUNT(*) FROM samples"), (std::vector<std::string>{"10000"}));

  // The text table is report::Table's rendering of the same rows, as before it streamed.
  const CliResult text = run_hippo(args, dir);
  ASSERT_EQ(text.status, 0) << text.err;
  report::Table t{{"fleet.headroom", "fleet.server_capex_fraction", "NPV", "IRR", "break-even", "payback", "GPUs peak"},
                  {}, std::vector<bool>(7, true)};
  auto month = [](const nlohmann::json& m) { return report::format_month(m.is_null() ? std::nullopt : std::optional<int>(m)); };
  for (std::size_t i = 0; i < 10'000; ++i) {
    const auto& p = doc["points"][i];
    t.rows.push_back({i / 1000 == 0 ? "0" : "0." + std::to_string(i / 1000), std::to_string(100 + i % 1000) + "e-3",
                      report::format_money_compact(p["npv"], "USD"),
                      p["irr_annual"].is_null() ? "none" : report::format_percent(p["irr_annual"]), month(p["breakeven_month"]),
                      month(p["payback_month"]), report::format_compact(p["gpus_peak"])});
  }
  EXPECT_EQ(text.out, "Sweep of default: 10000 points\n\n" + t.render());

  int status = -1;
  std::string mpi_args;
  for (const auto& a : args) mpi_args += a + " ";
  EXPECT_EQ(mpirun(2, mpi_args + "--json", dir, status), j.out);
  EXPECT_EQ(status, 0) << test::read_file(dir + "/mpi.err");
}

TEST(UncertaintyCli, SensitivityRanksTheTornado) {
  const CliResult r = run_hippo({"sensitivity", "default", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = json::parse(r.out);
  ASSERT_EQ(j["tornado"].size(), 5u);
  for (std::size_t k = 1; k < 5; ++k) EXPECT_GE(j["tornado"][k - 1]["npv_swing"], j["tornado"][k]["npv_swing"]);
  const CliResult all = run_hippo({"sensitivity", "default", "--all-numeric", "--percent", "20", "--json"});
  ASSERT_EQ(all.status, 0) << all.err;
  EXPECT_GT(json::parse(all.out)["tornado"].size(), 15u);
}

// Without MPI, a run that mpirun started (its environment says so) is refused rather than done
// whole on every rank; with MPI the ranks share it (OneAndTwoRanksGiveByteIdenticalJson).
TEST(UncertaintyCli, UnderMpirunWithoutMpiIsRefused) {
#ifdef HIPPO_WITH_MPI
  GTEST_SKIP() << "built with MPI";
#else
  const std::string dir = temp_dir();
  const std::string cmd = "cd '" + dir + "' && OMPI_COMM_WORLD_SIZE=2 " + std::string(HIPPO_BIN) +
                          " montecarlo default --samples 10 > out 2> err";
  const int rc = std::system(cmd.c_str());
  EXPECT_EQ(WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, 2);
  EXPECT_EQ(test::read_file(dir + "/out"), "");
  EXPECT_EQ(test::read_file(dir + "/err"), "hippo: mpirun: this hippo was built without MPI (cmake -DHIPPO_WITH_MPI=OFF): run it "
                                 "without mpirun, or build it with MPI to share the work among ranks\n");
#endif
}

TEST(UncertaintyCli, BadInputIsOneLineExitTwoAndLeavesNoDatabase) {
  const std::string dir = temp_dir();
  auto expect_bad = [&](const std::vector<std::string>& args, const std::string& needle) {
    const CliResult r = run_hippo(args, dir);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(one_line(r.err)) << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
  };
  const std::string inverted = write_file(dir, "inv.yaml", scenario("{value: 0.05, dist: triangular, low: 0.09, high: 0.04}"));
  expect_bad({"montecarlo", inverted, "--samples", "10", "--db", dir + "/a.db"}, "inv.yaml:6: demand.growth_monthly.low");
  expect_bad({"sweep", "default", "--set", "demand.grwth=0.1,0.2", "--db", dir + "/b.db"}, "did you mean 'demand.growth_monthly'");
  expect_bad({"montecarlo", "default", "--samples", "0"}, "--samples");
  expect_bad({"montecarlo", "default", "--samples", "-5"}, "--samples");
  expect_bad({"montecarlo", "default", "--samples", "10", "--db", dir + "/no/such/dir/c.db"}, "--db");
  std::filesystem::create_directory(dir + "/taken.db");  // a folder where the file should go: the rename fails
  expect_bad({"sweep", "default", "--set", "demand.growth_monthly=0.05", "--db", dir + "/taken.db"}, "--db");
  // A grid point that fails validation after the database was opened: no file either.
  expect_bad({"sweep", "default", "--set", "demand.users_start=1e6,3e8", "--db", dir + "/d.db"}, "demand.users_max");
  std::vector<std::string> left;
  for (const auto& e : std::filesystem::directory_iterator(dir)) left.push_back(e.path().filename().string());
  std::sort(left.begin(), left.end());
  EXPECT_EQ(left, (std::vector<std::string>{"inv.yaml", "taken.db"}));
  EXPECT_TRUE(std::filesystem::is_empty(dir + "/taken.db"));
}

}  // namespace
}  // namespace hippo::test
