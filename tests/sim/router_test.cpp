// The routers pick exactly the replica the linear scans of the outstanding counts picked before
// the tree (the lowest index among the least loaded; power of two: the less loaded of its two
// draws, ties to the lower index), over random fleets and random sequences of routes and
// completions.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "sim/random.hpp"
#include "sim/router.hpp"

namespace hippo::sim {
namespace {

int scan_least(const std::vector<std::int64_t>& outstanding) {
  int best = 0;
  for (int k = 1; k < static_cast<int>(outstanding.size()); ++k)
    if (outstanding[k] < outstanding[best]) best = k;
  return best;
}

int scan_power_of_two(const std::vector<std::int64_t>& outstanding, Rng& rng) {
  const int n = static_cast<int>(outstanding.size());
  if (n == 1) return 0;
  const int a = static_cast<int>(rng.below(static_cast<std::uint64_t>(n)));
  int b = static_cast<int>(rng.below(static_cast<std::uint64_t>(n - 1)));
  if (b >= a) ++b;
  if (outstanding[b] < outstanding[a] || (outstanding[b] == outstanding[a] && b < a)) return b;
  return a;
}

// Random routes (to the router's pick, as the simulator does, or to any replica, to reach states the
// simulator reaches by other routes' history) and completions of up to all of a replica's requests.
void check_against_scan(Router kind, std::uint64_t seed) {
  Rng draw(seed, Stream::arrivals);
  const int n = 1 + static_cast<int>(draw.below(seed % 3 == 0 ? 5 : 700));
  RouterState router(kind, n, seed);
  Rng reference_rng(seed, Stream::router);
  std::vector<std::int64_t> outstanding(static_cast<std::size_t>(n), 0);
  std::uint64_t next = 0;
  for (int op = 0; op < 4000; ++op) {
    const std::uint64_t what = draw.below(10);
    if (what < 6) {
      int expected = 0;
      if (kind == Router::least_outstanding) expected = scan_least(outstanding);
      else if (kind == Router::power_of_two) expected = scan_power_of_two(outstanding, reference_rng);
      else expected = static_cast<int>(next++ % static_cast<std::uint64_t>(n));
      const int k = router.pick();
      ASSERT_EQ(k, expected) << "seed " << seed << ", replicas " << n << ", operation " << op;
      const std::int64_t many = what == 0 ? static_cast<std::int64_t>(draw.below(50)) : 1;
      router.add(k, many);
      outstanding[k] += many;
    } else if (what < 7) {
      const int k = static_cast<int>(draw.below(static_cast<std::uint64_t>(n)));
      router.add(k, 1);
      ++outstanding[k];
    } else {
      const int k = static_cast<int>(draw.below(static_cast<std::uint64_t>(n)));
      if (outstanding[k] == 0) continue;
      const std::int64_t done = 1 + static_cast<std::int64_t>(draw.below(static_cast<std::uint64_t>(outstanding[k])));
      router.add(k, -done);
      outstanding[k] -= done;
    }
    if (op % 97 == 0)
      for (int k = 0; k < n; ++k) ASSERT_EQ(router.outstanding(k), outstanding[k]);
  }
}

TEST(Router, LeastOutstandingPicksWhatTheScanPicks) {
  for (std::uint64_t seed = 1; seed <= 60; ++seed) check_against_scan(Router::least_outstanding, seed);
}

TEST(Router, PowerOfTwoAndRoundRobinPickWhatTheyPickedBefore) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    check_against_scan(Router::power_of_two, seed);
    check_against_scan(Router::round_robin, seed);
  }
}

// Ties at every level: equal counts everywhere, then the lowest index wins, also once replicas
// beyond a power of two exist (padding leaves never win).
TEST(Router, TiesGoToTheLowestIndex) {
  for (int n : {1, 2, 3, 17, 64, 65}) {
    LeastOutstandingTree tree(n);
    for (int round = 0; round < 3; ++round)
      for (int k = 0; k < n; ++k) {
        ASSERT_EQ(tree.least(), k);
        tree.add(k, 1);
      }
    tree.add(n - 1, -1);
    EXPECT_EQ(tree.least(), n - 1);
  }
}

}  // namespace
}  // namespace hippo::sim
