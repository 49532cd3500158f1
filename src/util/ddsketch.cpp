#include "hippo/ddsketch.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace hippo {

DDSketch::DDSketch(double alpha)
    : alpha_(alpha), gamma_((1 + alpha) / (1 - alpha)), inv_log_gamma_(1.0 / std::log((1 + alpha) / (1 - alpha))) {
  assert(alpha > 0 && alpha < 1);
}

double DDSketch::value_of(int i) const { return 2 * std::pow(gamma_, i) / (gamma_ + 1); }

void DDSketch::Store::grow_and_add(int i) {
  if (counts.empty()) {
    offset = i;
    counts.assign(1, 0);
  } else if (i < offset) {
    counts.insert(counts.begin(), static_cast<std::size_t>(offset - i), 0);
    offset = i;
  } else if (i - offset >= static_cast<int>(counts.size())) {
    counts.resize(static_cast<std::size_t>(i - offset + 1), 0);
  }
  ++counts[static_cast<std::size_t>(i - offset)];
}

void DDSketch::Store::merge(const Store& o) {
  if (o.counts.empty()) return;
  if (counts.empty()) {
    *this = o;
    return;
  }
  const int lo = std::min(offset, o.offset);
  const int hi = std::max(offset + static_cast<int>(counts.size()), o.offset + static_cast<int>(o.counts.size()));
  std::vector<std::int64_t> merged(static_cast<std::size_t>(hi - lo), 0);
  for (std::size_t k = 0; k < counts.size(); ++k) merged[k + static_cast<std::size_t>(offset - lo)] += counts[k];
  for (std::size_t k = 0; k < o.counts.size(); ++k) merged[k + static_cast<std::size_t>(o.offset - lo)] += o.counts[k];
  counts.swap(merged);
  offset = lo;
}

void DDSketch::merge(const DDSketch& o) {
  assert(o.alpha_ == alpha_);
  if (o.count_ == 0) return;
  min_ = std::min(min_, o.min_);
  max_ = std::max(max_, o.max_);
  count_ += o.count_;
  zeros_ += o.zeros_;
  positive_.merge(o.positive_);
  negative_.merge(o.negative_);
}

double DDSketch::bucket_quantile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  const auto rank = static_cast<std::int64_t>(q * static_cast<double>(count_ - 1));  // ⌊·⌋ of a value ≥ 0
  std::int64_t seen = 0;
  // Most negative first: the negative store from its largest magnitude down.
  for (std::size_t k = negative_.counts.size(); k-- > 0;) {
    seen += negative_.counts[k];
    if (seen > rank) return -value_of(negative_.offset + static_cast<int>(k));
  }
  seen += zeros_;
  if (seen > rank) return 0;
  for (std::size_t k = 0; k < positive_.counts.size(); ++k) {
    seen += positive_.counts[k];
    if (seen > rank) return value_of(positive_.offset + static_cast<int>(k));
  }
  assert(false && "ranks add up to the count");
  return max_;
}

double DDSketch::quantile(double q) const {
  return count_ == 0 ? 0.0 : std::clamp(bucket_quantile(q), min_, max_);
}

void DDSketch::append_to(std::vector<double>& out) const {
  out.push_back(static_cast<double>(count_));
  out.push_back(static_cast<double>(zeros_));
  out.push_back(min());
  out.push_back(max());
  for (const Store* s : {&positive_, &negative_}) {
    out.push_back(s->offset);
    out.push_back(static_cast<double>(s->counts.size()));
    for (auto c : s->counts) out.push_back(static_cast<double>(c));  // exact below 2^53
  }
}

DDSketch DDSketch::read_from(const std::vector<double>& in, std::size_t& pos, double alpha) {
  DDSketch s(alpha);
  auto next = [&] {
    assert(pos < in.size());
    return in[pos++];
  };
  s.count_ = static_cast<std::int64_t>(next());
  s.zeros_ = static_cast<std::int64_t>(next());
  const double lo = next(), hi = next();
  if (s.count_ > 0) {
    s.min_ = lo;
    s.max_ = hi;
  }
  for (Store* st : {&s.positive_, &s.negative_}) {
    st->offset = static_cast<int>(next());
    st->counts.resize(static_cast<std::size_t>(next()));
    for (auto& c : st->counts) c = static_cast<std::int64_t>(next());
  }
  return s;
}

}  // namespace hippo
