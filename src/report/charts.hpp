// Vega-Lite specifications of the HTML report's charts, built from results.json documents (the
// contract of `hippo run`, design.md), never from internal structs: whatever wrote the JSON, the
// report draws it. Each chart carries its data inline, so the page needs no files beside it.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hippo::report {

struct Chart {
  std::string id;            // element id in the page, e.g. "chart-cash"
  std::string title;         // shown above the chart
  std::string note;          // one line under the title: what the chart shows
  nlohmann::json spec;       // a Vega-Lite specification
};

// Charts of one scenario: cumulative cash (break-even and payback marked), revenue against cost
// by kind, fleet, cost per million tokens by component, and latency against the SLOs when the
// results carry a simulation.
std::vector<Chart> scenario_charts(const nlohmann::json& results);

// The same charts with the scenarios overlaid.
std::vector<Chart> compare_charts(const std::vector<nlohmann::json>& results);

// Names to tell the scenarios apart: their `scenario`, with " (2)", " (3)" added to repeats.
std::vector<std::string> scenario_labels(const std::vector<nlohmann::json>& results);

// The d3-format locale that makes Vega's "$" format write the scenario's currency.
nlohmann::json format_locale(const std::string& currency);

// Building blocks of the specifications, shared with uncertainty_report.cpp: a money axis ("$1.2M"),
// the month x channel, a money tooltip field, a spec as wide as its container, one of `rows`
// horizontal bars `step` px each, and a grey rule at y = 0.
nlohmann::json money_axis(const std::string& title);
nlohmann::json month_x();
nlohmann::json money_tip(const std::string& field, const std::string& title);
nlohmann::json base_spec();
nlohmann::json rows_spec(std::size_t rows, int step);
nlohmann::json zero_rule();

}  // namespace hippo::report
