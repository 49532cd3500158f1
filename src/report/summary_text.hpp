// The terminal summary of `hippo run` and the side-by-side table of `hippo compare`: what a
// newcomer needs first — when it breaks even and pays back, what it is worth, how big the fleet is
// and what a million tokens costs — with money in the scenario's currency.
#pragma once
#include <span>
#include <string>

#include "hippo/economics.hpp"
#include "hippo/scenario.hpp"

namespace hippo::report {

std::string summary_text(const Scenario& s, const econ::EconResult& r);

// One column per scenario. Money in each scenario's own currency.
std::string compare_text(std::span<const econ::EconResult> results);

}  // namespace hippo::report
