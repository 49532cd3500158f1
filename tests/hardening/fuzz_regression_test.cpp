// Inputs found by fuzzing (fuzz/) that once crashed hippo or escaped as an exception other than
// InputError, each with the one-line message it now gives; and a replay of the seed corpora so
// that the ordinary and the sanitizer test stages run every seed too.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "hippo/model_import.hpp"
#include "hippo/scenario.hpp"
#include "sim/workload.hpp"
#include "hardening/run_many.hpp"
#include "support/run_cli.hpp"

namespace hippo {
namespace {

namespace fs = std::filesystem;

const Catalog& catalog() {
  static const Catalog c = load_builtin_catalog();
  return c;
}

// The message of the InputError that parsing `text` throws, or "" when it parses.
std::string scenario_error(const std::string& text) {
  try {
    parse_scenario(text, "fuzz.yaml", catalog());
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::vector<fs::path> corpus(const std::string& target) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(HIPPO_SOURCE_DIR) / "fuzz" / "corpus" / target))
    files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

// yaml-cpp's as<std::string>() on a list used as a key threw YAML::TypedBadConversion.
TEST(FuzzScenario, ListAsKeyIsAnInputError) {
  EXPECT_EQ(scenario_error("? [a, b]\n: 1\n"), "fuzz.yaml:1: expected a plain name as key, got a list or mapping");
  EXPECT_EQ(scenario_error("demand:\n  ? {x: 1}\n  : 2\n"),
            "fuzz.yaml:2: demand: expected a plain name as key, got a list or mapping");
}

// A tag alone (`!ps,weights`) sent yaml-cpp's LoadAll into an endless run of documents (fuzz_scenario
// timeout); parse_yaml now reads at most two, and the one document is refused as not a mapping.
TEST(FuzzScenario, TagAloneIsRefusedNotEndless) {
  EXPECT_EQ(scenario_error("!ps,weights\n"), "fuzz.yaml:1: expected a mapping of keys to values");
  EXPECT_EQ(scenario_error("name: x\n---\nname: y\n"),
            "fuzz.yaml:3: expected one YAML document, found a second (after '---'); put everything in one");
}

// CI's fuzz_economics timeout: a first line opening with ',' sent LoadAll into the same endless run;
// yaml-cpp reads the text as one empty document, which is not called "empty" since it has text.
TEST(FuzzScenario, LeadingCommaIsRefusedNotEndless) {
  EXPECT_EQ(scenario_error(", high: 0.2, sd: 0.03, sid-edan:m\n{value: 0.08, dist: normal, low: 0.0, siangular,: 30}\n"),
            "fuzz.yaml:1: expected a mapping of keys to values; YAML reads this text as an empty document");
  EXPECT_EQ(scenario_error("# only a comment\n---\n\n"), "fuzz.yaml:1: the scenario is empty");
}

// `source` and `dist` of a number's value map were read with as<std::string>() unchecked.
TEST(FuzzScenario, NonTextSourceOrDistIsAnInputError) {
  EXPECT_EQ(scenario_error("demand:\n  growth_monthly: {value: 0.1, source: [a]}\n"),
            "fuzz.yaml:2: demand.growth_monthly.source: expected text");
  EXPECT_EQ(scenario_error("demand:\n  growth_monthly: {value: 0.1, dist: {a: 1}, low: 0, high: 1}\n"),
            "fuzz.yaml:2: demand.growth_monthly.dist: expected text");
}

// A training month beyond int was cast from double: undefined behaviour (UBSan float-cast-overflow).
TEST(FuzzScenario, TrainingMonthsAreBoundedWholeNumbers) {
  EXPECT_EQ(scenario_error("opex:\n  training:\n    - {name: big, cost: 1, month: 1e300}\n"),
            "fuzz.yaml:3: opex.training.big.month: expected a whole number in [1, 1200], got 1e+300");
  EXPECT_EQ(scenario_error("opex:\n  training:\n    - {name: big, cost: 1, life_months: 2.5}\n"),
            "fuzz.yaml:3: opex.training.big.life_months: expected a whole number in [1, 1200], got 2.5");
  EXPECT_EQ(scenario_error("opex:\n  training:\n    - {name: big, cost: 1, month: 0}\n"),
            "fuzz.yaml:3: opex.training.big.month: expected a whole number in [1, 1200], got 0");
}

// Hourly rates near 1e308 summed to infinity and scaled every hour to 0: silent nonsense.
TEST(FuzzScenario, HourlyRatesAreBounded) {
  std::string profile = "workload:\n  hourly_profile: [1e308";
  for (int h = 1; h < 24; ++h) profile += ", 1e308";
  EXPECT_EQ(scenario_error(profile + "]\n"), "fuzz.yaml:2: workload.hourly_profile: expected a rate in [0, 1e+12]");
}

// Bytes above 127 went to ::isupper as negative ints (undefined); now they are just not letters.
TEST(FuzzScenario, NonAsciiCurrencyIsAnInputError) {
  EXPECT_EQ(scenario_error("currency: \"\xE2\x82\xAC\"\n"),
            "fuzz.yaml:1: currency: expected a three-letter ISO code such as USD or KRW, got '\xE2\x82\xAC'");
}

// A request length of 1e300 tokens passed the loader; `hippo run` then printed null (infinity)
// for the tokens of every month. Lengths are now capped at 1e8 tokens, as the simulator's.
TEST(NumericGuards, RequestLengthsAreBounded) {
  EXPECT_EQ(scenario_error("workload:\n  input: lognormal:mean=1e300,cv=1\n"),
            "fuzz.yaml:2: workload.input: lognormal: expected 1 ≤ mean ≤ 1e8 and 0 < cv ≤ 20, got 'mean=1e300,cv=1'");
  EXPECT_EQ(scenario_error("workload:\n  output: 2e8\n"), "fuzz.yaml:2: workload.output: expected 1 to 1e8 tokens, got '2e8'");
  EXPECT_EQ(scenario_error("workload:\n  output: fixed:1e9\n"),
            "fuzz.yaml:2: workload.output: fixed: expected a length of 1 to 1e8 tokens, got '1e9'");
  EXPECT_EQ(scenario_error("workload:\n  input: uniform:1,1e9\n"),
            "fuzz.yaml:2: workload.input: uniform: expected 1 ≤ MIN ≤ MAX ≤ 1e8, got '1,1e9'");
  EXPECT_EQ(scenario_error("workload:\n  input: lognormal:mean=1e8,cv=1\n"), "");
}

// The same through the binary: exit 2, one line, nothing on stdout and no results written.
TEST(NumericGuards, RunRefusesAnEndlessRequest) {
  const std::string dir = test::temp_dir();
  test::write_file(dir, "long.yaml", "service: {tp: 4}\nworkload:\n  input: lognormal:mean=1e300,cv=1\n");
  const auto r = test::run_hippo({"run", "long.yaml", "--out", "out"}, dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "hippo: long.yaml:3: workload.input: lognormal: expected 1 ≤ mean ≤ 1e8 and 0 < cv ≤ 20, got 'mean=1e300,cv=1'\n");
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(fs::path(dir) / "out"));
}

// Found by fuzz_trace: TraceReader converted arrival_s to int64 nanoseconds unchecked, so 9.3e90 s
// was undefined behaviour (UBSan: "9.3e+99 is outside the range of representable values of type
// 'long'"); an optimised build wrapped it negative and blamed the order of the rows.
TEST(FuzzTrace, ArrivalBeyondTheClockIsAnInputError) {
  const std::string path = std::string(HIPPO_SOURCE_DIR) + "/tests/hardening/inputs/trace_huge_arrival.csv";
  sim::TraceReader reader(path);
  sim::Request r;
  try {
    while (reader.next(r)) {
    }
    FAIL() << "no InputError for an arrival of 9.3e90 s";
  } catch (const InputError& e) {
    EXPECT_EQ(e.what(), path + ":2: arrival_s: expected an arrival of at most 1e9 s (31.7 years, the simulator's clock), "
                               "got '9.3e90,100,20'");
  }
}

// Every seed either parses or is refused with an InputError; the bad ones are refused.
TEST(FuzzCorpus, ScenarioSeedsParseOrThrowInputError) {
  const auto files = corpus("fuzz_scenario");
  ASSERT_GE(files.size(), 10u);
  for (const auto& f : files) {
    const std::string name = f.filename().string();
    std::string error;
    EXPECT_NO_THROW(error = scenario_error(test::read_file(f))) << name;
    if (name.rfind("bad_", 0) == 0) EXPECT_NE(error, "") << name;
    if (name == "default.yaml" || name == "sections.yaml" || name == "uncertain.yaml") EXPECT_EQ(error, "") << name;
  }
}

TEST(FuzzCorpus, TraceSeedsReadOrThrowInputError) {
  const auto files = corpus("fuzz_trace");
  ASSERT_GE(files.size(), 5u);
  for (const auto& f : files) {
    EXPECT_NO_THROW({
      try {
        sim::TraceReader reader(f.string());
        sim::Request r;
        while (reader.next(r)) {
        }
      } catch (const InputError&) {
      }
    }) << f;
  }
}

// nlohmann's parser throws out_of_range, not parse_error, on a number beyond a double; it escaped
// import_hf_config (fuzz_hf_import crash).
TEST(FuzzHfImport, NumberBeyondADoubleIsAnInputError) {
  std::string error;
  try {
    import_hf_config("{\n  \"architectures\": [\"LlamaForCausalLM\"],\n  \"hidden_size\": 1e9002\n}\n", "config.json", "");
  } catch (const InputError& e) {
    error = e.what();
  }
  EXPECT_EQ(error, "config.json:3: expected a Hugging Face config.json: the number '1e9002' is beyond the range of a double");
}

// Every importer seed gives a record or an InputError; the shipped models' configs give records.
TEST(FuzzCorpus, HfImportSeedsImportOrThrowInputError) {
  const auto files = corpus("fuzz_hf_import");
  ASSERT_GE(files.size(), 15u);
  for (const auto& f : files) {
    const std::string name = f.filename().string();
    std::string error;
    EXPECT_NO_THROW({
      try {
        import_hf_config(test::read_file(f), name, "");
      } catch (const InputError& e) {
        error = e.what();
      }
    }) << name;
    if (name.rfind("bad", 0) != 0) EXPECT_EQ(error, "") << name;
  }
}

// The CLI seeds through the real binary: exit 0 or 2, never 1 (internal error) or a signal.
TEST(FuzzCorpus, CliSeedsExitZeroOrTwo) {
  const auto files = corpus("fuzz_cli");
  ASSERT_GE(files.size(), 20u);
  std::vector<std::vector<std::string>> commands;
  for (const auto& f : files) {
    const std::string bytes = test::read_file(f);
    std::vector<std::string> args;
    std::string cur;
    for (char c : bytes) {
      if (c == '\0') args.push_back(cur), cur.clear();
      else cur.push_back(c);
    }
    if (!bytes.empty()) args.push_back(cur);
    commands.push_back(args);
  }
  const auto results = test::run_many(commands, test::temp_dir);
  for (std::size_t i = 0; i < files.size(); ++i)
    EXPECT_TRUE(results[i].status == 0 || results[i].status == 2)
        << files[i] << ": status " << results[i].status << "\n" << results[i].err;
}

}  // namespace
}  // namespace hippo
