// The router: which replica takes the next request, from the requests each replica holds (routed
// and not finished). Least outstanding keeps a tournament tree over the replicas, so a pick is
// O(1) and an update O(log R) instead of a scan of the fleet; round robin and power of two are
// O(1). Each picks exactly the replica the scan over `outstanding` picks (the lowest index among
// the least loaded; tests/sim/router_test.cpp checks it over random states).
#pragma once
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "hippo/simulate.hpp"
#include "sim/random.hpp"

namespace hippo::sim {

// Least outstanding: a min-tree of keys (outstanding << kIndexBits | replica), so that the least
// key is the least loaded replica with the lowest index — the one a linear scan finds first.
class LeastOutstandingTree {
 public:
  static constexpr int kIndexBits = 27;
  static_assert(kMaxReplicas <= (1LL << kIndexBits), "a replica's index fits its bits");
  static_assert(kMaxRequests < (1LL << (64 - kIndexBits)), "a replica's outstanding requests fit theirs");

  explicit LeastOutstandingTree(int replicas) {
    while (leaves_ < replicas) leaves_ *= 2;
    tree_.assign(2 * static_cast<std::size_t>(leaves_), std::numeric_limits<std::uint64_t>::max());
    for (int k = 0; k < replicas; ++k) tree_[leaves_ + k] = static_cast<std::uint64_t>(k);
    for (std::size_t j = leaves_ - 1; j >= 1; --j) tree_[j] = std::min(tree_[2 * j], tree_[2 * j + 1]);
  }
  int least() const { return static_cast<int>(tree_[1] & kIndexMask); }
  std::int64_t outstanding(int k) const { return static_cast<std::int64_t>(tree_[leaves_ + k] >> kIndexBits); }
  // Adds `delta` (±) to replica k's outstanding requests.
  void add(int k, std::int64_t delta) {
    std::size_t j = static_cast<std::size_t>(leaves_ + k);
    tree_[j] = static_cast<std::uint64_t>(static_cast<std::int64_t>(tree_[j]) + delta * (1LL << kIndexBits));
    // Up to the root while the minimum of a subtree changes (keys are unique, so a raised winner
    // changes every level and a lowered loser stops where it no longer wins).
    for (j /= 2; j >= 1; j /= 2) {
      const std::uint64_t m = std::min(tree_[2 * j], tree_[2 * j + 1]);
      if (m == tree_[j]) break;
      tree_[j] = m;
    }
  }

 private:
  static constexpr std::uint64_t kIndexMask = (1ULL << kIndexBits) - 1;
  int leaves_ = 1;
  std::vector<std::uint64_t> tree_;  // tree_[1] the root; leaf of replica k at leaves_ + k; padding leaves max
};

class RouterState {
 public:
  RouterState(Router kind, int replicas, std::uint64_t seed)
      : kind_(kind), n_(replicas), rng_(seed, Stream::router) {
    if (kind_ == Router::least_outstanding) tree_.emplace_back(replicas);
    else outstanding_.assign(static_cast<std::size_t>(replicas), 0);
  }
  int pick() {
    if (n_ == 1) return 0;
    switch (kind_) {
      case Router::round_robin: return static_cast<int>(next_++ % static_cast<std::uint64_t>(n_));
      case Router::least_outstanding: return tree_.front().least();
      case Router::power_of_two: {
        const int a = static_cast<int>(rng_.below(static_cast<std::uint64_t>(n_)));
        int b = static_cast<int>(rng_.below(static_cast<std::uint64_t>(n_ - 1)));
        if (b >= a) ++b;
        const std::int64_t oa = outstanding_[a], ob = outstanding_[b];
        return ob < oa || (ob == oa && b < a) ? b : a;
      }
    }
    return 0;
  }
  // Replica k got `n` requests (n < 0: |n| of its requests finished).
  void add(int k, std::int64_t n) {
    if (!tree_.empty()) tree_.front().add(k, n);
    else outstanding_[k] += n;
  }
  std::int64_t outstanding(int k) const { return tree_.empty() ? outstanding_[k] : tree_.front().outstanding(k); }

 private:
  Router kind_;
  int n_;
  Rng rng_;
  std::uint64_t next_ = 0;
  std::vector<LeastOutstandingTree> tree_;  // least outstanding: one tree (the counts are its leaves)
  std::vector<std::int64_t> outstanding_;   // the other routers
};

}  // namespace hippo::sim
