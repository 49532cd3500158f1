// Fleet capacity remembered per deployment and workload. econ::fleet_capacity needs the
// performance model (milliseconds, seconds when simulated); the monthly model does not
// (microseconds), and most what-ifs — growth, prices, tariffs, paying share — leave the capacity
// as it was. Used by the uncertainty layer's evaluator and shared by hippo serve's handler threads.
#pragma once
#include <condition_variable>
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
// Thread-safe: a mutex guards the map, and a capacity is computed outside it. Single flight: a
// caller asking for a key whose capacity another thread is computing waits for that answer instead
// of computing it too. Errors are neither remembered nor shared: an InputError names the file and
// line of the scenario that caused it, and another scenario of the same key may come from another
// file (or another --set), so when the computation fails (InputError, Interrupted by its caller's
// progress callback, anything) one waiter computes again for itself and the others wait on that;
// each caller gets its own answer or its own error. Bounded: at `max_entries` it starts afresh.
class CapacityCache {
 public:
  explicit CapacityCache(const Catalog& shipped, std::size_t max_entries = 256);

  // `after_simulation` as fleet_capacity's; called only when this caller computes the capacity. The
  // answer stays valid after the cache forgets it.
  std::shared_ptr<const FleetCapacity> get(const Scenario& s, const std::function<void()>& after_simulation = {});

  const Catalog& shipped() const { return *shipped_; }
  std::size_t size() const;
  std::int64_t hits() const;     // answers not computed by their caller (remembered, or waited for)
  std::int64_t misses() const;   // computations started
  std::int64_t waiting() const;  // callers waiting now for another's computation

 private:
  struct Entry {
    std::shared_ptr<const Catalog> catalog;  // the scenario's own records, kept alive: the key names them by address
    std::shared_ptr<const FleetCapacity> capacity;
  };
  struct Flight {  // a computation in progress; `capacity` stays null if it failed
    bool done = false;
    std::shared_ptr<const FleetCapacity> capacity;
  };
  const Catalog* shipped_;
  std::size_t max_entries_;
  mutable std::mutex mutex_;
  std::condition_variable landed_;  // a flight is done
  std::map<std::string, Entry> entries_;
  std::map<std::string, std::shared_ptr<Flight>> flights_;
  std::int64_t hits_ = 0, misses_ = 0, waiting_ = 0;
};

}  // namespace hippo::econ
