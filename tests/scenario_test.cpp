// Scenario loading: the shipped scenarios are valid, and every kind of bad input names the line.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "hippo/scenario.hpp"
#include "util/atomic_file.hpp"

namespace hippo {
namespace {

class ScenarioTest : public ::testing::Test {
 protected:
  Catalog c = load_builtin_catalog();

  // The message of the InputError that parsing `text` raises, or "" when it parses.
  std::string error_of(const std::string& text) {
    try {
      parse_scenario(text, "s.yaml", c);
    } catch (const InputError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(ScenarioTest, EveryShippedScenarioLoads) {
  for (const auto& s : c.scenarios) EXPECT_NO_THROW(load_scenario(s.name, c)) << s.name;
}

TEST_F(ScenarioTest, DefaultScenarioHasItsValuesAndSources) {
  const Scenario s = load_scenario("default", c);
  EXPECT_EQ(s.service.model, "llama-3.1-70b");
  EXPECT_EQ(s.service.weights, DType::fp8);
  EXPECT_DOUBLE_EQ(s.demand.growth_monthly, 0.08);
  EXPECT_EQ(s.workload.input.kind, LengthDist::Kind::lognormal);
  EXPECT_DOUBLE_EQ(s.workload.input.mean, 1155);
  EXPECT_FALSE(s.sources.at("revenue.subscription_price_month").empty());
  EXPECT_GE(s.uncertain.size(), 5u);
}

TEST_F(ScenarioTest, DefaultsApplyWhenKeysAreAbsent) {
  const Scenario s = parse_scenario("name: x\n", "s.yaml", c);
  EXPECT_EQ(s.horizon_months, 60);
  EXPECT_DOUBLE_EQ(s.facility.pue, 1.2);
  EXPECT_EQ(s.service.scheduler, Scheduler::chunked);
}

TEST_F(ScenarioTest, YamlSyntaxErrorNamesTheLine) {
  EXPECT_EQ(error_of("name: x\ndemand:\n  growth_monthly: [0.1\n"),
            "s.yaml:4: YAML syntax error: end of sequence flow not found");
}

TEST_F(ScenarioTest, KeyGivenTwiceIsRefusedNotSilentlyOverwritten) {
  EXPECT_EQ(error_of("name: x\nservice:\n  tp: 1\n  tp: 2\n"), "s.yaml:4: service.tp: key given twice (first on line 3); keep one");
  EXPECT_EQ(error_of("service: {tp: 1}\nname: x\nservice: {tp: 2}\n"),
            "s.yaml:3: service: key given twice (first on line 1); keep one");
}

TEST_F(ScenarioTest, UnknownKeySuggestsTheRightOne) {
  EXPECT_EQ(error_of("name: x\ndemand:\n  grwoth_monthly: 0.1\n"),
            "s.yaml:3: demand.grwoth_monthly: unknown key (did you mean 'growth_monthly'?)");
  EXPECT_EQ(error_of("servce:\n  tp: 2\n"), "s.yaml:1: servce: unknown key (did you mean 'service'?)");
}

TEST_F(ScenarioTest, WrongTypeNamesKeyAndLine) {
  EXPECT_EQ(error_of("name: x\nfacility:\n  pue: high\n"), "s.yaml:3: facility.pue: expected a number, got 'high'");
  EXPECT_EQ(error_of("service:\n  tp: 1.5\n"), "s.yaml:2: service.tp: expected a whole number, got 1.5");
}

TEST_F(ScenarioTest, NegativeOrOutOfRangeValue) {
  EXPECT_EQ(error_of("revenue:\n  subscription_price_month: -5\n"),
            "s.yaml:2: revenue.subscription_price_month: expected a value in [0, 1e+09] currency/month, got -5");
  EXPECT_EQ(error_of("horizon_months: 0\n"), "s.yaml:1: horizon_months: expected a value in [1, 600] months, got 0");
}

TEST_F(ScenarioTest, UnknownCatalogIdNamesLine) {
  EXPECT_EQ(error_of("name: x\nservice:\n  gpu: h100\n"),
            "s.yaml:3: service.gpu: unknown GPU 'h100' (did you mean 'h100-sxm'?)");
  EXPECT_EQ(error_of("service:\n  model: llama-3-70b\n"),
            "s.yaml:2: service.model: unknown model 'llama-3-70b' (did you mean 'llama-2-70b'?)");
}

TEST_F(ScenarioTest, CrossFieldRules) {
  EXPECT_EQ(error_of("currency: KRW\n"), "s.yaml:1: currency: currency KRW needs fx_per_usd (KRW per USD)");
  EXPECT_EQ(error_of("service:\n  model: llama-2-7b\n  tp: 3\n"),
            "s.yaml:3: service.tp: tp 3 does not divide the 32 attention heads of llama-2-7b");
  EXPECT_EQ(error_of("workload:\n  buckets:\n    - {name: a, share: 0.5, input: 100, output: 10}\n"
                     "    - {name: b, share: 0.4, input: 100, output: 10}\n"),
            "s.yaml:3: workload.buckets: bucket shares must sum to 1, they sum to 0.9");
}

TEST_F(ScenarioTest, DistributionForms) {
  EXPECT_EQ(error_of("demand:\n  growth_monthly: {value: 0.08, dist: triangular, low: 0.1, high: 0.05}\n"),
            "s.yaml:2: demand.growth_monthly.low: low 0.1 is above high 0.05");
  EXPECT_EQ(error_of("workload:\n  input: lognormal:mean=800\n"),
            "s.yaml:2: workload.input: lognormal: expected mean=M,cv=C, got 'mean=800'");
  const Scenario s = parse_scenario("demand:\n  growth_monthly: {value: 0.08, dist: uniform, low: 0.05, high: 0.1}\n",
                                    "s.yaml", c);
  ASSERT_EQ(s.uncertain.size(), 1u);
  EXPECT_EQ(s.uncertain[0].key, "demand.growth_monthly");
  EXPECT_DOUBLE_EQ(s.uncertain[0].dist.high, 0.1);
}

TEST_F(ScenarioTest, SetNumberByKey) {
  Scenario s = parse_scenario("name: x\n", "s.yaml", c);
  set_scenario_number(s, "demand.paying_share", 0.05, {});
  EXPECT_DOUBLE_EQ(get_scenario_number(s, "demand.paying_share"), 0.05);
  set_scenario_number(s, "service.tp", 4, {});
  EXPECT_EQ(s.service.tp, 4);
  try {
    set_scenario_number(s, "demand.paying_shar", 0.05, {});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "demand.paying_shar: not a numeric scenario key (did you mean 'demand.paying_share'?)");
  }
}

// Any key from text, read as in a file; messages name the caller's place, not a line.
TEST_F(ScenarioTest, SetValueFromText) {
  Scenario s = parse_scenario("name: x\n", "s.yaml", c);
  const Location flag{"", 0, "--set service.weights"};
  set_scenario_value(s, "service.weights", "fp8", flag);
  EXPECT_EQ(s.service.weights, DType::fp8);
  set_scenario_value(s, "workload.input", "lognormal:mean=800,cv=1", {});
  EXPECT_DOUBLE_EQ(s.workload.input.mean, 800);
  set_scenario_value(s, "demand.paying_share", "0.05", {});
  EXPECT_DOUBLE_EQ(s.demand.paying_share, 0.05);
  auto error = [&](const std::string& key, const std::string& text) {
    try {
      set_scenario_value(s, key, text, {"", 0, "--set " + key});
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(error("service.weights", "fp9"), "--set service.weights: expected bf16 | fp8 | int8 | int4 | fp4, got 'fp9'");
  EXPECT_EQ(error("service.scheduler", "fifo"), "--set service.scheduler: expected one of chunked | prefill_first, got 'fifo'");
  EXPECT_EQ(error("demand.paying_share", "2"), "--set demand.paying_share: expected a value in [0, 1] fraction, got 2");
  EXPECT_EQ(error("demand.paying_share", "abc"), "--set demand.paying_share: expected a number, got 'abc'");
  EXPECT_EQ(error("service.weigts", "fp8"), "--set service.weigts: unknown scenario key 'service.weigts' (did you mean 'service.weights'?)");
}

TEST_F(ScenarioTest, NumberSlotPointsIntoTheScenario) {
  Scenario s = parse_scenario("name: x\n", "s.yaml", c);
  const ScenarioNumberSlot tp = scenario_number_slot(s, "service.tp");
  ASSERT_NE(tp.integer, nullptr);
  EXPECT_EQ(tp.number, nullptr);
  *tp.integer = 8;
  EXPECT_EQ(s.service.tp, 8);
  EXPECT_EQ(scenario_number_slot(s, "demand.growth_monthly").number, &s.demand.growth_monthly);
  EXPECT_EQ(scenario_number_slot(s, "seed").unsigned_integer, &s.seed);
  EXPECT_THROW(scenario_number_slot(s, "service.gpu"), InputError);  // text, not a number
  EXPECT_EQ(find_scenario_key("service.gpu")->type, "text");
  EXPECT_EQ(find_scenario_key("service.gpus"), nullptr);
}

TEST_F(ScenarioTest, LengthDistributions) {
  EXPECT_DOUBLE_EQ(parse_length_dist("512", {}).mean_tokens(), 512);
  EXPECT_DOUBLE_EQ(parse_length_dist("uniform:100,2000", {}).mean_tokens(), 1050);
  EXPECT_DOUBLE_EQ(parse_length_dist("lognormal:mean=800,cv=1.2", {}).cv, 1.2);
  // A trace's lengths are read where it is named: the mean of its column (issue 21: run and plan
  // counted a trace: distribution as 0 tokens).
  const std::string trace = (std::filesystem::temp_directory_path() / ("hippo-lengths-" + std::to_string(::getpid()) + ".csv")).string();
  std::ofstream(trace) << "arrival_s,input_tokens,output_tokens\n0,100,10\n1,300,30\n";
  const LengthDist out = parse_length_dist("trace:" + trace + ",output", {});
  EXPECT_TRUE(out.trace_output);
  EXPECT_DOUBLE_EQ(out.mean_tokens(), 20);
  EXPECT_DOUBLE_EQ(parse_length_dist("trace:" + trace, {}).mean_tokens(), 200);
  std::filesystem::remove(trace);
  EXPECT_THROW(parse_length_dist("trace:" + trace, {}), InputError);  // gone: refused where it is named
  EXPECT_THROW(parse_length_dist("uniform:10,5", {}), InputError);
  EXPECT_THROW(parse_length_dist("gauss:1", {}), InputError);
}

// docs/scenario.md is generated from the declarations; it must not drift from them.
TEST_F(ScenarioTest, ReferenceDocMatchesDeclarations) {
  EXPECT_EQ(util::read_text_file(std::string(HIPPO_SOURCE_DIR) + "/docs/scenario.md"), scenario_reference_markdown())
      << "regenerate with: build/hippo catalog keys --markdown > docs/scenario.md";
}

}  // namespace
}  // namespace hippo
