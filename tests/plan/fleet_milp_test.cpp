// The fleet programme (CBC) against hand-solved cases and an exhaustive search on small instances.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <numeric>
#include <random>

#include "hippo/plan.hpp"

namespace hippo::plan {
namespace {

FleetOption option(std::string gpu, std::vector<double> cap, double own, double rent = 0) {
  FleetOption o;
  o.gpu = std::move(gpu);
  o.capacity_req_s = std::move(cap);
  o.owned_cost_per_hour = own;
  o.rented_cost_per_hour = rent;
  return o;
}

TEST(FleetMilp, RoundingMakesAMixCheaper) {
  // 10 req/s; A: 3 req/s at 1/h, B: 4 req/s at 1.5/h. A alone 4 × 1 = 4, B alone 3 × 1.5 = 4.5,
  // 2 A + 1 B = 10 req/s for 3.5.
  FleetProblem p;
  p.options = {option("a", {3}, 1.0), option("b", {4}, 1.5)};
  p.demand_req_s = {{10}};
  p.period_hours = {24};
  p.allow_rent = false;
  const FleetSolution s = solve_fleet(p);
  ASSERT_TRUE(s.feasible);
  EXPECT_NEAR(s.cost_per_hour, 3.5, 1e-9);
  EXPECT_EQ(s.owned, (std::vector<int>{2, 1}));
}

TEST(FleetMilp, RentsTheBurstWhenThatIsCheaper) {
  // 12 h at 10 req/s, 12 h at 4; 2 req/s per replica, owned 1/h, rented 1.5/h. Owned for the peak:
  // 5. Own 2 and rent 3 for the 12 busy hours: 2 + 3 × 1.5 × 12/24 = 4.25.
  FleetProblem p;
  p.options = {option("a", {2}, 1.0, 1.5)};
  p.demand_req_s = {{4}, {10}};
  p.period_hours = {12, 12};
  const FleetSolution s = solve_fleet(p);
  EXPECT_NEAR(s.cost_per_hour, 4.25, 1e-9);
  EXPECT_EQ(s.owned, (std::vector<int>{2}));
  EXPECT_EQ(s.rented, (std::vector<std::vector<int>>{{0}, {3}}));
  p.allow_rent = false;
  EXPECT_NEAR(solve_fleet(p).cost_per_hour, 5.0, 1e-9);
}

TEST(FleetMilp, EachBucketGoesWhereItIsCheapest) {
  // Short requests: A 10 req/s, B 5; long: A 1, B 2; both cost 1/h. 20 short + 4 long: 2 A + 2 B = 4,
  // where A alone needs 2 + 4 = 6 and B alone 4 + 2 = 6.
  FleetProblem p;
  p.options = {option("a", {10, 1}, 1.0), option("b", {5, 2}, 1.0)};
  p.demand_req_s = {{20, 4}};
  p.period_hours = {24};
  p.allow_rent = false;
  EXPECT_NEAR(solve_fleet(p).cost_per_hour, 4.0, 1e-9);
  p.allowed = {true, false};
  EXPECT_NEAR(solve_fleet(p).cost_per_hour, 6.0, 1e-9);
}

TEST(FleetMilp, InfeasibleWhenNoAllowedOptionServesABucket) {
  FleetProblem p;
  p.options = {option("a", {10, 0}, 1.0), option("b", {5, 2}, 1.0)};
  p.demand_req_s = {{20, 4}};
  p.period_hours = {24};
  p.allowed = {true, false};
  EXPECT_FALSE(solve_fleet(p).feasible);
}

// Exhaustive search. For given replicas per option, two buckets can be served exactly when giving
// bucket 0 first to the options relatively best at it (capacity ratio 0 : 1 highest) leaves enough
// replica time for bucket 1 — the fractional-knapsack exchange argument.
bool serves(const std::vector<FleetOption>& opts, const std::vector<int>& replicas, const std::vector<double>& d) {
  std::vector<std::size_t> order(opts.size());
  std::iota(order.begin(), order.end(), 0);
  auto ratio = [&](std::size_t c) {
    const auto& k = opts[c].capacity_req_s;
    return k[1] > 0 ? k[0] / k[1] : std::numeric_limits<double>::infinity();
  };
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return ratio(a) > ratio(b); });
  double need0 = d[0], served1 = 0;
  for (std::size_t c : order) {
    double time = replicas[c];
    const auto& k = opts[c].capacity_req_s;
    if (need0 > 0 && k[0] > 0) {
      const double used = std::min(time, need0 / k[0]);
      need0 -= used * k[0];
      time -= used;
    }
    served1 += time * k[1];
  }
  return need0 <= 1e-9 && served1 >= d[1] - 1e-9;
}

