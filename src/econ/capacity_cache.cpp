#include "econ/capacity_cache.hpp"

#include <cstdio>
#include <string_view>

namespace hippo::econ {

std::string capacity_key(const Scenario& s) {
  const ServiceConfig& v = s.service;
  const WorkloadConfig& w = s.workload;
  std::string k;
  k.reserve(256);
  auto add = [&](std::string_view x) { (k += x) += '|'; };
  auto num = [&](double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", x);
    add(buf);
  };
  add(v.model), add(v.gpu), num(v.tp), num(v.pp), num(v.ep), add(choice_name(v.attention));
  num(static_cast<int>(v.weights)), num(static_cast<int>(v.kv));
  add(v.engine), add(choice_name(v.scheduler)), add(choice_name(v.router)), num(v.max_batch), num(v.token_budget);
  add(w.input.text), add(w.output.text), num(w.input.mean_tokens()), num(w.output.mean_tokens());
  add(choice_name(w.arrival)), num(w.cv), add(w.trace), add(std::to_string(s.seed));
  for (double h : w.hourly_profile) num(h);
  for (const auto& b : w.buckets) add(b.name), num(b.share), add(b.input.text), add(b.output.text);
  num(s.slo.ttft_p99_s), num(s.slo.tpot_p99_s);
  add(choice_name(s.fleet.sizing));
  add(s.demand.api_mtok_month_start > 0 ? "api" : "no api");  // simulated: the API's shape is simulated only when there is one
  for (const auto& c : s.fleet.candidates) add(c);
  num(s.demand.api_input_share);
  for (const Tier& t : resolved_tiers(s)) {  // the turn shapes and routing of each tier
    add(t.name), num(t.turn_input_tokens()), num(t.turn_output_tokens()), num(t.prefix_cache_hit), num(t.reasoning_tokens);
    for (const auto& [model, share] : t.routing) add(model), num(share);
  }
  for (const PoolConfig& p : fleet_pools(s))
    add(p.model), add(p.gpu), add(p.engine), add(choice_name(*p.attention)), num(p.tp), num(p.pp), num(p.ep),
        num(static_cast<int>(*p.weights)), num(static_cast<int>(*p.kv));
  return k;
}

CapacityCache::CapacityCache(const Catalog& shipped, std::size_t max_entries)
    : shipped_(&shipped), max_entries_(max_entries) {}

std::shared_ptr<const FleetCapacity> CapacityCache::get(const Scenario& s, const std::function<void()>& after_simulation) {
  // The catalog the ids resolve in is part of the key: the shipped one, or the scenario's own
  // records by address (the entry holds them, so the address is not reused while it is kept).
  std::string key = capacity_key(s);
  if (s.catalog) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "catalog %p", static_cast<const void*>(s.catalog.get()));
    key += buf;
  }
  std::shared_ptr<Flight> flight;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      const auto it = entries_.find(key);
      if (it != entries_.end()) {
        ++hits_;
        return it->second.capacity;
      }
      const auto f = flights_.find(key);
      if (f == flights_.end()) break;
      const std::shared_ptr<Flight> theirs = f->second;  // the answer, even if the map forgets it at once
      ++waiting_;
      landed_.wait(lock, [&] { return theirs->done; });
      --waiting_;
      if (theirs->capacity) {
        ++hits_;
        return theirs->capacity;
      }
      // It failed: its error is its caller's. Look again: this caller or another waiter computes.
    }
    ++misses_;
    flight = std::make_shared<Flight>();
    flights_.emplace(key, flight);
  }
  // Ends the flight (a null capacity when it failed) and wakes its waiters.
  auto land = [&](std::shared_ptr<const FleetCapacity> c) {
    const std::lock_guard<std::mutex> lock(mutex_);
    flight->done = true;
    flight->capacity = c;
    flights_.erase(key);
    if (c) {
      if (entries_.size() >= max_entries_) entries_.clear();
      entries_.emplace(key, Entry{s.catalog, std::move(c)});
    }
    landed_.notify_all();
  };
  std::shared_ptr<const FleetCapacity> c;
  try {
    c = std::make_shared<const FleetCapacity>(fleet_capacity(s, catalog_of(s, *shipped_), after_simulation));
  } catch (...) {
    land(nullptr);
    throw;
  }
  land(c);
  return c;
}

std::size_t CapacityCache::size() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

std::int64_t CapacityCache::hits() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return hits_;
}

std::int64_t CapacityCache::misses() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return misses_;
}

std::int64_t CapacityCache::waiting() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return waiting_;
}

}  // namespace hippo::econ

