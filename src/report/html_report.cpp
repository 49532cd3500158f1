#include "report/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "report/chart_library.hpp"
#include "report/charts.hpp"
#include "report/format.hpp"
#include "report/table.hpp"
#include "util/atomic_file.hpp"

namespace hippo::report {

using nlohmann::json;

namespace {

// The keys of design.md "`hippo run`" that the report reads.
void require_contract(const json& r) {
  for (const char* key : {"scenario", "currency", "horizon_months", "breakeven_month", "payback_month", "npv",
                          "irr_annual", "cost_per_mtok", "gross_margin", "monthly"})
    if (!r.contains(key)) throw std::invalid_argument(std::string("results.json: missing key '") + key + "'");
  for (const auto& row : r["monthly"])
    for (const char* key : {"month", "revenue", "operating_profit", "cash_flow", "cumulative_cash", "gpus", "tokens"})
      if (!row.contains(key)) throw std::invalid_argument(std::string("results.json: monthly row without '") + key + "'");
}

std::string escape_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// JSON inside <script>: "<" escaped so that no "</script>" or "<!--" can end or bend the element.
std::string script_json(const json& j) {
  std::string out;
  for (char c : j.dump()) out += c == '<' ? std::string("\\u003c") : std::string(1, c);
  return out;
}

std::optional<int> month_of(const json& v) { return v.is_null() ? std::nullopt : std::optional<int>(v.get<int>()); }

double sum_monthly(const json& r, const char* key) {
  double total = 0;
  for (const auto& row : r["monthly"])
    if (row.contains(key) && !row[key].is_null()) total += row[key].get<double>();
  return total;
}

std::string plain_number(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9) return group_thousands(v);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return std::fabs(v) >= 1000 ? group_thousands(v, 2) : buf;
}

std::string words(std::string key) {
  for (auto& c : key)
    if (c == '_') c = ' ';
  return key;
}

// One line of the key results: its label, the results key it shows, its text in a card (compact)
// and in the table (in full).
struct Figure {
  std::string key, label;
  std::function<std::string(const json&, bool compact)> text;
  bool card = false;
  std::string card_label = "";  // when the card needs a shorter one
};

std::vector<Figure> figures(const std::vector<json>& all) {
  auto cur = [](const json& r) { return r["currency"].get<std::string>(); };
  std::vector<Figure> f = {
      {"breakeven_month", "Break-even", [](const json& r, bool) { return format_month(month_of(r["breakeven_month"])); }, true},
      {"payback_month", "Payback", [](const json& r, bool) { return format_month(month_of(r["payback_month"])); }, true},
      {"npv", "NPV",
       [=](const json& r, bool c) {
         return c ? format_money_compact(r["npv"].get<double>(), cur(r)) : format_money(r["npv"].get<double>(), cur(r));
       },
       true},
      {"irr_annual", "IRR (annual)",
       [](const json& r, bool) { return r["irr_annual"].is_null() ? "undefined" : format_percent(r["irr_annual"].get<double>()); },
       true},
      {"cost_per_mtok", "Serving cost per million tokens",
       [=](const json& r, bool) { return format_money(r["cost_per_mtok"].get<double>(), cur(r), 3); }, true,
       "Cost / M tokens"},
      {"gross_margin", "Gross margin",
       [](const json& r, bool) { return r["gross_margin"].is_null() ? "—" : format_percent(r["gross_margin"].get<double>()); },
       true},
      {"horizon_months", "Horizon", [](const json& r, bool) { return std::to_string(r["horizon_months"].get<int>()) + " months"; }},
      {"revenue_total", "Revenue over the horizon",
       [=](const json& r, bool) { return format_money(sum_monthly(r, "revenue"), cur(r)); }},
      {"capex_total", "Capex over the horizon", [=](const json& r, bool) { return format_money(sum_monthly(r, "capex"), cur(r)); }},
      {"cash_end", "Cumulative cash at the end",
       [=](const json& r, bool) { return format_money(r["monthly"].back()["cumulative_cash"].get<double>(), cur(r)); }},
      {"tokens_total", "Tokens served over the horizon",
       [](const json& r, bool) { return format_compact(sum_monthly(r, "tokens")); }},
      {"users_end", "Users in the last month",
       [](const json& r, bool) { return group_thousands(r["monthly"].back().value("users", 0.0)); }},
      {"paying_users_end", "Paying users in the last month",
       [](const json& r, bool) { return group_thousands(r["monthly"].back().value("paying_users", 0.0)); }},
  };
  // Every fleet figure any of the results has, gpus_peak first and as a card.
  std::vector<std::string> fleet_keys;
  for (const auto& r : all)
    if (r.contains("fleet") && r["fleet"].is_object())
      for (const auto& [k, v] : r["fleet"].items())
        if ((v.is_number() || v.is_string()) && std::find(fleet_keys.begin(), fleet_keys.end(), k) == fleet_keys.end())
          fleet_keys.push_back(k);
  std::stable_partition(fleet_keys.begin(), fleet_keys.end(), [](const std::string& k) { return k == "gpus_peak"; });
  for (const auto& k : fleet_keys) {
    f.push_back({"fleet." + k, k == "gpus_peak" ? "Peak GPUs" : "Fleet: " + words(k),
                 [k](const json& r, bool) -> std::string {
                   if (!r.contains("fleet") || !r["fleet"].contains(k)) return "—";
                   const json& v = r["fleet"][k];
                   return v.is_string() ? v.get<std::string>() : plain_number(v.get<double>());
                 },
                 k == "gpus_peak"});
  }
  return f;
}

const char* kStyle = R"css(
:root { --ink:#1f2933; --muted:#616e7c; --line:#e4e7eb; --bg:#f5f7fa; --card:#fff; --good:#2e7d32; --bad:#c62828; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif; color:var(--ink); background:var(--bg); }
header { padding:20px 32px 8px; }
header .eyebrow { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.08em; }
header h1 { margin:0; font-size:22px; font-weight:650; }
header p { margin:4px 0 0; color:var(--muted); }
main { padding:8px 32px 32px; max-width:1400px; }
.figures { display:grid; grid-template-columns:repeat(auto-fill,minmax(160px,1fr)); gap:12px; margin:12px 0 20px; }
.figure { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:10px 14px; }
.figure .label { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.04em; }
.figure .value { font-size:22px; font-weight:650; margin-top:2px; font-variant-numeric:tabular-nums; }
.figure .value.never { color:var(--bad); }
.charts { display:grid; grid-template-columns:repeat(auto-fit,minmax(520px,1fr)); gap:16px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:14px 16px; margin:0; min-width:0; }
.card h2 { margin:0; font-size:15px; font-weight:650; }
.card .note { margin:2px 0 8px; color:var(--muted); font-size:12.5px; }
.chart { width:100%; min-height:120px; }
.chart.failed { color:var(--bad); }
.tables { display:grid; grid-template-columns:minmax(320px,1fr) minmax(420px,2fr); gap:16px; margin-top:16px; align-items:start; }
table { border-collapse:collapse; width:100%; font-size:13px; }
th, td { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { color:var(--muted); font-weight:600; font-size:12px; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
td.key { font-family:ui-monospace,SFMono-Regular,Menlo,monospace; font-size:12px; white-space:nowrap; }
td.text { max-width:220px; overflow-wrap:anywhere; }
td.source { color:var(--muted); }
td.missing { color:#9aa5b1; font-style:italic; }
td.differs { background:#fff8e1; }
footer { padding:0 32px 24px; color:var(--muted); font-size:12px; }
@media (max-width:1100px) { .tables { grid-template-columns:1fr; } }
)css";

// Draws every chart of the page with vega-embed; marks each container with data-rendered so that
// a test (or a curious reader) can tell that it drew.
// The charts' look (vega-embed's `config`), shared with hippo serve's page (chart_config_js()).
const char* kChartConfig = R"js({
    font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    view: { stroke: null },
    axis: { labelColor: '#52606d', titleColor: '#52606d', gridColor: '#edf0f3', domainColor: '#9aa5b1', tickColor: '#9aa5b1', titleFontWeight: 500 },
    legend: { labelColor: '#323f4b', symbolType: 'square' },
    bar: { discreteBandSize: { band: 0.85 } }
  })js";

const char* kEmbedScriptHead = R"js(
(function () {
  const page = JSON.parse(document.getElementById('hippo-charts').textContent);
  const config = )js";
const char* kEmbedScript = R"js(;
  for (const chart of page.charts) {
    const el = document.getElementById(chart.id);
    vegaEmbed(el, chart.spec, { actions: false, renderer: 'svg', config: config, formatLocale: page.locale })
      .then(function () { el.dataset.rendered = 'true'; })
      .catch(function (err) {
        el.dataset.rendered = 'failed';
        el.classList.add('failed');
        el.textContent = 'This chart could not be drawn: ' + err.message;
        console.error('hippo report: chart ' + chart.id + ': ' + err.message);
      });
  }
})();
)js";

std::string head_of(const std::string& title) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
                    escape_text(title) + "</title>\n<style>" + kStyle + "</style>\n";
  for (const auto& s : chart_scripts())
    out += "<script>/* " + std::string(s.package) + " " + std::string(s.version) + " */\n" + std::string(s.code) + "\n</script>\n";
  return out + "</head>\n<body>\n";
}

