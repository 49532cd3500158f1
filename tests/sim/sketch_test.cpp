#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "hippo/simulate.hpp"
#include "sim/random.hpp"

namespace hippo::sim {
namespace {

std::vector<double> lognormal_sample(int n, std::uint64_t seed) {
  Rng rng(seed, Stream::arrivals);
  std::vector<double> v;
  for (int k = 0; k < n; ++k) v.push_back(std::exp(-3 + 2 * rng.normal()));  // spans ~6 decades
  return v;
}

// The sketch returns, for quantile q, a value within 1 % of the exact element of rank ⌊q·(n−1)⌋.
TEST(QuantileSketch, QuantilesWithinOnePercentOfExact) {
  auto v = lognormal_sample(200'000, 7);
  QuantileSketch s;
  for (double x : v) s.add(x);
  std::sort(v.begin(), v.end());
  for (double q : {0.0, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999, 1.0}) {
    const double exact = v[static_cast<std::size_t>(q * (v.size() - 1))];
    EXPECT_NEAR(s.quantile(q), exact, 0.01 * exact) << "q=" << q;
    EXPECT_NEAR(s.quantile(q), exact, s.relative_accuracy() * exact * 1.000001) << "q=" << q;
  }
  EXPECT_EQ(s.count(), 200'000);
}

TEST(QuantileSketch, MergeEqualsSketchOfTheUnion) {
  const auto a = lognormal_sample(50'000, 1), b = lognormal_sample(70'000, 2);
  QuantileSketch sa, sb, all;
  for (double x : a) sa.add(x), all.add(x);
  for (double x : b) sb.add(x), all.add(x);
  sa.merge(sb);
  EXPECT_EQ(sa.count(), all.count());
  for (double q : {0.0, 0.25, 0.5, 0.75, 0.99, 1.0}) EXPECT_EQ(sa.quantile(q), all.quantile(q)) << "q=" << q;
  EXPECT_NEAR(sa.mean(), all.mean(), 1e-12 * all.mean());
}

TEST(QuantileSketch, ZerosAndEmpty) {
  QuantileSketch s;
  EXPECT_EQ(s.quantile(0.5), 0);
  s.add(0);
  s.add(0);
  s.add(1.0);
  EXPECT_EQ(s.quantile(0.5), 0);   // rank ⌊0.5·2⌋ = 1: a zero
  EXPECT_NEAR(s.quantile(1.0), 1.0, 0.005);
  EXPECT_DOUBLE_EQ(s.mean(), 1.0 / 3);
}

// The latency sketch reports the shared sketch's bucket values: 1 s lies in bucket 0, (1/γ, 1],
// reported as 2/(γ+1) = 1 − α = 0.995 (α = 0.005), not clamped to the maximum 1.
TEST(QuantileSketch, ReportsBucketValuesWhereTheSharedSketchClamps) {
  QuantileSketch latency;
  DDSketch shared(0.005);
  latency.add(1.0);
  shared.add(1.0);
  EXPECT_DOUBLE_EQ(latency.quantile(1.0), 0.995);
  EXPECT_DOUBLE_EQ(shared.bucket_quantile(1.0), 0.995);
  EXPECT_EQ(shared.quantile(1.0), 1.0);  // clamped to the exact max
  EXPECT_EQ(shared.quantile(0.0), 1.0);  // and min
  // Below 1e-12 a value counts as zero; a sub-nanosecond one (a TPOT of 1 ns over 2 tokens) does not.
  latency.add(0.5e-9);
  latency.add(1e-13);
  EXPECT_EQ(latency.quantile(0.0), 0.0);
  EXPECT_NEAR(latency.quantile(0.5), 0.5e-9, 0.005 * 0.5e-9);
  EXPECT_EQ(latency.count(), 3);
}

}  // namespace
}  // namespace hippo::sim
