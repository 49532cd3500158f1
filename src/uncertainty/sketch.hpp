// A mergeable quantile sketch for signed values (DDSketch: Masson, Rim, Lee, VLDB 2019).
// src/sim has one for latencies (non-negative, with a floating-point sum); this one also takes
// negative values (NPV, cash) and keeps only integer counts and the exact min and max, so two
// sketches merge exactly in any order and it flattens into doubles for an MPI message.
#pragma once
#include <cstdint>
#include <vector>

namespace hippo::uncertainty {

class SignedSketch {
 public:
  explicit SignedSketch(double relative_accuracy);
  void add(double v);
  void merge(const SignedSketch& o);
  std::int64_t count() const { return count_; }
  double min() const { return min_; }
  double max() const { return max_; }
  // The value of rank ⌊q·(n−1)⌋ within the relative accuracy, clamped to [min, max]; n > 0.
  double quantile(double q) const;

  void append_to(std::vector<double>& out) const;
  // Reads what append_to wrote, starting at `pos`; advances it.
  static SignedSketch read_from(const std::vector<double>& in, std::size_t& pos, double relative_accuracy);

 private:
  // Buckets of |v|: index i holds (γ^(i−1), γ^i]; counts_[i − offset_].
  struct Store {
    int offset = 0;
    std::vector<std::int64_t> counts;
    void add(int index);
    void merge(const Store& o);
    std::int64_t total() const;
  };
  int index_of(double magnitude) const;
  double value_of(int index) const;

  double gamma_, inv_log_gamma_;
  Store positive_, negative_;
  std::int64_t zeros_ = 0, count_ = 0;
  double min_ = 0, max_ = 0;
};

}  // namespace hippo::uncertainty
