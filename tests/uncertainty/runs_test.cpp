// Monte Carlo, sensitivity and sweeps over a toy evaluator whose answers are known by hand, so the
// framework is tested apart from the economics model.
#include <gtest/gtest.h>

#include <algorithm>

#include "hippo/uncertainty.hpp"
#include "uncertainty/json.hpp"

namespace hippo::uncertainty {
namespace {

// npv = 1e6·growth + 1e4·price − 3e5; cumulative cash in month m = npv·m/H; break-even in month 6
// when npv ≥ 0, else never; IRR = growth when price ≥ 20, else none.
Outcome toy(const Scenario& s) {
  const double g = s.demand.growth_monthly, p = s.revenue.subscription_price_month;
  Outcome o;
  o.npv = 1e6 * g + 1e4 * p - 3e5;
  if (p >= 20) o.irr_annual = g;
  if (o.npv >= 0) o.breakeven_month = 6;
  for (int m = 1; m <= s.horizon_months; ++m) o.cumulative_cash.push_back(o.npv * m / s.horizon_months);
  return o;
}

constexpr const char* kToy = R"(name: toy
horizon_months: 12
demand:
  growth_monthly: {value: 0.08, dist: triangular, low: 0.03, high: 0.12, source: "test"}
revenue:
  subscription_price_month: {value: 20, dist: uniform, low: 10, high: 30}
)";

class Runs : public ::testing::Test {
 protected:
  Catalog c = load_builtin_catalog();
  Scenario toy_scenario(const std::string& text = kToy) { return parse_scenario(text, "toy.yaml", c); }

