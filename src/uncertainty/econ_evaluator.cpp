// The economics model behind the evaluator interface. Sampled inputs such as growth, prices and
// tariffs leave the capacity unchanged, so it is computed once per distinct deployment and reused
// (econ::CapacityCache, shared with hippo serve); a sweep over more than it keeps recomputes.
#include <memory>

#include "econ/capacity_cache.hpp"
#include "hippo/economics.hpp"
#include "hippo/uncertainty.hpp"

namespace hippo::uncertainty {

Evaluator econ_evaluator(const Catalog& catalog) {
  auto cache = std::make_shared<econ::CapacityCache>(catalog);
  return [cache](const Scenario& s) {
    const econ::EconResult r = econ::evaluate(s, *cache->get(s));
    Outcome o;
    o.npv = r.npv;
    o.irr_annual = r.irr_annual;
    o.breakeven_month = r.breakeven_month;
    o.payback_month = r.payback_month;
    o.cost_per_mtok = r.cost_per_mtok;
    o.gpus_peak = r.fleet.gpus_peak;
    o.cumulative_cash.reserve(r.monthly.size());
    for (const auto& m : r.monthly) o.cumulative_cash.push_back(m.cumulative_cash);
    return o;
  };
}

}  // namespace hippo::uncertainty
