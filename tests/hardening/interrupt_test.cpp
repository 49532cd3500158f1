// Ctrl-C stops long work cleanly: each long command, interrupted once it is busy, exits with status
// 130 and the one line "hippo: interrupted", prints nothing on stdout and leaves no file behind —
// no report, no database, no temporary file. Under mpirun every rank stops.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "support/run_cli.hpp"

namespace hippo {
namespace {

namespace fs = std::filesystem;

using test::wait_until_busy;

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) names.push_back(e.path().filename().string());
  return names;
}

// Exit 130, the one line, nothing on stdout, nothing left in the folder hippo ran in.
void expect_clean_stop(const test::CliResult& r, const std::string& dir) {
  EXPECT_EQ(r.status, 130);
  EXPECT_EQ(r.err, "hippo: interrupted\n");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(files_in(dir), std::vector<std::string>{});
}

test::CliResult interrupt_when_busy(const test::Child& child, double cpu_s, int signal = SIGINT) {
  wait_until_busy(child.pid, cpu_s);
  EXPECT_EQ(kill(child.pid, signal), 0);
  return test::wait_hippo(child);
}

TEST(Interrupt, SimulateStopsCleanlyOnSigint) {
  // Half a second of CPU is far past start-up and into the simulation of a billion requests.
  const test::Child child = test::spawn_hippo(
      {"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--rate", "10", "--requests", "1000000000", "--json"});
  expect_clean_stop(interrupt_when_busy(child, 0.5), child.cwd);
}

TEST(Interrupt, MonteCarloWritesNoDatabaseNorReport) {
  // 3 million samples with every row kept for the database: minutes of work.
  const test::Child child =
      test::spawn_hippo({"montecarlo", "default", "--samples", "3000000", "--db", "mc.db", "--out", "out"});
  expect_clean_stop(interrupt_when_busy(child, 0.5), child.cwd);
}

// Sensitivity of a scenario sized by simulation whose uncertain inputs all change the capacity, so
// every case is a capacity search of long requests (about 0.5 s of CPU each, 4 s in all).
constexpr const char* kSlowSensitivity = R"(name: slow-sensitivity
horizon_months: 24
service: {model: llama-3.1-8b, gpu: h100-sxm, tp: 1, weights: fp8, kv: fp8, max_batch: 4}
workload:
  input: "lognormal:mean=500,cv=0.5"
  output: "lognormal:mean=6000,cv=0.2"
  cv: {value: 1.0, dist: triangular, low: 0.8, high: 1.2}
slo:
  ttft_p99_s: {value: 600, dist: triangular, low: 500, high: 700}
  tpot_p99_s: {value: 0.5, dist: triangular, low: 0.4, high: 0.6}
fleet: {sizing: simulated}
demand:
  users_start: 100000
  api_input_share: {value: 0.8, dist: triangular, low: 0.7, high: 0.9}
)";

TEST(Interrupt, SensitivityWritesNoDatabaseNorReport) {
  const std::string scenario = test::write_file(test::temp_dir(), "slow.yaml", kSlowSensitivity);
  const test::Child child = test::spawn_hippo({"sensitivity", scenario, "--db", "s.db", "--out", "out"});
  // Past the base case's search: stopped between two cases.
  expect_clean_stop(interrupt_when_busy(child, 1.0), child.cwd);
}

TEST(Interrupt, PlanStopsDuringItsSimulationsOrFleetProgrammes) {
  // plan-mixed: about 3 s of CPU, simulations first, then a dozen CBC programmes; a Ctrl-C is seen
  // after the current simulation or branch-and-bound node.
  const test::Child child = test::spawn_hippo({"plan", "plan-mixed", "--json"});
  expect_clean_stop(interrupt_when_busy(child, 1.0), child.cwd);
}

// One capacity search of very long requests on a replica of two sequences: about 3 s of CPU.
constexpr const char* kSlowRun = R"(name: slow-run
horizon_months: 24
service: {model: llama-3.1-8b, gpu: h100-sxm, tp: 1, weights: fp8, kv: fp8, max_batch: 2}
workload: {input: "lognormal:mean=500,cv=0.5", output: "lognormal:mean=20000,cv=0.2"}
slo: {ttft_p99_s: 3000, tpot_p99_s: 0.5}
fleet: {sizing: simulated}
demand: {users_start: 100000}
)";

TEST(Interrupt, RunStopsDuringTheCapacitySearchOfASimulatedSizing) {
  const std::string scenario = test::write_file(test::temp_dir(), "slow.yaml", kSlowRun);
  const test::Child run = test::spawn_hippo({"run", scenario, "--out", "out"});
  expect_clean_stop(interrupt_when_busy(run, 1.0), run.cwd);
  const test::Child compare = test::spawn_hippo({"compare", scenario, "default", "--out", "out"});
  expect_clean_stop(interrupt_when_busy(compare, 1.0), compare.cwd);
}

