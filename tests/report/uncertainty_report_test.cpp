// The HTML reports of `hippo montecarlo` and `hippo sensitivity`, built from their JSON documents:
// the fan chart, the chance of break-even and the tornado carry the document's numbers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/uncertainty_report.hpp"

namespace hippo::report {
namespace {

using nlohmann::json;

json montecarlo_doc() {
  return {{"scenario", "demo"},
          {"currency", "USD"},
          {"seed", 7},
          {"samples", 200},
          {"inputs", {"a", "b"}},
          {"npv", {{"p10", -2.5e6}, {"p50", 1.25e6}, {"p90", 4e6}, {"mean", 1.3e6}}},
          {"irr_annual", {{"p10", nullptr}, {"p50", 0.12}, {"p90", 0.3}, {"mean", 0.15}}},
          {"irr_defined_samples", 150},
          {"cumulative_cash",
           {{{"p10", -900123.5}, {"p50", -500321.25}, {"p90", -100456.75}, {"mean", -500000}},
            {{"p10", -800000}, {"p50", -400000}, {"p90", 0}, {"mean", -400000}},
            {{"p10", -700000}, {"p50", -300000}, {"p90", 100000}, {"mean", -300000}}}},
          {"breakeven_probability_by_month", {0.0, 0.25, 0.625}},
          {"payback_probability_by_month", {0.0, 0.0, 0.1}},
          {"quantile_relative_accuracy", 0.005}};
}

json sensitivity_doc() {
  json row1 = {{"key", "pricing.api_price"}, {"source", "s"}, {"base", 2}, {"low", 1.5}, {"high", 2.5},
               {"npv_low", -1e6}, {"npv_high", 3e6}, {"npv_swing", 4e6}, {"breakeven_month_low", nullptr},
               {"breakeven_month_high", 12}, {"payback_month_low", nullptr}, {"payback_month_high", 30}};
  json row2 = {{"key", "power.price_kwh"}, {"source", "s"}, {"base", 0.1}, {"low", 0.08}, {"high", 0.12},
               {"npv_low", 1.5e6}, {"npv_high", 0.5e6}, {"npv_swing", 1e6}, {"breakeven_month_low", 14},
               {"breakeven_month_high", 16}, {"payback_month_low", 30}, {"payback_month_high", 34}};
  return {{"scenario", "demo"},
          {"currency", "USD"},
          {"base", {{"npv", 1e6}, {"irr_annual", 0.1}, {"breakeven_month", 15}, {"payback_month", 32},
                    {"cost_per_mtok", 0.2}, {"gpus_peak", 64}}},
          {"tornado", {row1, row2}},
          {"skipped", json::array()}};
}

TEST(UncertaintyReport, FanChartHoldsEveryMonthsQuantilesAndTheBreakevenChance) {
  const auto charts = montecarlo_charts(montecarlo_doc());
  ASSERT_EQ(charts.size(), 2u);
  EXPECT_EQ(charts[0].id, "chart-fan");
  const json& months = charts[0].spec["data"]["values"];
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(months[0]["month"], 1);
  EXPECT_DOUBLE_EQ(months[0]["p50"].get<double>(), -500321.25);
  EXPECT_DOUBLE_EQ(months[0]["p10"].get<double>(), -900123.5);
  EXPECT_DOUBLE_EQ(months[2]["p90"].get<double>(), 100000);
  // The band runs from P10 to P90; the line is P50.
  EXPECT_EQ(charts[0].spec["layer"][0]["encoding"]["y"]["field"], "p10");
  EXPECT_EQ(charts[0].spec["layer"][0]["encoding"]["y2"]["field"], "p90");
  EXPECT_EQ(charts[0].spec["layer"][1]["encoding"]["y"]["field"], "p50");
  EXPECT_EQ(charts[1].id, "chart-breakeven-probability");
  const json& chance = charts[1].spec["data"]["values"];
  ASSERT_EQ(chance.size(), 3u);
  EXPECT_EQ(chance[2]["month"], 3);
  EXPECT_DOUBLE_EQ(chance[2]["probability"].get<double>(), 0.625);
}

TEST(UncertaintyReport, MontecarloPageInlinesTheSpecsAndShowsTheHeadlineQuantiles) {
  const std::string html = render_montecarlo_html(montecarlo_doc());
  EXPECT_NE(html.find("id=\"hippo-charts\""), std::string::npos);
  EXPECT_NE(html.find("vegaEmbed"), std::string::npos);
  EXPECT_NE(html.find("id=\"chart-fan\""), std::string::npos);
  EXPECT_NE(html.find("id=\"chart-breakeven-probability\""), std::string::npos);
  EXPECT_NE(html.find("\"p50\":-500321.25"), std::string::npos);  // month 1's P50, in the inline data
  EXPECT_NE(html.find("data-key=\"npv.p50\">$1.25M<"), std::string::npos) << html.substr(html.find("<header>"), 2000);
  EXPECT_NE(html.find("data-key=\"irr_annual.p50\">12.0%<"), std::string::npos);
  EXPECT_NE(html.find("data-key=\"irr_annual.p10\">undefined<"), std::string::npos);
}

TEST(UncertaintyReport, TornadoHasALowAndAHighBarPerInputInRankAroundTheBase) {
  const auto charts = sensitivity_charts(sensitivity_doc());
  ASSERT_EQ(charts.size(), 1u);
  EXPECT_EQ(charts[0].id, "chart-tornado");
  const json& bars = charts[0].spec["layer"][0]["data"]["values"];
  ASSERT_EQ(bars.size(), 4u);
  EXPECT_EQ(bars[0]["input"], "pricing.api_price");
  EXPECT_EQ(bars[0]["end"], "low");
  EXPECT_DOUBLE_EQ(bars[0]["npv"].get<double>(), -1e6);
  EXPECT_EQ(bars[1]["end"], "high");
  EXPECT_DOUBLE_EQ(bars[1]["npv"].get<double>(), 3e6);
  EXPECT_EQ(bars[3]["input"], "power.price_kwh");
  EXPECT_DOUBLE_EQ(bars[3]["npv"].get<double>(), 0.5e6);
  for (const auto& b : bars) EXPECT_DOUBLE_EQ(b["base"].get<double>(), 1e6);
  EXPECT_EQ(charts[0].spec["layer"][0]["encoding"]["y"]["sort"], json({"pricing.api_price", "power.price_kwh"}));
  EXPECT_EQ(charts[0].spec["layer"][0]["encoding"]["x2"]["field"], "base");
}

TEST(UncertaintyReport, SensitivityPageShowsTheBaseAndTheTornado) {
  const std::string html = render_sensitivity_html(sensitivity_doc());
  EXPECT_NE(html.find("id=\"chart-tornado\""), std::string::npos);
  EXPECT_NE(html.find("\"input\":\"power.price_kwh\""), std::string::npos);
  EXPECT_NE(html.find("data-key=\"base.npv\">$1M<"), std::string::npos) << html.substr(html.find("<header>"), 2000);
  EXPECT_NE(html.find("data-key=\"base.breakeven_month\">month 15<"), std::string::npos);
}

TEST(UncertaintyReport, MissingKeysAreNamed) {
  json mc = montecarlo_doc();
  mc.erase("cumulative_cash");
  EXPECT_THROW(render_montecarlo_html(mc), std::invalid_argument);
  json sens = sensitivity_doc();
  sens.erase("tornado");
  EXPECT_THROW(render_sensitivity_html(sens), std::invalid_argument);
}

}  // namespace
}  // namespace hippo::report
