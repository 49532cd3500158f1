// The list keys of the tiers model: demand.tiers and fleet.pools (src/scenario/tiers.cpp).
#pragma once
#include <string>
#include <yaml-cpp/yaml.h>

#include "hippo/scenario.hpp"

namespace hippo::scenario {

// Readers of the list keys; InputError with the file, line and key (e.g. demand.tiers.free.churn_monthly).
void read_tiers(Scenario& s, const YAML::Node& n, const std::string& file, const std::string& key);
void read_pools(Scenario& s, const YAML::Node& n, const std::string& file, const std::string& key);

// A tier's number by its dotted key, demand.tiers.NAME.FIELD.
bool is_tier_key(const std::string& key);
// The declaration shared by every tier's FIELD (key "demand.tiers.*.FIELD"); nullptr when `key` is
// no tier field's.
const ScenarioKey* tier_key_spec(const std::string& key);
// Every tier field's declaration, in order (docs/scenario.md).
const std::vector<ScenarioKey>& tier_field_keys();
// Where the number is stored; nullptr when `key` is not a tier key; InputError at `where` for a
// tier or field the scenario does not have.
double* tier_number(Scenario& s, const std::string& key, const Location& where);
// Sets it, range-checked.
void set_tier_number(Scenario& s, const std::string& key, double value, const Location& where);

// A number as a scenario file writes it: plain, or {value, source, dist, low, high, sd, cv} (its
// source and uncertainty recorded under `key`). Defined in loader.cpp.
double read_number_node(Scenario& s, const YAML::Node& n, const std::string& file, const std::string& key);

}  // namespace hippo::scenario