  MonteCarloResult monte_carlo(const Scenario& s, std::int64_t n, int ranks, bool rows = false) {
    const MonteCarloSpec spec{99, n, rows};
    std::vector<MonteCarloPart> parts;
    for (int r = 0; r < ranks; ++r) parts.push_back(run_monte_carlo(s, spec, share(n, r, ranks, kBlockSamples), toy));
    return merge_monte_carlo(s, spec, parts);
  }
};

TEST_F(Runs, MonteCarloIsIdenticalForAnySplit) {
  const Scenario s = toy_scenario();
  const std::string one = to_json(monte_carlo(s, 5000, 1), "USD").dump();
  for (int k : {2, 3, 5, 8}) EXPECT_EQ(to_json(monte_carlo(s, 5000, k), "USD").dump(), one) << k << " ranks";
  const auto rows1 = monte_carlo(s, 3000, 1, true).rows, rows3 = monte_carlo(s, 3000, 3, true).rows;
  ASSERT_EQ(rows1.size(), 3000u);
  ASSERT_EQ(rows3.size(), 3000u);
  for (std::size_t i = 0; i < rows1.size(); ++i) {
    EXPECT_EQ(rows1[i].index, static_cast<std::int64_t>(i));
    EXPECT_EQ(rows1[i].inputs, rows3[i].inputs);
    EXPECT_EQ(rows1[i].outcome.npv, rows3[i].outcome.npv);
  }
}

TEST_F(Runs, MonteCarloMatchesTheDistributionsByHand) {
  // npv = 1e6·g + 1e4·p − 3e5 with g ~ Tri(0.03, 0.08, 0.12), p ~ U(10, 30):
  // E[npv] = 1e6·0.23/3 + 1e4·20 − 3e5 = −23,333.3; sd = sqrt(1e12·Var g + 1e8·Var p) with
  // Var g = (a²+b²+c²−ab−ac−bc)/18 = 3.4167e-4, Var p = 400/12: sd = sqrt(3.4167e8 + 3.3333e9) = 60,622.
  // 20,000 samples: s.e. of the mean 429.
  const auto r = monte_carlo(toy_scenario(), 20000, 2);
  EXPECT_EQ(r.samples, 20000);
  EXPECT_NEAR(r.npv.mean, -23333.3, 2000);
  EXPECT_LT(r.npv.p10, r.npv.p50);
  EXPECT_LT(r.npv.p50, r.npv.p90);
  // The fan is the NPV scaled by m/12: month 12 equals the NPV's quantiles (within the sketch).
  EXPECT_NEAR(r.cumulative_cash[11].p50, r.npv.p50, std::fabs(r.npv.p50) * 2e-3);
  EXPECT_NEAR(r.cumulative_cash[5].mean, r.npv.mean / 2, 1e-6 * std::fabs(r.npv.mean));
  // Break-even (month 6) iff npv ≥ 0: none before month 6, the same share from month 6 on.
  EXPECT_EQ(r.breakeven_probability_by_month[4], 0.0);
  EXPECT_GT(r.breakeven_probability_by_month[5], 0.2);
  EXPECT_EQ(r.breakeven_probability_by_month[5], r.breakeven_probability_by_month[11]);
  // IRR defined when p ≥ 20: half the samples.
  EXPECT_NEAR(static_cast<double>(r.irr_defined) / 20000, 0.5, 0.02);
}

TEST_F(Runs, DegenerateMonteCarloEqualsThePlainRun) {
  const Scenario s = toy_scenario(R"(name: toy
horizon_months: 12
demand:
  growth_monthly: {value: 0.08, dist: triangular, low: 0.08, high: 0.08}
revenue:
  subscription_price_month: {value: 23, dist: normal, sd: 5, low: 23, high: 23}
)");
  const Outcome plain = toy(s);  // npv = 80,000 + 230,000 − 300,000 = 10,000
  const auto r = monte_carlo(s, 3000, 3);
  for (double q : {r.npv.p10, r.npv.p50, r.npv.p90, r.npv.mean}) EXPECT_EQ(q, plain.npv);
  for (int m = 0; m < 12; ++m) {
    EXPECT_EQ(r.cumulative_cash[m].p50, plain.cumulative_cash[m]);
    EXPECT_EQ(r.cumulative_cash[m].mean, plain.cumulative_cash[m]);
  }
  EXPECT_EQ(r.breakeven_probability_by_month[5], 1.0);
}

TEST_F(Runs, SensitivityOfALinearScenarioMatchesTheHandComputation) {
  // Base: 1e6·0.08 + 1e4·20 − 3e5 = −20,000.
  // growth 0.03 → −70,000, 0.12 → +20,000: swing 90,000, break-even never → month 6.
  // price 10 → −120,000, 30 → +80,000: swing 200,000, ranked first.
  const Scenario s = toy_scenario();
  const auto swings = uncertain_swings(s);
  ASSERT_EQ(swings.size(), 2u);
  const auto cases = run_cases(s, swings, share(4, 0, 1), toy);
  const auto r = rank_sensitivity(s, toy(s), swings, cases);
  EXPECT_NEAR(r.base.npv, -20000, 1e-6);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].swing.key, "revenue.subscription_price_month");
  EXPECT_NEAR(r.rows[0].at_low.npv, -120000, 1e-6);
  EXPECT_NEAR(r.rows[0].at_high.npv, 80000, 1e-6);
  EXPECT_NEAR(r.rows[0].npv_swing, 200000, 1e-6);
  EXPECT_EQ(r.rows[1].swing.key, "demand.growth_monthly");
  EXPECT_EQ(r.rows[1].swing.source, "test");
  EXPECT_NEAR(r.rows[1].at_low.npv, -70000, 1e-6);
  EXPECT_NEAR(r.rows[1].at_high.npv, 20000, 1e-6);
  EXPECT_FALSE(r.rows[1].at_low.breakeven_month.has_value());
  EXPECT_EQ(r.rows[1].at_high.breakeven_month, 6);
  // Split over 3 "ranks": the same cases in the same order.
  std::vector<Outcome> split;
  for (int k = 0; k < 3; ++k)
    for (auto& o : run_cases(s, swings, share(4, k, 3), toy)) split.push_back(o);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(split[i].npv, cases[i].npv);
}

TEST_F(Runs, AllNumericMovesEveryNumberByThePercentage) {
  const Scenario s = toy_scenario();
  std::vector<std::string> skipped;
  const auto swings = numeric_swings(s, c, 0.1, skipped);
  auto find = [&](const std::string& k) {
    for (const auto& w : swings)
      if (w.key == k) return w;
    ADD_FAILURE() << k;
    return Swing{};
  };
  const Swing g = find("demand.growth_monthly");
  EXPECT_DOUBLE_EQ(g.low, 0.072);
  EXPECT_DOUBLE_EQ(g.high, 0.088);
  const Swing h = find("horizon_months");  // integer: 12 ± 1.2 rounds to 11 and 13
  EXPECT_EQ(h.low, 11);
  EXPECT_EQ(h.high, 13);
  for (const auto& w : swings) EXPECT_NE(w.key, "seed");
  bool skipped_zero = false;  // the toy has no ads revenue: ±10 % of 0 does not move it
  for (const auto& k : skipped) skipped_zero |= k.rfind("revenue.ads_per_free_user_month:", 0) == 0;
  EXPECT_TRUE(skipped_zero);
}

