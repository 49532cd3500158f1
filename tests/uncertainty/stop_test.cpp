// Stopping a run early: the progress callbacks come per sample and per case, an exception thrown
// from them (Interrupted, on Ctrl-C) comes out at once, and the processes' layer hands it on as
// itself — to main(), which exits 130. The MPI side is tested end to end in
// tests/hardening/interrupt_test.cpp.
#include <gtest/gtest.h>

#include "hippo/errors.hpp"
#include "hippo/uncertainty.hpp"
#include "uncertainty/comm.hpp"

namespace hippo::uncertainty {
namespace {

// Two uncertain inputs, so four sensitivity cases.
constexpr const char* kTwoInputs = R"(name: two
horizon_months: 12
demand: {growth_monthly: {value: 0.08, dist: triangular, low: 0.03, high: 0.12}}
revenue: {subscription_price_month: {value: 20, dist: uniform, low: 10, high: 30}}
)";

class Stop : public ::testing::Test {
 protected:
  Catalog catalog = load_builtin_catalog();
  Scenario s = parse_scenario(kTwoInputs, "two.yaml", catalog);
  std::int64_t evaluations = 0;
  Evaluator counting = [this](const Scenario& x) {
    ++evaluations;
    return Outcome{x.demand.growth_monthly, {}, {}, {}, 0, 0, std::vector<double>(12, 0.0)};
  };
};

TEST_F(Stop, MonteCarloReportsEverySampleOfItsShare) {
  // Samples 1024 … 3499 (blocks 1 and 2, and half of block 3): 2,476 calls, done = 1 … 2,476.
  std::vector<std::int64_t> done;
  run_monte_carlo(s, {5, 3500, false}, {1024, 3500}, counting, [&](std::int64_t d, std::int64_t total) {
    EXPECT_EQ(total, 2476);
    done.push_back(d);
  });
  ASSERT_EQ(done.size(), 2476u);
  EXPECT_EQ(done.front(), 1);
  EXPECT_EQ(done.back(), 2476);
}

TEST_F(Stop, AThrowFromProgressStopsMonteCarloAtThatSample) {
  EXPECT_THROW(run_monte_carlo(s, {5, 3000, true}, {0, 3000}, counting,
                               [](std::int64_t d, std::int64_t) {
                                 if (d == 1500) throw Interrupted{};
                               }),
               Interrupted);
  EXPECT_EQ(evaluations, 1500);
}

TEST_F(Stop, SensitivityReportsEveryCaseAndStopsOnAThrow) {
  const std::vector<Swing> swings = uncertain_swings(s);  // 2 inputs: 4 cases
  std::vector<std::int64_t> done;
  run_cases(s, swings, {1, 4}, counting, [&](std::int64_t d, std::int64_t total) {
    EXPECT_EQ(total, 3);
    done.push_back(d);
  });
  EXPECT_EQ(done, (std::vector<std::int64_t>{1, 2, 3}));
  evaluations = 0;
  EXPECT_THROW(run_cases(s, swings, {0, 4}, counting, [](std::int64_t d, std::int64_t) {
                 if (d == 2) throw Interrupted{};
               }),
               Interrupted);
  EXPECT_EQ(evaluations, 2);
}

TEST(StopComm, OneProcessHandsAnInterruptOnAsItself) {
  ASSERT_FALSE(launched_by_mpirun());
  const auto comm = open_comm();
  EXPECT_NO_THROW(stop_if_announced(*comm));  // no other rank to announce anything
  EXPECT_THROW(collectively(*comm, [] { throw Interrupted{}; }), Interrupted);
  // Without a report, rank 0 rethrows the error itself; main() prints it.
  EXPECT_THROW(run_on_ranks([](Comm&) { throw Interrupted{}; }), Interrupted);
  // With one, rank 0 reports it before leaving, and main() only takes the status.
  int reports = 0;
  try {
    run_on_ranks([](Comm& c) { collectively(c, [] { throw Interrupted{}; }); },
                 [&](const std::exception_ptr& e) {
                   ++reports;
                   EXPECT_THROW(std::rethrow_exception(e), Interrupted);
                 });
    ADD_FAILURE() << "no exception";
  } catch (const ReportedByRankZero& e) {
    EXPECT_THROW(std::rethrow_exception(e.error), Interrupted);
  }
  EXPECT_EQ(reports, 1);
}

}  // namespace
}  // namespace hippo::uncertainty
