// Fuzzes the scenario loader: any text must either give a valid Scenario or throw
// hippo::InputError. Another exception escapes to libFuzzer, which reports it as a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "hippo/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const hippo::Catalog catalog = hippo::load_builtin_catalog();  // read-only after the first input
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const hippo::Scenario s = hippo::parse_scenario(text, "fuzz.yaml", catalog);
    // What the loader accepted must satisfy the checks that --set and sweeps rely on.
    hippo::validate_scenario(s, catalog);
  } catch (const hippo::InputError&) {
  }
  return 0;
}
