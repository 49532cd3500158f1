// Output paths, as a class: every command that writes files refuses a target that is not a new
// path or a regular file (a folder, a device, a FIFO, a symbolic link) and a target that is one of
// its own inputs, before any work, with exit 2 and one line; what was there is left as it was.
// Issue 21: `--db /dev/null` as root replaced the device with a file; `--db` renamed over a FIFO
// and over the command's own scenario.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/run_cli.hpp"

namespace hippo {
namespace {

namespace fs = std::filesystem;
using test::run_hippo;

const char* kScenario = "name: mine\nservice: {tp: 4}\ndemand:\n  growth_monthly: {value: 0.08, dist: triangular, low: 0.04, high: 0.12}\n";

// The commands that write a database, each with the flag that names it.
std::vector<std::vector<std::string>> db_commands(const std::string& db) {
  return {{"montecarlo", "s.yaml", "--samples", "10", "--db", db, "--quiet"},
          {"sensitivity", "s.yaml", "--db", db, "--quiet"},
          {"sweep", "s.yaml", "--set", "demand.growth_monthly=0.05,0.1", "--db", db}};
}

void expect_refused(const test::CliResult& r, const std::string& line, const std::string& what) {
  EXPECT_EQ(r.status, 2) << what << ": " << r.err;
  EXPECT_EQ(r.err, line + "\n") << what;
  EXPECT_EQ(r.out, "") << what;
}

TEST(OutputPaths, DatabaseIsNeverADeviceFifoFolderLinkOrInput) {
  const std::string dir = test::temp_dir();
  test::write_file(dir, "s.yaml", kScenario);
  ASSERT_EQ(::mkfifo((dir + "/fifo").c_str(), 0644), 0);
  fs::create_directory(dir + "/folder");
  test::write_file(dir, "target.db", "not replaced");
  fs::create_symlink("target.db", dir + "/link.db");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/dev/null", "hippo: /dev/null: --db: expected a new path or a regular file to replace, got a device"},
      {"fifo", "hippo: fifo: --db: expected a new path or a regular file to replace, got a FIFO"},
      {"folder", "hippo: folder: --db: expected a new path or a regular file to replace, got a folder"},
      {"link.db", "hippo: link.db: --db: expected a new path or a regular file to replace, got a symbolic link "
                  "(writing replaces the link itself; give the file it points to)"},
      {"s.yaml", "hippo: s.yaml: --db: is also an input of this command (s.yaml); write somewhere else"},
  };
  for (const auto& [path, line] : cases)
    for (const auto& args : db_commands(path)) expect_refused(run_hippo(args, dir), line, args[0] + " " + path);
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  EXPECT_EQ(fs::symlink_status(dir + "/fifo").type(), fs::file_type::fifo);
  EXPECT_EQ(test::read_file(dir + "/s.yaml"), kScenario);
  EXPECT_EQ(test::read_file(dir + "/target.db"), "not replaced");
  EXPECT_TRUE(fs::is_symlink(dir + "/link.db"));
}

// Every output path is checked before the work, not when the work is done and its output is due
// (hippo writes no trace or per-request file: --db and --out are all its output paths). The
// scenario's work itself fails (no request meets a 1 µs TTFT): each command must name the path.
TEST(OutputPaths, CheckedBeforeTheWork) {
  const std::string dir = test::temp_dir();
  test::write_file(dir, "s.yaml", std::string(kScenario) + "slo: {ttft_p99_s: 0.000001}\n");
  ASSERT_EQ(::mkfifo((dir + "/fifo").c_str(), 0644), 0);
  const std::string db = "hippo: fifo: --db: expected a new path or a regular file to replace, got a FIFO";
  for (const auto& args : db_commands("fifo")) expect_refused(run_hippo(args, dir), db, args[0]);
  fs::create_directories(dir + "/out");
  ASSERT_EQ(::mkfifo((dir + "/out/report.html").c_str(), 0644), 0);
  const std::string out = "hippo: out/report.html: --out: expected a new path or a regular file to replace, got a FIFO";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"run", "s.yaml", "--out", "out", "--quiet"},
        {"compare", "s.yaml", "default", "--out", "out"},
        {"montecarlo", "s.yaml", "--samples", "10", "--out", "out", "--quiet"},
        {"sensitivity", "s.yaml", "--out", "out", "--quiet"}})
    expect_refused(run_hippo(args, dir), out, args[0]);
  // Without the bad path the same commands fail in the work, on the SLO.
  const auto r = run_hippo({"run", "s.yaml", "--quiet"}, dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("slo.ttft_p99_s"), std::string::npos) << r.err;
}

// run and compare write a set of files into --out: each file of the set is checked the same way.
TEST(OutputPaths, RunAndCompareOutputsAreChecked) {
  const std::string dir = test::temp_dir();
  test::write_file(dir, "s.yaml", kScenario);
  fs::create_directories(dir + "/out/results.json");  // a folder where a file goes
  expect_refused(run_hippo({"run", "s.yaml", "--out", "out", "--quiet"}, dir),
                 "hippo: out/results.json: --out: expected a new path or a regular file to replace, got a folder", "run");
  fs::create_directories(dir + "/cmp/report.html");
  expect_refused(run_hippo({"compare", "s.yaml", "default", "--out", "cmp"}, dir),
                 "hippo: cmp/report.html: --out: expected a new path or a regular file to replace, got a folder", "compare");
  test::write_file(dir, "file", "x");
  expect_refused(run_hippo({"run", "s.yaml", "--out", "file", "--quiet"}, dir),
                 "hippo: file: --out: expected a folder (or a new path) for the output files, got a regular file", "run");
  // The scenario is inside the output folder under an output's name: refused, not overwritten.
  fs::create_directories(dir + "/same");
  test::write_file(dir + "/same", "results.json", kScenario);
  fs::rename(dir + "/same/results.json", dir + "/same/monthly.csv");
  expect_refused(run_hippo({"run", "same/monthly.csv", "--out", "same", "--quiet"}, dir),
                 "hippo: same/monthly.csv: --out: is also an input of this command (same/monthly.csv); write somewhere else",
                 "run");
  EXPECT_EQ(test::read_file(dir + "/same/monthly.csv"), kScenario);
}

// A set is replaced as a set, and no temporary folder stays behind.
TEST(OutputPaths, RunReplacesItsSetAndLeavesNoTemporaryFolder) {
  const std::string dir = test::temp_dir();
  ASSERT_EQ(run_hippo({"run", "default", "--out", "a/b", "--quiet"}, dir).status, 0);
  ASSERT_EQ(run_hippo({"run", "default", "--out", "a/b", "--quiet"}, dir).status, 0);
  std::vector<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) names.push_back(fs::relative(e.path(), dir).string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"a", "a/b", "a/b/monthly.csv", "a/b/report.html", "a/b/results.json",
                                              "a/b/results.xlsx"}));
}

}  // namespace
}  // namespace hippo
