// Signed DDSketch: |v| > kZero goes to bucket ⌈log_γ |v|⌉ of the store for its sign, with
// γ = (1+α)/(1−α); a bucket is reported as 2γ^i/(γ+1), within relative error α of its values.
#include "uncertainty/sketch.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace hippo::uncertainty {

namespace {
constexpr double kZero = 1e-12;  // magnitudes below this count as zero (money and rates alike)
}

SignedSketch::SignedSketch(double alpha)
    : gamma_((1 + alpha) / (1 - alpha)), inv_log_gamma_(1.0 / std::log((1 + alpha) / (1 - alpha))) {
  assert(alpha > 0 && alpha < 1);
}

int SignedSketch::index_of(double m) const { return static_cast<int>(std::ceil(std::log(m) * inv_log_gamma_)); }
double SignedSketch::value_of(int i) const { return 2 * std::pow(gamma_, i) / (gamma_ + 1); }

void SignedSketch::Store::add(int i) {
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

void SignedSketch::Store::merge(const Store& o) {
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

std::int64_t SignedSketch::Store::total() const {
  std::int64_t n = 0;
  for (auto c : counts) n += c;
  return n;
}

void SignedSketch::add(double v) {
  assert(std::isfinite(v));
  min_ = count_ == 0 ? v : std::min(min_, v);
  max_ = count_ == 0 ? v : std::max(max_, v);
  ++count_;
  if (std::fabs(v) < kZero) ++zeros_;
  else if (v > 0) positive_.add(index_of(v));
  else negative_.add(index_of(-v));
}

void SignedSketch::merge(const SignedSketch& o) {
  assert(o.gamma_ == gamma_);
  if (o.count_ == 0) return;
  min_ = count_ == 0 ? o.min_ : std::min(min_, o.min_);
  max_ = count_ == 0 ? o.max_ : std::max(max_, o.max_);
  count_ += o.count_;
  zeros_ += o.zeros_;
  positive_.merge(o.positive_);
  negative_.merge(o.negative_);
}

double SignedSketch::quantile(double q) const {
  assert(count_ > 0 && q >= 0 && q <= 1);
  const auto rank = static_cast<std::int64_t>(std::floor(q * static_cast<double>(count_ - 1)));
  auto clamp = [&](double v) { return std::clamp(v, min_, max_); };
  std::int64_t seen = 0;
  // Most negative first: the negative store from its largest magnitude down.
  for (std::size_t k = negative_.counts.size(); k-- > 0;) {
    seen += negative_.counts[k];
    if (seen > rank) return clamp(-value_of(negative_.offset + static_cast<int>(k)));
  }
  seen += zeros_;
  if (seen > rank) return clamp(0.0);
  for (std::size_t k = 0; k < positive_.counts.size(); ++k) {
    seen += positive_.counts[k];
    if (seen > rank) return clamp(value_of(positive_.offset + static_cast<int>(k)));
  }
  return max_;
}

void SignedSketch::append_to(std::vector<double>& out) const {
  out.push_back(static_cast<double>(count_));
  out.push_back(static_cast<double>(zeros_));
  out.push_back(min_);
  out.push_back(max_);
  for (const Store* s : {&positive_, &negative_}) {
    out.push_back(s->offset);
    out.push_back(static_cast<double>(s->counts.size()));
    for (auto c : s->counts) out.push_back(static_cast<double>(c));  // exact below 2^53
  }
}

SignedSketch SignedSketch::read_from(const std::vector<double>& in, std::size_t& pos, double alpha) {
  SignedSketch s(alpha);
  auto next = [&] {
    assert(pos < in.size());
    return in[pos++];
  };
  s.count_ = static_cast<std::int64_t>(next());
  s.zeros_ = static_cast<std::int64_t>(next());
  s.min_ = next();
  s.max_ = next();
  for (Store* st : {&s.positive_, &s.negative_}) {
    st->offset = static_cast<int>(next());
    st->counts.resize(static_cast<std::size_t>(next()));
    for (auto& c : st->counts) c = static_cast<std::int64_t>(next());
  }
  return s;
}

}  // namespace hippo::uncertainty
