// The HTML report built from results.json fixtures (tests/report/fixtures, the contract keys of
// design.md "`hippo run`"): which charts, tables and figures the page holds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <set>

#include <nlohmann/json.hpp>

#include "report/chart_library.hpp"
#include "report/charts.hpp"
#include "report/html_report.hpp"
#include "util/atomic_file.hpp"

namespace hippo::report {
namespace {

using nlohmann::json;

json fixture(const std::string& name) {
  return json::parse(util::read_text_file(std::string(HIPPO_SOURCE_DIR) + "/tests/report/fixtures/" + name));
}

std::vector<std::string> ids(const std::vector<Chart>& charts) {
  std::vector<std::string> out;
  for (const auto& c : charts) out.push_back(c.id);
  return out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::string without_scripts(std::string html) {
  for (auto at = html.find("<script"); at != std::string::npos; at = html.find("<script", at))
    html.erase(at, html.find("</script>", at) + 9 - at);
  return html;
}

TEST(ChartLibrary, InlinesVegaVegaLiteAndVegaEmbedInLoadOrder) {
  const auto scripts = chart_scripts();
  ASSERT_EQ(scripts.size(), 3u);
  EXPECT_EQ(scripts[0].package, "vega");
  EXPECT_EQ(scripts[1].package, "vega-lite");
  EXPECT_EQ(scripts[2].package, "vega-embed");
  for (const auto& s : scripts) {
    EXPECT_GT(s.code.size(), 10'000u) << s.package;
    EXPECT_EQ(s.code.find("sourceMappingURL"), std::string_view::npos) << s.package;
  }
}

TEST(ScenarioCharts, AllFiveWithASimulationAndFourWithout) {
  json r = fixture("default_results.json");
  EXPECT_EQ(ids(scenario_charts(r)), (std::vector<std::string>{"chart-cash", "chart-revenue-cost", "chart-fleet",
                                                               "chart-cost-per-mtok", "chart-latency"}));
  r.erase("simulation");
  EXPECT_EQ(ids(scenario_charts(r)),
            (std::vector<std::string>{"chart-cash", "chart-revenue-cost", "chart-fleet", "chart-cost-per-mtok"}));
}

TEST(ScenarioCharts, CashMarksBreakEvenAndPayback) {
  const auto cash = scenario_charts(fixture("default_results.json")).front();
  const std::string spec = cash.spec.dump();
  EXPECT_NE(spec.find("\"break-even: month 5\""), std::string::npos);
  EXPECT_NE(spec.find("\"payback: month 29\""), std::string::npos);
  EXPECT_EQ(cash.note, "Break-even (first month with operating profit ≥ 0): month 5 · payback (cumulative cash ≥ 0): month 29");
}

TEST(ScenarioCharts, NeverPaidBackHasNoPaybackMarker) {
  const auto cash = scenario_charts(fixture("capex_race_results.json")).front();
  const std::string spec = cash.spec.dump();
  EXPECT_NE(spec.find("\"break-even: month 42\""), std::string::npos);
  EXPECT_EQ(spec.find("payback:"), std::string::npos);
}

// The cost stack must add up to revenue − operating profit; what the listed kinds miss shows as
// "other costs" rather than vanishing.
TEST(ScenarioCharts, CostsTheKindsDoNotExplainShowAsOtherCosts) {
  json r = fixture("default_results.json");
  EXPECT_EQ(scenario_charts(r)[1].spec.dump().find("other costs"), std::string::npos);
  for (auto& row : r["monthly"]) row["operating_profit"] = row["operating_profit"].get<double>() - 1000;
  EXPECT_NE(scenario_charts(r)[1].spec.dump().find("other costs"), std::string::npos);
}

// Σ (depreciation + facility + power) ÷ Σ tokens per million, which is how the fixture's
// cost_per_mtok was computed: the bars add up to the headline.
TEST(ScenarioCharts, CostPerMtokComponentsAddUpToTheHeadline) {
  const json r = fixture("default_results.json");
  const auto chart = scenario_charts(r)[3];
  double total = 0;
  for (const auto& v : chart.spec["data"]["values"]) total += v["per_mtok"].get<double>();
  EXPECT_NEAR(total, r["cost_per_mtok"].get<double>(), 1e-4);
  EXPECT_EQ(chart.note, "Over the whole horizon (each cost ÷ tokens served): $1.345 per million tokens in all");
}

TEST(ScenarioCharts, LatencySlosFromTheSimulationElseFromTheAssumptions) {
  json r = fixture("default_results.json");
  auto slos = [](const json& results) {
    std::set<double> out;
    const Chart latency = scenario_charts(results)[4];
    for (const auto& v : latency.spec["data"]["values"]) out.insert(v["slo_ms"].get<double>());
    return out;
  };
  EXPECT_EQ(slos(r), (std::set<double>{100, 2000}));
  r["simulation"].erase("slo");
  EXPECT_EQ(slos(r), (std::set<double>{-1}));  // no SLO known: no rule drawn
  r["assumptions"].push_back({{"key", "slo.ttft_p99_s"}, {"value", 1.5}, {"unit", "s"}, {"source", ""}});
  r["assumptions"].push_back({{"key", "slo.tpot_p99_s"}, {"value", 0.05}, {"unit", "s"}, {"source", ""}});
  EXPECT_EQ(slos(r), (std::set<double>{50, 1500}));
}

TEST(ScenarioCharts, FleetShowsRentedGpusOnlyWhenThereAreAny) {
  json r = fixture("default_results.json");  // gpus_rented is 0 in every month
  EXPECT_EQ(scenario_charts(r)[2].title, "Fleet: owned GPUs");
  r["monthly"][10]["gpus_rented"] = 16;
  EXPECT_EQ(scenario_charts(r)[2].title, "Fleet: owned and rented GPUs");
}

TEST(CompareCharts, OverlaysTheScenariosWithDistinctNames) {
  json a = fixture("default_results.json"), b = fixture("efficiency_results.json");
  a.erase("simulation");
  const json twin = a;
  EXPECT_EQ(scenario_labels({a, b, twin}), (std::vector<std::string>{"default", "efficiency first", "default (2)"}));
  EXPECT_EQ(ids(compare_charts({a, b})),
            (std::vector<std::string>{"chart-cash", "chart-revenue-cost", "chart-fleet", "chart-cost-per-mtok"}));
}

TEST(FormatLocale, CurrencyBeforeOrAfter) {
  EXPECT_EQ(format_locale("USD")["currency"], json::array({"$", ""}));
  EXPECT_EQ(format_locale("KRW")["currency"], json::array({"\u20A9", ""}));
  EXPECT_EQ(format_locale("EUR")["currency"], json::array({"", " EUR"}));
}

TEST(RenderHtml, OnePageWithFiguresTablesAndAssumptions) {
  const std::string html = render_html(fixture("default_results.json"));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(count(html, "<div class=\"chart\""), 5u);
  EXPECT_NE(html.find("<div class=\"value\" data-key=\"breakeven_month\">month 5</div>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\" data-key=\"npv\">$924,059,481</td>"), std::string::npos);
  EXPECT_NE(html.find("<div class=\"value\" data-key=\"npv\">$924M</div>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\" data-key=\"fleet.gpus_peak\">10,904</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"key\">facility.power_price_per_kwh</td><td class=\"num\">0.0806</td><td>USD/kWh</td>"
                      "<td class=\"source\">EIA industrial average, 2024</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"source missing\">no source given</td>"), std::string::npos);
  // Nothing to fetch: no src= or href= in the markup (the inlined library's code may say anything).
  const std::string markup = without_scripts(html);
  EXPECT_EQ(count(html, "<script"), 5u);  // three libraries, the chart data, the call that draws them
  EXPECT_EQ(markup.find(" src="), std::string::npos);
  EXPECT_EQ(markup.find(" href="), std::string::npos);
}

TEST(RenderHtml, EscapesTextAndKeepsScriptDataInsideItsElement) {
  json r = fixture("default_results.json");  // its latency chart names the scenario
  r["scenario"] = "<b>bold</b> & \"quoted\" </script>";
  const std::string html = render_html(r);
  EXPECT_NE(html.find("<h1>&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; &lt;/script&gt;</h1>"), std::string::npos);
  EXPECT_EQ(html.find("<b>bold"), std::string::npos);
  // The chart data names the scenario too; inside <script> its "<" is written \u003c, so the
  // element ends where the JSON does and the JSON reads back the name as it was.
  const std::string open = "id=\"hippo-charts\">";
  const auto from = html.find(open) + open.size();
  const json data = json::parse(html.substr(from, html.find("</script>", from) - from));
  EXPECT_NE(data.dump().find("\"<b>bold</b> & \\\"quoted\\\" </script>\""), std::string::npos);
}

TEST(RenderHtml, NeverAndUndefinedWhenTheScenarioDoesNotPayBack) {
  const std::string html = render_html(fixture("capex_race_results.json"));
  EXPECT_NE(html.find("<div class=\"value never\" data-key=\"payback_month\">never</div>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\" data-key=\"irr_annual\">undefined</td>"), std::string::npos);
  EXPECT_NE(html.find("These results list no assumptions."), std::string::npos);
}

TEST(RenderHtml, MissingContractKeyIsNamed) {
  json r = fixture("capex_race_results.json");
  r.erase("npv");
  try {
    render_html(r);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "results.json: missing key 'npv'");
  }
}

TEST(RenderCompareHtml, OneColumnPerScenarioAndDifferingAssumptionsMarked) {
  json a = fixture("default_results.json"), b = fixture("capex_race_results.json");
  b["assumptions"] = a["assumptions"];
  b["assumptions"][2]["value"] = 0.05;  // demand.growth_monthly
  const std::string html = render_compare_html({a, b});
  EXPECT_NE(html.find("<h1>default vs capex race</h1>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\" data-scenario=\"1\" data-key=\"breakeven_month\">month 42</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\" data-scenario=\"1\" data-key=\"payback_month\">never</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"key\">demand.growth_monthly</td><td>fraction</td><td class=\"num differs\">0.08</td>"
                      "<td class=\"num differs\">0.05</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"key\">demand.users_start</td><td>users</td><td class=\"num\">10,000,000</td>"
                      "<td class=\"num\">10,000,000</td>"),
            std::string::npos);
}

TEST(WriteHtmlReport, WritesTheRenderedPage) {
  const auto dir = std::filesystem::temp_directory_path() / ("hippo-report-test-" + std::to_string(::getpid()));
  const json r = fixture("efficiency_results.json");
  write_html_report(dir / "report.html", r);
  EXPECT_EQ(util::read_text_file(dir / "report.html"), render_html(r));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace hippo::report