// The entries of `skipped` that name a key the tiers replace or the horizon, in order.
std::vector<std::string> tier_skips(const std::vector<std::string>& skipped) {
  std::vector<std::string> out;
  for (const auto& k : skipped)
    if (k.find(": replaced by ") != std::string::npos || k.rfind("horizon_months:", 0) == 0) out.push_back(k);
  return out;
}

bool has_swing(const std::vector<Swing>& swings, const std::string& key) {
  return std::any_of(swings.begin(), swings.end(), [&](const Swing& w) { return w.key == key; });
}

TEST_F(Runs, AllNumericOnATieredScenarioLeavesOutWhatTheTiersReplace) {
  // chat-2024's tiers have their own prices (no flat paying share, price or ads) but inherit the
  // flat activity keys: those stay inputs; the horizon is not one.
  const Scenario s = load_scenario("chat-2024", c);
  std::vector<std::string> skipped;
  const auto swings = numeric_swings(s, c, 0.1, skipped);
  EXPECT_EQ(tier_skips(skipped),
            (std::vector<std::string>{
                "horizon_months: the span a tiered scenario models, not one of its inputs",
                "demand.paying_share: replaced by each tier's price_month (a tier with a price pays)",
                "revenue.subscription_price_month: replaced by each tier's price_month",
                "revenue.ads_per_free_user_month: replaced by each tier's ads_per_user_month"}));
  for (const char* k : {"horizon_months", "demand.paying_share", "revenue.subscription_price_month",
                        "revenue.ads_per_free_user_month"})
    EXPECT_FALSE(has_swing(swings, k)) << k;
  for (const char* k : {"demand.active_share_daily", "demand.requests_per_active_user_day", "demand.users_start",
                        "demand.tiers.plus.price_month", "fleet.rental_price_per_gpu_hour"})
    EXPECT_TRUE(has_swing(swings, k)) << k;
}

TEST_F(Runs, AFlatDefaultEveryTierGivesIsReplacedToo) {
  const Scenario s = toy_scenario(R"(name: tiered
horizon_months: 12
demand:
  active_share_daily: 0.5
  tiers:
    - {name: free, share: 0.9, active_share_daily: 0.4}
    - {name: paid, share: 0.1, price_month: 20, active_share_daily: 0.6, churn_monthly: 0.02}
)");
  std::vector<std::string> skipped;
  const auto swings = numeric_swings(s, c, 0.1, skipped);
  EXPECT_EQ(tier_skips(skipped),
            (std::vector<std::string>{
                "horizon_months: the span a tiered scenario models, not one of its inputs",
                "demand.active_share_daily: replaced by each tier's active_share_daily",
                "demand.paying_share: replaced by each tier's price_month (a tier with a price pays)",
                "revenue.subscription_price_month: replaced by each tier's price_month",
                "revenue.ads_per_free_user_month: replaced by each tier's ads_per_user_month"}));
  EXPECT_FALSE(has_swing(swings, "demand.active_share_daily"));
  EXPECT_TRUE(has_swing(swings, "demand.tiers.free.active_share_daily"));
  EXPECT_TRUE(has_swing(swings, "demand.requests_per_active_user_day"));  // inherited by both tiers
  // One tier inherits the flat churn: it stays an input (here 0, so it does not move).
  EXPECT_EQ(std::count(skipped.begin(), skipped.end(), "demand.churn_monthly: does not move at ±10% (value 0)"), 1);
  // A flat scenario keeps them all.
  std::vector<std::string> flat_skipped;
  const auto flat = numeric_swings(toy_scenario(), c, 0.1, flat_skipped);
  EXPECT_TRUE(tier_skips(flat_skipped).empty());
  EXPECT_TRUE(has_swing(flat, "horizon_months"));
  EXPECT_TRUE(has_swing(flat, "demand.paying_share"));
}

TEST_F(Runs, SweepGridVariesTheLastKeyFastest) {
  const Scenario s = toy_scenario();
  const auto axes = sweep_axes({"demand.growth_monthly=0.05,0.1", "revenue.subscription_price_month=10,20,30"}, s);
  EXPECT_EQ(grid_size(axes), 6);
  const auto p4 = grid_point(axes, 4);  // (1, 1): growth 0.1, price 20
  EXPECT_EQ(p4[0].number, 0.1);
  EXPECT_EQ(p4[1].number, 20);
  const auto out = run_sweep(s, c, axes, share(6, 0, 1), toy);
  ASSERT_EQ(out.size(), 6u);
  EXPECT_NEAR(out[4].npv, 1e6 * 0.1 + 1e4 * 20 - 3e5, 1e-6);  // 0
  EXPECT_NEAR(out[0].npv, 1e6 * 0.05 + 1e4 * 10 - 3e5, 1e-6); // −150,000
}

