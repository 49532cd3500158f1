// A mergeable quantile sketch with bounded relative error (DDSketch: Masson, Rim, Lee, VLDB 2019),
// written for hippo and shared by the simulator (latencies) and the uncertainty runs (money and
// rates, negative too). A value v with |v| ≥ 1e-12 goes to bucket i = ⌈log_γ |v|⌉ of the store for
// its sign, γ = (1+α)/(1−α); bucket i covers (γ^(i−1), γ^i] and is reported as 2γ^i/(γ+1), within
// relative error α of every value in it; smaller magnitudes count as zero. The sketch keeps only
// integer counts and the exact min and max (no floating-point sum), so two sketches with the same
// α merge exactly in any order, and it flattens into doubles for an MPI message. Memory is fixed
// by the range of values (≈ 2,800 buckets for 1 ns .. 1 day at α = 0.5 %), not by their number.
#pragma once
#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace hippo {

class DDSketch {
 public:
  explicit DDSketch(double relative_accuracy);  // α in (0, 1)
  void add(double value);                       // finite; inline below (the simulator adds 4 a request)
  void merge(const DDSketch& other);            // requires the same α
  std::int64_t count() const { return count_; }
  double min() const { return count_ ? min_ : 0.0; }  // exact
  double max() const { return count_ ? max_ : 0.0; }
  double relative_accuracy() const { return alpha_; }
  // The value of rank ⌊q·(n−1)⌋ (q clamped to [0, 1]) within the relative accuracy, clamped to
  // [min, max] so that the extremes come out exact; 0 when empty.
  double quantile(double q) const;
  // The same rank's bucket value, not clamped (the simulator's latency reports).
  double bucket_quantile(double q) const;

  void append_to(std::vector<double>& out) const;
  // Reads what append_to wrote, starting at `pos`; advances it.
  static DDSketch read_from(const std::vector<double>& in, std::size_t& pos, double relative_accuracy);

 private:
  static constexpr double kZero = 1e-12;  // magnitudes below this count as zero (seconds, money and rates alike)

  // Buckets of |v| for one sign: counts[i − offset] for bucket i.
  struct Store {
    int offset = 0;
    std::vector<std::int64_t> counts;
    void add(int index) {
      const auto k = static_cast<std::size_t>(index - offset);  // wraps round when index < offset
      if (k < counts.size()) ++counts[k];
      else grow_and_add(index);
    }
    void grow_and_add(int index);
    void merge(const Store& o);
  };
  int index_of(double magnitude) const {
    const double x = std::log(magnitude) * inv_log_gamma_;
    const int i = static_cast<int>(x);  // ⌈x⌉ without a libm call: truncate, then step up
    return i + (x > i);
  }
  double value_of(int index) const;

  double alpha_, gamma_, inv_log_gamma_;
  Store positive_, negative_;
  std::int64_t zeros_ = 0, count_ = 0;
  // ±∞ while empty, so that add() needs no branch for them.
  double min_ = std::numeric_limits<double>::infinity(), max_ = -std::numeric_limits<double>::infinity();
};

inline void DDSketch::add(double v) {
  assert(std::isfinite(v));
  min_ = std::min(min_, v);
  max_ = std::max(max_, v);
  ++count_;
  if (v >= kZero) positive_.add(index_of(v));
  else if (v <= -kZero) negative_.add(index_of(-v));
  else ++zeros_;
}

}  // namespace hippo
