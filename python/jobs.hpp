// Jobs the module needs that include/hippo/app.hpp does not have yet, as thin functions over the
// library (the CLI's own steps, without its printing). Each goes when app.hpp has it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hippo/app.hpp"

namespace hippo::python {

// `hippo montecarlo SCENARIO --samples N [--seed S] --json` in one process.
nlohmann::ordered_json montecarlo(const app::ScenarioSource& source, const app::Overrides& overrides,
                                  std::int64_t samples, std::optional<std::uint64_t> seed, const Catalog& catalog,
                                  const app::Progress& progress);

// `hippo sensitivity SCENARIO [--all-numeric [--percent P]] --json` in one process.
nlohmann::ordered_json sensitivity(const app::ScenarioSource& source, const app::Overrides& overrides, bool all_numeric,
                                   double percent, const Catalog& catalog, const app::Progress& progress);

// `hippo sweep SCENARIO --set key=v1,v2,… … --json` in one process: the document's text (a sweep
// is big; Python's json module reads it faster than objects built one by one). `axes` are the
// --set flags' values.
std::string sweep_json(const app::ScenarioSource& source, const app::Overrides& overrides,
                       const std::vector<std::string>& axes, const Catalog& catalog, const app::Progress& progress);

}  // namespace hippo::python
