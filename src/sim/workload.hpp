// Where requests come from: generated arrivals (Poisson, Gamma, constant, optionally shaped by a
// 24-hour profile) with lengths from a distribution, or a trace CSV replayed line by line.
#pragma once
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "hippo/simulate.hpp"
#include "sim/random.hpp"

namespace hippo::sim {

struct Request {
  Nanoseconds arrival_ns = 0;
  std::int32_t input_tokens = 0;
  std::int32_t output_tokens = 0;
  // Prefix identity (docs/simulator.md, "Prefix caching"): 0 for none.
  std::uint64_t session_id = 0;
  std::int32_t turn = 0;
  std::uint32_t system_prompt_id = 0;
  std::int32_t system_prompt_tokens = 0;
  std::int32_t session_slot = -1;  // sessions workload: the driver's slot of its session
};

// Reads `arrival_s,input_tokens,output_tokens` rows one at a time, with optional `session_id,turn`
// columns (a conversation's turns in order, from 1); a malformed row throws InputError naming the
// file and line.
class TraceReader {
 public:
  explicit TraceReader(const std::string& path);
  bool next(Request& r);  // false at the end of the file
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::ifstream in_;
  std::string line_;
  int line_no_ = 1;
  Nanoseconds last_ns_ = 0;
  bool sessions_ = false;                                   // the header has session_id,turn
  std::unordered_map<std::uint64_t, std::int32_t> turns_;  // each session's last turn
};

// The mean of a trace's input (or output) column; InputError for a bad or empty trace.
double trace_mean_tokens(const std::string& path, bool output);

// Draws request lengths (whole tokens, at least 1) from a LengthDist. A trace distribution reads
// the chosen column once into a table of distinct lengths and their counts.
class LengthSampler {
 public:
  LengthSampler(const LengthDist& d, std::uint64_t seed, Stream stream);
  std::int32_t draw();

 private:
  LengthDist d_;
  Rng rng_;
  double mu_ = 0, sigma_ = 0;                 // lognormal
  std::vector<std::int32_t> values_;          // trace: distinct lengths, ascending
  std::vector<std::int64_t> cumulative_;      // trace: counts up to and including each value
};

// The requests of a simulation, in arrival order.
class RequestSource {
 public:
  virtual ~RequestSource() = default;
  virtual bool next(Request& r) = 0;
};

std::unique_ptr<RequestSource> make_request_source(const SimConfig& c);

// Maps time at a constant unit rate ("operational time") to wall time under a 24-hour profile:
// t = Λ⁻¹(u) where Λ(t) = ∫₀ᵗ profile(hour(s)) ds. Calls must come with u non-decreasing.
class ProfileClock {
 public:
  explicit ProfileClock(std::vector<double> hourly) : p_(std::move(hourly)) {}
  double to_wall_s(double u);

 private:
  std::vector<double> p_;
  std::int64_t hour_ = 0;     // current hour since the start
  double u_at_hour_ = 0;      // Λ at its start
};

}  // namespace hippo::sim
