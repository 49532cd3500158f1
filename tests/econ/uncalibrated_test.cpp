// A GPU no figure of the engine profile was measured on is labelled uncalibrated wherever its
// figures are reported (issues 14 and 21): `warnings` of run's results.json, compare.json and
// plan's document, the text summaries, and both HTML reports. The shipped default profile was
// fitted on H100 and H200 figures only, so a B200 deployment is uncalibrated and an H100 one is not.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "hippo/perf.hpp"
#include "support/run_cli.hpp"

namespace hippo {
namespace {

using test::run_hippo;

const std::string kB200 =
    "b200 is uncalibrated: no figure of engine 'calibrated' was measured on it; its efficiencies are those fitted on "
    "h100-sxm, h200-sxm, so its step times and the figures that follow from them are estimates";

// As the HTML report writes it: the engine's quotes escaped.
std::string html_escaped(std::string s) {
  for (std::size_t i; (i = s.find('\'')) != std::string::npos;) s.replace(i, 1, "&#39;");
  return s;
}

TEST(Uncalibrated, TheSentenceNamesTheGpuTheProfileAndWhereItWasFitted) {
  const Catalog c = load_builtin_catalog();
  EXPECT_EQ(perf::calibration_warning(c.engine("calibrated"), "b200"), kB200);
  EXPECT_EQ(perf::calibration_warning(c.engine("calibrated"), "h100-sxm"), "");
  EXPECT_EQ(perf::calibration_warning(c.engine("ideal"), "b200"), "");  // the limit: nothing to calibrate
}

TEST(Uncalibrated, RunLabelsItInJsonTextAndReport) {
  const std::string dir = test::temp_dir();
  const auto r = run_hippo({"run", "default", "--set", "service.gpu=b200", "--json", "--out", "out"}, dir);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["warnings"], nlohmann::json::array({kB200}));
  EXPECT_EQ(doc["fleet"]["calibration"], "uncalibrated");
  EXPECT_EQ(nlohmann::json::parse(test::read_file(dir + "/out/results.json"))["warnings"], nlohmann::json::array({kB200}));
  EXPECT_NE(test::read_file(dir + "/out/report.html").find("<h2>Warnings</h2><ul>\n<li>" + html_escaped(kB200) + "</li>"), std::string::npos);

  const auto text = run_hippo({"run", "default", "--set", "service.gpu=b200"}, dir);
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("Warning: " + kB200 + "\n"), std::string::npos) << text.out;

  // The calibrated GPU: no warning, labelled calibrated.
  const auto h100 = run_hippo({"run", "default", "--json"}, dir);
  ASSERT_EQ(h100.status, 0) << h100.err;
  const auto plain = nlohmann::json::parse(h100.out);
  EXPECT_EQ(plain["warnings"], nlohmann::json::array());
  EXPECT_EQ(plain["fleet"]["calibration"], "calibrated");
}

TEST(Uncalibrated, CompareLabelsTheScenarioThatNeedsIt) {
  const std::string dir = test::temp_dir();
  std::string yaml = test::read_file(HIPPO_SOURCE_DIR "/data/scenarios/default.yaml");
  const std::string h100 = "  gpu: h100-sxm\n";
  ASSERT_NE(yaml.find(h100), std::string::npos);
  yaml.replace(yaml.find(h100), h100.size(), "  gpu: b200\n");
  ASSERT_NE(yaml.find("name: default\n"), std::string::npos);
  yaml.replace(yaml.find("name: default\n"), 14, "name: on-b200\n");
  test::write_file(dir, "b200.yaml", yaml);
  const auto r = run_hippo({"compare", "default", "b200.yaml", "--json", "--out", "out"}, dir);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["scenarios"].size(), 2u);
  EXPECT_EQ(doc["scenarios"][0]["warnings"], nlohmann::json::array());
  EXPECT_EQ(doc["scenarios"][1]["warnings"], nlohmann::json::array({kB200}));
  EXPECT_EQ(nlohmann::json::parse(test::read_file(dir + "/out/compare.json")), doc);
  const std::string html = test::read_file(dir + "/out/report.html");
  const std::string name = doc["scenarios"][1]["scenario"].get<std::string>();
  EXPECT_EQ(name, "on-b200");
  EXPECT_NE(html.find("<h2>Warnings</h2><ul>\n<li>" + name + ": " + html_escaped(kB200) + "</li>\n</ul>"),
            std::string::npos);

  const auto text = run_hippo({"compare", "default", "b200.yaml"}, dir);
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("\nWarning (" + name + "): " + kB200 + "\n"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("Warning (default)"), std::string::npos) << text.out;
}

TEST(Uncalibrated, PlanLabelsEachCandidateAndWarnsOfTheChosenFleet) {
  // plan-mixed plans B200 and MI300X, neither of which the default profile was fitted on: every
  // candidate is labelled, and each GPU type of the chosen fleet gets its sentence, in order.
  const Catalog c = load_builtin_catalog();
  const auto r = run_hippo({"plan", "plan-mixed", "--requests", "200", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_FALSE(doc["candidates"].empty());
  for (const auto& k : doc["candidates"]) EXPECT_EQ(k["calibration"], "uncalibrated") << k["candidate"];
  nlohmann::json expected = nlohmann::json::array();
  for (const auto& g : doc["fleet"]["gpu_types"])
    expected.push_back(perf::calibration_warning(c.engine("calibrated"), g.get<std::string>()));
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(doc["warnings"], expected);
  const auto mixed_text = run_hippo({"plan", "plan-mixed", "--requests", "200"});
  ASSERT_EQ(mixed_text.status, 0) << mixed_text.err;
  for (const auto& w : expected) EXPECT_NE(mixed_text.out.find("\nWarning: " + w.get<std::string>() + "\n"), std::string::npos);

  const auto h100 = run_hippo({"plan", "plan-single", "--requests", "200", "--json"});
  ASSERT_EQ(h100.status, 0) << h100.err;
  const auto single = nlohmann::json::parse(h100.out);
  EXPECT_EQ(single["warnings"], nlohmann::json::array());
  for (const auto& k : single["candidates"]) EXPECT_EQ(k["calibration"], "calibrated");
}

}  // namespace
}  // namespace hippo