std::string chart_section(const std::vector<Chart>& charts, const std::string& currency) {
  std::string out = "<section class=\"charts\">\n";
  json page = {{"locale", format_locale(currency)}, {"charts", json::array()}};
  for (const auto& c : charts) {
    out += "<figure class=\"card\"><h2>" + escape_text(c.title) + "</h2><p class=\"note\">" + escape_text(c.note) +
           "</p><div class=\"chart\" id=\"" + c.id + "\"></div></figure>\n";
    page["charts"].push_back({{"id", c.id}, {"spec", c.spec}});
  }
  out += "</section>\n";
  out += "<script type=\"application/json\" id=\"hippo-charts\">" + script_json(page) + "</script>\n";
  return out + "<script>" + kEmbedScriptHead + kChartConfig + kEmbedScript + "</script>\n";
}

std::string footer() {
  std::string libs;
  for (const auto& s : chart_scripts()) libs += (libs.empty() ? "" : ", ") + std::string(s.package) + " " + std::string(s.version);
  return "<footer>Written by hippo. Charts drawn by " + escape_text(libs) +
         ", inlined in this file: it opens offline.</footer>\n</body>\n</html>\n";
}

std::string assumption_value(const json& v) {
  if (v.is_number()) return plain_number(v.get<double>());
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "—";
  return v.dump();
}

