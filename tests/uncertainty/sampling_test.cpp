// Random streams, inverse-CDF sampling, the signed quantile sketch and work sharing.
#include <gtest/gtest.h>

#include <cmath>

#include "hippo/uncertainty.hpp"
#include "uncertainty/sketch.hpp"

namespace hippo::uncertainty {
namespace {

Distribution dist(Distribution::Kind k, double low, double mode, double high, double sd = 0, double cv = 0) {
  Distribution d;
  d.kind = k;
  d.low = low, d.mode = mode, d.high = high, d.sd = sd, d.cv = cv;
  return d;
}

TEST(Stream, DependsOnSeedIndexAndDrawOnly) {
  const Stream a(7, 123), b(7, 123), c(7, 124), d(8, 123);
  EXPECT_EQ(a.uniform(0), b.uniform(0));
  EXPECT_EQ(a.uniform(5), b.uniform(5));
  EXPECT_NE(a.uniform(0), a.uniform(1));
  EXPECT_NE(a.uniform(0), c.uniform(0));
  EXPECT_NE(a.uniform(0), d.uniform(0));
}

TEST(Stream, UniformHasMeanHalfAndVarianceOneTwelfth) {
  // 200,000 draws: the standard error of the mean is sqrt(1/12/2e5) = 6.5e-4.
  double sum = 0, sq = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double u = Stream(1, static_cast<std::uint64_t>(i)).uniform(0);
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sq += u * u;
  }
  EXPECT_NEAR(sum / n, 0.5, 0.003);
  EXPECT_NEAR(sq / n - (sum / n) * (sum / n), 1.0 / 12, 0.002);
}

TEST(Normal, InverseCdfMatchesKnownQuantiles) {
  EXPECT_NEAR(inverse_normal_cdf(0.975), 1.959963984540054, 1e-13);
  EXPECT_NEAR(inverse_normal_cdf(0.5), 0.0, 1e-15);
  EXPECT_NEAR(inverse_normal_cdf(0.001), -3.090232306167813, 1e-12);
  EXPECT_NEAR(inverse_normal_cdf(1e-10), -6.361340902404056, 1e-12);
  EXPECT_NEAR(inverse_normal_cdf(0.999), 3.090232306167813, 1e-12);
  EXPECT_NEAR(normal_cdf(inverse_normal_cdf(0.3)), 0.3, 1e-15);
}

TEST(Quantile, TriangularInverseCdf) {
  // a=0, c=1, b=3: F(c) = 1/3. Below: x = sqrt(u·3·1): u=1/12 → 0.5. Above: x = 3 − sqrt((1−u)·3·2):
  // u=0.75 → 3 − sqrt(1.5) = 1.7752551286084110.
  const auto d = dist(Distribution::Kind::triangular, 0, 1, 3);
  EXPECT_DOUBLE_EQ(quantile(d, 1.0 / 12), 0.5);
  EXPECT_NEAR(quantile(d, 0.75), 1.7752551286084110, 1e-15);
  EXPECT_NEAR(quantile(d, 1.0 / 3), 1.0, 1e-15);
}

TEST(Quantile, UniformNormalLognormal) {
  EXPECT_DOUBLE_EQ(quantile(dist(Distribution::Kind::uniform, 2, 4, 6), 0.25), 3.0);
  // Normal(10, 2) truncated to [6, 14] (±2σ): symmetric, so u = 0.5 gives the mean; the quarter
  // point is 10 + 2·Φ⁻¹(Φ(−2) + 0.25·(Φ(2) − Φ(−2))) = 10 + 2·Φ⁻¹(0.261375) = 8.72178.
  const auto n = dist(Distribution::Kind::normal, 6, 10, 14, 2);
  EXPECT_NEAR(quantile(n, 0.5), 10.0, 1e-12);
  const double pa = normal_cdf(-2), pb = normal_cdf(2);
  EXPECT_NEAR(quantile(n, 0.25), 10 + 2 * inverse_normal_cdf(pa + 0.25 * (pb - pa)), 1e-12);
  EXPECT_NEAR(quantile(n, 0.25), 8.72178, 1e-5);
  // Lognormal: median 100 (the value), cv 0.5, bounds far out: u = 0.5 gives the median; u = Φ(1)
  // gives 100·exp(σ) with σ = sqrt(ln 1.25) = 0.4723807270.
  const auto l = dist(Distribution::Kind::lognormal, 1, 100, 1e6, 0, 0.5);
  EXPECT_NEAR(quantile(l, 0.5), 100.0, 1e-9);
  EXPECT_NEAR(quantile(l, normal_cdf(1)), 100 * std::exp(0.4723807270), 1e-6);
  // Truncation: never outside [low, high].
  const auto tight = dist(Distribution::Kind::lognormal, 90, 100, 105, 0, 0.5);
  for (double u : {1e-9, 0.1, 0.9, 1 - 1e-9}) {
    EXPECT_GE(quantile(tight, u), 90.0);
    EXPECT_LE(quantile(tight, u), 105.0);
  }
}

TEST(Quantile, DegenerateIsTheValue) {
  for (auto k : {Distribution::Kind::triangular, Distribution::Kind::uniform, Distribution::Kind::normal,
                 Distribution::Kind::lognormal})
    EXPECT_EQ(quantile(dist(k, 0.07, 0.07, 0.07, 1, 1), 0.3), 0.07);
}

TEST(Quantile, TriangularSampleMeanIsAPlusBPlusCOverThree) {
  // mean = (0 + 1 + 3)/3 = 4/3; sd = sqrt((0+1+9−0−0−3)/18) = 0.6236; 100,000 draws: s.e. 0.002.
  const auto d = dist(Distribution::Kind::triangular, 0, 1, 3);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) sum += quantile(d, Stream(42, static_cast<std::uint64_t>(i)).uniform(0));
  EXPECT_NEAR(sum / 100000, 4.0 / 3, 0.01);
}

