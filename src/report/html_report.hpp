// The HTML report: one self-contained page (the chart library inlined, the data in the page) that
// opens offline. Built from results.json documents — the contract of `hippo run` (design.md) —
// so that anything writing that contract gets the same report.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/charts.hpp"

namespace hippo::report {

// One scenario: key figures, charts (see charts.hpp), the key results and every assumption with
// its source (`assumptions`: [{key, value, unit, source}], when the results carry it).
// Throws std::invalid_argument naming a contract key that is missing.
std::string render_html(const nlohmann::json& results);

// Several scenarios side by side: one column each in the tables, overlaid in the charts.
std::string render_compare_html(const std::vector<nlohmann::json>& results);

// Render and write atomically (util::write_file_atomic).
void write_html_report(const std::filesystem::path& file, const nlohmann::json& results);
void write_compare_html_report(const std::filesystem::path& file, const std::vector<nlohmann::json>& results);

// The shell of every page: doctype, `title`, the report's style and the inlined chart library, up
// to and including <body>; hippo serve's page is built on it. Text escaped for HTML; the charts'
// look (vega-embed's `config`) as a JavaScript object literal.
std::string html_head(const std::string& title);
std::string html_escape(const std::string& text);
std::string_view chart_config_js();

// A page of headline figures and charts only, in the same shell as render_html (style, inlined
// chart library, vega-embed): the Monte Carlo and sensitivity reports (uncertainty_report.hpp).
struct PageFigure {
  std::string key, label, value;  // value as shown; key goes into data-key
};
std::string render_chart_page(const std::string& eyebrow, const std::string& title, const std::string& subtitle,
                              const std::vector<PageFigure>& figures, const std::vector<Chart>& charts,
                              const std::string& currency);

}  // namespace hippo::report