// Numbers align right on one line; words and lists wrap, so the source keeps its room.
std::string value_class(const json& assumption) {
  const auto v = assumption.find("value");
  return v != assumption.end() && v->is_number() ? "num" : "text";
}

std::string source_cell(const std::string& source) {
  return source.empty() ? "<td class=\"source missing\">no source given</td>" : "<td class=\"source\">" + escape_text(source) + "</td>";
}

// Units of money inputs say "currency"; the reader wants the scenario's own ("USD/month").
std::string unit_text(std::string unit, const std::string& currency) {
  for (auto at = unit.find("currency"); at != std::string::npos; at = unit.find("currency", at + currency.size()))
    unit.replace(at, 8, currency);
  return unit;
}

std::string assumptions_table(const json& r) {
  std::string out = "<figure class=\"card\"><h2>Assumptions</h2>";
  if (!r.contains("assumptions") || !r["assumptions"].is_array() || r["assumptions"].empty())
    return out + "<p class=\"note\">These results list no assumptions.</p></figure>\n";
  out += "<p class=\"note\">Every input of the scenario, with the source of its figure</p>"
         "<table id=\"assumptions\"><thead><tr><th>key</th><th>value</th><th>unit</th><th>source</th></tr></thead><tbody>\n";
  for (const auto& a : r["assumptions"])
    out += "<tr><td class=\"key\">" + escape_text(a.value("key", "")) + "</td><td class=\"" + value_class(a) + "\">" +
           escape_text(assumption_value(a.value("value", json()))) + "</td><td>" +
           escape_text(unit_text(a.value("unit", ""), r["currency"].get<std::string>())) + "</td>" +
           source_cell(a.value("source", "")) + "</tr>\n";
  return out + "</tbody></table></figure>\n";
}

}  // namespace

