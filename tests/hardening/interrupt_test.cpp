// Ctrl-C stops long work cleanly: `hippo simulate` of a billion requests, interrupted once it is
// busy, exits with status 130 and one line, prints no partial JSON, and leaves no file behind.
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "support/run_cli.hpp"

namespace hippo {
namespace {

namespace fs = std::filesystem;

// CPU seconds the process has used (utime + stime of /proc/PID/stat); -1 when it is gone.
double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return -1;
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));  // after "pid (comm) "
  std::string f;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) utime = std::stol(f);
    if (i == 15) stime = std::stol(f);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

TEST(Interrupt, SimulateStopsCleanlyOnSigint) {
  const test::Child child = test::spawn_hippo(
      {"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--rate", "10", "--requests", "1000000000", "--json"});

  // Busy, not merely started: half a second of CPU is far past start-up and into the simulation
  // (measured in CPU time, so a loaded machine only makes the test slower, never wrong).
  while (cpu_seconds(child.pid) >= 0 && cpu_seconds(child.pid) < 0.5)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_EQ(kill(child.pid, SIGINT), 0);
  const test::CliResult r = test::wait_hippo(child);

  EXPECT_EQ(r.status, 130);
  EXPECT_EQ(r.err, "hippo: interrupted\n");
  EXPECT_EQ(r.out, "");  // no partial JSON
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(child.cwd)) left.push_back(e.path().filename().string());
  EXPECT_EQ(left, std::vector<std::string>{});  // no temporary files
}

}  // namespace
}  // namespace hippo
