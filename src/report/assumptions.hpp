// The assumptions table of a report: every input of a scenario with its value, unit and source.
#pragma once
#include <nlohmann/json.hpp>

#include "hippo/scenario.hpp"

namespace hippo::report {

// [{key, value, unit, source}] in the order of scenario_keys(): numbers through
// get_scenario_number, words (ids, choices, distributions) and lists as text (null for a list key
// the report does not know how to write yet). `source` is the figure's source as the file gives
// it, "" when the file sets the key without one, and "hippo default" when the file leaves the key
// at its default. The name and description are left out: the report shows them as its title.
nlohmann::json assumptions_json(const Scenario& s);

}  // namespace hippo::report
