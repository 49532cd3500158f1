#include "econ/day_shape.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace hippo::econ {

double DayShape::lost_share(double fraction_of_peak) const {
  if (fraction_of_peak >= 1) return 0;
  const double cap = std::max(0.0, fraction_of_peak) * peak;
  double lost = 0;
  for (double r : rate) lost += std::max(0.0, r - cap);
  return lost / 24.0;  // the rates sum to 24
}

namespace {
// max(0, cos θ_h − c) for the 24 hours, normalised to mean 1; returns its peak over mean.
double cosine_day(double c, std::array<double, 24>& out) {
  double sum = 0;
  for (int h = 0; h < 24; ++h) {
    out[h] = std::max(0.0, std::cos(2 * std::numbers::pi * h / 24.0) - c);
    sum += out[h];
  }
  for (auto& r : out) r *= 24.0 / sum;
  return out[0];  // cos is largest at h = 0
}
}  // namespace

DayShape day_shape(const Scenario& s) {
  DayShape d;
  if (s.workload.hourly_profile.size() == 24) {
    std::copy(s.workload.hourly_profile.begin(), s.workload.hourly_profile.end(), d.rate.begin());
    d.peak = *std::max_element(d.rate.begin(), d.rate.end());
    return d;
  }
  const double p = s.demand.peak_to_mean;
  if (p <= 1) {
    d.rate.fill(1.0);
    d.peak = 1;
  } else if (p <= 2) {
    // 1 + (p−1)·cos θ: never below zero, so the mean is exactly 1 and the peak exactly p.
    d.peak = cosine_day(-1.0 / (p - 1), d.rate);
  } else {
    // Clip a cosine higher up until the peak over mean reaches p (monotone in c): bisection.
    double lo = -1, hi = std::cos(2 * std::numbers::pi / 24.0);  // at hi only hour 0 is left: peak 24
    for (int it = 0; it < 60; ++it) {
      const double mid = 0.5 * (lo + hi);
      (cosine_day(mid, d.rate) < p ? lo : hi) = mid;
    }
    d.peak = cosine_day(lo, d.rate);
  }
  return d;
}

}  // namespace hippo::econ
