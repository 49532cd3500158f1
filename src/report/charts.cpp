#include "report/charts.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "report/format.hpp"

namespace hippo::report {

using nlohmann::json;

namespace {

constexpr const char* kSchema = "https://vega.github.io/schema/vega-lite/v6.json";
constexpr int kHeight = 260;
const std::vector<std::string> kScenarioColors = {"#1f77b4", "#e45756", "#54a24b", "#f58518",
                                                  "#72b7b2", "#b279a2", "#9d755d", "#bab0ac"};

struct Kind {
  std::string key, label, color;
};
// A contract key and, when the writer of the JSON splits it further, its parts.
struct Split {
  Kind whole;
  std::vector<Kind> parts;
};

// Operating costs and depreciation: revenue − Σ these = operating profit.
const std::vector<Split> kCostSplits = {
    {{"depreciation", "depreciation", "#c62828"},
     {{"depreciation_gpus", "GPU depreciation", "#c62828"},
      {"depreciation_facility", "facility depreciation", "#8d6e63"},
      {"amortisation_training", "training", "#7e57c2"}}},
    {{"power", "power", "#ffa726"}, {}},
    {{"facility", "facility", "#bcaaa4"}, {}},
    {{"staff", "staff", "#5c6bc0"}, {}},
    {{"other_opex", "other opex", "#90a4ae"},
     {{"rental", "GPU rental", "#ef5350"}, {"other_fixed", "other fixed", "#90a4ae"}, {"tax", "tax", "#cfd8dc"}}},
};
const std::vector<Split> kRevenueSplits = {
    {{"revenue", "revenue", "#2e7d32"},
     {{"revenue_subscriptions", "subscriptions", "#2e7d32"},
      {"revenue_api", "API", "#66bb6a"},
      {"revenue_licences", "licences", "#a5d6a7"},
      {"revenue_ads", "ads", "#dce775"}}},
};
// The serving cost behind cost_per_mtok: GPUs (owned or rented), facility and power.
const std::vector<Split> kServingSplits = {
    {{"depreciation", "depreciation", "#c62828"},
     {{"depreciation_gpus", "GPU depreciation", "#c62828"},
      {"depreciation_facility", "facility depreciation", "#8d6e63"}}},
    {{"power", "power", "#ffa726"}, {}},
    {{"facility", "facility", "#bcaaa4"}, {}},
    {{"rental", "GPU rental", "#ef5350"}, {}},
};
const Kind kUnlistedCost = {"", "other costs", "#eceff1"};

double num(const json& row, const std::string& key) {
  const auto it = row.find(key);
  return it == row.end() || it->is_null() ? 0.0 : it->get<double>();
}

const json& monthly(const json& results) {
  const json& m = results.at("monthly");
  if (!m.is_array() || m.empty()) throw std::invalid_argument("results.json: 'monthly' is empty");
  return m;
}

// The finest split every month row carries, less the kinds that are zero in every month (unless
// all are: an empty legend would say less than a row of zeros).
std::vector<Kind> kinds_in(const json& rows, const std::vector<Split>& splits) {
  const json& first = rows.front();
  std::vector<Kind> kinds;
  for (const auto& split : splits) {
    const bool parts = !split.parts.empty() && std::all_of(split.parts.begin(), split.parts.end(),
                                                           [&](const Kind& k) { return first.contains(k.key); });
    if (parts)
      kinds.insert(kinds.end(), split.parts.begin(), split.parts.end());
    else if (first.contains(split.whole.key))
      kinds.push_back(split.whole);
  }
  std::vector<Kind> nonzero;
  for (const auto& k : kinds)
    if (std::any_of(rows.begin(), rows.end(), [&](const json& r) { return num(r, k.key) != 0; })) nonzero.push_back(k);
  return nonzero.empty() ? kinds : nonzero;
}

// Costs that the listed kinds do not explain (revenue − operating profit − Σ kinds).
double unlisted_cost(const json& row, const std::vector<Kind>& costs) {
  double listed = 0;
  for (const auto& k : costs) listed += num(row, k.key);
  const double total = num(row, "revenue") - num(row, "operating_profit");
  const double gap = total - listed;
  return std::fabs(gap) > 1e-6 * std::max(1.0, std::fabs(total)) ? gap : 0.0;
}

json color_scale(const std::vector<Kind>& kinds) {
  json domain = json::array(), range = json::array();
  for (const auto& k : kinds) {
    domain.push_back(k.label);
    range.push_back(k.color);
  }
  return {{"domain", domain}, {"range", range}};
}

json scenario_scale(const std::vector<std::string>& names) {
  json range = json::array();
  for (std::size_t i = 0; i < names.size(); ++i) range.push_back(kScenarioColors[i % kScenarioColors.size()]);
  return {{"domain", names}, {"range", range}};
}

}  // namespace

// Building blocks shared with uncertainty_report.cpp (declared in charts.hpp).
// Axis of large amounts: "$1.2M", "$4.5B" (d3's SI "G" and "k" read as giga and kilo).
json money_axis(const std::string& title) {
  return {{"title", title}, {"format", "$,.3~s"},
          {"labelExpr", "replace(replace(datum.label, 'G', 'B'), 'k', 'K')"}};
}

json month_x() {
  return {{"field", "month"}, {"type", "quantitative"}, {"axis", {{"title", "month"}, {"tickMinStep", 1}}}};
}

json money_tip(const std::string& field, const std::string& title) {
  return {{"field", field}, {"type", "quantitative"}, {"format", "$,.0f"}, {"title", title}};
}

json base_spec() { return {{"$schema", kSchema}, {"width", "container"}, {"height", kHeight}}; }

// A chart of `rows` horizontal bars, `step` pixels each, as wide as its container. (A Vega-Lite
// step height would conflict with the container width's autosize and log a warning.)
json rows_spec(std::size_t rows, int step) {
  json spec = base_spec();
  spec["height"] = static_cast<int>(rows) * step;
  return spec;
}

namespace {

// Axis of counts: "10K", "1.2M".
json count_axis(const std::string& title) {
  return {{"title", title}, {"format", ",.3~s"}, {"labelExpr", "replace(replace(datum.label, 'G', 'B'), 'k', 'K')"}};
}

json per_mtok_axis() { return {{"title", "per million tokens"}, {"format", "$,.2f"}, {"tickCount", 6}}; }

std::string month_text(const json& results, const char* key) {
  const json& v = results.at(key);
  return format_month(v.is_null() ? std::nullopt : std::optional<int>(v.get<int>()));
}

// A dashed vertical rule at `month` with a label at `label_y` pixels from the top.
void add_marker(json& layers, int month, int horizon, const std::string& label, const std::string& color, int label_y) {
  const bool right = month > horizon * 0.65;  // keep the label inside the plot
  layers.push_back({{"data", {{"values", json::array({{{"month", month}}})}}},
                    {"mark", {{"type", "rule"}, {"color", color}, {"strokeDash", {5, 4}}, {"strokeWidth", 1.5}}},
                    {"encoding", {{"x", {{"field", "month"}, {"type", "quantitative"}}}}}});
  layers.push_back({{"data", {{"values", json::array({{{"month", month}, {"y", label_y}, {"label", label}}})}}},
                    {"mark", {{"type", "text"}, {"color", color}, {"align", right ? "right" : "left"},
                              {"dx", right ? -4 : 4}, {"fontWeight", "bold"}, {"baseline", "top"}}},
                    {"encoding", {{"x", {{"field", "month"}, {"type", "quantitative"}}},
                                  {"y", {{"field", "y"}, {"type", "quantitative"}, {"scale", nullptr}}},
                                  {"text", {{"field", "label"}}}}}});
}

}  // namespace

json zero_rule() {
  return {{"data", {{"values", json::array({json::object()})}}},
          {"mark", {{"type", "rule"}, {"color", "#9e9e9e"}}},
          {"encoding", {{"y", {{"datum", 0}, {"type", "quantitative"}}}}}};
}

namespace {

Chart cash_chart(const json& results) {
  json values = json::array();
  for (const auto& row : monthly(results))
    values.push_back({{"month", row.at("month")}, {"cumulative_cash", row.at("cumulative_cash")},
                      {"cash_flow", row.at("cash_flow")}});
  json layers = json::array();
  layers.push_back(
      {{"data", {{"values", values}}},
       {"mark", {{"type", "area"}, {"line", {{"color", "#1565c0"}, {"strokeWidth", 2}}}, {"color", "#1565c0"},
                 {"opacity", 0.15}}},
       {"encoding", {{"x", month_x()},
                     {"y", {{"field", "cumulative_cash"}, {"type", "quantitative"}, {"axis", money_axis("")}}},
                     {"tooltip", json::array({{{"field", "month"}, {"type", "quantitative"}},
                                              money_tip("cumulative_cash", "cumulative cash"),
                                              money_tip("cash_flow", "cash flow that month")})}}}});
  layers.push_back(
      {{"data", {{"values", values}}},
       {"mark", {{"type", "line"}, {"color", "#1565c0"}, {"strokeWidth", 2}, {"tooltip", true}}},
       {"encoding", {{"x", month_x()}, {"y", {{"field", "cumulative_cash"}, {"type", "quantitative"}}}}}});
  layers.push_back(zero_rule());
  const int horizon = results.at("horizon_months").get<int>();
  if (!results.at("breakeven_month").is_null())
    add_marker(layers, results["breakeven_month"].get<int>(), horizon, "break-even: " + month_text(results, "breakeven_month"),
               "#2e7d32", 4);
  if (!results.at("payback_month").is_null())
    add_marker(layers, results["payback_month"].get<int>(), horizon, "payback: " + month_text(results, "payback_month"),
               "#6a1b9a", 20);
  json spec = base_spec();
  spec["height"] = kHeight + 40;  // as tall as the revenue chart beside it, whose legend takes room
  spec["layer"] = layers;
  return {"chart-cash", "Cumulative cash",
          "Break-even (first month with operating profit ≥ 0): " + month_text(results, "breakeven_month") +
              " · payback (cumulative cash ≥ 0): " + month_text(results, "payback_month"),
          spec};
}

Chart revenue_cost_chart(const json& results) {
  const json& rows = monthly(results);
  const auto revenue = kinds_in(rows, kRevenueSplits);
  auto costs = kinds_in(rows, kCostSplits);
  const bool unlisted = std::any_of(rows.begin(), rows.end(), [&](const json& r) { return unlisted_cost(r, costs) != 0; });
  json values = json::array(), profit = json::array();
  int order = 0;
  auto push = [&](const json& row, const Kind& k, double amount, int o) {
    values.push_back({{"month", row.at("month")}, {"kind", k.label}, {"amount", amount}, {"order", o}});
  };
  for (const auto& row : rows) {
    order = 0;
    for (const auto& k : revenue) push(row, k, num(row, k.key), order++);
    for (const auto& k : costs) push(row, k, -num(row, k.key), order++);
    if (unlisted) push(row, kUnlistedCost, -unlisted_cost(row, costs), order++);
    profit.push_back({{"month", row.at("month")}, {"operating_profit", row.at("operating_profit")}});
  }
  std::vector<Kind> kinds = revenue;
  kinds.insert(kinds.end(), costs.begin(), costs.end());
  if (unlisted) kinds.push_back(kUnlistedCost);
  kinds.push_back({"operating_profit", "operating profit", "#212121"});
  json layers = json::array();
  json bar_x = month_x();
  const int horizon = results.at("horizon_months").get<int>();
  bar_x["scale"] = {{"domain", {0.5, horizon + 0.5}}, {"nice", false}};
  layers.push_back(
      {{"data", {{"values", values}}},
       {"mark", {{"type", "bar"}, {"tooltip", true}}},
       {"encoding", {{"x", bar_x},
                     {"y", {{"field", "amount"}, {"type", "quantitative"}, {"stack", "zero"}, {"axis", money_axis("")}}},
                     {"color", {{"field", "kind"}, {"type", "nominal"}, {"scale", color_scale(kinds)},
                                {"legend", {{"title", nullptr}, {"orient", "bottom"}, {"columns", 4}}}}},
                     {"order", {{"field", "order"}, {"type", "quantitative"}}},
                     {"tooltip", json::array({{{"field", "month"}, {"type", "quantitative"}},
                                              {{"field", "kind"}, {"type", "nominal"}},
                                              money_tip("amount", "amount")})}}}});
  layers.push_back(
      {{"data", {{"values", profit}}},
       {"mark", {{"type", "line"}, {"strokeWidth", 2}, {"point", {{"size", 12}, {"color", "#212121"}}}}},
       {"encoding", {{"x", month_x()},
                     {"y", {{"field", "operating_profit"}, {"type", "quantitative"}}},
                     {"color", {{"datum", "operating profit"}}},
                     {"tooltip", json::array({{{"field", "month"}, {"type", "quantitative"}},
                                              money_tip("operating_profit", "operating profit")})}}}});
  layers.push_back(zero_rule());
  json spec = base_spec();
  spec["height"] = kHeight + 40;
  spec["layer"] = layers;
  return {"chart-revenue-cost", "Revenue against cost, per month",
          "Revenue by stream above zero, cost by kind below (depreciation included), operating profit as the line",
          spec};
}

Chart fleet_chart(const json& results) {
  const json& rows = monthly(results);
  const json& first = rows.front();
  const bool split = first.contains("gpus_owned") && first.contains("gpus_rented");
  static const std::vector<Kind> kOwnedRented = {{"gpus_owned", "owned", "#1565c0"}, {"gpus_rented", "rented", "#90caf9"}};
  static const std::vector<Kind> kAll = {{"gpus", "GPUs", "#1565c0"}};
  // Owned and rented when the fleet has both; a series that is zero throughout only adds noise.
  std::vector<Kind> kinds;
  for (const auto& k : split ? kOwnedRented : kAll)
    if (std::any_of(rows.begin(), rows.end(), [&](const json& r) { return num(r, k.key) != 0; })) kinds.push_back(k);
  if (kinds.empty()) kinds = {kAll.front()};
  json values = json::array(), needed = json::array();
  for (const auto& row : rows) {
    int order = 0;
    for (const auto& k : kinds)
      values.push_back({{"month", row.at("month")}, {"kind", k.label}, {"gpus", num(row, k.key)}, {"order", order++}});
    if (row.contains("gpus_needed")) needed.push_back({{"month", row.at("month")}, {"gpus_needed", row.at("gpus_needed")}});
  }
  std::vector<Kind> legend = kinds;
  if (!needed.empty()) legend.push_back({"gpus_needed", "needed for the peak", "#e65100"});
  json layers = json::array();
  layers.push_back(
      {{"data", {{"values", values}}},
       {"mark", {{"type", "area"}, {"interpolate", "step-after"}, {"opacity", 0.85}, {"tooltip", true}}},
       {"encoding", {{"x", month_x()},
                     {"y", {{"field", "gpus"}, {"type", "quantitative"}, {"stack", "zero"},
                            {"axis", count_axis("GPUs")}}},
                     {"color", {{"field", "kind"}, {"type", "nominal"}, {"scale", color_scale(legend)},
                                {"legend", {{"title", nullptr}, {"orient", "bottom"}}}}},
                     {"order", {{"field", "order"}, {"type", "quantitative"}}},
                     {"tooltip", json::array({{{"field", "month"}, {"type", "quantitative"}},
                                              {{"field", "kind"}, {"type", "nominal"}},
                                              {{"field", "gpus"}, {"type", "quantitative"}, {"format", ",.0f"}}})}}}});
  if (!needed.empty())
    layers.push_back(
        {{"data", {{"values", needed}}},
         {"mark", {{"type", "line"}, {"interpolate", "step-after"}, {"strokeDash", {4, 3}}, {"strokeWidth", 1.5}}},
         {"encoding", {{"x", month_x()},
                       {"y", {{"field", "gpus_needed"}, {"type", "quantitative"}}},
                       {"color", {{"datum", "needed for the peak"}}}}}});
  json spec = base_spec();
  spec["layer"] = layers;
  std::string note = "GPUs in service each month";
  if (results.contains("fleet") && results["fleet"].contains("gpus_peak"))
    note += "; peak " + format_compact(results["fleet"]["gpus_peak"].get<double>());
  const std::string title = kinds.size() == 2 ? "Fleet: owned and rented GPUs"
                            : split             ? "Fleet: " + kinds.front().label + " GPUs"
                                                : "Fleet: GPUs";
  return {"chart-fleet", title, note, spec};
}

// Σ component ÷ Σ tokens over the horizon, per million tokens; empty when nothing was served.
std::vector<std::pair<Kind, double>> serving_cost_per_mtok(const json& results) {
  const json& rows = monthly(results);
  double tokens = 0;
  for (const auto& row : rows) tokens += num(row, "tokens");
  std::vector<std::pair<Kind, double>> out;
  if (tokens <= 0) return out;
  for (const auto& k : kinds_in(rows, kServingSplits)) {
    double total = 0;
    for (const auto& row : rows) total += num(row, k.key);
    out.push_back({k, total / (tokens / 1e6)});
  }
  return out;
}

std::optional<Chart> cost_per_mtok_chart(const json& results) {
  const auto parts = serving_cost_per_mtok(results);
  if (parts.empty()) return std::nullopt;
  json values = json::array();
  std::vector<Kind> kinds;
  auto sorted = parts;
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  json order = json::array();
  for (const auto& [k, v] : sorted) {
    values.push_back({{"component", k.label}, {"per_mtok", v}});
    kinds.push_back(k);
    order.push_back(k.label);
  }
  json spec = rows_spec(parts.size(), 34);
  spec["data"] = {{"values", values}};
  const json y = {{"field", "component"}, {"type", "nominal"}, {"sort", order}, {"axis", {{"title", nullptr}}}};
  // Room right of the longest bar for its label.
  const json x = {{"field", "per_mtok"}, {"type", "quantitative"}, {"axis", per_mtok_axis()},
                  {"scale", {{"domainMax", sorted.front().second * 1.18}}}};
  spec["layer"] = json::array(
      {{{"mark", {{"type", "bar"}, {"tooltip", true}}},
        {"encoding", {{"y", y}, {"x", x},
                      {"color", {{"field", "component"}, {"type", "nominal"}, {"scale", color_scale(kinds)}, {"legend", nullptr}}},
                      {"tooltip", json::array({{{"field", "component"}},
                                               {{"field", "per_mtok"}, {"type", "quantitative"}, {"format", "$,.3f"}}})}}}},
       {{"mark", {{"type", "text"}, {"align", "left"}, {"dx", 4}, {"color", "#424242"}}},
        {"encoding", {{"y", y}, {"x", x}, {"text", {{"field", "per_mtok"}, {"format", "$,.3f"}}}}}}});
  const std::string currency = results.at("currency").get<std::string>();
  return Chart{"chart-cost-per-mtok", "Serving cost per million tokens, by component",
               "Over the whole horizon (each cost ÷ tokens served): " +
                   format_money(results.at("cost_per_mtok").get<double>(), currency, 3) + " per million tokens in all",
               spec};
}

// The SLO `key` (ttft_p99_s, tpot_p99_s) from simulation.slo, else from the assumptions
// (slo.<key>); negative when neither has it.
double slo_s(const json& results, const std::string& key) {
  const json& sim = results.at("simulation");
  if (sim.contains("slo") && sim["slo"].contains(key)) return sim["slo"][key].get<double>();
  if (results.contains("assumptions"))
    for (const auto& a : results["assumptions"])
      if (a.value("key", "") == "slo." + key && a.contains("value") && a["value"].is_number()) return a["value"].get<double>();
  return -1;
}

// Latency percentiles against the SLOs, from `simulation` {ttft_s, tpot_s: {p50, p90, p99}, slo}.
std::optional<Chart> latency_chart(const std::vector<std::pair<std::string, const json*>>& runs) {
  json values = json::array();
  struct Metric {
    const char* key;
    const char* label;
    const char* slo_key;
  };
  const Metric metrics[] = {{"ttft_s", "time to first token (ms)", "ttft_p99_s"},
                            {"tpot_s", "time per output token (ms)", "tpot_p99_s"}};
  std::vector<std::string> names;
  for (const auto& [name, results] : runs) {
    const auto sim = results->find("simulation");
    if (sim == results->end() || !sim->is_object()) continue;
    names.push_back(name);
    for (const auto& m : metrics) {
      if (!sim->contains(m.key)) continue;
      const double slo = slo_s(*results, m.slo_key);
      const double slo_ms = slo < 0 ? -1 : slo * 1e3;  // -1: no objective, no rule
      for (const char* p : {"p50", "p90", "p99"})
        if ((*sim)[m.key].contains(p))
          values.push_back({{"scenario", name}, {"metric", m.label}, {"percentile", p},
                            {"ms", (*sim)[m.key][p].get<double>() * 1e3}, {"slo_ms", slo_ms}});
    }
  }
  if (values.empty()) return std::nullopt;
  const bool several = names.size() > 1;
  json bar_enc = {{"x", {{"field", "percentile"}, {"type", "ordinal"}, {"axis", {{"title", nullptr}, {"labelAngle", 0}}}}},
                  {"y", {{"field", "ms"}, {"type", "quantitative"}, {"axis", {{"title", "ms"}, {"format", ",.4~r"}}}}},
                  {"color", several ? json{{"field", "scenario"}, {"type", "nominal"}, {"scale", scenario_scale(names)},
                                           {"legend", {{"title", nullptr}, {"orient", "bottom"}}}}
                                    : json{{"value", "#1565c0"}}},
                  {"tooltip", json::array({{{"field", "scenario"}}, {{"field", "percentile"}},
                                           {{"field", "ms"}, {"type", "quantitative"}, {"format", ",.1f"}}})}};
  if (several) bar_enc["xOffset"] = {{"field", "scenario"}};
  json inner = {
      {"width", 200},
      {"height", kHeight - 40},
      {"layer", json::array({{{"mark", {{"type", "bar"}, {"tooltip", true}}}, {"encoding", bar_enc}},
                             {{"transform", json::array({{{"filter", "datum.slo_ms >= 0"}}})},
                              {"mark", {{"type", "rule"}, {"color", "#c62828"}, {"strokeDash", {6, 3}}, {"strokeWidth", 2}}},
                              {"encoding", {{"y", {{"aggregate", "max"}, {"field", "slo_ms"}, {"type", "quantitative"}}}}}},
                             {{"transform", json::array({{{"filter", "datum.slo_ms >= 0"}}})},
                              {"mark", {{"type", "text"}, {"color", "#c62828"}, {"align", "right"}, {"dy", -6}, {"x", "width"}}},
                              {"encoding", {{"y", {{"aggregate", "max"}, {"field", "slo_ms"}, {"type", "quantitative"}}},
                                            {"text", {{"value", "SLO (p99)"}}}}}}})}};
  json spec = {{"$schema", kSchema},
               {"data", {{"values", values}}},
               {"facet", {{"column", {{"field", "metric"}, {"type", "nominal"}, {"title", nullptr},
                                     {"sort", {metrics[0].label, metrics[1].label}},
                                     {"header", {{"labelFontSize", 12}, {"labelFontWeight", 600}}}}}}},
               {"spec", inner},
               {"resolve", {{"scale", {{"y", "independent"}}}}}};
  std::string note = "Simulated percentiles; the dashed line is the p99 objective";
  if (runs.size() > 1 && names.size() == 1) note += " (only " + names.front() + " was simulated)";
  return Chart{"chart-latency", "Latency against the SLOs", note, spec};
}

}  // namespace

json format_locale(const std::string& currency) {
  const std::string symbol = currency_symbol(currency);
  return {{"decimal", "."}, {"thousands", ","}, {"grouping", {3}},
          {"currency", symbol.empty() ? json::array({"", " " + currency}) : json::array({symbol, ""})}};
}

std::vector<Chart> scenario_charts(const json& results) {
  std::vector<Chart> charts = {cash_chart(results), revenue_cost_chart(results), fleet_chart(results)};
  if (auto c = cost_per_mtok_chart(results)) charts.push_back(*c);
  if (auto c = latency_chart({{results.at("scenario").get<std::string>(), &results}})) charts.push_back(*c);
  return charts;
}

}  // namespace hippo::report

