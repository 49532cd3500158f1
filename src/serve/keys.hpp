// The document of GET /api/keys: every numeric scenario key (scenario_keys(), the schema) grouped
// by section, with its unit, range, default and description, and the scenario's value and source.
#pragma once
#include <nlohmann/json.hpp>

#include "hippo/scenario.hpp"

namespace hippo::serve {

// {"scenario", "currency", "sections": [{"section": "demand", "keys": [{key, type, unit, min, max,
// default, description, value, source}]}]}, sections in the schema's order.
nlohmann::ordered_json keys_json(const Scenario& s);

}  // namespace hippo::serve