TEST(Sketch, QuantilesWithinRelativeAccuracyForSignedValues) {
  SignedSketch s(0.001);
  for (int v = -500; v <= 1500; ++v) s.add(v * 1000.0);  // 2,001 values, rank k ↦ (k − 500)·1000
  EXPECT_EQ(s.count(), 2001);
  EXPECT_EQ(s.quantile(0), -500000.0);
  EXPECT_EQ(s.quantile(1), 1500000.0);
  // rank ⌊0.5·2000⌋ = 1000 → 500,000; rank 200 → −300,000; rank 1800 → 1,300,000.
  EXPECT_NEAR(s.quantile(0.5), 500000.0, 500.0);
  EXPECT_NEAR(s.quantile(0.1), -300000.0, 300.0);
  EXPECT_NEAR(s.quantile(0.9), 1300000.0, 1300.0);
}

TEST(Sketch, MergeAndRoundTripAreExact) {
  SignedSketch a(0.001), b(0.001), all(0.001);
  for (int i = 0; i < 1000; ++i) {
    const double v = std::sin(i) * 1e9;
    (i % 3 ? a : b).add(v);
    all.add(v);
  }
  a.merge(b);
  std::vector<double> flat_a, flat_all;
  a.append_to(flat_a);
  all.append_to(flat_all);
  EXPECT_EQ(flat_a, flat_all);
  std::size_t pos = 0;
  const SignedSketch back = SignedSketch::read_from(flat_a, pos, 0.001);
  EXPECT_EQ(pos, flat_a.size());
  for (double q : {0.0, 0.1, 0.5, 0.9, 1.0}) EXPECT_EQ(back.quantile(q), all.quantile(q));
}

TEST(Share, WholeBlocksCoverEveryItemOnce) {
  // 10 items in blocks of 3 → blocks {0..2},{3..5},{6..8},{9}; 3 ranks take 1, 1 and 2 blocks.
  EXPECT_EQ(share(10, 0, 3, 3).begin, 0);
  EXPECT_EQ(share(10, 0, 3, 3).end, 3);
  EXPECT_EQ(share(10, 1, 3, 3).end, 6);
  EXPECT_EQ(share(10, 2, 3, 3).end, 10);
  // More ranks than items: some ranks get nothing.
  std::int64_t covered = 0;
  for (int r = 0; r < 7; ++r) covered += share(3, r, 7).end - share(3, r, 7).begin;
  EXPECT_EQ(covered, 3);
}

}  // namespace
}  // namespace hippo::uncertainty
