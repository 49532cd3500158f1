// The size limits of issue 9: huge inputs stream in bounded memory or are refused up front with the
// estimate and the limit; Ctrl-C stops long work cleanly, leaving no file behind.
//
// Memory is compared as peak resident memory (wait_hippo's max_rss_kb) of a large run against a
// run 10 to 100 times smaller: "bounded" means within 10 %, where anything held per point or per
// request would show as many megabytes. The slow tier (built with HIPPO_SLOW_TIER, label `slow`)
// holds the runs that take tens of seconds.
#include <gtest/gtest.h>
#include <signal.h>

#include <charconv>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/run_cli.hpp"

namespace hippo {
namespace {

namespace fs = std::filesystem;

// "0.000,0.001,…": `count` fractions in steps of 0.001 (from `first` thousandths).
std::string fractions(int count, int first = 0) {
  std::string s;
  for (int i = first; i < first + count; ++i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%d.%03d", i / 1000, i % 1000);
    s += (s.empty() ? "" : ",") + std::string(buf);
  }
  return s;
}

// A sweep of rows × 1,000 points.
std::vector<std::string> sweep_args(int rows) {
  return {"sweep", "default", "--set", "fleet.headroom=" + fractions(rows), "--set",
          "fleet.server_capex_fraction=" + fractions(1000, 100)};
}

std::vector<std::string> with(std::vector<std::string> args, std::initializer_list<std::string> more) {
  args.insert(args.end(), more);
  return args;
}

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  return names;
}

// Runs two commands side by side, each in its own folder (empty: a fresh one). Both are started
// before either's output is read: a child's peak memory as the kernel reports it includes the
// memory of the test process that started it (posix_spawn shares it until exec), so the test
// process must still be small when it starts a child whose peak it compares.
std::pair<test::CliResult, test::CliResult> run_side_by_side(const std::vector<std::string>& a, const std::vector<std::string>& b,
                                                             const std::string& dir_a = "", const std::string& dir_b = "") {
  const test::Child first = test::spawn_hippo(a, dir_a), second = test::spawn_hippo(b, dir_b);
  test::CliResult ra = test::wait_hippo(first);
  return {std::move(ra), test::wait_hippo(second)};
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMemoryIsMeasurable = false;  // ASan's quarantine keeps freed memory resident (up to 256 MB)
#else
constexpr bool kMemoryIsMeasurable = true;
#endif

// Peak memory is compared in the ordinary build only; the sanitizer stage still checks the rest.
void expect_within_10_percent(long small_kb, long large_kb) {
  if (!kMemoryIsMeasurable) return;
  EXPECT_LT(static_cast<double>(large_kb), 1.1 * static_cast<double>(small_kb)) << small_kb << " KB vs " << large_kb << " KB";
}

// Sends SIGINT once the child has used `cpu_s` seconds of CPU (busy, not merely started; CPU time,
// so that a loaded machine only makes the test slower), and waits for it.
test::CliResult interrupt_after(const test::Child& child, double cpu_s) {
  test::wait_until_busy(child.pid, cpu_s);
  kill(child.pid, SIGINT);
  return test::wait_hippo(child);
}

// A trace of `requests` requests, one every 10 ms, of 100 prompt and 20 output tokens: a load a
// single 8B replica serves with a short queue, so the simulator's own memory stays flat.
void write_trace(const std::string& path, std::int64_t requests) {
  std::ofstream out(path, std::ios::binary);
  out << "arrival_s,input_tokens,output_tokens\n";
  std::string chunk;
  char num[24];
  for (std::int64_t i = 0; i < requests; ++i) {
    chunk.append(num, std::to_chars(num, num + sizeof num, i / 100).ptr);
    chunk += '.';
    chunk += static_cast<char>('0' + i / 10 % 10);
    chunk += static_cast<char>('0' + i % 10);
    chunk += ",100,20\n";
    if (chunk.size() > (1 << 20)) {
      out << chunk;
      chunk.clear();
    }
  }
  out << chunk;
}

// Requests that make a trace of just over 1 GB (lines "SSSSSS.CC,100,20\n" of up to 17 bytes).
constexpr std::int64_t kGigabyteTraceRequests = 60'000'000;

std::vector<std::string> simulate_trace(const std::string& trace) {
  return {"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--trace", trace, "--json"};
}

#ifndef HIPPO_SLOW_TIER

TEST(Limits, SweepMemoryDoesNotGrowWithTheGrid) {
  // 10⁴ points are a block of 8,192 and a partial one; 2 × 10⁵ points are 25 blocks.
  const auto [small, large] = run_side_by_side(with(sweep_args(10), {"--json"}), with(sweep_args(200), {"--json"}));
  ASSERT_EQ(small.status, 0) << small.err;
  ASSERT_EQ(large.status, 0) << large.err;
  EXPECT_EQ(std::count(large.out.begin(), large.out.end(), '{'), 2 * 200'000 + 1);  // a point and its inputs
  expect_within_10_percent(small.max_rss_kb, large.max_rss_kb);
}

TEST(Limits, SweepOverTenMillionPointsIsRefusedUpFront) {
  const auto r = test::run_hippo({"sweep", "default", "--set", "fleet.headroom=" + fractions(4000), "--set",
                                  "fleet.server_capex_fraction=" + fractions(4000)});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "hippo: --set: the grid has 16000000 points; at most 10,000,000\n");
  EXPECT_EQ(r.out, "");
}

TEST(Limits, SweepWhoseOutputWouldExceedFourGigabytesIsRefusedUpFront) {
  // 10⁷ points (under the point limit) with more keys: up to 448 bytes of JSON a point.
  std::vector<std::string> args = with(sweep_args(1000), {"--set", "demand.growth_monthly=" + fractions(10, 40)});
  for (const char* one : {"demand.api_growth_monthly=0.0123456789", "revenue.subscription_price_month=20.123456789",
                          "fleet.gpu_price=30000.123456789", "demand.users_start=2000000"})
    args.insert(args.end(), {"--set", one});
  const std::string dir = test::temp_dir();
  const auto r = test::run_hippo(with(args, {"--db", dir + "/s.db"}), dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "hippo: --set: the sweep's output would be up to 4.5 GB (10000000 points of up to 448 bytes of JSON); at most 4 GB\n");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(files_in(dir), std::vector<std::string>{});
  fs::remove_all(dir);
}

TEST(Limits, SweepInterruptedPrintsNothingAndLeavesNoFile) {
  // TMPDIR is the test's folder, so the spooled output would show there too.
  const std::string dir = test::temp_dir();
  setenv("TMPDIR", dir.c_str(), 1);
  const test::Child child = test::spawn_hippo(with(sweep_args(1000), {"--json", "--db", dir + "/s.db"}), dir);
  unsetenv("TMPDIR");
  const test::CliResult r = interrupt_after(child, 1.0);
  EXPECT_EQ(r.status, 130);
  EXPECT_EQ(r.err, "hippo: interrupted\n");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(files_in(dir), std::vector<std::string>{});  // no database, no temporary file
  fs::remove_all(dir);
}

TEST(Limits, FirstRequestsOfAGigabyteTraceNeedNoMoreMemoryThanATinyTrace) {
  const std::string dir = test::temp_dir();
  write_trace(dir + "/tiny.csv", 100'000);
  write_trace(dir + "/huge.csv", kGigabyteTraceRequests);
  ASSERT_GE(fs::file_size(dir + "/huge.csv"), 1'000'000'000u);
  const auto [tiny, huge] = run_side_by_side(simulate_trace(dir + "/tiny.csv"),
                                             with(simulate_trace(dir + "/huge.csv"), {"--requests", "100000"}));
  ASSERT_EQ(tiny.status, 0) << tiny.err;
  ASSERT_EQ(huge.status, 0) << huge.err;
  EXPECT_EQ(huge.out.substr(0, huge.out.find("\"wall_s\"")), tiny.out.substr(0, tiny.out.find("\"wall_s\"")));
  expect_within_10_percent(tiny.max_rss_kb, huge.max_rss_kb);
  fs::remove_all(dir);
}

TEST(Limits, TraceThatIsOneHugeLineIsRefusedWithoutHoldingIt) {
  // 64 MB without a newline: refused at byte 1,025 of its first line, never read whole.
  const std::string dir = test::temp_dir();
  write_trace(dir + "/tiny.csv", 1'000);
  {
    std::ofstream out(dir + "/blob.csv", std::ios::binary);
    const std::string mb(1 << 20, '7');
    for (int i = 0; i < 64; ++i) out << mb;
  }
  const auto [tiny, blob] = run_side_by_side(simulate_trace(dir + "/tiny.csv"), simulate_trace(dir + "/blob.csv"));
  ASSERT_EQ(tiny.status, 0) << tiny.err;
  EXPECT_EQ(blob.status, 2);
  EXPECT_EQ(blob.err, "hippo: " + dir +
                          "/blob.csv:1: trace: expected a line of at most 1024 bytes "
                          "(arrival_s,input_tokens,output_tokens), got a longer one\n");
  EXPECT_EQ(blob.out, "");
  expect_within_10_percent(tiny.max_rss_kb, blob.max_rss_kb);
  fs::remove_all(dir);
}

TEST(Limits, BillionRequestSimulationStreams) {
  // Peak memory after half a second and after three seconds of CPU (millions of requests apart).
  const std::vector<std::string> args = {"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--rate", "10",
                                         "--requests", "1000000000", "--json"};
  const test::CliResult early = interrupt_after(test::spawn_hippo(args), 0.5);
  const test::CliResult late = interrupt_after(test::spawn_hippo(args), 3.0);
  EXPECT_EQ(early.status, 130);
  EXPECT_EQ(late.status, 130);
  EXPECT_EQ(late.out, "");
  expect_within_10_percent(early.max_rss_kb, late.max_rss_kb);
}

#else  // the slow tier

TEST(LimitsSlow, MillionPointSweepMemoryIsThatOfAHundredThousandPointSweep) {
  // With --db, SQLite's page cache (2 MB) fills up within the first 10⁵ points, then stays.
  const std::string dir_small = test::temp_dir(), dir_large = test::temp_dir();
  const auto [small, large] = run_side_by_side(with(sweep_args(100), {"--json", "--db", dir_small + "/s.db"}),
                                               with(sweep_args(1000), {"--json", "--db", dir_large + "/s.db"}), dir_small, dir_large);
  ASSERT_EQ(small.status, 0) << small.err;
  ASSERT_EQ(large.status, 0) << large.err;
  EXPECT_EQ(std::count(large.out.begin(), large.out.end(), '{'), 2 * 1'000'000 + 1);
  expect_within_10_percent(small.max_rss_kb, large.max_rss_kb);
  fs::remove_all(dir_small);
  fs::remove_all(dir_large);
}

TEST(LimitsSlow, WholeGigabyteTraceNeedsNoMoreMemoryThanATinyTrace) {
  const std::string dir = test::temp_dir();
  write_trace(dir + "/tiny.csv", 100'000);
  write_trace(dir + "/huge.csv", kGigabyteTraceRequests);
  const auto [tiny, huge] = run_side_by_side(simulate_trace(dir + "/tiny.csv"), simulate_trace(dir + "/huge.csv"));
  ASSERT_EQ(tiny.status, 0) << tiny.err;
  ASSERT_EQ(huge.status, 0) << huge.err;
  EXPECT_EQ(nlohmann::json::parse(huge.out)["requests_completed"], kGigabyteTraceRequests);
  expect_within_10_percent(tiny.max_rss_kb, huge.max_rss_kb);
  fs::remove_all(dir);
}

#endif

}  // namespace
}  // namespace hippo