TEST_F(Runs, SweepJsonWrittenPieceByPieceIsTheWholeDocumentsDump) {
  const Scenario s = toy_scenario();
  // Numbers that dump as integers, exponents and 17 digits; a text key; null and whole months.
  const auto axes = sweep_axes({"demand.growth_monthly=0.05,1e-7,0.1234567890123", "service.weights=bf16,fp8",
                                "revenue.subscription_price_month=10,20.5"}, s);
  auto out = run_sweep(s, c, axes, share(grid_size(axes), 0, 1), toy);
  out[3].payback_month = 11;
  out[4].npv = -1.2345678901234567e-300;
  // The document as `hippo sweep --json` printed it before it streamed: built whole, then dumped.
  nlohmann::ordered_json whole{{"scenario", s.name}, {"currency", s.currency}, {"keys", {axes[0].key, axes[1].key, axes[2].key}}};
  whole["points"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < out.size(); ++i) {
    nlohmann::ordered_json inputs = nlohmann::ordered_json::object();
    for (const auto& st : grid_point(axes, static_cast<std::int64_t>(i)))
      inputs[st.key] = st.numeric ? nlohmann::ordered_json(st.number) : nlohmann::ordered_json(st.text);
    nlohmann::ordered_json p{{"inputs", std::move(inputs)}};
    p.update(outcome_json(out[i]));
    whole["points"].push_back(std::move(p));
  }
  const SweepJsonWriter writer(axes);
  std::string streamed = writer.head(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const std::size_t before = streamed.size();
    writer.point(streamed, static_cast<std::int64_t>(i), out[i]);
    EXPECT_LE(static_cast<std::int64_t>(streamed.size() - before), writer.max_point_bytes()) << i;
  }
  streamed += SweepJsonWriter::tail();
  EXPECT_EQ(streamed, whole.dump());
  // ,{"inputs":{ 12; each axis's widest `"key":value,` (24 + 15 + 1, 18 + 6 + 1, 35 + 4 + 1); }, 2;
  // the outcome: 6 + 24 npv, 14 + 24 IRR, 23 + 21 null months, 17 + 24 cost, 13 + 24 GPUs, } 1.
  EXPECT_EQ(writer.max_point_bytes(), 12 + 40 + 25 + 40 + 2 + 30 + 38 + 23 + 21 + 41 + 37 + 1);
}

TEST_F(Runs, SweepRejectsUnknownKeysWithASuggestion) {
  const Scenario s = toy_scenario();
  try {
    sweep_axes({"demand.growth_montly=0.1,0.2"}, s);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "axes: unknown scenario key 'demand.growth_montly' (did you mean 'demand.growth_monthly'?)");
  }
  EXPECT_THROW(sweep_axes({"demand.growth_monthly=0.1,abc"}, s), InputError);
  EXPECT_THROW(sweep_axes({"demand.paying_share=0.1,7"}, s), InputError);  // out of [0, 1]
  EXPECT_THROW(sweep_axes({"demand.growth_monthly=0.1", "demand.growth_monthly=0.2"}, s), InputError);
}

TEST_F(Runs, SweepTakesChoiceKeys) {
  const Scenario s = toy_scenario();
  const auto axes = sweep_axes({"service.weights=bf16,fp8"}, s);
  Scenario t = s;
  apply(t, axes[0].values[1], {"", 0, "--set"});
  EXPECT_EQ(t.service.weights, DType::fp8);
  EXPECT_THROW(sweep_axes({"service.weights=fp9"}, s), InputError);
}

TEST_F(Runs, UncertainBoundsOutsideTheKeysRangeAreRejected) {
  const Scenario s = toy_scenario(R"(name: toy
demand:
  paying_share: {value: 0.04, dist: uniform, low: -0.01, high: 0.05}
)");
  try {
    check_uncertain_inputs(s);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().key, "demand.paying_share.low");
    EXPECT_EQ(e.where().line, 3);
  }
}

}  // namespace
}  // namespace hippo::uncertainty