namespace hippo::report {

namespace {

json scenario_color(const std::vector<std::string>& names) {
  return {{"field", "scenario"}, {"type", "nominal"}, {"scale", scenario_scale(names)},
          {"legend", {{"title", nullptr}, {"orient", "bottom"}}}};
}

Chart compare_cash(const std::vector<json>& all, const std::vector<std::string>& names) {
  json values = json::array(), markers = json::array();
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (const auto& row : monthly(all[i]))
      values.push_back({{"scenario", names[i]}, {"month", row.at("month")}, {"cumulative_cash", row.at("cumulative_cash")}});
    for (const auto& [key, label] : {std::pair{"breakeven_month", "break-even"}, std::pair{"payback_month", "payback"}}) {
      const json& m = all[i].at(key);
      if (m.is_null()) continue;
      for (const auto& row : monthly(all[i]))
        if (row.at("month") == m)
          markers.push_back({{"scenario", names[i]}, {"month", m}, {"cumulative_cash", row.at("cumulative_cash")},
                             {"marker", label}});
    }
  }
  json spec = base_spec();
  spec["layer"] = json::array(
      {{{"data", {{"values", values}}},
        {"mark", {{"type", "line"}, {"strokeWidth", 2}, {"tooltip", true}}},
        {"encoding", {{"x", month_x()},
                      {"y", {{"field", "cumulative_cash"}, {"type", "quantitative"}, {"axis", money_axis("")}}},
                      {"color", scenario_color(names)},
                      {"tooltip", json::array({{{"field", "scenario"}}, {{"field", "month"}, {"type", "quantitative"}},
                                               money_tip("cumulative_cash", "cumulative cash")})}}}},
       {{"data", {{"values", markers}}},
        {"mark", {{"type", "point"}, {"filled", true}, {"size", 90}, {"opacity", 1}, {"tooltip", true}}},
        {"encoding", {{"x", {{"field", "month"}, {"type", "quantitative"}}},
                      {"y", {{"field", "cumulative_cash"}, {"type", "quantitative"}}},
                      {"color", scenario_color(names)},
                      {"shape", {{"field", "marker"}, {"type", "nominal"},
                                 {"scale", {{"domain", {"break-even", "payback"}}, {"range", {"triangle-up", "circle"}}}},
                                 {"legend", {{"title", nullptr}, {"orient", "bottom"}}}}},
                      {"tooltip", json::array({{{"field", "scenario"}}, {{"field", "marker"}},
                                               {{"field", "month"}, {"type", "quantitative"}}})}}}},
       zero_rule()});
  std::string note = "Markers: break-even (▲) and payback (●).";
  for (std::size_t i = 0; i < all.size(); ++i)
    note += " " + names[i] + ": " + month_text(all[i], "breakeven_month") + " / " + month_text(all[i], "payback_month") + ".";
  return {"chart-cash", "Cumulative cash", note, spec};
}

Chart compare_revenue_cost(const std::vector<json>& all, const std::vector<std::string>& names) {
  json values = json::array();
  for (std::size_t i = 0; i < all.size(); ++i)
    for (const auto& row : monthly(all[i])) {
      values.push_back({{"scenario", names[i]}, {"month", row.at("month")}, {"measure", "revenue"}, {"amount", num(row, "revenue")}});
      values.push_back({{"scenario", names[i]}, {"month", row.at("month")}, {"measure", "cost"},
                        {"amount", num(row, "revenue") - num(row, "operating_profit")}});
    }
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["mark"] = {{"type", "line"}, {"strokeWidth", 2}, {"tooltip", true}};
  spec["encoding"] = {{"x", month_x()},
                      {"y", {{"field", "amount"}, {"type", "quantitative"}, {"axis", money_axis("")}}},
                      {"color", scenario_color(names)},
                      {"strokeDash", {{"field", "measure"}, {"type", "nominal"},
                                      {"scale", {{"domain", {"revenue", "cost"}}, {"range", {{1, 0}, {5, 3}}}}},
                                      {"legend", {{"title", nullptr}, {"orient", "bottom"}}}}},
                      {"tooltip", json::array({{{"field", "scenario"}}, {{"field", "measure"}},
                                               {{"field", "month"}, {"type", "quantitative"}}, money_tip("amount", "amount")})}};
  return {"chart-revenue-cost", "Revenue against cost, per month",
          "Revenue solid, cost (operating costs and depreciation) dashed", spec};
}

Chart compare_fleet(const std::vector<json>& all, const std::vector<std::string>& names) {
  json values = json::array();
  for (std::size_t i = 0; i < all.size(); ++i)
    for (const auto& row : monthly(all[i]))
      values.push_back({{"scenario", names[i]}, {"month", row.at("month")}, {"gpus", num(row, "gpus")},
                        {"owned", num(row, "gpus_owned")}, {"rented", num(row, "gpus_rented")}});
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["mark"] = {{"type", "line"}, {"interpolate", "step-after"}, {"strokeWidth", 2}, {"tooltip", true}};
  spec["encoding"] = {{"x", month_x()},
                      {"y", {{"field", "gpus"}, {"type", "quantitative"}, {"axis", count_axis("GPUs")}}},
                      {"color", scenario_color(names)},
                      {"tooltip", json::array({{{"field", "scenario"}}, {{"field", "month"}, {"type", "quantitative"}},
                                               {{"field", "gpus"}, {"type", "quantitative"}, {"format", ",.0f"}},
                                               {{"field", "owned"}, {"type", "quantitative"}, {"format", ",.0f"}},
                                               {{"field", "rented"}, {"type", "quantitative"}, {"format", ",.0f"}}})}};
  return {"chart-fleet", "Fleet: GPUs in service", "Owned and rented GPUs together; hover for the split", spec};
}

std::optional<Chart> compare_cost_per_mtok(const std::vector<json>& all, const std::vector<std::string>& names) {
  json values = json::array();
  std::vector<Kind> kinds;
  for (std::size_t i = 0; i < all.size(); ++i) {
    int order = 0;
    for (const auto& [k, v] : serving_cost_per_mtok(all[i])) {
      values.push_back({{"scenario", names[i]}, {"component", k.label}, {"per_mtok", v}, {"order", order++}});
      if (std::none_of(kinds.begin(), kinds.end(), [&label = k.label](const Kind& x) { return x.label == label; })) kinds.push_back(k);
    }
  }
  if (values.empty()) return std::nullopt;
  json spec = rows_spec(all.size(), 40);
  spec["data"] = {{"values", values}};
  spec["mark"] = {{"type", "bar"}, {"tooltip", true}};
  spec["encoding"] = {
      {"y", {{"field", "scenario"}, {"type", "nominal"}, {"sort", names}, {"axis", {{"title", nullptr}}}}},
      {"x", {{"field", "per_mtok"}, {"type", "quantitative"}, {"stack", "zero"},
             {"axis", per_mtok_axis()}}},
      {"color", {{"field", "component"}, {"type", "nominal"}, {"scale", color_scale(kinds)},
                 {"legend", {{"title", nullptr}, {"orient", "bottom"}}}}},
      {"order", {{"field", "order"}, {"type", "quantitative"}}},
      {"tooltip", json::array({{{"field", "scenario"}}, {{"field", "component"}},
                               {{"field", "per_mtok"}, {"type", "quantitative"}, {"format", "$,.3f"}}})}};
  return Chart{"chart-cost-per-mtok", "Serving cost per million tokens, by component",
               "Over the whole horizon: each cost ÷ tokens served", spec};
}

}  // namespace

std::vector<std::string> scenario_labels(const std::vector<json>& results) {
  std::vector<std::string> names;
  for (const auto& r : results) {
    const std::string base = r.at("scenario").get<std::string>();
    std::string name = base;
    for (int n = 2; std::find(names.begin(), names.end(), name) != names.end(); ++n) name = base + " (" + std::to_string(n) + ")";
    names.push_back(name);
  }
  return names;
}

std::vector<Chart> compare_charts(const std::vector<json>& all) {
  const auto names = scenario_labels(all);
  std::vector<Chart> charts = {compare_cash(all, names), compare_revenue_cost(all, names), compare_fleet(all, names)};
  if (auto c = compare_cost_per_mtok(all, names)) charts.push_back(*c);
  std::vector<std::pair<std::string, const json*>> runs;
  for (std::size_t i = 0; i < all.size(); ++i) runs.push_back({names[i], &all[i]});
  if (auto c = latency_chart(runs)) charts.push_back(*c);
  return charts;
}

}  // namespace hippo::report
