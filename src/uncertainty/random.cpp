// Counter-based random numbers and inverse-CDF sampling of the scenario distributions.
//
// A sample's numbers come from SplitMix64 (Steele, Lea, Flood 2014) started at a key mixed from
// (seed, sample index): the j-th number is the finaliser applied to key + (j+1)·γ, so any sample's
// draws are computed without stepping through the samples before it — the property that lets
// ranks take any share of the samples and still draw the same numbers.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <numbers>

#include "hippo/uncertainty.hpp"

namespace hippo::uncertainty {

namespace {

constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;     // SplitMix64's increment
constexpr std::uint64_t kIndexOdd = 0xd1b54a32d192ed03ULL;   // spreads consecutive indices apart

std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Inverse CDF of a normal truncated to [lo, hi] (in its own units): u maps onto [Φ(a), Φ(b)].
double truncated_normal(double mu, double sigma, double lo, double hi, double u) {
  const double pa = normal_cdf((lo - mu) / sigma), pb = normal_cdf((hi - mu) / sigma);
  if (!(pb > pa)) return std::clamp(mu, lo, hi);  // both bounds far in one tail: no mass between
  const double p = std::clamp(pa + u * (pb - pa), 1e-300, 1 - 1e-16);
  return std::clamp(mu + sigma * inverse_normal_cdf(p), lo, hi);
}

}  // namespace

Stream::Stream(std::uint64_t seed, std::uint64_t index) : key_(mix(mix(seed + kGolden) + index * kIndexOdd)) {}

double Stream::uniform(std::uint64_t draw) const {
  const std::uint64_t x = mix(key_ + (draw + 1) * kGolden);
  return (static_cast<double>(x >> 11) + 0.5) * 0x1.0p-53;  // the midpoints of 2^53 cells: never 0 or 1
}

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

double inverse_normal_cdf(double p) {
  assert(p > 0 && p < 1);
  // Acklam (2003): rational approximations in the central region and the two tails.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01,  -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  double x;
  if (p < kLow) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - kLow) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley step on Φ(x) − p brings the 1.15e-9 relative error of the approximation to rounding;
  // above the median it is taken as (1 − p) − Q(x), which keeps the upper tail's digits.
  const double e = p <= 0.5 ? normal_cdf(x) - p : (1 - p) - 0.5 * std::erfc(x / std::numbers::sqrt2);
  const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

double quantile(const Distribution& d, double u) {
  assert(u > 0 && u < 1 && d.low <= d.high);
  if (d.low == d.high) return d.low;
  switch (d.kind) {
    case Distribution::Kind::uniform:
      return d.low + u * (d.high - d.low);
    case Distribution::Kind::triangular: {
      // F(x) = (x−a)²/((b−a)(c−a)) below the mode c, 1 − (b−x)²/((b−a)(b−c)) above it.
      const double a = d.low, b = d.high, c = d.mode;
      const double fc = (c - a) / (b - a);
      if (u < fc) return a + std::sqrt(u * (b - a) * (c - a));
      return b - std::sqrt((1 - u) * (b - a) * (b - c));
    }
    case Distribution::Kind::normal:
      return truncated_normal(d.mode, d.sd, d.low, d.high, u);
    case Distribution::Kind::lognormal: {
      // Median m and coefficient of variation cv: ln X ~ N(ln m, σ²) with σ² = ln(1 + cv²).
      const double sigma = std::sqrt(std::log1p(d.cv * d.cv));
      return std::exp(truncated_normal(std::log(d.mode), sigma, std::log(d.low), std::log(d.high), u));
    }
  }
  assert(false);
  return d.mode;
}

}  // namespace hippo::uncertainty
