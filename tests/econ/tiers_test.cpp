// Tiers, multi-model pools and the consumer P&L (issue 17) on hand-built scenarios: every expected
// number is worked out in the comments.
#include <gtest/gtest.h>

#include <cmath>

#include "econ/hand_capacity.hpp"
#include "hippo/economics.hpp"
#include "hippo/units.hpp"

namespace hippo::econ {
namespace {

using test::hand_capacity;  // one GPU per replica serving 1 request/s, $1000 GPUs
using test::hand_scenario;  // 10 users at one request a second each, 16 GPUs in two servers

Tier tier(std::string name, double share, double price, double in, double out,
          std::vector<std::pair<std::string, double>> routing) {
  Tier t;
  t.name = std::move(name);
  t.share = share;
  t.price_month = price;
  t.active_share_daily = 1;
  t.requests_per_active_user_day = kSecondsPerDay;  // one request a second per user
  t.input_tokens = in;
  t.output_tokens = out;
  t.routing = std::move(routing);
  t.churn_monthly = 0;
  t.acquisition_cost = 0;
  return t;
}

PoolCapacity pool(std::string model, std::vector<double> tier_rates) {
  PoolCapacity p;
  p.model = std::move(model);
  p.gpu = "hand-gpu";
  p.tier_requests_per_s_per_replica = std::move(tier_rates);
  p.tier_tpot_visible_s.assign(p.tier_requests_per_s_per_replica.size(), 0.05);
  p.tier_ttft_visible_s.assign(p.tier_requests_per_s_per_replica.size(), 0.5);
  p.gpu_price_usd = 1000;
  p.rental_usd_per_gpu_hour = 2;
  p.gpu_tdp_w = 700;
  p.gpu_idle_w = 100;
  return p;
}

// 100 users: free (75 %) routed 80 % to m-a and 20 % to m-b, plus (25 %, $20) all to m-b.
// One request a second per user: free 75 req/s, plus 25 req/s.
//   m-a: 0.8 · 75 = 60 req/s at 10 req/s a replica = 6 replicas → one server of 8 GPUs.
//   m-b: 0.2 · 75 = 15 req/s at 5 (free's shape) = 3, plus 25 at 2 = 12.5: 15.5 → 16 GPUs.
TEST(Tiers, ATiersTokensLandInItsRoutedPools) {
  Scenario s = hand_scenario();
  s.demand.users_start = s.demand.users_max = 100;
  s.demand.tiers = {tier("free", 0.75, 0, 300, 100, {{"m-a", 0.8}, {"m-b", 0.2}}),
                    tier("plus", 0.25, 20, 600, 400, {{"m-b", 1.0}})};
  FleetCapacity c = hand_capacity();
  c.pools = {pool("m-a", {10, 0}), pool("m-b", {5, 2})};
  const EconResult r = evaluate(s, c);
  ASSERT_TRUE(r.consumer);
  ASSERT_EQ(r.pools.size(), 2u);
  const double month_s = kDaysPerMonth * kSecondsPerDay;
  const double free_requests = 75 * month_s, plus_requests = 25 * month_s;
  EXPECT_DOUBLE_EQ(r.monthly[0].requests, free_requests + plus_requests);
  EXPECT_DOUBLE_EQ(r.pools[0].monthly[0].tokens, free_requests * 0.8 * 400);
  EXPECT_DOUBLE_EQ(r.pools[1].monthly[0].tokens, free_requests * 0.2 * 400 + plus_requests * 1000);
  EXPECT_DOUBLE_EQ(r.monthly[0].tokens, r.pools[0].monthly[0].tokens + r.pools[1].monthly[0].tokens);
  EXPECT_DOUBLE_EQ(r.pools[0].monthly[0].gpus_needed, 6);
  EXPECT_DOUBLE_EQ(r.pools[1].monthly[0].gpus_needed, 16);
  EXPECT_DOUBLE_EQ(r.pools[0].gpus_peak, 8);
  EXPECT_DOUBLE_EQ(r.pools[1].gpus_peak, 16);
  EXPECT_DOUBLE_EQ(r.monthly[0].gpus, 24);
  EXPECT_DOUBLE_EQ(r.monthly[0].gpus_needed, 22);
  // Capex month 1: 24 GPUs × 1500; depreciation over 24 months: 8 × 1500 / 24 = 500 and 1000.
  EXPECT_DOUBLE_EQ(r.monthly[0].capex, 24 * 1500);
  EXPECT_DOUBLE_EQ(r.pools[0].monthly[0].depreciation, 500);
  EXPECT_DOUBLE_EQ(r.pools[1].monthly[0].depreciation, 1000);
  // Free's tokens by model over the horizon: 24 months of the above.
  ASSERT_EQ(r.tiers.size(), 2u);
  ASSERT_EQ(r.tiers[0].tokens_by_model.size(), 2u);
  EXPECT_EQ(r.tiers[0].tokens_by_model[0].first, "m-a");
  EXPECT_NEAR(r.tiers[0].tokens_by_model[0].second, 24 * free_requests * 0.8 * 400, 1e-3);
  EXPECT_NEAR(r.tiers[0].tokens_by_model[1].second, 24 * free_requests * 0.2 * 400, 1e-3);
  // Revenue: 25 plus users × $20; free pays nothing.
  EXPECT_DOUBLE_EQ(r.monthly[0].paying_users, 25);
  EXPECT_DOUBLE_EQ(r.monthly[0].revenue_subscriptions, 500);
  // Cost per tier by the replica-seconds it takes: m-a is all free's; of m-b's 15.5 busy replicas
  // 3 are free's and 12.5 plus's. Serving cost is depreciation only (no power, no lease).
  EXPECT_NEAR(r.tiers[0].serving_cost_total, 24 * (500 + 1000 * 3 / 15.5), 1e-6);
  EXPECT_NEAR(r.tiers[1].serving_cost_total, 24 * (1000 * 12.5 / 15.5), 1e-6);
  EXPECT_NEAR(r.pools[1].cost_per_mtok, 24 * 1000 / (24 * r.pools[1].monthly[0].tokens / 1e6), 1e-9);
}

// A conversation re-reads its history: with a system prompt S = 500, messages m = 100 and answers
// a = 300 over T = 4 turns, turn k reads S + m + (k − 1)(m + a) = 600, 1000, 1400, 1800 tokens: a
// mean of 1200. Reasoning tokens (200) are generated on top of the answer but not kept.
TEST(Tiers, HistoryGrowsTheInputOfEachTurn) {
  Tier t = tier("chat", 1, 0, 100, 300, {{"m-a", 1}});
  t.system_prompt_tokens = 500;
  t.turns_per_conversation = 4;
  EXPECT_DOUBLE_EQ(t.turn_input_tokens(), (600 + 1000 + 1400 + 1800) / 4.0);
  t.reasoning_tokens = 200;
  EXPECT_DOUBLE_EQ(t.turn_input_tokens(), 1200);  // reasoning is not history
  EXPECT_DOUBLE_EQ(t.turn_output_tokens(), 500);
  Scenario s = hand_scenario();
  s.demand.tiers = {t};
  FleetCapacity c = hand_capacity();
  c.pools = {pool("m-a", {1})};
  const EconResult r = evaluate(s, c);
  // 10 users × 1 turn/s × a month of seconds, each 1200 in + 300 shown + 200 reasoning.
  EXPECT_DOUBLE_EQ(r.monthly[0].tokens, 10 * kDaysPerMonth * kSecondsPerDay * 1700);
}

// Consumer prices include VAT at 25 %: $300 charged is $240 of revenue and $60 for the state. Of
// the payments 40 % go through an app store taking 30 % of the price net of VAT, the rest through
// a card processor taking 3 % of the amount charged: 2400·0.4·0.3 + 3000·0.6·0.03 = 288 + 54.
TEST(ConsumerPnl, FeesAndVat) {
  Scenario s = hand_scenario();
  s.revenue.vat_rate = 0.25;
  s.revenue.store_share = 0.4;
  s.revenue.store_fee = 0.3;
  s.revenue.payment_fee = 0.03;
  const EconResult r = evaluate(s, hand_capacity());
  ASSERT_TRUE(r.consumer);
  const MonthRow& m = r.monthly[0];
  EXPECT_DOUBLE_EQ(m.revenue_subscriptions, 2400);
  EXPECT_DOUBLE_EQ(m.revenue, 2400);
  EXPECT_DOUBLE_EQ(m.vat, 600);
  EXPECT_DOUBLE_EQ(m.fees, 342);
  // EBITDA: 2400 − 342 − 500 staff = 1558; depreciation 16 × 1500 / 24 = 1000.
  EXPECT_DOUBLE_EQ(m.ebitda, 1558);
  EXPECT_DOUBLE_EQ(m.operating_profit, 558);
  EXPECT_DOUBLE_EQ(m.other_opex, 342);  // fees are other opex (no rental, fixed, marketing or tax)
}

// Users as a stock: u(m+1) = u − churned + acquired. 1000 users growing 20 % towards 2000 reach
// 1000 + 0.2·1000·0.5 = 1100, then 1100 + 0.2·1100·0.45 = 1199. With 5 % churn month 1 loses 50
// and must acquire 150; month 2 loses 55 and acquires 154. At $10 a user: 1500 and 1540, plus
// $100 of fixed marketing.
TEST(ConsumerPnl, ChurnStockAndFlow) {
  Scenario s = hand_scenario();
  s.demand.users_start = 1000;
  s.demand.users_max = 2000;
  s.demand.growth_monthly = 0.2;
  s.demand.churn_monthly = 0.05;
  s.demand.acquisition_cost = 10;
  s.opex.marketing_month = 100;
  s.horizon_months = 3;
  FleetCapacity c = hand_capacity(1, 1e6);  // capacity is not the point here
  const EconResult r = evaluate(s, c);
  EXPECT_DOUBLE_EQ(r.monthly[0].users, 1000);
  EXPECT_DOUBLE_EQ(r.monthly[1].users, 1100);
  EXPECT_DOUBLE_EQ(r.monthly[2].users, 1199);
  EXPECT_DOUBLE_EQ(r.monthly[0].users_churned, 50);
  EXPECT_DOUBLE_EQ(r.monthly[0].users_acquired, 150);
  EXPECT_DOUBLE_EQ(r.monthly[1].users_churned, 55);
  EXPECT_DOUBLE_EQ(r.monthly[1].users_acquired, 154);
  for (int m = 0; m + 1 < 3; ++m)
    EXPECT_DOUBLE_EQ(r.monthly[m + 1].users, r.monthly[m].users - r.monthly[m].users_churned + r.monthly[m].users_acquired);
  EXPECT_DOUBLE_EQ(r.monthly[0].marketing, 1600);
  EXPECT_DOUBLE_EQ(r.monthly[1].marketing, 1640);
}

// The same stock per tier, each with its own churn and acquisition cost: 1000 users, 60 % free
// (churn 10 %, $2 a user) and 40 % paid (churn 2 %, $30). Growth 20 % towards 2000: 1100 next month.
// Free: 600 → 660, loses 60, acquires 120 ($240). Paid: 400 → 440, loses 8, acquires 48 ($1440).
TEST(ConsumerPnl, ChurnPerTier) {
  Scenario s = hand_scenario();
  s.demand.users_start = 1000;
  s.demand.users_max = 2000;
  s.demand.growth_monthly = 0.2;
  s.horizon_months = 2;
  Tier free = tier("free", 0.6, 0, 100, 100, {{"m-a", 1}});
  free.churn_monthly = 0.1;
  free.acquisition_cost = 2;
  Tier paid = tier("paid", 0.4, 20, 100, 100, {{"m-a", 1}});
  paid.churn_monthly = 0.02;
  paid.acquisition_cost = 30;
  s.demand.tiers = {free, paid};
  FleetCapacity c = hand_capacity(1, 1e6);
  c.pools = {pool("m-a", {1e6, 1e6})};
  const EconResult r = evaluate(s, c);
  EXPECT_DOUBLE_EQ(r.monthly[0].users_churned, 68);
  EXPECT_DOUBLE_EQ(r.monthly[0].users_acquired, 168);
  EXPECT_DOUBLE_EQ(r.monthly[0].marketing, 240 + 1440);
  // Month 2: paid 440 → 0.4 · 1199 = 479.6, loses 8.8, acquires 48.4 ($1452).
  EXPECT_NEAR(r.tiers[1].marketing_total, 1440 + 1452, 1e-9);
  EXPECT_DOUBLE_EQ(r.monthly[0].paying_users, 400);
  EXPECT_DOUBLE_EQ(r.monthly[0].revenue_subscriptions, 400 * 20);
}

// Funding need and EBITDA break-even: at $140 revenue is 1400 a month, EBITDA 1400 − 500 = 900 from
// month 1, but depreciation (1000) keeps the operating profit at −100: no operating break-even.
// Cash: −100 + 1000 − 24000 capex = −23100 in month 1, the deepest, then +900 a month.
TEST(ConsumerPnl, FundingNeedAndEbitdaBreakeven) {
  Scenario s = hand_scenario();
  s.revenue.subscription_price_month = 140;
  s.opex.marketing_month = 1e-9;  // a consumer key, so that the consumer results are reported
  const EconResult r = evaluate(s, hand_capacity());
  EXPECT_FALSE(r.breakeven_month.has_value());
  EXPECT_EQ(r.ebitda_breakeven_month, 1);
  EXPECT_NEAR(r.funding_need, 23100, 1e-6);
  EXPECT_EQ(r.funding_need_month, 1);
  EXPECT_NEAR(r.monthly[1].cumulative_cash, -23100 + 900, 1e-6);
}

// Reasoning tokens are generated — fewer turns a second per replica, three times the tokens and a
// larger fleet — but never shown: the visible TPOT is one step's time (within the SLO) and the
// first visible token waits for the prefill and the 1000 reasoning steps.
TEST(Tiers, ReasoningTokensCostButAreNotInTheVisibleTpot) {
  const Catalog catalog = load_builtin_catalog();
  Scenario s = load_scenario("default", catalog);
  s.demand.tiers = {tier("plus", 1, 20, 200, 300, {{s.service.model, 1}})};
  s.demand.tiers[0].requests_per_active_user_day = 10;
  s.demand.api_mtok_month_start = 0;  // the turns alone
  const FleetCapacity plain = fleet_capacity(s, catalog);
  const EconResult r_plain = evaluate(s, plain);
  s.demand.tiers[0].reasoning_tokens = 1000;
  const FleetCapacity thinking = fleet_capacity(s, catalog);
  const EconResult r_thinking = evaluate(s, thinking);
  const PoolCapacity &a = plain.pools[0], &b = thinking.pools[0];
  EXPECT_LT(b.tier_requests_per_s_per_replica[0], a.tier_requests_per_s_per_replica[0]);
  EXPECT_GT(b.tier_tpot_visible_s[0], 0);
  EXPECT_LE(b.tier_tpot_visible_s[0], s.slo.tpot_p99_s);
  EXPECT_NEAR(b.tier_ttft_visible_s[0] - a.tier_ttft_visible_s[0], 1000 * b.tier_tpot_visible_s[0], 1e-9);
  EXPECT_DOUBLE_EQ(r_thinking.monthly[0].tokens, 3 * r_plain.monthly[0].tokens);  // 1500 against 500 a turn
  EXPECT_DOUBLE_EQ(r_thinking.monthly[0].revenue, r_plain.monthly[0].revenue);
  EXPECT_GT(r_thinking.fleet.gpus_peak, r_plain.fleet.gpus_peak);
  EXPECT_DOUBLE_EQ(r_thinking.tiers[0].tpot_visible_s, b.tier_tpot_visible_s[0]);
}

// Without the new keys nothing of the consumer model is reported.
TEST(ConsumerPnl, AbsentWithoutItsKeys) {
  const EconResult r = evaluate(hand_scenario(), hand_capacity());
  EXPECT_FALSE(r.consumer);
  EXPECT_TRUE(r.pools.empty());
  EXPECT_TRUE(r.tiers.empty());
}

}  // namespace
}  // namespace hippo::econ