std::string html_escape(const std::string& text) { return escape_text(text); }
std::string html_head(const std::string& title) { return head_of(title); }
std::string_view chart_config_js() { return kChartConfig; }

std::string render_html(const json& results) {
  require_contract(results);
  const std::string name = results["scenario"].get<std::string>();
  const std::string currency = results["currency"].get<std::string>();
  const auto figs = figures({results});
  std::string out = head_of("hippo — " + name);
  const std::string description = results.value("description", "");
  out += "<header><div class=\"eyebrow\">hippo report</div><h1>" + escape_text(name) + "</h1><p>" + (description.empty() ? "" : escape_text(description) + " · ") +
         std::to_string(results["horizon_months"].get<int>()) + " months · money in " + escape_text(currency) +
         "</p></header>\n<main>\n<section class=\"figures\">\n";
  for (const auto& f : figs) {
    if (!f.card) continue;
    const std::string text = f.text(results, true);
    out += "<div class=\"figure\"><div class=\"label\">" + escape_text(f.card_label.empty() ? f.label : f.card_label) + "</div><div class=\"value" +
           (text == "never" ? " never" : "") + "\" data-key=\"" + f.key + "\">" + escape_text(text) + "</div></div>\n";
  }
  out += "</section>\n";
  if (results.contains("warnings") && !results["warnings"].empty()) {  // caveats before the figures' charts
    out += "<section class=\"card warnings\" id=\"warnings\"><h2>Warnings</h2><ul>\n";
    for (const auto& w : results["warnings"]) out += "<li>" + escape_text(w.get<std::string>()) + "</li>\n";
    out += "</ul></section>\n";
  }
  out += chart_section(scenario_charts(results), currency);
  out += "<section class=\"tables\">\n<figure class=\"card\"><h2>Key results</h2><table id=\"key-results\"><tbody>\n";
  for (const auto& f : figs)
    out += "<tr><th>" + escape_text(f.label) + "</th><td class=\"num\" data-key=\"" + f.key + "\">" + escape_text(f.text(results, false)) +
           "</td></tr>\n";
  out += "</tbody></table></figure>\n" + assumptions_table(results) + "</section>\n</main>\n";
  return out + footer();
}

