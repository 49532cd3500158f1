// `hippo init`: a scenario file to start from, written from a shipped (or any) scenario's text.
#pragma once
#include <string>

namespace hippo::scenario {

// Every scenario key, section by section in the order of schema.cpp, each under a comment with its
// description, unit, range or choices and default. The keys `yaml` sets keep exactly its values
// (uncertainty and sources included), so the file loads to the same scenario; the others are
// written commented out at their defaults. `from` names the scenario in the header.
std::string scenario_template(const std::string& yaml, const std::string& file, const std::string& from);

}  // namespace hippo::scenario
