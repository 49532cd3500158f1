// Fleet capacity remembered per deployment and workload. econ::fleet_capacity needs the
// performance model (milliseconds, seconds when simulated); the monthly model does not
// (microseconds), and most what-ifs — growth, prices, tariffs, paying share — leave the capacity
// as it was. Used by the uncertainty layer's evaluator and shared by hippo serve's handler threads.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "hippo/economics.hpp"

namespace hippo::econ {

// Every scenario field that fleet_capacity reads, and those the simulated capacity plan reads
// (workload, SLOs, scheduler settings, seed), as text: two scenarios with the same key have the
// same capacity on the same catalog. Keep in step with src/econ/capacity.cpp and
// plan::scenario_replica_capacity.
std::string capacity_key(const Scenario& s);

// fleet_capacity(s, catalog_of(s, shipped)) computed once per distinct capacity_key and catalog.
// Thread-safe: a mutex guards the map, and a capacity is computed outside it (two threads asking
// for the same new key may both compute it; the answers are equal and the first is kept). Errors
// are not remembered. Bounded: at `max_entries` it starts afresh.
class CapacityCache {
 public:
  explicit CapacityCache(const Catalog& shipped, std::size_t max_entries = 256);

  // `after_simulation` as fleet_capacity's; called only when the capacity is computed. The answer
  // stays valid after the cache forgets it.
  std::shared_ptr<const FleetCapacity> get(const Scenario& s, const std::function<void()>& after_simulation = {});

  const Catalog& shipped() const { return *shipped_; }
  std::size_t size() const;
  std::int64_t hits() const;
  std::int64_t misses() const;

 private:
  struct Entry {
    std::shared_ptr<const Catalog> catalog;  // the scenario's own records, kept alive: the key names them by address
    std::shared_ptr<const FleetCapacity> capacity;
  };
  const Catalog* shipped_;
  std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::int64_t hits_ = 0, misses_ = 0;
};

}  // namespace hippo::econ
