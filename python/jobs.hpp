// Jobs the module needs that include/hippo/app.hpp does not have yet, as thin functions over the
// library (the CLI's own steps, without its printing). Each goes when app.hpp has it.
#pragma once
#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "app_shim.hpp"

namespace hippo::python {

// `hippo montecarlo SCENARIO --samples N [--seed S] --json` in one process.
nlohmann::ordered_json montecarlo(const app::ScenarioSource& source, const app::Overrides& overrides,
                                  std::int64_t samples, std::optional<std::uint64_t> seed, const Catalog& catalog,
                                  const app::Progress& progress);

}  // namespace hippo::python
