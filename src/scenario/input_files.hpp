// The files a scenario reads: its own file (unless shipped) and its traces. A command refuses to
// write its output over any of them (util::check_output_path).
#pragma once
#include <string>
#include <vector>

#include "hippo/scenario.hpp"

namespace hippo {

std::vector<std::string> scenario_input_files(const Scenario& s);

}  // namespace hippo
