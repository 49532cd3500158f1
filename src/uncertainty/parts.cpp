// Sharing work out among processes, and outcomes flattened into doubles for MPI messages.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "hippo/uncertainty.hpp"

namespace hippo::uncertainty {

namespace {
constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
}

Range share(std::int64_t items, int rank, int ranks, std::int64_t block) {
  assert(ranks > 0 && rank >= 0 && rank < ranks && block > 0 && items >= 0);
  const std::int64_t blocks = (items + block - 1) / block;
  const std::int64_t first = blocks * rank / ranks, last = blocks * (rank + 1) / ranks;
  return {std::min(items, first * block), std::min(items, last * block)};
}

std::vector<double> outcome_scalars(const Outcome& o) {
  return {o.npv,
          o.irr_annual.value_or(kNone),
          o.breakeven_month ? static_cast<double>(*o.breakeven_month) : kNone,
          o.payback_month ? static_cast<double>(*o.payback_month) : kNone,
          o.cost_per_mtok,
          o.gpus_peak};
}

Outcome outcome_from_scalars(const double* v) {
  Outcome o;
  o.npv = v[0];
  if (!std::isnan(v[1])) o.irr_annual = v[1];
  if (!std::isnan(v[2])) o.breakeven_month = static_cast<int>(v[2]);
  if (!std::isnan(v[3])) o.payback_month = static_cast<int>(v[3]);
  o.cost_per_mtok = v[4];
  o.gpus_peak = v[5];
  return o;
}

}  // namespace hippo::uncertainty
