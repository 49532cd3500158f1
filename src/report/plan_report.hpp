// The document and the terminal report of `hippo plan`: every candidate's capacity and cost
// alone, the chosen (possibly mixed) fleet, owned for the peak instead, and the cost per token.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "hippo/plan.hpp"

namespace hippo::report {

nlohmann::ordered_json plan_json(const plan::PlanResult& r);
std::string plan_text(const plan::PlanResult& r);

}  // namespace hippo::report
