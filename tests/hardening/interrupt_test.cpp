// Ctrl-C stops long work cleanly: `hippo simulate` of a billion requests, interrupted once it is
// busy, exits with status 130 and one line, prints no partial JSON, and leaves no file behind.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "support/run_cli.hpp"

namespace hippo {
namespace {

namespace fs = std::filesystem;

TEST(Interrupt, SimulateStopsCleanlyOnSigint) {
  const test::Child child = test::spawn_hippo(
      {"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--rate", "10", "--requests", "1000000000", "--json"});

  // Busy, not merely started: half a second of CPU is far past start-up and into the simulation
  // (measured in CPU time, so a loaded machine only makes the test slower, never wrong).
  while (test::cpu_seconds(child.pid) >= 0 && test::cpu_seconds(child.pid) < 0.5)
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
