// Monte Carlo keeps its quantiles (NPV, IRR, cash by month) in the shared signed sketch:
// hippo/ddsketch.hpp (integer counts and exact extremes: merges are exact, one MPI message).
#pragma once
#include "hippo/ddsketch.hpp"

namespace hippo::uncertainty {

using SignedSketch = DDSketch;

}  // namespace hippo::uncertainty
