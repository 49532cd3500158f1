// The documents of `hippo catalog KIND --json`: what hippo knows, one list per kind. The CLI prints
// them; the Python module turns them into DataFrames (hippo.catalog.gpus() …).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "hippo/catalog.hpp"

namespace hippo::report {

// `kind` is gpus | models | engines | scenarios | keys; {"gpus": [...]}, {"default": ID,
// "engines": [...]}, …; std::invalid_argument for any other kind (a bug: the CLI checks the flag).
nlohmann::ordered_json catalog_json(const Catalog& catalog, const std::string& kind);

}  // namespace hippo::report
