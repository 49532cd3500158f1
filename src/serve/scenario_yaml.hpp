// A scenario's YAML text with a what-if's overrides written into it: the file the page downloads,
// which loads back to the same scenario (and runs to the same result) as the text and overrides.
#pragma once
#include <string>

#include "hippo/app.hpp"

namespace hippo::serve {

// Each override replaces the key's value where the text has it (a `{value: X, source: S}` keeps
// its other fields, its source saying the value is a what-if) or adds it in its section.
// Comments are not kept. The overrides are checked by the caller (app::load_scenario) first.
std::string scenario_yaml(const app::ScenarioSource& source, const app::Overrides& overrides);

}  // namespace hippo::serve
