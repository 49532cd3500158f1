// The one place where each scenario key is declared: its type, unit, default, range and
// description, and how it is stored in the Scenario struct.
#pragma once
#include <functional>
#include <vector>
#include <yaml-cpp/yaml.h>

#include "hippo/scenario.hpp"

namespace hippo::scenario {

struct KeyBinding {
  ScenarioKey spec;
  // Numeric keys: the storage (exactly one is set for number / integer keys).
  std::function<double*(Scenario&)> number;
  std::function<int*(Scenario&)> integer;
  std::function<std::uint64_t*(Scenario&)> unsigned_integer;
  // Other keys: read the YAML value into the scenario (throws InputError naming file and line).
  std::function<void(Scenario&, const YAML::Node&, const std::string& file)> read;
};

const std::vector<KeyBinding>& key_bindings();
const KeyBinding* find_binding(const std::string& key);

}  // namespace hippo::scenario
