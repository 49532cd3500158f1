// Latency sketches: the shared DDSketch (src/util/ddsketch.cpp) with the sum for the mean.
#include <cassert>
#include <cmath>

#include "hippo/simulate.hpp"

namespace hippo::sim {

void QuantileSketch::add(double v) {
  assert(v >= 0 && std::isfinite(v));
  sketch_.add(v);
  sum_ += v;
}

void QuantileSketch::merge(const QuantileSketch& o) {
  sketch_.merge(o.sketch_);
  sum_ += o.sum_;
}

LatencySummary summarize(const QuantileSketch& s) {
  return {s.mean(), s.quantile(0.5), s.quantile(0.9), s.quantile(0.99)};
}

}  // namespace hippo::sim
