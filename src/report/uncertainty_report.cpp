#include "report/uncertainty_report.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "report/format.hpp"
#include "report/html_report.hpp"
#include "report/table.hpp"

namespace hippo::report {

using nlohmann::json;

namespace {

void require(const json& doc, const char* what, std::initializer_list<const char*> keys) {
  for (const char* key : keys)
    if (!doc.contains(key)) throw std::invalid_argument(std::string(what) + ": missing key '" + key + "'");
}

double number(const json& v) { return v.is_null() ? 0.0 : v.get<double>(); }

std::string money_or_dash(const json& v, const std::string& currency) {
  return v.is_null() ? "—" : format_money_compact(v.get<double>(), currency);
}

std::string percent_or_undefined(const json& v) { return v.is_null() ? "undefined" : format_percent(v.get<double>()); }

}  // namespace

std::vector<Chart> montecarlo_charts(const json& mc) {
  require(mc, "montecarlo JSON", {"cumulative_cash", "breakeven_probability_by_month"});
  const json& cash = mc["cumulative_cash"];
  if (!cash.is_array() || cash.empty()) throw std::invalid_argument("montecarlo JSON: 'cumulative_cash' is empty");
  json values = json::array();
  for (std::size_t m = 0; m < cash.size(); ++m)
    values.push_back({{"month", m + 1}, {"p10", cash[m].at("p10")}, {"p50", cash[m].at("p50")},
                      {"p90", cash[m].at("p90")}, {"mean", cash[m].at("mean")}});
  const json tooltip = json::array({{{"field", "month"}, {"type", "quantitative"}}, money_tip("p10", "P10"),
                                    money_tip("p50", "P50"), money_tip("p90", "P90"), money_tip("mean", "mean")});
  json fan = base_spec();
  fan["data"] = {{"values", values}};
  fan["layer"] = json::array(
      {{{"mark", {{"type", "area"}, {"color", "#1565c0"}, {"opacity", 0.18}, {"tooltip", true}}},
        {"encoding", {{"x", month_x()},
                      {"y", {{"field", "p10"}, {"type", "quantitative"}, {"axis", money_axis("")}}},
                      {"y2", {{"field", "p90"}}},
                      {"tooltip", tooltip}}}},
       {{"mark", {{"type", "line"}, {"color", "#1565c0"}, {"strokeWidth", 2}, {"tooltip", true}}},
        {"encoding", {{"x", month_x()}, {"y", {{"field", "p50"}, {"type", "quantitative"}}}, {"tooltip", tooltip}}}},
       zero_rule()});

  json prob = json::array();
  const json& p = mc["breakeven_probability_by_month"];
  for (std::size_t m = 0; m < p.size(); ++m) prob.push_back({{"month", m + 1}, {"probability", p[m]}});
  json chance = base_spec();
  chance["data"] = {{"values", prob}};
  chance["mark"] = {{"type", "line"}, {"color", "#2e7d32"}, {"strokeWidth", 2}, {"interpolate", "step-after"}, {"tooltip", true}};
  chance["encoding"] = {
      {"x", month_x()},
      {"y", {{"field", "probability"}, {"type", "quantitative"}, {"scale", {{"domain", {0, 1}}}},
             {"axis", {{"title", "chance"}, {"format", ".0%"}}}}},
      {"tooltip", json::array({{{"field", "month"}, {"type", "quantitative"}},
                               {{"field", "probability"}, {"type", "quantitative"}, {"format", ".1%"}, {"title", "chance"}}})}};
  return {{"chart-fan", "Cumulative cash: P10–P90 and P50",
           "The band holds 80 % of the samples in each month; the line is the median", fan},
          {"chart-breakeven-probability", "Chance of having broken even",
           "Share of the samples with operating profit ≥ 0 by each month", chance}};
}

std::string render_montecarlo_html(const json& mc) {
  require(mc, "montecarlo JSON", {"scenario", "currency", "samples", "seed", "inputs", "npv", "irr_annual"});
  const std::string cur = mc["currency"].get<std::string>();
  std::vector<PageFigure> figs;
  for (const char* q : {"p10", "p50", "p90"}) {
    std::string Q = q;
    Q[0] = 'P';
    figs.push_back({std::string("npv.") + q, "NPV " + Q, money_or_dash(mc["npv"].at(q), cur)});
  }
  for (const char* q : {"p10", "p50", "p90"}) {
    std::string Q = q;
    Q[0] = 'P';
    figs.push_back({std::string("irr_annual.") + q, "IRR " + Q, percent_or_undefined(mc["irr_annual"].at(q))});
  }
  const std::string subtitle = group_thousands(mc["samples"].get<double>()) + " samples · seed " +
                               std::to_string(mc["seed"].get<std::uint64_t>()) + " · " +
                               std::to_string(mc["inputs"].size()) + " uncertain inputs · money in " + cur;
  return render_chart_page("hippo Monte Carlo", mc["scenario"].get<std::string>(), subtitle, figs, montecarlo_charts(mc), cur);
}

std::vector<Chart> sensitivity_charts(const json& sens) {
  require(sens, "sensitivity JSON", {"base", "tornado"});
  const double base = number(sens["base"].at("npv"));
  const json& rows = sens["tornado"];
  json values = json::array(), order = json::array();
  for (const auto& row : rows) {
    const std::string key = row.at("key").get<std::string>();
    order.push_back(key);
    values.push_back({{"input", key}, {"end", "low"}, {"value", row.at("low")}, {"npv", row.at("npv_low")}, {"base", base}});
    values.push_back({{"input", key}, {"end", "high"}, {"value", row.at("high")}, {"npv", row.at("npv_high")}, {"base", base}});
  }
  json spec = rows_spec(std::max<std::size_t>(rows.size(), 3), 30);
  const json y = {{"field", "input"}, {"type", "nominal"}, {"sort", order}, {"axis", {{"title", nullptr}}}};
  spec["layer"] = json::array(
      {{{"data", {{"values", values}}},
        {"mark", {{"type", "bar"}, {"tooltip", true}}},
        {"encoding", {{"y", y},
                      {"x", {{"field", "npv"}, {"type", "quantitative"}, {"axis", money_axis("NPV")}, {"scale", {{"zero", false}}}}},
                      {"x2", {{"field", "base"}}},
                      {"color", {{"field", "end"}, {"type", "nominal"},
                                 {"scale", {{"domain", {"low", "high"}}, {"range", {"#e45756", "#1f77b4"}}}},
                                 {"legend", {{"title", "input at"}, {"orient", "bottom"}}}}},
                      {"tooltip", json::array({{{"field", "input"}}, {{"field", "end"}, {"title", "input at"}},
                                               {{"field", "value"}, {"type", "quantitative"}, {"title", "input value"}},
                                               money_tip("npv", "NPV")})}}}},
       {{"data", {{"values", json::array({{{"base", base}}})}}},
        {"mark", {{"type", "rule"}, {"color", "#424242"}, {"strokeWidth", 1.5}}},
        {"encoding", {{"x", {{"field", "base"}, {"type", "quantitative"}}}}}}});
  const std::string cur = sens.value("currency", "USD");
  return {{"chart-tornado", "Tornado: NPV with each input at its low and its high",
           "Ranked by the NPV swing; the bars start at the base NPV (" + format_money_compact(base, cur) + ", the dark rule)",
           spec}};
}

std::string render_sensitivity_html(const json& sens) {
  require(sens, "sensitivity JSON", {"scenario", "currency", "base", "tornado"});
  const std::string cur = sens["currency"].get<std::string>();
  const json& base = sens["base"];
  std::vector<PageFigure> figs = {
      {"base.npv", "NPV at the base values", money_or_dash(base.at("npv"), cur)},
      {"base.breakeven_month", "Break-even",
       format_month(base.value("breakeven_month", json()).is_null() ? std::nullopt
                                                                    : std::optional<int>(base["breakeven_month"].get<int>()))},
      {"tornado", "Inputs moved", std::to_string(sens["tornado"].size())}};
  return render_chart_page("hippo sensitivity", sens["scenario"].get<std::string>(),
                           "each input moved to its low and high, one at a time · money in " + cur, figs,
                           sensitivity_charts(sens), cur);
}

}  // namespace hippo::report
