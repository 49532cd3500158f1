#include <gtest/gtest.h>

#include <cmath>

#include "sim/workload.hpp"
#include "support/run_cli.hpp"

namespace hippo::sim {
namespace {

const std::string kConv = std::string(HIPPO_SOURCE_DIR) + "/data/traces/azure-2023-conv.csv";

SimConfig generated(Arrival a, double rate, std::int64_t n, double cv = 1) {
  SimConfig c;
  c.workload.arrival = a;
  c.workload.rate_req_s = rate;
  c.workload.cv = cv;
  c.requests = n;
  return c;
}

struct GapStats {
  double mean = 0, cv = 0;
  std::int64_t n = 0;
};

GapStats gaps(RequestSource& src) {
  Request r;
  double sum = 0, sum2 = 0;
  Nanoseconds last = -1;
  std::int64_t n = 0;
  while (src.next(r)) {
    if (last >= 0) {
      const double g = ns_to_seconds(r.arrival_ns - last);
      sum += g, sum2 += g * g, ++n;
    }
    last = r.arrival_ns;
  }
  const double mean = sum / n;
  return {mean, std::sqrt(sum2 / n - mean * mean) / mean, n + 1};
}

// Poisson: exponential gaps, mean 1/λ and cv 1. With 10⁵ gaps the standard error of the mean is
// 0.3 %, so 1.5 % is five standard errors.
TEST(Workload, PoissonGapsHaveMeanOneOverRateAndCvOne) {
  auto src = make_request_source(generated(Arrival::poisson, 20, 100'001));
  const auto g = gaps(*src);
  EXPECT_EQ(g.n, 100'001);
  EXPECT_NEAR(g.mean, 1.0 / 20, 0.015 / 20);
  EXPECT_NEAR(g.cv, 1.0, 0.02);
}

TEST(Workload, GammaGapsHaveTheRequestedCv) {
  auto src = make_request_source(generated(Arrival::gamma, 5, 100'001, 2.5));
  const auto g = gaps(*src);
  EXPECT_NEAR(g.mean, 0.2, 0.2 * 0.04);
  EXPECT_NEAR(g.cv, 2.5, 2.5 * 0.05);
}

TEST(Workload, ConstantGapsAreExact) {
  auto src = make_request_source(generated(Arrival::constant, 4, 9));
  Request r;
  for (int k = 0; k < 9; ++k) {
    ASSERT_TRUE(src->next(r));
    EXPECT_EQ(r.arrival_ns, 250'000'000LL * k);  // k / 4 s
  }
  EXPECT_FALSE(src->next(r));
}

// A profile with rate 2 in hour 0, 0 in hour 1 and 1 elsewhere (scaled to mean 1 beforehand): the
// arrivals of the first day fall 2:0:1 per hour.
TEST(Workload, HourlyProfileShapesTheRate) {
  SimConfig c = generated(Arrival::constant, 1, 0);
  c.duration_s = 3 * 3600;
  c.workload.hourly_profile.assign(24, 1.0);
  c.workload.hourly_profile[0] = 2;
  c.workload.hourly_profile[1] = 0;
  auto src = make_request_source(c);
  Request r;
  std::int64_t per_hour[3] = {0, 0, 0};
  while (src->next(r)) ++per_hour[r.arrival_ns / 3'600'000'000'000LL];
  EXPECT_EQ(per_hour[0], 7200);
  EXPECT_EQ(per_hour[1], 0);
  EXPECT_EQ(per_hour[2], 3600);
}

TEST(Workload, DurationStopsArrivals) {
  SimConfig c = generated(Arrival::constant, 10, 0);
  c.duration_s = 2.0;
  auto src = make_request_source(c);
  const auto g = gaps(*src);
  EXPECT_EQ(g.n, 20);  // t = 0, 0.1, …, 1.9
}

// Lognormal lengths with mean 800 and cv 1: sample mean within 2 % (standard error 0.3 % at 10⁵).
TEST(Workload, LognormalLengthsHaveTheRequestedMean) {
  LengthSampler s(parse_length_dist("lognormal:mean=800,cv=1", {}), 3, Stream::input_lengths);
  double sum = 0, sum2 = 0;
  const int n = 100'000;
  for (int k = 0; k < n; ++k) {
    const double x = s.draw();
    ASSERT_GE(x, 1);
    sum += x, sum2 += x * x;
  }
  const double mean = sum / n;
  EXPECT_NEAR(mean, 800, 16);
  EXPECT_NEAR(std::sqrt(sum2 / n - mean * mean) / mean, 1.0, 0.05);
}

TEST(Workload, UniformLengthsCoverTheRangeInclusive) {
  LengthSampler s(parse_length_dist("uniform:10,12", {}), 3, Stream::input_lengths);
  int seen[3] = {0, 0, 0};
  for (int k = 0; k < 3000; ++k) {
    const int x = s.draw();
    ASSERT_TRUE(x >= 10 && x <= 12);
    ++seen[x - 10];
  }
  for (int v : seen) EXPECT_GT(v, 900);
}

// The conversation trace's prompts have mean 1,155 tokens (data/traces/README.md).
TEST(Workload, TraceLengthsFollowTheTraceColumn) {
  LengthSampler s(parse_length_dist("trace:" + kConv + ",input", {}), 3, Stream::input_lengths);
  double sum = 0;
  for (int k = 0; k < 100'000; ++k) sum += s.draw();
  EXPECT_NEAR(sum / 100'000, 1155, 1155 * 0.03);
}

TEST(Workload, TraceReplayReadsEveryRow) {
  SimConfig c;
  c.workload.trace_path = kConv;
  auto src = make_request_source(c);
  Request r;
  std::int64_t n = 0;
  Nanoseconds last = 0;
  while (src->next(r)) ++n, last = r.arrival_ns;
  EXPECT_EQ(n, 19'366);
  EXPECT_GT(last, seconds_to_ns(3500));
}

TEST(Workload, MalformedTraceLineNamesFileAndLine) {
  const std::string dir = test::temp_dir();
  const std::string path = test::write_file(dir, "bad.csv", "arrival_s,input_tokens,output_tokens\n0,10,5\n0.5,abc,5\n");
  TraceReader t(path);
  Request r;
  ASSERT_TRUE(t.next(r));
  try {
    t.next(r);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().file, path);
    EXPECT_EQ(e.where().line, 3);
  }
}

TEST(Workload, TraceMustBeInArrivalOrderAndHaveTheHeader) {
  const std::string dir = test::temp_dir();
  const std::string unordered = test::write_file(dir, "u.csv", "arrival_s,input_tokens,output_tokens\n1,10,5\n0.5,10,5\n");
  TraceReader t(unordered);
  Request r;
  ASSERT_TRUE(t.next(r));
  EXPECT_THROW(t.next(r), InputError);
  const std::string headless = test::write_file(dir, "h.csv", "0,10,5\n");
  EXPECT_THROW(TraceReader{headless}, InputError);
}

}  // namespace
}  // namespace hippo::sim
