// Numeric guards: inputs that would make hippo print a NaN, an infinity or a number of no meaning
// are refused with exit 2 and one line naming the input. Each test states the command that used
// to fail and what it printed then.
#include <gtest/gtest.h>

#include <algorithm>

#include "support/run_cli.hpp"

namespace hippo {
namespace {

using test::run_hippo;

// One line on stderr that starts with `prefix`, exit 2, nothing on stdout.
void expect_refused(const test::CliResult& r, const std::string& prefix) {
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_EQ(r.err.rfind(prefix, 0), 0u) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.out, "");
}

// The simulator's clock is int64 nanoseconds (9.2e9 s). With --rate 1e-300 the second arrival
// lay near 1e300 s; the conversion overflowed (undefined) and `simulate` printed simulated_s 2.96
// and a mean TTFT of -6148914691 s, exit 0. Arrivals are now bounded by 1e9 s, checked up front
// (requests ÷ rate) and again per arrival, where a daily profile spreads them unevenly.
TEST(NumericGuards, SimulateRefusesArrivalsBeyondTheClock) {
  expect_refused(run_hippo({"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--rate", "1e-300",
                            "--requests", "3", "--json"}),
                 "hippo: --requests: 3 requests at 1e-300 req/s arrive over about 3e+300 s, beyond the simulator's "
                 "clock of 1e9 s (31.7 years); simulate fewer requests or raise the rate");
}

// --duration 1e300 overflowed the same clock; `simulate` printed 0 requests in 0 s, exit 0.
TEST(NumericGuards, SimulateRefusesDurationBeyondTheClock) {
  expect_refused(run_hippo({"simulate", "--model", "llama-3.1-8b", "--gpu", "h100-sxm", "--rate", "5", "--duration",
                            "1e300", "--json"}),
                 "hippo: --duration: expected at most 1e9 s (31.7 years, the simulator's clock)");
}

// A model that cannot serve one request within the SLOs: `hippo run` (throughput sizing) once
// gave a P&L for it, exit 0; the economics now refuse it, naming the SLO key (as `hippo plan` does).
TEST(NumericGuards, RunRefusesAnSloNoRequestCanMeet) {
  const std::string dir = test::temp_dir();
  test::write_file(dir, "ttft.yaml",
                   "service: {model: llama-3.1-8b, gpu: h100-sxm}\nslo: {ttft_p99_s: 1.0e-6, tpot_p99_s: 0.1}\n");
  test::write_file(dir, "tpot.yaml",
                   "service: {model: llama-3.1-8b, gpu: h100-sxm}\nslo: {ttft_p99_s: 2, tpot_p99_s: 1.0e-6}\n");
  expect_refused(run_hippo({"run", "ttft.yaml", "--json"}, dir),
                 "hippo: ttft.yaml:2: slo.ttft_p99_s: a lone request of 1000 prompt tokens takes ");
  expect_refused(run_hippo({"run", "tpot.yaml", "--json"}, dir),
                 "hippo: tpot.yaml:2: slo.tpot_p99_s: one decoding sequence takes ");
}

// Growth that compounds beyond any meaningful figure is refused, naming the key (econ guard).
TEST(NumericGuards, RunRefusesOverflowingApiGrowth) {
  const std::string dir = test::temp_dir();
  test::write_file(dir, "growth.yaml",
                   "horizon_months: 600\nservice: {tp: 4}\ndemand:\n  api_mtok_month_start: 1.0e12\n  api_growth_monthly: 10\n");
  const auto r = run_hippo({"run", "growth.yaml", "--json"}, dir);
  expect_refused(r, "hippo: growth.yaml:5: demand.api_growth_monthly: API tokens compound to inf Mtok/month by month 600");
}

// A deployment whose weights do not fit is refused with the shortfall and a fix, not sized to 0.
TEST(NumericGuards, RunRefusesAModelThatDoesNotFit) {
  const std::string dir = test::temp_dir();
  test::write_file(dir, "fit.yaml", "service:\n  model: llama-3.1-405b\n  gpu: a100-sxm-80g\n  tp: 1\n");
  const auto r = run_hippo({"run", "fit.yaml", "--json"}, dir);
  expect_refused(r, "hippo: fit.yaml:4: service.tp: llama-3.1-405b with bf16 weights needs ");
}

}  // namespace
}  // namespace hippo
