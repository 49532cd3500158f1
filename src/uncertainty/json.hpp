// The JSON documents of `hippo montecarlo`, `hippo sensitivity` and `hippo sweep` (keys in
// docs/uncertainty.md). The report builds the fan chart and the tornado from these.
#pragma once
#include <nlohmann/json.hpp>

#include "hippo/uncertainty.hpp"

namespace hippo::uncertainty {

nlohmann::ordered_json to_json(const MonteCarloResult& r, const std::string& currency);
nlohmann::ordered_json to_json(const SensitivityResult& r, const std::string& currency);
nlohmann::ordered_json sweep_json(const Scenario& base, const std::vector<SweepAxis>& axes, const std::vector<Outcome>& points);
nlohmann::ordered_json outcome_json(const Outcome& o);  // the scalars

}  // namespace hippo::uncertainty
