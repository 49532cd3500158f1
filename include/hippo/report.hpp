// The documents of `hippo run` and `hippo compare` (design.md "`hippo run`": the keys are a
// contract): results.json, the compare JSON and monthly.csv. One list of monthly columns serves
// the JSON and monthly.csv alike. The HTML, text and uncertainty reports stay inside src/report.
#pragma once
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "hippo/economics.hpp"
#include "hippo/scenario.hpp"

namespace hippo::report {

// The numeric columns of a month after `month`, in output order, with their JSON/CSV names.
const std::vector<std::pair<const char*, double econ::MonthRow::*>>& monthly_columns();
// The consumer P&L's columns (fees, marketing, vat, users_churned, users_acquired, ebitda), after
// those, in results whose scenario uses the consumer model (EconResult::consumer).
const std::vector<std::pair<const char*, double econ::MonthRow::*>>& consumer_monthly_columns();

// The whole result, with every input of the scenario as `assumptions` [{key, value, unit, source}]
// (report::assumptions_json) so that a report can show where every figure came from.
nlohmann::json results_json(const Scenario& s, const econ::EconResult& r);
// {"scenarios": [summary of each, without the monthly table]}.
nlohmann::json compare_json(std::span<const econ::EconResult> results);

// monthly.csv: header `month,users,…`, one row a month; numbers in the shortest form that reads
// back exactly.
std::string monthly_csv(const econ::EconResult& r);

}  // namespace hippo::report
