// Fuzzes the trace CSV reader (src/sim/workload.hpp): the bytes are written to a file and read
// back as a replayed trace and as a length distribution drawn from it. Every line must either
// give a request or throw hippo::InputError naming the file and line.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/workload.hpp"

namespace {

// One file per fuzzing process, overwritten by each input.
std::string trace_path() {
  return (std::filesystem::temp_directory_path() / ("hippo-fuzz-trace-" + std::to_string(getpid()) + ".csv")).string();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = trace_path();
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
