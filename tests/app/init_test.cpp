// `hippo init` and `hippo catalog scenarios --show`: the written file lists every scenario key with
// its unit, range and default, validates, and runs to the same result as the scenario it came from.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "hippo/app.hpp"
#include "support/run_cli.hpp"

namespace hippo {
namespace {

// results.json without what names the file (its path) rather than the scenario.
nlohmann::json without_file(nlohmann::json doc) {
  if (doc.contains("assumptions"))
    for (auto& a : doc["assumptions"]) a.erase("line");
  doc.erase("file");
  return doc;
}

TEST(Init, EveryShippedScenarioWritesAFileThatRunsToTheSameResult) {
  const Catalog catalog = load_builtin_catalog();
  for (const auto& shipped : catalog.scenarios) {
    const std::string dir = test::temp_dir();
    const auto init = test::run_hippo({"init", "start.yaml", "--from", shipped.name}, dir);
    ASSERT_EQ(init.status, 0) << init.err;
    EXPECT_EQ(init.out, "Wrote start.yaml (from '" + shipped.name +
                            "'): check it with `hippo validate start.yaml`, run it with `hippo run start.yaml`\n");
    const std::string text = test::read_file(dir + "/start.yaml");
    for (const auto& k : scenario_keys()) {
      const std::string leaf = k.key.substr(k.key.find('.') + 1);
      EXPECT_NE(text.find(leaf + ":"), std::string::npos) << shipped.name << ": " << k.key;
      if (!k.unit.empty()) EXPECT_NE(text.find(k.description + " (" + k.unit), std::string::npos) << k.key;
    }
    const auto valid = test::run_hippo({"validate", "start.yaml"}, dir);
    EXPECT_EQ(valid.status, 0) << shipped.name << ": " << valid.err;
    const auto a = test::run_hippo({"run", "start.yaml", "--json", "--quiet"}, dir);
    const auto b = test::run_hippo({"run", shipped.name, "--json", "--quiet"}, dir);
    ASSERT_EQ(a.status, 0) << a.err;
    EXPECT_EQ(without_file(nlohmann::json::parse(a.out)), without_file(nlohmann::json::parse(b.out))) << shipped.name;
  }
}

TEST(Init, RefusesToReplaceAFileWithoutForce) {
  const std::string dir = test::temp_dir();
  test::write_file(dir, "mine.yaml", "name: mine\n");
  const auto r = test::run_hippo({"init", "mine.yaml"}, dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "hippo: mine.yaml: already exists; give another name, or --force to replace it\n");
  EXPECT_EQ(test::read_file(dir + "/mine.yaml"), "name: mine\n");
  EXPECT_EQ(test::run_hippo({"init", "mine.yaml", "--force"}, dir).status, 0);
  EXPECT_NE(test::read_file(dir + "/mine.yaml"), "name: mine\n");
  const auto unknown = test::run_hippo({"init", "x.yaml", "--from", "defualt"}, dir);
  EXPECT_EQ(unknown.status, 2);
  EXPECT_FALSE(std::filesystem::exists(dir + "/x.yaml"));
}

TEST(CatalogShow, PrintsTheShippedScenarioAsWritten) {
  const Catalog catalog = load_builtin_catalog();
  const auto r = test::run_hippo({"catalog", "scenarios", "--show", "korea"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, catalog.scenario_text("korea"));
  const auto bad = test::run_hippo({"catalog", "gpus", "--show", "korea"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.err, "hippo: --show: goes with `hippo catalog scenarios`\n");
}

TEST(CliSet, SimulateSensitivityAndMontecarloTakeSet) {
  // simulate: --set is the same as the flag for the same key, and as the value in the file.
  const auto flag = test::run_hippo({"simulate", "default", "--rate", "4", "--requests", "500", "--json", "--deterministic",
                                     "--max-batch", "64"});
  const auto set = test::run_hippo({"simulate", "default", "--rate", "4", "--requests", "500", "--json", "--deterministic",
                                    "--set", "service.max_batch=64"});
  ASSERT_EQ(flag.status, 0) << flag.err;
  EXPECT_EQ(flag.out, set.out);
  const auto bad = test::run_hippo({"simulate", "default", "--rate", "4", "--set", "service.max_bach=64"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(bad.err, "hippo: --set: unknown scenario key 'service.max_bach' (did you mean 'service.max_batch'?)\n");
  const auto range = test::run_hippo({"simulate", "default", "--rate", "4", "--max-batch", "0"});
  EXPECT_EQ(range.status, 2);
  EXPECT_EQ(range.err, "hippo: --max-batch: expected a value in [1, 1e+06] sequences, got 0\n");
  // sensitivity and montecarlo: the override moves the results (subscription price: not one of
  // korea's uncertain inputs, whose draws would replace it).
  for (const char* cmd : {"sensitivity", "montecarlo"}) {
    const auto base = test::run_hippo({cmd, "korea", "--json", "--quiet", "--out", "o"});
    const auto moved = test::run_hippo({cmd, "korea", "--json", "--quiet", "--out", "o", "--set", "revenue.subscription_price_month=1000"});
    ASSERT_EQ(moved.status, 0) << moved.err;
    EXPECT_NE(base.out, moved.out) << cmd;
    const auto wrong = test::run_hippo({cmd, "korea", "--set", "demand.paying_share=lots"});
    EXPECT_EQ(wrong.status, 2);
    EXPECT_EQ(wrong.err, "hippo: --set: demand.paying_share: expected a number, got 'lots'\n");
  }
}

}  // namespace
}  // namespace hippo
