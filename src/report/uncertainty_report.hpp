// The HTML reports of `hippo montecarlo` (fan chart of cumulative cash, chance of break-even by
// month, P10/P50/P90 of NPV and IRR) and `hippo sensitivity` (the tornado of NPV), built from their
// JSON documents (docs/uncertainty.md) in the page shell of html_report.hpp.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/charts.hpp"

namespace hippo::report {

// "chart-fan" (P10–P90 band and P50 line of cumulative cash per month) and
// "chart-breakeven-probability" (the chance of having broken even by each month).
// Throws std::invalid_argument naming a missing key.
std::vector<Chart> montecarlo_charts(const nlohmann::json& montecarlo);
std::string render_montecarlo_html(const nlohmann::json& montecarlo);

// "chart-tornado": NPV with each input at its low and its high, ranked as the document lists them,
// drawn from the base NPV.
std::vector<Chart> sensitivity_charts(const nlohmann::json& sensitivity);
std::string render_sensitivity_html(const nlohmann::json& sensitivity);

}  // namespace hippo::report
