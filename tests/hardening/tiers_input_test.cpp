// Issue 17: every bad input of demand.tiers and fleet.pools exits 2 with one line naming the
// file, the line, the key and what was expected, writes nothing and leaves no output folder.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "support/run_cli.hpp"

namespace hippo {
namespace {

namespace fs = std::filesystem;

// `tiers` is the list under demand.tiers (4-space indented items, first on line 4); `tail` follows.
void expect_refused(const std::string& tiers, const std::string& line, const std::string& tail = "") {
  const std::string dir = test::temp_dir();
  test::write_file(dir, "t.yaml",
                   "service: {model: llama-3.1-8b, gpu: h100-sxm}\ndemand:\n  tiers:\n" + tiers + tail);
  const test::CliResult r = test::run_hippo({"run", "t.yaml", "--out", "o"}, dir);
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_EQ(r.err, line + "\n");
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(fs::path(dir) / "o"));
}

TEST(TiersInput, SharesNotSummingToOne) {
  expect_refused("    - {name: free, share: 0.5}\n    - {name: paid, share: 0.4, price_month: 20}\n",
                 "hippo: t.yaml:4: demand.tiers: tier shares must sum to 1, they sum to 0.9");
}

TEST(TiersInput, RoutingSharesNotSummingToOne) {
  expect_refused("    - {name: free, share: 1, routing: {llama-3.1-8b: 0.5, llama-3.1-70b: 0.4}}\n",
                 "hippo: t.yaml:4: demand.tiers.free.routing: routing shares must sum to 1, they sum to 0.9");
}

TEST(TiersInput, RoutedModelNotInTheCatalog) {
  expect_refused("    - {name: free, share: 1, routing: {llama-3.1-8bb: 1}}\n",
                 "hippo: t.yaml:4: demand.tiers.free.routing.llama-3.1-8bb: routed model 'llama-3.1-8bb' is not in "
                 "the catalog (did you mean 'llama-3.1-8b'?)");
}

TEST(TiersInput, ChurnOfOneOrMore) {
  expect_refused("    - {name: free, share: 1, churn_monthly: 1}\n",
                 "hippo: t.yaml:4: demand.tiers.free.churn_monthly: expected a value in [0, 1) fraction/month, got 1");
}

TEST(TiersInput, NamesMissingTwiceOrDotted) {
  expect_refused("    - {price_month: 2}\n", "hippo: t.yaml:4: demand.tiers.name: required text is missing");
  expect_refused("    - {name: free, share: 1}\n    - {name: free, share: 0}\n",
                 "hippo: t.yaml:5: demand.tiers.name: tier 'free' is given twice");
  expect_refused("    - {name: fr.ee, share: 1}\n",
                 "hippo: t.yaml:4: demand.tiers.name: expected a tier name without dots, got 'fr.ee'");
}

TEST(TiersInput, ShareAndUsersBoth) {
  expect_refused("    - {name: free, share: 1, users: 10}\n",
                 "hippo: t.yaml:4: demand.tiers.free.users: give a tier's share or its users, not both");
}

TEST(TiersInput, UnknownTierField) {
  expect_refused("    - {name: free, share: 1, bogus: 3}\n",
                 "hippo: t.yaml:4: demand.tiers.bogus: unknown key (known: name, routing, source, share, users, "
                 "price_month, active_share_daily, requests_per_active_user_day, input_tokens, output_tokens, "
                 "reasoning_tokens, system_prompt_tokens, turns_per_conversation, prefix_cache_hit, churn_monthly, "
                 "acquisition_cost, ads_per_user_month)");
}

TEST(TiersInput, PoolNoTierRoutesTo) {
  expect_refused("    - {name: free, share: 1}\n",
                 "hippo: t.yaml:7: fleet.pools.llama-3.1-70b: no tier routes to model 'llama-3.1-70b' (nor is it "
                 "service.model)",
                 "fleet:\n  pools:\n    - {model: llama-3.1-70b, gpu: h100-sxm, tp: 4}\n");
}

TEST(TiersInput, PoolParallelismNotWhole) {
  expect_refused("    - {name: free, share: 1, routing: {llama-3.1-70b: 1}}\n",
                 "hippo: t.yaml:7: fleet.pools.llama-3.1-70b.tp: expected a whole number in [1, 72], got 3.5",
                 "fleet:\n  pools:\n    - {model: llama-3.1-70b, tp: 3.5}\n");
}

// --set on a tier field names the flag and the tier the scenario lacks.
TEST(TiersInput, SetOnATierTheScenarioLacks) {
  const test::CliResult r = test::run_hippo({"run", "default", "--set", "demand.tiers.free.churn_monthly=0.1"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "hippo: --set: demand.tiers.free.churn_monthly: the scenario has no tier 'free'\n");
}

}  // namespace
}  // namespace hippo