// ---- Under mpirun ----

bool have_mpirun() {
#ifndef HIPPO_WITH_MPI
  return false;  // a build without MPI refuses to run under mpirun
#endif
  return std::system("command -v mpirun > /dev/null 2>&1") == 0;
}

std::vector<int> children_of(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
  std::vector<int> pids;
  for (int p; in >> p;) pids.push_back(p);
  return pids;
}

// `mpirun -n 2 hippo montecarlo …` in a fresh folder, once both ranks are computing.
std::pair<test::Child, std::vector<int>> busy_mpi_montecarlo() {
  const test::Child mpirun = test::spawn_program({"mpirun", "--allow-run-as-root", "--oversubscribe", "-x",
                                                  "ASAN_OPTIONS=detect_leaks=0", "-n", "2", HIPPO_BIN, "montecarlo",
                                                  "default", "--samples", "3000000", "--db", "mc.db", "--out", "out"});
  std::vector<int> ranks;
  while (test::cpu_seconds(mpirun.pid) >= 0 && (ranks = children_of(mpirun.pid)).size() < 2)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  for (int rank : ranks) wait_until_busy(rank, 0.5);
  return {mpirun, ranks};
}

// Every long loop, as a class: each reaches the one interrupt check (SimConfig::checkpoint, the
// progress callbacks), through every layer that calls another, for SIGINT and SIGTERM alike.
// Issue 21: plan ignored Ctrl-C inside the simulation it ran (one of a billion requests), and
// simulate ignored SIGTERM while it set up a fleet of 3,000,000 replicas and then exited 0.
TEST(Interrupt, EveryLongLoopStopsOnBothSignals) {
  const std::vector<std::vector<std::string>> loops = {
      {"plan", "plan-single", "--requests", "1000000000", "--json"},                       // inside one simulation
      {"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--rate", "1000", "--requests", "10",
       "--replicas", "3000000", "--json"},                                                   // setting up the fleet
      {"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--rate", "0.5", "--requests", "100000000",
       "--input", "fixed:100000000", "--json"},                                               // every request rejected
  };
  for (const auto& args : loops)
    for (int signal : {SIGINT, SIGTERM}) {
      const test::Child child = test::spawn_hippo(args);
      SCOPED_TRACE(args[0] + " " + args.back() + " signal " + std::to_string(signal));
      expect_clean_stop(interrupt_when_busy(child, 0.3, signal), child.cwd);
    }
}

TEST(Interrupt, CtrlCToMpirunStopsEveryRankCleanly) {
  if (!have_mpirun()) GTEST_SKIP() << "no mpirun";
  // Open MPI 4.1's mpirun answers SIGINT and SIGTERM alike: SIGCONT to every rank, a second later
  // SIGTERM, another second later SIGKILL, and exits 1 whatever the ranks' statuses. The ranks must
  // stop within that second: rank 0 says so once, no rank leaves a file.
  for (int signal : {SIGINT, SIGTERM}) {
    const auto [mpirun, ranks] = busy_mpi_montecarlo();
    ASSERT_EQ(kill(mpirun.pid, signal), 0);
    const test::CliResult r = test::wait_hippo(mpirun);
    EXPECT_EQ(r.status, 1) << "signal " << signal;
    EXPECT_EQ(r.err, "hippo: interrupted\n") << "signal " << signal;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(files_in(mpirun.cwd), std::vector<std::string>{}) << "signal " << signal;
  }
}

TEST(Interrupt, SigtermToOneRankStopsEveryRank) {
  if (!have_mpirun()) GTEST_SKIP() << "no mpirun";
  // One rank alone is told to stop; the other, not signalled, learns it at their next agreement.
  // Every rank exits 130 (mpirun reports it, with its own notice), and rank 0 alone prints the line.
  const auto [mpirun, ranks] = busy_mpi_montecarlo();
  ASSERT_EQ(ranks.size(), 2u);
  ASSERT_EQ(kill(ranks[1], SIGTERM), 0);
  const test::CliResult r = test::wait_hippo(mpirun);
  EXPECT_EQ(r.status, 130);
  const std::size_t first = r.err.find("hippo: interrupted\n");
  EXPECT_NE(first, std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("hippo: interrupted\n", first + 1), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("hippo: internal error"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(files_in(mpirun.cwd), std::vector<std::string>{});
}

}  // namespace
}  // namespace hippo
