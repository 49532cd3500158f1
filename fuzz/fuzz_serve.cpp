// Fuzzes hippo serve's API on its JSON bodies (serve::post, without HTTP): the first byte picks the
// endpoint, the rest is the body. Every body must be answered — 200, or 400/403/413 with an error
// document — never a 500 (an exception other than hippo::InputError), a crash or a sanitizer
// report. Monte Carlo is held to 64 samples and a scenario that sizes its fleet by simulation is
// skipped (seconds per input), as fuzz_economics does.
#include <cstddef>
#include <cstdint>
#include <string>

#include "serve/api.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const hippo::Catalog catalog = hippo::load_builtin_catalog();  // read-only after the first input
  static const hippo::serve::Options options = [] {
    hippo::serve::Options o;
    o.limits.samples = 64;
    return o;
  }();
  if (size == 0) return 0;
  static const char* const kPaths[] = {"/api/run", "/api/compare", "/api/sensitivity", "/api/montecarlo",
                                       "/api/keys", "/api/view", "/api/yaml"};
  const std::string path = kPaths[data[0] % 7];
  const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (body.find("simulated") != std::string::npos || body.find("all_numeric") != std::string::npos) return 0;
  const hippo::serve::Reply r = hippo::serve::post(path, body, options, catalog);
  if (r.status != 200 && r.status != 400 && r.status != 403 && r.status != 413) __builtin_trap();
  return 0;
}
