// The economics model behind the evaluator interface. Fleet capacity needs the performance model
// (milliseconds); the monthly model does not (microseconds). Sampled inputs such as growth, prices
// and tariffs leave the capacity unchanged, so it is computed once per distinct deployment and
// reused: the cache key holds every scenario field econ::fleet_capacity reads (keep in step with
// src/econ/capacity.cpp) plus those the simulated capacity plan will read (workload, SLOs).
#include <map>
#include <memory>

#include "hippo/economics.hpp"
#include "hippo/uncertainty.hpp"

namespace hippo::uncertainty {

namespace {

constexpr std::size_t kMaxCached = 256;  // distinct deployments kept; a sweep over more recomputes

std::string capacity_key(const Scenario& s) {
  const ServiceConfig& v = s.service;
  const WorkloadConfig& w = s.workload;
  std::string k;
  k.reserve(256);
  auto add = [&](const std::string& x) { (k += x) += '|'; };
  auto num = [&](double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", x);
    add(buf);
  };
  add(v.model), add(v.gpu), num(v.tp), num(v.pp), num(static_cast<int>(v.weights)), num(static_cast<int>(v.kv));
  add(v.engine), add(v.scheduler), add(v.router), num(v.max_batch), num(v.token_budget);
  add(w.input.text), add(w.output.text), num(w.input.mean_tokens()), num(w.output.mean_tokens());
  add(w.arrival), num(w.cv), add(w.trace);
  for (double h : w.hourly_profile) num(h);
  for (const auto& b : w.buckets) add(b.name), num(b.share), add(b.input.text), add(b.output.text);
  num(s.slo.ttft_p99_s), num(s.slo.tpot_p99_s);
  add(s.fleet.sizing);
  for (const auto& c : s.fleet.candidates) add(c);
  num(s.demand.api_input_share);
  for (const Tier& t : resolved_tiers(s)) {  // the turn shapes and routing of each tier
    add(t.name), num(t.turn_input_tokens()), num(t.turn_output_tokens()), num(t.prefix_cache_hit), num(t.reasoning_tokens);
    for (const auto& [model, share] : t.routing) add(model), num(share);
  }
  for (const PoolConfig& p : fleet_pools(s))
    add(p.model), add(p.gpu), add(p.engine), add(p.attention), num(p.tp), num(p.pp), num(p.ep),
        num(static_cast<int>(*p.weights)), num(static_cast<int>(*p.kv));
  return k;
}

struct CapacityCache {
  const Catalog* catalog;
  std::map<std::string, econ::FleetCapacity> by_key;

  const econ::FleetCapacity& get(const Scenario& s) {
    std::string key = capacity_key(s);
    auto it = by_key.find(key);
    if (it != by_key.end()) return it->second;
    if (by_key.size() >= kMaxCached) by_key.clear();
    return by_key.emplace(std::move(key), econ::fleet_capacity(s, *catalog)).first->second;
  }
};

}  // namespace

Evaluator econ_evaluator(const Catalog& catalog) {
  auto cache = std::make_shared<CapacityCache>(CapacityCache{&catalog, {}});
  return [cache](const Scenario& s) {
    const econ::EconResult r = econ::evaluate(s, cache->get(s));
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
