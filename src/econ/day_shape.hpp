// The shape of one day's traffic, for the demand a fleet smaller than the peak cannot serve.
#pragma once
#include <array>

#include "hippo/scenario.hpp"

namespace hippo::econ {

// 24 hourly rates relative to the day's mean (mean 1).
struct DayShape {
  std::array<double, 24> rate{};
  double peak = 1;  // the largest hourly rate: the peak-to-mean the fleet is sized for

  // Share of the day's requests above a capacity of `fraction_of_peak` × the peak rate.
  double lost_share(double fraction_of_peak) const;
};

// The scenario's workload.hourly_profile when it has one; otherwise a cosine day, clipped at zero,
// whose peak over mean is demand.peak_to_mean (at most 24, one busy hour).
DayShape day_shape(const Scenario& s);

}  // namespace hippo::econ
