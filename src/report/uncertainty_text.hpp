// The terminal reports of `hippo sensitivity` (the ranked table of NPV and break-even at each
// input's low and high) and `hippo montecarlo` (P10/P50/P90 of NPV, IRR and cumulative cash; the
// chance of having broken even by month), pure functions of their results (moved from src/cli).
#pragma once
#include <string>

#include "hippo/scenario.hpp"
#include "hippo/uncertainty.hpp"

namespace hippo::report {

std::string sensitivity_text(const Scenario& s, const uncertainty::SensitivityResult& r);
std::string montecarlo_text(const Scenario& s, const uncertainty::MonteCarloResult& r);

}  // namespace hippo::report
