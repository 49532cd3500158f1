// The application layer (include/hippo/app.hpp): app::run's document is what `hippo run --json`
// prints for every shipped scenario; overrides are checked as the loader checks a file (unknown
// key with "did you mean", wrong type, out of range, cross-field rules naming the override); the
// report files are written as a set.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "hippo/app.hpp"
#include "support/run_cli.hpp"

namespace hippo {
namespace {

const Catalog& catalog() {
  static const Catalog c = load_builtin_catalog();
  return c;
}

std::string error_of(const app::Overrides& overrides, const std::string& scenario = "default") {
  try {
    app::load_scenario(app::ScenarioSource::named(scenario), overrides, catalog());
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(AppRun, DocumentEqualsTheCliJsonForEveryShippedScenario) {
  for (const auto& shipped : catalog().scenarios) {
    const app::RunResult r = app::run(app::ScenarioSource::named(shipped.name), {}, catalog());
    const auto cli = test::run_hippo({"run", shipped.name, "--json", "--quiet", "--out", "out"});
    ASSERT_EQ(cli.status, 0) << cli.err;
    EXPECT_EQ(r.json.dump(2) + "\n", cli.out) << shipped.name;
  }
}

TEST(AppRun, YamlTextGivesTheSameResultAsTheShippedName) {
  const auto& text = catalog().scenario_text("default");
  const app::RunResult named = app::run(app::ScenarioSource::named("default"), {}, catalog());
  app::RunResult from_text = app::run(app::ScenarioSource::text(text, "<builtin>/default.yaml"), {}, catalog());
  EXPECT_EQ(named.json, from_text.json);
}

TEST(AppRun, AnOverrideChangesTheResultAsTheSameValueInTheFileWould) {
  std::string text = catalog().scenario_text("default");
  const app::RunResult set = app::run(app::ScenarioSource::named("default"), {{"demand.paying_share", "0.08"}}, catalog());
  EXPECT_EQ(set.scenario.demand.paying_share, 0.08);
  const app::RunResult base = app::run(app::ScenarioSource::named("default"), {}, catalog());
  EXPECT_GT(set.json["npv"].get<double>(), base.json["npv"].get<double>());
  // A list in YAML flow, a choice and a length distribution.
  const Scenario s = app::load_scenario(app::ScenarioSource::named("default"),
                                        {{"fleet.candidates", "[h100-sxm, h200-sxm]"},
                                         {"fleet.procurement", "rented"},
                                         {"workload.output", "fixed:300"}},
                                        catalog());
  EXPECT_EQ(s.fleet.candidates, (std::vector<std::string>{"h100-sxm", "h200-sxm"}));
  EXPECT_EQ(s.fleet.procurement, Procurement::rented);
  EXPECT_EQ(s.workload.output.mean_tokens(), 300);
}

TEST(AppRun, BadOverridesAreOneLineNamingTheOverride) {
  EXPECT_EQ(error_of({{"demand.grwth_monthly", "0.1"}}),
            "--set: unknown scenario key 'demand.grwth_monthly' (did you mean 'demand.growth_monthly'?)");
  EXPECT_EQ(error_of({{"demand.growth_monthly", "fast"}}), "--set: demand.growth_monthly: expected a number, got 'fast'");
  EXPECT_EQ(error_of({{"demand.growth_monthly", "20"}}),
            "--set: demand.growth_monthly: expected a value in [-0.99, 10] fraction/month, got 20");
  EXPECT_EQ(error_of({{"service.tp", "3"}}),
            "--set: service.tp: tp 3 does not divide the 64 attention heads of llama-3.1-70b");
  EXPECT_EQ(error_of({{"demand.growth_monthly", "0.1"}, {"demand.growth_monthly", "0.2"}}),
            "--set: demand.growth_monthly: key given twice; keep one");
  EXPECT_EQ(error_of({{"fleet.procurement", "leased"}}).rfind("--set: fleet.procurement: ", 0), 0u);
  EXPECT_EQ(error_of({{"fleet.candidates", "[h100-sxm, h900]"}}).rfind("--set: fleet.candidates: ", 0), 0u);
  EXPECT_EQ(error_of({{"demand.paying_share", "0.5", "set"}}), "(no error)");
  EXPECT_EQ(error_of({{"demand.paying_share", "2", "set"}}).rfind("set: demand.paying_share: ", 0), 0u);
}

TEST(AppRun, ParseOverrideSplitsAtTheFirstEquals) {
  const app::Override o = app::parse_override("workload.input=lognormal:mean=800,cv=1.2");
  EXPECT_EQ(o.key, "workload.input");
  EXPECT_EQ(o.value, "lognormal:mean=800,cv=1.2");
  try {
    app::parse_override("demand.growth_monthly");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "--set: expected key=value, got 'demand.growth_monthly'");
  }
}

TEST(AppRun, WriteReportWritesTheThreeFilesOrNone) {
  namespace fs = std::filesystem;
  const app::RunResult r = app::run(app::ScenarioSource::named("default"), {}, catalog());
  const fs::path dir = fs::path(test::temp_dir()) / "out";
  app::write_report(r, dir);
  for (const auto& f : app::run_report_files()) EXPECT_TRUE(fs::is_regular_file(dir / f)) << f;
  EXPECT_EQ(nlohmann::json::parse(std::ifstream(dir / "results.json")), r.json);
  // A folder where report.html should go: the set fails, and no file is replaced or left behind.
  const fs::path blocked = fs::path(test::temp_dir());
  fs::create_directories(blocked / "report.html" / "x");
  EXPECT_THROW(app::write_report(r, blocked), InputError);
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(blocked)) left.push_back(e.path().filename().string());
  EXPECT_EQ(left, std::vector<std::string>{"report.html"});
}

TEST(AppCompare, DocumentEqualsTheCliJson) {
  const app::CompareResult c = app::compare(
      {app::ScenarioSource::named("capex-race"), app::ScenarioSource::named("efficiency-first")}, {}, catalog());
  ASSERT_EQ(c.runs.size(), 2u);
  const auto cli = test::run_hippo({"compare", "capex-race", "efficiency-first", "--json", "--out", "out"});
  ASSERT_EQ(cli.status, 0) << cli.err;
  EXPECT_EQ(c.json.dump(2) + "\n", cli.out);
}

TEST(AppRun, AProgressCallbackThatThrowsStopsTheCapacitySearch) {
  int calls = 0;
  EXPECT_THROW(app::run(app::ScenarioSource::named("default"), {{"fleet.sizing", "simulated"}}, catalog(),
                        [&](const app::ProgressUpdate& u) {
                          ++calls;
                          EXPECT_EQ(u.unit, "capacity simulations");
                          EXPECT_EQ(u.label, "default");
                          throw Interrupted{};
                        }),
               Interrupted);
  EXPECT_EQ(calls, 1);
}

TEST(CliSet, RunAndCompareTakeSetAndReportBadOnesInOneLineWithExit2) {
  const auto good = test::run_hippo({"run", "default", "--set", "demand.paying_share=0.08", "--json", "--out", "out"});
  ASSERT_EQ(good.status, 0) << good.err;
  const app::RunResult r = app::run(app::ScenarioSource::named("default"), {{"demand.paying_share", "0.08"}}, catalog());
  EXPECT_EQ(good.out, r.json.dump(2) + "\n");
  for (const auto& [args, line] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"run", "default", "--set", "demand.grwth_monthly=0.1"},
            "hippo: --set: unknown scenario key 'demand.grwth_monthly' (did you mean 'demand.growth_monthly'?)\n"},
           {{"run", "default", "--set", "demand.growth_monthly=fast"},
            "hippo: --set: demand.growth_monthly: expected a number, got 'fast'\n"},
           {{"compare", "default", "korea", "--set", "demand.growth_monthly=20"},
            "hippo: --set: demand.growth_monthly: expected a value in [-0.99, 10] fraction/month, got 20\n"},
           {{"run", "--set", "demand.growth_monthly"}, "hippo: --set: expected key=value, got 'demand.growth_monthly'\n"}}) {
    const std::string dir = test::temp_dir();
    const auto bad = test::run_hippo(args, dir);
    EXPECT_EQ(bad.status, 2) << args[0];
    EXPECT_EQ(bad.err, line);
    EXPECT_TRUE(bad.out.empty());
    EXPECT_FALSE(std::filesystem::exists(dir + "/hippo-out")) << "nothing written on bad input";
  }
}

}  // namespace
}  // namespace hippo
