// The CLI's contracts for the foundation commands: JSON on stdout, one-line errors, exit codes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/run_cli.hpp"

namespace hippo {
namespace {

using test::run_hippo;

TEST(CliCatalog, GpusJsonListsIdsAndFigures) {
  auto r = run_hippo({"catalog", "gpus", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["gpus"].size(), 14u);
  EXPECT_EQ(doc["gpus"][1]["id"], "h100-sxm");
  EXPECT_EQ(doc["gpus"][1]["bf16_tflops"], 989);
  EXPECT_EQ(doc["gpus"][1]["hbm_gb"], 80);
}

TEST(CliCatalog, ModelsJsonCarriesDerivedFigures) {
  auto r = run_hippo({"catalog", "models", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["models"][0]["id"], "llama-2-7b");
  EXPECT_EQ(doc["models"][0]["params"], 6738415616.0);
}

TEST(CliCatalog, TextTableHasHeader) {
  auto r = run_hippo({"catalog", "models"});
  ASSERT_EQ(r.status, 0);
  EXPECT_EQ(r.out.rfind("id    ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("llama-3.1-405b"), std::string::npos);
}

TEST(CliValidate, GoodScenario) {
  auto r = run_hippo({"validate", "default"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("valid scenario 'default'"), std::string::npos);
}

// Each kind of bad scenario: exit 2 and one line naming file, line and key.
TEST(CliValidate, BadScenariosExitTwoWithOneLine) {
  const std::string bad = std::string(HIPPO_TEST_DATA) + "/bad/";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"syntax.yaml", "syntax.yaml:5: YAML syntax error"},
      {"unknown_key.yaml", "unknown_key.yaml:5: demand.users_strat: unknown key (did you mean 'users_start'?)"},
      {"wrong_type.yaml", "wrong_type.yaml:3: service.tp: expected a number, got 'two'"},
      {"negative.yaml", "negative.yaml:3: facility.power_price_per_kwh: expected a value in [0, 1e+06] currency/kWh, got -0.08"},
      {"unknown_gpu.yaml", "unknown_gpu.yaml:3: service.gpu: unknown GPU 'h200' (did you mean 'h200-sxm'?)"},
  };
  for (const auto& [file, expected] : cases) {
    auto r = run_hippo({"validate", bad + file});
    EXPECT_EQ(r.status, 2) << file;
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.out, "") << file;
  }
}

TEST(CliErrors, MissingFileAndUnknownName) {
  auto r = run_hippo({"validate", "nowhere/s.yaml"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "hippo: nowhere/s.yaml: cannot read file (does it exist?)\n");
  r = run_hippo({"validate", "defualt"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "hippo: scenario: no scenario file or shipped scenario named 'defualt' (did you mean 'default'?)\n");
}

TEST(CliErrors, UnknownSubcommandOrFlagIsExitTwo) {
  auto r = run_hippo({"catalog", "gpus", "--jsn"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  r = run_hippo({"catalog", "tpus"});
  EXPECT_EQ(r.status, 2);
}

}  // namespace
}  // namespace hippo
