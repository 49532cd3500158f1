// The capacity plan (src/plan): what one replica serves under the latency SLOs, and the cheapest
// fleet — possibly of several GPU types — that serves a day's demand.
//
//   1. Per-replica capacity: the highest arrival rate at which the simulator meets both p99 SLOs,
//      bracketed by perf::peak_throughput and bisected to a tolerance. Every simulation goes through
//      a CapacityCache the caller owns, so one plan never simulates the same point twice.
//   2. The fleet: a mixed-integer programme (COIN-OR CBC) over candidate deployments, request-size
//      buckets and the hours of the day: integer owned replicas, integer rented replicas per hour,
//      continuous traffic per (candidate, bucket, hour); minimise the mean cost per hour.
// Money is in the scenario's currency; rates in requests/s; tokens are output tokens.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "hippo/catalog.hpp"
#include "hippo/perf.hpp"
#include "hippo/scenario.hpp"

namespace hippo::plan {

// ---- 1. Per-replica capacity under SLO ------------------------------------------------------

struct Slo {
  double ttft_p99_s = 0;
  double tpot_p99_s = 0;
};

// What one simulation at one arrival rate measured.
struct RatePoint {
  double rate_req_s = 0;
  double ttft_p99_s = 0;
  double tpot_p99_s = 0;
  double throughput_tok_s = 0;  // output tokens per simulated second
  bool meets(const Slo& slo) const { return ttft_p99_s <= slo.ttft_p99_s && tpot_p99_s <= slo.tpot_p99_s; }
};

// Measures one rate (the simulator, or a fake in tests).
using RateProbe = std::function<RatePoint(double rate_req_s)>;

struct SearchOptions {
  double tolerance = 0.02;            // stop when the lowest failing rate is within this share above the met one
  double lowest_fraction = 1.0 / 64;  // of the bracket: a deployment that misses the SLO even there cannot meet it
  int max_raises = 4;                 // doublings of the bracket when it meets the SLO (perf's peak was too low)
};

struct CapacityResult {
  bool feasible = false;
  double rate_req_s = 0;  // the highest rate simulated that meets both SLOs; 0 when none does
  RatePoint met;          // the simulation at rate_req_s
  RatePoint missed;       // the lowest rate simulated that misses: the SLO fails at most `tolerance` above
  RatePoint best;         // infeasible: the lowest rate tried, i.e. the best latencies reached
  int probes = 0;         // rates asked for (cache hits included)
};

// Bracket-and-bisect search over the rate. `bracket_req_s` (> 0) is the first rate tried: perf's
// steady-state peak, which the simulator rarely sustains under an SLO. Assumes latency grows with
// the rate (true of one replica's queue; noise within one seed aside).
CapacityResult search_capacity(const RateProbe& probe, double bracket_req_s, const Slo& slo,
                               const SearchOptions& options = {});

// How each capacity simulation is run: one replica, a generated workload, a fixed seed.
struct SimSettings {
  Scheduler scheduler = Scheduler::chunked;
  Arrival arrival = Arrival::poisson;
  double arrival_cv = 1.0;
  int max_batch = 256;
  int token_budget = 8192;
  std::int64_t requests = 2000;  // per simulation; more gives steadier p99s and slower plans
  std::uint64_t seed = 1;
};

// Every simulation and capacity a plan has computed, keyed by what determines it. Owned by the
// caller and passed in, so a sweep can share one across plans or start each plan afresh.
struct CapacityCache {
  std::map<std::string, RatePoint> points;            // (deployment, workload, settings, rate)
  std::map<std::string, CapacityResult> capacities;   // (deployment, workload, settings, SLO, search)
  std::int64_t simulations = 0;                       // simulate() calls made
  std::int64_t point_hits = 0;                        // rates answered from `points`
};

// Called after every simulation a plan runs (cache hits excluded); it may throw to stop the plan.
using AfterSimulation = std::function<void()>;

// A probe that simulates one replica of `model` at a rate, through `cache`. The cache key names
// the deployment by its fields, so hand-built models in one cache need distinct deployment fields.
RateProbe simulation_probe(const perf::DeploymentModel& model, const LengthDist& input, const LengthDist& output,
                           const SimSettings& settings, CapacityCache& cache, const AfterSimulation& after = {});

// The per-replica capacity of a deployment for requests drawn from (input, output): bracketed by
// perf::peak_throughput at the mean request shape, then searched; answered from `cache` when the
// same (deployment, workload, settings, SLO, search) was asked before.
CapacityResult replica_capacity(const perf::DeploymentModel& model, const LengthDist& input, const LengthDist& output,
                                const SimSettings& settings, const Slo& slo, const SearchOptions& search,
                                CapacityCache& cache, const AfterSimulation& after = {});

// How a scenario's plan simulates and searches.
struct PlanOptions {
  SimSettings sim;       // scheduler, arrivals, batch limits and seed are taken from the scenario
  SearchOptions search;
  double fleet_gap = 1e-4;         // relative optimality gap of the fleet programme
  int fleet_max_nodes = 500;       // per fleet programme; the plan reports the gap it reached
};
PlanOptions plan_options(const Scenario& s, std::int64_t requests_per_simulation = 2000);

// The capacity under the scenario's SLOs of its own deployment (service.*) for its workload
// (workload.input/output), per replica. For econ's `fleet.sizing: simulated`. Throws InputError
// (naming the scenario key) when the deployment cannot be built. `after` as in replica_capacity.
CapacityResult scenario_replica_capacity(const Scenario& s, const Catalog& catalog, const PlanOptions& options,
                                         CapacityCache& cache, const AfterSimulation& after = {});

// ---- 2. The fleet --------------------------------------------------------------------------

// One candidate deployment as the fleet programme sees it.
struct FleetOption {
  std::string gpu;                       // catalog id: options with the same gpu form one "type"
  int gpus_per_replica = 1;
  std::vector<double> capacity_req_s;    // per bucket, per replica; 0: cannot serve that bucket
  double owned_cost_per_hour = 0;        // per replica: amortised capex, power, facility
  double rented_cost_per_hour = 0;       // per replica
};

struct FleetProblem {
  std::vector<FleetOption> options;
  std::vector<std::vector<double>> demand_req_s;  // [period][bucket], headroom included
  std::vector<double> period_hours;               // hours of the day each period stands for (sum 24)
  bool allow_rent = true;                         // false: every replica owned, sized for the peak
  std::vector<bool> allowed;                      // per option; empty: all
  double relative_gap = 0;                        // stop within this share of the proven bound (0: optimal)
  int max_nodes = 0;                              // stop branch-and-bound after this many nodes (0: none);
                                                  // a node limit, unlike a time limit, keeps results reproducible
};

struct FleetSolution {
  bool feasible = false;
  double cost_per_hour = 0;          // mean over the day: owned all day, rented in the periods rented
  double owned_cost_per_hour = 0, rented_cost_per_hour = 0;
  double lower_bound = 0;            // no fleet costs less than this per hour (CBC's proven bound)
  bool optimal = false;              // proven optimal (cost_per_hour == lower_bound, to CBC's tolerance)
  std::vector<int> owned;            // replicas per option
  std::vector<std::vector<int>> rented;               // [period][option]
  std::vector<std::vector<std::vector<double>>> load; // [period][option][bucket]: req/s routed there
};

// Called after every branch-and-bound node of CBC (a few milliseconds apart). It may throw to stop
// the solve: CBC is told to stop at once and the exception is rethrown when it has returned.
using AfterNode = std::function<void()>;

// Solves the programme with CBC, to proven optimality unless a gap or node limit says otherwise.
// Infeasible (feasible = false) when some bucket has demand but no allowed option can serve it.
FleetSolution solve_fleet(const FleetProblem& problem, const AfterNode& after_node = {});

// ---- 3. The plan of a scenario -------------------------------------------------------------

// The cost of a GPU-hour, the one rule the plan and the monthly P&L (src/econ) share
// (docs/economics.md, "One GPU-hour"). Prices in the scenario's currency: fleet.gpu_price and
// fleet.rental_price_per_gpu_hour (when set) for the service's GPU, the catalog's × fx_per_usd else.
struct GpuPrices {
  double price = 0;            // one bare GPU
  double rented_per_hour = 0;  // one rented GPU-hour
};
GpuPrices gpu_prices(const Scenario& s, bool service_gpu, double price_usd, double rental_usd_per_gpu_hour);

// Running cost of `gpus` owned GPUs over one month at `utilisation` (busy share, 0 … 1): power
// gpus × (idle + u (TDP − idle)) × (1 + server_power_overhead) × PUE × 730 h × tariff; the lease
// on the IT load at TDP × (1 + server_power_overhead) (space and feed are sized for the full
// draw), 0 when the facility is built.
struct GpuMonthCost {
  double power = 0, facility_lease = 0;
};
GpuMonthCost gpu_month_cost(const FacilityConfig& fac, double tdp_w, double idle_w, double utilisation, double gpus);
// A built facility's cost per GPU slot: its IT load in MW × build_cost_per_mw.
double facility_build_cost_per_gpu(const FacilityConfig& fac, double tdp_w);

// Per-hour costs of one GPU: owned = (price × (1 + server share)) × (1 − resale) over the life
// (a cohort's straight-line depreciation, per hour) + gpu_month_cost's power at `utilisation` and
// its lease (or the built slot over build_life_months), per hour.
struct GpuCosts {
  double owned_per_hour = 0;
  double capex_per_hour = 0, power_per_hour = 0, facility_per_hour = 0;
  double rented_per_hour = 0;
};
GpuCosts gpu_costs(const Scenario& s, const Gpu& gpu, double utilisation);

struct CandidatePlan {
  perf::Deployment deployment;
  std::string label;                       // "h100-sxm tp2 fp8/fp8"
  std::string calibration;                 // perf::calibration_label of the engine on its GPU
  std::string calibration_warning;         // perf::calibration_warning: empty unless uncalibrated
  std::vector<CapacityResult> capacity;    // per bucket
  double capacity_req_s = 0;               // for the bucket mix: 1 / Σ share_b / capacity_b (0: cannot serve)
  FleetSolution alone;                     // the cheapest fleet of this candidate only
  double cost_per_mtok = 0;                // of that fleet over the day
};

struct PlanResult {
  std::string scenario, currency, model;
  Slo slo;
  double peak_rate_req_s = 0, mean_rate_req_s = 0, headroom = 0;
  double owned_utilisation = 0;           // owned GPUs' power priced at mean / (peak × (1 + headroom))
  double output_tokens_per_request = 0;   // mean over the buckets
  std::vector<Bucket> buckets;            // the scenario's, or one "all" from workload.input/output
  std::vector<std::string> skipped;       // deployments that do not fit, with the reason
  std::vector<CandidatePlan> candidates;  // those that fit; FleetOption i of every solution is candidate i
  FleetSolution fleet;                    // the cheapest, possibly mixed, owned and/or rented
  FleetSolution owned_for_peak;           // the cheapest with no rental
  std::string best_single_gpu;            // the GPU type whose fleet alone is cheapest
  FleetSolution best_single;
  double mix_saving = 0;                  // (best_single − fleet) / best_single cost per hour
  double cost_per_mtok = 0;               // fleet cost over the day / output tokens of the day
  double cost_per_mtok_at_peak = 0;       // the peak hour's fleet cost / its output tokens
  std::int64_t simulations = 0;
  // Caveats of the chosen fleet, one sentence each: a GPU type in it that no figure of the engine
  // profile was measured on (perf::calibration_warning).
  std::vector<std::string> warnings;
};

// Where a plan is, for a progress line: reported after every simulation and every branch-and-bound
// node of the fleet programmes, so a plan of minutes can show progress and be stopped within
// milliseconds by a callback that throws (src/cli does on Ctrl-C); the exception passes through.
struct PlanProgress {
  std::int64_t simulations = 0;  // run by this plan so far
  int programmes = 0;            // fleet programmes to solve: 0 while capacities are searched
  int programmes_solved = 0;
  std::string step;              // "b200 tp4 fp8/fp8, bucket chat" or the programme being solved
};
using PlanProgressFn = std::function<void(const PlanProgress&)>;

// The plan. Throws InputError naming the scenario key for: no candidate deployment that fits,
// SLOs no candidate meets (which SLO, and the best reached), a demand of zero.
PlanResult make_plan(const Scenario& s, const Catalog& catalog, const PlanOptions& options, CapacityCache& cache,
                     const PlanProgressFn& progress = {});

}  // namespace hippo::plan
