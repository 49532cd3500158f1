// Random streams of the simulator. One seed drives them all: stream s of seed x is the SplitMix64
// sequence (a counter-based generator: output n is a bijective mix of key + n·φ) keyed by
// mix(x, s), so streams are independent of each other and of the order in which they are drawn.
// Every distribution is computed here from uniform bits, so results do not depend on the standard
// library's implementation of <random>.
#pragma once
#include <cmath>
#include <cstdint>

namespace hippo::sim {

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;

constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// The streams the simulator draws from; adding one never changes the others.
enum class Stream : std::uint64_t { arrivals = 1, input_lengths = 2, output_lengths = 3, router = 4, speculation = 5,
                                         session_turns = 6, system_prompts = 7 };

class Rng {
 public:
  Rng(std::uint64_t seed, Stream s) : key_(mix64(seed ^ mix64(static_cast<std::uint64_t>(s) * kGolden))) {}
  std::uint64_t next() { return mix64(key_ + (++counter_) * kGolden); }
  // Uniform in the open interval (0, 1).
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }
  // Uniform integer in [0, n).
  std::uint64_t below(std::uint64_t n) { return static_cast<std::uint64_t>(uniform() * static_cast<double>(n)); }
  double exponential() { return -std::log(uniform()); }  // mean 1
  // Standard normal (Box–Muller, both values used).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double r = std::sqrt(-2.0 * std::log(uniform())), t = 2.0 * M_PI * uniform();
    spare_ = r * std::sin(t);
    has_spare_ = true;
    return r * std::cos(t);
  }
  // Gamma with the given shape and scale 1 (Marsaglia & Tsang 2000; shape < 1 by boosting).
  double gamma(double shape) {
    if (shape < 1) return gamma(shape + 1) * std::pow(uniform(), 1.0 / shape);
    const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
      double x = 0, v = 0;
      do {
        x = normal();
        v = 1.0 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const double u = uniform();
      if (u < 1 - 0.0331 * x * x * x * x || std::log(u) < 0.5 * x * x + d * (1 - v + std::log(v))) return d * v;
    }
  }

 private:
  std::uint64_t key_;
  std::uint64_t counter_ = 0;
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace hippo::sim
