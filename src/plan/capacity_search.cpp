// The rate search behind per-replica capacity: bracket from perf's peak, then bisect. A replica's
// latency grows with its arrival rate, so the set of rates meeting the SLO is an interval [0, c];
// the search keeps the highest rate known to meet it and the lowest known to miss it.
#include <cassert>

#include "hippo/plan.hpp"

namespace hippo::plan {

CapacityResult search_capacity(const RateProbe& probe, double bracket_req_s, const Slo& slo,
                               const SearchOptions& options) {
  assert(bracket_req_s > 0 && options.tolerance > 0 && options.lowest_fraction > 0);
  CapacityResult r;
  auto ask = [&](double rate) {
    ++r.probes;
    return probe(rate);
  };
  RatePoint lo, hi;  // lo meets, hi misses; rate 0 = not yet known
  const RatePoint first = ask(bracket_req_s);
  if (first.meets(slo)) {
    lo = first;
    // perf's peak ignores variance in lengths and arrivals, so this is rare: raise until a miss.
    for (int i = 0; i < options.max_raises && hi.rate_req_s == 0; ++i) {
      const RatePoint q = ask(lo.rate_req_s * 2);
      (q.meets(slo) ? lo : hi) = q;
    }
  } else {
    hi = first;
    const double lowest = bracket_req_s * options.lowest_fraction;
    while (lo.rate_req_s == 0) {
      const double rate = hi.rate_req_s / 2;
      if (rate < lowest) {  // even a nearly idle replica misses: report the best it reached
        r.best = hi;
        return r;
      }
      const RatePoint q = ask(rate);
      (q.meets(slo) ? lo : hi) = q;
    }
  }
  while (hi.rate_req_s > 0 && hi.rate_req_s > lo.rate_req_s * (1 + options.tolerance)) {
    const double mid = (lo.rate_req_s + hi.rate_req_s) / 2;
    if (mid <= lo.rate_req_s || mid >= hi.rate_req_s) break;  // adjacent doubles: nothing left to halve
    const RatePoint q = ask(mid);
    (q.meets(slo) ? lo : hi) = q;
  }
  r.feasible = true;
  r.rate_req_s = lo.rate_req_s;
  r.met = lo;
  r.missed = hi;
  r.best = lo;
  return r;
}

}  // namespace hippo::plan
