// Fuzzes the whole economic model on scenario text: a scenario the loader accepts must either
// be refused by the model with hippo::InputError, or give results.json in which every number is
// finite (a NaN would print as null, an infinity as nonsense in a board deck).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "hippo/economics.hpp"
#include "hippo/scenario.hpp"
#include "hippo/report.hpp"

namespace {

bool all_finite(const nlohmann::json& j) {
  if (j.is_number_float()) return std::isfinite(j.get<double>());
  if (j.is_structured())
    for (const auto& e : j)
      if (!all_finite(e)) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const hippo::Catalog catalog = hippo::load_builtin_catalog();  // read-only after the first input
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    hippo::Scenario s = hippo::parse_scenario(text, "fuzz.yaml", catalog);
    s.fleet.sizing = hippo::Sizing::throughput;  // the simulated plan runs the simulator: seconds per input
    const auto capacity = hippo::econ::fleet_capacity(s, catalog);
    const auto result = hippo::econ::evaluate(s, capacity);
    if (!all_finite(hippo::report::results_json(s, result))) __builtin_trap();
  } catch (const hippo::InputError&) {
  }
  return 0;
}
