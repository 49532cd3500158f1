// Per-replica capacity from the simulator: one replica, a generated workload at a fixed seed,
// every simulation and every search result memoised in the caller's CapacityCache.
#include <algorithm>
#include <cmath>
#include <limits>

#include "hippo/plan.hpp"
#include "hippo/simulate.hpp"

namespace hippo::plan {

namespace {

// More than 1 % of requests turned away (longer than a whole replica's KV cache) means the p99
// request is never served.
constexpr double kMaxRejectedShare = 0.01;

std::string exact(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string workload_key(const perf::DeploymentModel& m, const LengthDist& input, const LengthDist& output,
                         const SimSettings& s) {
  const perf::Deployment& d = m.deployment;
  return d.model + "|" + d.gpu + "|tp" + std::to_string(d.tp) + "|pp" + std::to_string(d.pp) + "|" +
         dtype_name(d.weights) + "|" + dtype_name(d.kv) + "|" + d.engine + "|" + input.text + "|" + output.text + "|" +
         std::string(choice_name(s.scheduler)) + "|" + std::string(choice_name(s.arrival)) + "|" + exact(s.arrival_cv) + "|" + std::to_string(s.max_batch) + "|" +
         std::to_string(s.token_budget) + "|" + std::to_string(s.requests) + "|" + std::to_string(s.seed);
}

}  // namespace

RateProbe simulation_probe(const perf::DeploymentModel& model, const LengthDist& input, const LengthDist& output,
                           const SimSettings& settings, CapacityCache& cache, const AfterSimulation& after) {
  const std::string base = workload_key(model, input, output, settings);
  return [&model, &cache, base, input, output, settings, after](double rate) {
    const std::string key = base + "|" + exact(rate);
    if (auto it = cache.points.find(key); it != cache.points.end()) {
      ++cache.point_hits;
      return it->second;
    }
    sim::SimConfig c;
    c.replicas = 1;
    c.scheduler = settings.scheduler;
    c.max_batch = settings.max_batch;
    c.token_budget = settings.token_budget;
    c.workload.arrival = settings.arrival;
    c.workload.cv = settings.arrival_cv;
    c.workload.rate_req_s = rate;
    c.workload.input = input;
    c.workload.output = output;
    c.requests = settings.requests;
    c.seed = settings.seed;
    c.progress_every = 0;
    if (after) c.checkpoint = after;  // Ctrl-C inside a long simulation, not only between two
    const sim::SimResult res = sim::simulate(c, model);
    ++cache.simulations;
    RatePoint p;
    p.rate_req_s = rate;
    p.ttft_p99_s = res.ttft_s.quantile(0.99);
    p.tpot_p99_s = res.tpot_s.quantile(0.99);
    p.throughput_tok_s = res.throughput_tok_s();
    if (res.requests_rejected > kMaxRejectedShare * static_cast<double>(std::max<std::int64_t>(1, res.requests_arrived)))
      p.ttft_p99_s = std::numeric_limits<double>::infinity();
    cache.points.emplace(key, p);
    if (after) after();  // once cached: a simulation stopped here is never run again
    return p;
  };
}

CapacityResult replica_capacity(const perf::DeploymentModel& model, const LengthDist& input, const LengthDist& output,
                                const SimSettings& settings, const Slo& slo, const SearchOptions& search,
                                CapacityCache& cache, const AfterSimulation& after) {
  const std::string key = workload_key(model, input, output, settings) + "|slo" + exact(slo.ttft_p99_s) + "," +
                          exact(slo.tpot_p99_s) + "|tol" + exact(search.tolerance) + "," +
                          exact(search.lowest_fraction) + "," + std::to_string(search.max_raises);
  if (auto it = cache.capacities.find(key); it != cache.capacities.end()) return it->second;
  const int in = std::max(1, static_cast<int>(std::lround(input.mean_tokens())));
  const int out = std::max(1, static_cast<int>(std::lround(output.mean_tokens())));
  double bracket = 0;  // stays 0 when not one request of the mean shape fits
  try {
    bracket = perf::peak_throughput(model, in, out, settings.max_batch).requests_per_s_per_replica;
  } catch (const InputError&) {
  }
  CapacityResult r;
  if (bracket > 0) {
    r = search_capacity(simulation_probe(model, input, output, settings, cache, after), bracket, slo, search);
  } else {  // nothing to simulate
    r.best.ttft_p99_s = r.best.tpot_p99_s = std::numeric_limits<double>::infinity();
  }
  cache.capacities.emplace(key, r);
  return r;
}

PlanOptions plan_options(const Scenario& s, std::int64_t requests_per_simulation) {
  PlanOptions o;
  o.sim.scheduler = s.service.scheduler;
  o.sim.arrival = s.workload.arrival;
  o.sim.arrival_cv = s.workload.cv;
  o.sim.max_batch = s.service.max_batch;
  o.sim.token_budget = s.service.token_budget;
  o.sim.requests = requests_per_simulation;
  o.sim.seed = s.seed;
  return o;
}

CapacityResult scenario_replica_capacity(const Scenario& s, const Catalog& catalog, const PlanOptions& options,
                                         CapacityCache& cache, const AfterSimulation& after) {
  const perf::Deployment d{s.service.model, s.service.gpu, s.service.tp, s.service.pp, s.service.weights,
                           s.service.kv, s.service.engine, s.service.ep, s.service.attention == Attention::dp};
  // Errors name the scenario's keys where the scenario gave them (its catalog ids are checked already).
  const perf::DeploymentModel m =
      perf::build_deployment(catalog, d, "service.", [&](const std::string& key) { return scenario_location(s, key); });
  return replica_capacity(m, s.workload.input, s.workload.output, options.sim, {s.slo.ttft_p99_s, s.slo.tpot_p99_s},
                          options.search, cache, after);
}

}  // namespace hippo::plan
