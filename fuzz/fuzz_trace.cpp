// Fuzzes the trace CSV reader (src/sim/workload.hpp): the bytes are written to a file and read
// back as a replayed trace and as a length distribution drawn from it. Every line must either
// give a request or throw hippo::InputError naming the file and line.
#include <unistd.h>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "sim/workload.hpp"

namespace {

// One file per fuzzing process, overwritten by each input.
std::string trace_path() {
  return (std::filesystem::temp_directory_path() / ("hippo-fuzz-trace-" + std::to_string(getpid()) + ".csv")).string();
}

// KNOWN BUG, reported to the simulator's owner (tests/hardening: DISABLED_ArrivalBeyondNanosecondRange):
// TraceReader converts arrival_s to int64 nanoseconds unchecked, so an arrival above ~9.2e9 s is
// undefined behaviour. Inputs with such an arrival are skipped so the fuzzer explores the rest;
// delete this filter when the reader refuses them.
bool has_arrival_beyond_ns_range(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view field = text.substr(pos, end - pos);
    field = field.substr(0, field.find(','));
    while (!field.empty() && (field.front() == ' ' || field.front() == '\t')) field.remove_prefix(1);
    double v = 0;
    std::from_chars(field.data(), field.data() + field.size(), v);
    if (v > 9e9) return true;
    pos = end + 1;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = trace_path();
  if (has_arrival_beyond_ns_range({reinterpret_cast<const char*>(data), size})) return 0;
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    hippo::sim::TraceReader reader(path);
    hippo::sim::Request r;
    hippo::Nanoseconds last = 0;
    while (reader.next(r)) {
      // What the reader hands on is what the simulator assumes.
      if (r.arrival_ns < last || r.input_tokens < 1 || r.output_tokens < 1) __builtin_trap();
      last = r.arrival_ns;
    }
  } catch (const hippo::InputError&) {
  }
  for (const bool output : {false, true}) {
    try {
      hippo::LengthDist d = hippo::parse_length_dist("trace:" + path + (output ? ",output" : ""), {});
      hippo::sim::LengthSampler lengths(d, 1, hippo::sim::Stream::input_lengths);
      for (int i = 0; i < 4; ++i)
        if (lengths.draw() < 1) __builtin_trap();
    } catch (const hippo::InputError&) {
    }
  }
  return 0;
}
