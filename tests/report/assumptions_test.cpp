// The assumptions table: every scenario key with value, unit and where the figure came from.
#include <gtest/gtest.h>

#include <set>

#include "report/assumptions.hpp"

namespace hippo::report {
namespace {

using nlohmann::json;

const json& row(const json& table, const std::string& key) {
  for (const auto& r : table)
    if (r["key"] == key) return r;
  throw std::runtime_error("no row " + key);
}

class Assumptions : public ::testing::Test {
 protected:
  Catalog catalog = load_builtin_catalog();
  Scenario s = parse_scenario(
      "name: t\n"
      "currency: KRW\n"
      "fx_per_usd: {value: 1380, source: \"Bank of Korea, Jan 2026\"}\n"
      "demand:\n"
      "  users_start: {value: 5000000, source: \"launch plan (2026)\"}\n"
      "  growth_monthly: 0.05\n"
      "workload:\n"
      "  input: fixed:512\n"
      "fleet:\n"
      "  tp: [2, 4]\n",
      "t.yaml", catalog);
};

TEST_F(Assumptions, EveryKeyButTheTitleOnceInSchemaOrder) {
  const json table = assumptions_json(s);
  std::vector<std::string> expected, got;
  for (const auto& k : scenario_keys())
    if (k.key != "name" && k.key != "description") expected.push_back(k.key);
  for (const auto& r : table) got.push_back(r["key"]);
  EXPECT_EQ(got, expected);
}

TEST_F(Assumptions, SourceFromTheFileBlankWhenNoneAndDefaultWhenUnset) {
  const json table = assumptions_json(s);
  EXPECT_EQ(row(table, "demand.users_start"),
            (json{{"key", "demand.users_start"}, {"value", 5e6}, {"unit", "users"}, {"source", "launch plan (2026)"}}));
  EXPECT_EQ(row(table, "demand.growth_monthly")["value"], 0.05);
  EXPECT_EQ(row(table, "demand.growth_monthly")["source"], "");
  EXPECT_EQ(row(table, "demand.paying_share")["value"], 0.04);
  EXPECT_EQ(row(table, "demand.paying_share")["source"], "hippo default");
}

TEST_F(Assumptions, WordsAndDistributionsAsText) {
  const json table = assumptions_json(s);
  EXPECT_EQ(row(table, "currency")["value"], "KRW");
  EXPECT_EQ(row(table, "currency")["source"], "");
  EXPECT_EQ(row(table, "workload.input")["value"], "fixed:512");
  EXPECT_EQ(row(table, "workload.output")["value"], "lognormal:mean=250,cv=1");
  EXPECT_EQ(row(table, "service.weights")["value"], "bf16");
  EXPECT_EQ(row(table, "fleet.procurement")["value"], "owned");
  EXPECT_EQ(row(table, "fleet.tp")["value"], "2, 4");
  EXPECT_EQ(row(table, "fx_per_usd"),
            (json{{"key", "fx_per_usd"}, {"value", 1380}, {"unit", "currency/USD"}, {"source", "Bank of Korea, Jan 2026"}}));
}

}  // namespace
}  // namespace hippo::report