std::string render_compare_html(const std::vector<json>& all) {
  if (all.empty()) throw std::invalid_argument("a comparison needs at least one results document");
  for (const auto& r : all) require_contract(r);
  const auto names = scenario_labels(all);
  const std::string currency = all.front()["currency"].get<std::string>();
  std::set<std::string> currencies;
  for (const auto& r : all) currencies.insert(r["currency"].get<std::string>());
  std::string title;
  for (const auto& n : names) title += (title.empty() ? "" : " vs ") + n;
  std::string out = head_of("hippo — " + title);
  out += "<header><div class=\"eyebrow\">hippo comparison</div><h1>" + escape_text(title) + "</h1><p>" + std::to_string(all.size()) + " scenarios · money in " +
         escape_text(currency) + (currencies.size() > 1 ? " (the scenarios use different currencies: charts mix them)" : "") +
         "</p></header>\n<main>\n";
  // The headline figures above the charts, the rest of the results below them.
  auto results_table = [&](const std::string& title, const std::string& id, bool headline) {
    std::string t = "<section class=\"card\" style=\"margin:12px 0 16px\"><h2>" + title + "</h2><table id=\"" + id +
                    "\"><thead><tr><th></th>";
    for (const auto& n : names) t += "<th class=\"num\">" + escape_text(n) + "</th>";
    t += "</tr></thead><tbody>\n";
    for (const auto& f : figures(all)) {
      if (f.card != headline) continue;
      t += "<tr><th>" + escape_text(f.label) + "</th>";
      for (std::size_t i = 0; i < all.size(); ++i)
        t += "<td class=\"num\" data-scenario=\"" + std::to_string(i) + "\" data-key=\"" + f.key + "\">" +
             escape_text(f.text(all[i], false)) + "</td>";
      t += "</tr>\n";
    }
    return t + "</tbody></table></section>\n";
  };
  // Each scenario's caveats (run's Warnings card), named by scenario, before the figures.
  std::string warnings;
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].contains("warnings"))
      for (const auto& w : all[i]["warnings"])
        warnings += "<li>" + escape_text(names[i]) + ": " + escape_text(w.get<std::string>()) + "</li>\n";
  if (!warnings.empty()) out += "<section class=\"card warnings\" id=\"warnings\"><h2>Warnings</h2><ul>\n" + warnings + "</ul></section>\n";
  out += results_table("Key results", "key-results", true) + chart_section(compare_charts(all), currency) +
         results_table("More results", "more-results", false);

  // Assumptions: one row per key, a value per scenario, highlighted where the scenarios differ.
  std::vector<std::string> keys;
  std::map<std::string, std::vector<const json*>> by_key;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (!all[i].contains("assumptions")) continue;
    for (const auto& a : all[i]["assumptions"]) {
      const std::string k = a.value("key", "");
      auto& slot = by_key[k];
      if (slot.empty()) {
        keys.push_back(k);
        slot.assign(all.size(), nullptr);
      }
      slot[i] = &a;
    }
  }
  out += "<section class=\"card\" style=\"margin-top:16px\"><h2>Assumptions</h2>";
  if (keys.empty()) {
    out += "<p class=\"note\">These results list no assumptions.</p>";
  } else {
    out += "<p class=\"note\">Values that differ between the scenarios are highlighted</p><table id=\"assumptions\"><thead><tr><th>key</th><th>unit</th>";
    for (const auto& n : names) out += "<th>" + escape_text(n) + "</th>";
    out += "<th>source</th></tr></thead><tbody>\n";
    for (const auto& k : keys) {
      const auto& slot = by_key[k];
      std::set<std::string> values, sources;
      std::string unit;
      for (const json* a : slot) {
        values.insert(a ? assumption_value(a->value("value", json())) : "—");
        if (a && !a->value("source", "").empty()) sources.insert(a->value("source", ""));
        if (a && unit.empty()) unit = unit_text(a->value("unit", ""), currency);
      }
      out += "<tr><td class=\"key\">" + escape_text(k) + "</td><td>" + escape_text(unit) + "</td>";
      for (const json* a : slot)
        out += "<td class=\"" + (a ? value_class(*a) : std::string("num")) + (values.size() > 1 ? " differs" : "") + "\">" +
               escape_text(a ? assumption_value(a->value("value", json())) : "—") + "</td>";
      std::string joined;
      for (const auto& s : sources) joined += (joined.empty() ? "" : " / ") + s;
      out += source_cell(joined) + "</tr>\n";
    }
    out += "</tbody></table>";
  }
  out += "</section>\n</main>\n";
  return out + footer();
}

std::string render_chart_page(const std::string& eyebrow, const std::string& title, const std::string& subtitle,
                              const std::vector<PageFigure>& figures, const std::vector<Chart>& charts,
                              const std::string& currency) {
  std::string out = head_of("hippo — " + title);
  out += "<header><div class=\"eyebrow\">" + escape_text(eyebrow) + "</div><h1>" + escape_text(title) + "</h1><p>" + escape_text(subtitle) +
         "</p></header>\n<main>\n<section class=\"figures\">\n";
  for (const auto& f : figures)
    out += "<div class=\"figure\"><div class=\"label\">" + escape_text(f.label) + "</div><div class=\"value\" data-key=\"" +
           escape_text(f.key) + "\">" + escape_text(f.value) + "</div></div>\n";
  out += "</section>\n" + chart_section(charts, currency) + "</main>\n";
  return out + footer();
}

void write_html_report(const std::filesystem::path& file, const json& results) {
  util::write_file_atomic(file, render_html(results));
}

void write_compare_html_report(const std::filesystem::path& file, const std::vector<json>& results) {
  util::write_file_atomic(file, render_compare_html(results));
}

}  // namespace hippo::report
