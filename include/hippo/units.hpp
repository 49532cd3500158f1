// Units in one place: time is integer nanoseconds inside the simulator; everything a user sees
// is in seconds, bytes, tokens, watts and the scenario's currency.
#pragma once
#include <cstdint>

namespace hippo {

using Nanoseconds = std::int64_t;  // simulated time and durations

constexpr double kNsPerS = 1e9;
constexpr double kBytesPerGB = 1e9;   // decimal, as datasheets count HBM
constexpr double kBytesPerGiB = 1073741824.0;
constexpr double kFlopsPerTflop = 1e12;
constexpr double kBytesPerTB = 1e12;
constexpr double kHoursPerMonth = 730.0;  // 8760 / 12
constexpr double kDaysPerMonth = 30.4167; // 365 / 12
constexpr double kSecondsPerDay = 86400.0;
constexpr double kTokensPerMtok = 1e6;

constexpr Nanoseconds seconds_to_ns(double s) { return static_cast<Nanoseconds>(s * kNsPerS + 0.5); }
constexpr double ns_to_seconds(Nanoseconds ns) { return static_cast<double>(ns) / kNsPerS; }

}  // namespace hippo
