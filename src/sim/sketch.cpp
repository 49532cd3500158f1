// DDSketch-style quantile sketch (Masson, Rim, Lee, VLDB 2019), written for hippo: value v > 0
// goes to bucket i = ⌈log_γ v⌉ with γ = (1+α)/(1−α); bucket i covers (γ^(i−1), γ^i] and is
// reported as 2γ^i/(γ+1), within relative error α of every value in it. Two sketches with the
// same α merge by adding counts, so ranks of a simulation sharded over processes add up exactly.
#include <algorithm>
#include <cassert>
#include <cmath>

#include "hippo/simulate.hpp"

namespace hippo::sim {

namespace {
constexpr double kZeroBelow = 1e-9;  // one nanosecond, in seconds: smaller values count as zero
}

QuantileSketch::QuantileSketch(double relative_accuracy)
    : alpha_(relative_accuracy),
      gamma_((1 + relative_accuracy) / (1 - relative_accuracy)),
      inv_log_gamma_(1.0 / std::log((1 + relative_accuracy) / (1 - relative_accuracy))) {
  assert(relative_accuracy > 0 && relative_accuracy < 1);
}

int QuantileSketch::index_of(double v) const {
  const double x = std::log(v) * inv_log_gamma_;
  const int i = static_cast<int>(x);  // ⌈x⌉ without a libm call: truncate, then step up
  return i + (x > i);
}

void QuantileSketch::add(double v) {
  assert(v >= 0 && std::isfinite(v));
  ++count_;
  sum_ += v;
  if (v < kZeroBelow) {
    ++zeros_;
    return;
  }
  const int i = index_of(v);
  if (counts_.empty()) {
    offset_ = i;
    counts_.assign(1, 0);
  } else if (i < offset_) {
    counts_.insert(counts_.begin(), static_cast<std::size_t>(offset_ - i), 0);
    offset_ = i;
  } else if (i - offset_ >= static_cast<int>(counts_.size())) {
    counts_.resize(static_cast<std::size_t>(i - offset_ + 1), 0);
  }
  ++counts_[static_cast<std::size_t>(i - offset_)];
}

void QuantileSketch::merge(const QuantileSketch& o) {
  assert(o.alpha_ == alpha_);
  if (!o.counts_.empty()) {
    if (counts_.empty()) {
      counts_ = o.counts_;
      offset_ = o.offset_;
    } else {
      const int lo = std::min(offset_, o.offset_);
      const int hi = std::max(offset_ + static_cast<int>(counts_.size()), o.offset_ + static_cast<int>(o.counts_.size()));
      std::vector<std::int64_t> merged(static_cast<std::size_t>(hi - lo), 0);
      for (std::size_t k = 0; k < counts_.size(); ++k) merged[k + static_cast<std::size_t>(offset_ - lo)] += counts_[k];
      for (std::size_t k = 0; k < o.counts_.size(); ++k) merged[k + static_cast<std::size_t>(o.offset_ - lo)] += o.counts_[k];
      counts_.swap(merged);
      offset_ = lo;
    }
  }
  count_ += o.count_;
  zeros_ += o.zeros_;
  sum_ += o.sum_;
}

double QuantileSketch::quantile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  // The element of rank ⌊q·(n−1)⌋ (0-based), as the lower quantile of the sorted values.
  const auto rank = static_cast<std::int64_t>(q * static_cast<double>(count_ - 1));
  if (rank < zeros_) return 0;
  std::int64_t seen = zeros_;
  for (std::size_t k = 0; k < counts_.size(); ++k) {
    seen += counts_[k];
    if (seen > rank) return 2 * std::pow(gamma_, offset_ + static_cast<int>(k)) / (gamma_ + 1);
  }
  assert(false && "ranks add up to the count");
  return 0;
}

LatencySummary summarize(const QuantileSketch& s) {
  return {s.mean(), s.quantile(0.5), s.quantile(0.9), s.quantile(0.99)};
}

}  // namespace hippo::sim