double brute_force(const FleetProblem& p, int most) {
  const std::size_t n = p.options.size();
  double best = std::numeric_limits<double>::infinity();
  std::vector<int> owned(n, 0);
  // For each owned vector, each period rents the cheapest feasible extra independently.
  std::function<void(std::size_t)> over_owned = [&](std::size_t i) {
    if (i < n) {
      for (owned[i] = 0; owned[i] <= most; ++owned[i]) over_owned(i + 1);
      return;
    }
    double cost = 0;
    for (std::size_t c = 0; c < n; ++c) cost += owned[c] * p.options[c].owned_cost_per_hour;
    for (std::size_t t = 0; t < p.demand_req_s.size(); ++t) {
      double cheapest = std::numeric_limits<double>::infinity();
      std::vector<int> rent(n, 0), total(n);
      std::function<void(std::size_t)> over_rent = [&](std::size_t j) {
        if (j < n) {
          const int limit = p.allow_rent ? most : 0;
          for (rent[j] = 0; rent[j] <= limit; ++rent[j]) over_rent(j + 1);
          return;
        }
        for (std::size_t c = 0; c < n; ++c) total[c] = owned[c] + rent[c];
        if (!serves(p.options, total, p.demand_req_s[t])) return;
        double r = 0;
        for (std::size_t c = 0; c < n; ++c) r += rent[c] * p.options[c].rented_cost_per_hour * p.period_hours[t] / 24;
        cheapest = std::min(cheapest, r);
      };
      over_rent(0);
      cost += cheapest;
    }
    best = std::min(best, cost);
  };
  over_owned(0);
  return best;
}

TEST(FleetMilp, EqualsExhaustiveSearchOnSmallInstances) {
  std::mt19937 rng(12345);
  std::uniform_real_distribution<double> cap(1.5, 6), cost(0.5, 3), demand(0.5, 6);
  for (int instance = 0; instance < 25; ++instance) {
    FleetProblem p;
    const int options = 2 + instance % 2;
    for (int c = 0; c < options; ++c) {
      const double own = cost(rng);
      // Some options cannot serve the long bucket at all.
      p.options.push_back(option("g" + std::to_string(c), {cap(rng), c == 2 ? 0.0 : cap(rng)}, own,
                                 own * (1.2 + cost(rng) / 3)));
    }
    p.demand_req_s = {{demand(rng), demand(rng)}, {demand(rng) / 3, demand(rng) / 3}};
    p.period_hours = {10, 14};
    p.allow_rent = instance % 3 != 0;
    const FleetSolution s = solve_fleet(p);
    ASSERT_TRUE(s.feasible) << instance;
    // An optimal fleet never holds more replicas of one option than it needs to serve every bucket
    // alone in the busiest period: ⌈6 / 1.5 + 6 / 1.5⌉ = 8.
    EXPECT_NEAR(s.cost_per_hour, brute_force(p, 8), 1e-6) << "instance " << instance;
  }
}

// A programme that needs branch-and-bound: 6 options whose capacities and prices do not divide the
// demand of 3 buckets over 8 periods evenly.
FleetProblem branching_problem() {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> cap(1.3, 7.7), cost(0.7, 3.1), demand(5, 60);
  FleetProblem p;
  for (int c = 0; c < 6; ++c) {
    const double own = cost(rng);
    p.options.push_back(option("g" + std::to_string(c % 3), {cap(rng), cap(rng), cap(rng)}, own, own * 1.7));
  }
  for (int t = 0; t < 8; ++t) {
    p.demand_req_s.push_back({demand(rng), demand(rng), demand(rng)});
    p.period_hours.push_back(3);
  }
  p.relative_gap = 1e-4;
  p.max_nodes = 500;
  return p;
}

TEST(FleetMilp, AfterNodeSeesEveryNodeAndLeavesTheSolutionAsIs) {
  const FleetProblem p = branching_problem();
  const FleetSolution plain = solve_fleet(p);
  int nodes = 0;
  const FleetSolution watched = solve_fleet(p, [&] { ++nodes; });
  EXPECT_GT(nodes, 3);
  EXPECT_EQ(watched.cost_per_hour, plain.cost_per_hour);
  EXPECT_EQ(watched.lower_bound, plain.lower_bound);
  EXPECT_EQ(watched.owned, plain.owned);
  EXPECT_EQ(watched.rented, plain.rented);
}

TEST(FleetMilp, AnExceptionFromAfterNodeStopsTheSolveAndComesOut) {
  // The CLI stops a plan on Ctrl-C by throwing from the callback: CBC stops at that node (no
  // further call) and the exception reaches the caller.
  struct Stop {};
  int calls = 0;
  EXPECT_THROW(solve_fleet(branching_problem(), [&] {
                 if (++calls == 3) throw Stop{};
               }),
               Stop);
  EXPECT_EQ(calls, 3);
}

}  // namespace
}  // namespace hippo::plan
