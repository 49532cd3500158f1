// A scenario's plan: enumerate the candidate deployments, find each one's capacity per request
// bucket under the SLOs, shape the day's demand, and solve the fleet programme for the mix, for
// owned-only, for each GPU type alone and for each candidate alone.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <set>

#include "hippo/plan.hpp"
#include "hippo/units.hpp"

namespace hippo::plan {

namespace {

constexpr int kTensorParallel[] = {1, 2, 4, 8};

Location at(const Scenario& s, const std::string& key) {
  return scenario_location(s, key);
}

std::string label(const perf::Deployment& d) {
  return d.gpu + " tp" + std::to_string(d.tp) + " " + dtype_name(d.weights) + "/" + dtype_name(d.kv);
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// Requests/s in each hour of the day, before headroom.
std::vector<double> hourly_rates(const Scenario& s) {
  const auto& prof = s.workload.hourly_profile;
  const double prof_peak = prof.size() == 24 ? *std::max_element(prof.begin(), prof.end()) : 1.0;
  double peak = s.demand.peak_rate_req_s;
  if (peak <= 0) {
    const DemandConfig& d = s.demand;
    const double mean = d.users_start * d.active_share_daily * d.requests_per_active_user_day / kSecondsPerDay;
    peak = mean * (prof.size() == 24 ? prof_peak : d.peak_to_mean);
  }
  if (!(peak > 0))
    throw InputError(at(s, "demand.peak_rate_req_s"), "expected a peak request rate > 0 (or users and requests per user)");
  std::vector<double> rate(24, peak);  // no profile: a flat day at the peak
  if (prof.size() == 24)
    for (int h = 0; h < 24; ++h) rate[h] = peak * prof[h] / prof_peak;
  return rate;
}

// The message when the SLOs defeat every candidate for a bucket: which SLO, the best reached.
[[noreturn]] void throw_unreachable(const Scenario& s, const PlanResult& r, std::size_t b) {
  const CandidatePlan* best = nullptr;
  auto miss = [&](const RatePoint& p) {
    return std::max(p.ttft_p99_s / r.slo.ttft_p99_s, p.tpot_p99_s / r.slo.tpot_p99_s);
  };
  for (const auto& c : r.candidates)
    if (!best || miss(c.capacity[b].best) < miss(best->capacity[b].best)) best = &c;
  const RatePoint& p = best->capacity[b].best;
  const bool ttft = p.ttft_p99_s > r.slo.ttft_p99_s;
  const std::string what = ttft ? "TTFT p99 ≤ " + num(r.slo.ttft_p99_s) + " s" : "TPOT p99 ≤ " + num(r.slo.tpot_p99_s) + " s";
  const double reached = ttft ? p.ttft_p99_s : p.tpot_p99_s;
  throw InputError(at(s, ttft ? "slo.ttft_p99_s" : "slo.tpot_p99_s"),
                   "no candidate meets " + what + " for bucket '" + r.buckets[b].name + "': the best reached is " +
                       num(reached) + " s (" + best->label + " at " + num(p.rate_req_s) + " req/s)");
}

// The fleet programme counts replicas in int and CBC solves them to an absolute integrality
// tolerance: beyond some millions, counts wrap (a negative fleet) and CBC's bounds stop being
// trustworthy ("proven optimal" below the lower bound). Refused before solving, with the estimate.
constexpr double kMaxReplicas = 1e7;

void check_fleet_size(const Scenario& s, const PlanResult& r, const std::vector<double>& peak_demand_req_s) {
  double fewest = 0;  // a lower bound: each bucket on the candidate that serves it with fewest replicas
  std::string best;
  for (std::size_t b = 0; b < r.buckets.size(); ++b) {
    double least = 0;
    for (const auto& c : r.candidates) {
      const double cap = c.capacity[b].rate_req_s;
      if (cap > 0 && (least == 0 || peak_demand_req_s[b] / cap < least)) {
        least = peak_demand_req_s[b] / cap;
        best = c.label;
      }
    }
    fewest += least;
  }
  if (fewest > kMaxReplicas)
    throw InputError(at(s, "demand.peak_rate_req_s"),
                     "a peak of " + num(r.peak_rate_req_s) + " req/s needs at least " + num(fewest) + " replicas (" + best +
                         " being the one that needs fewest), more than the 1e+07 a plan can count; lower the rate");
}

}  // namespace

PlanResult make_plan(const Scenario& s, const Catalog& catalog, const PlanOptions& options, CapacityCache& cache,
                     const PlanProgressFn& progress) {
  const std::int64_t simulations_before = cache.simulations;
  PlanProgress now;
  auto report = [&] {
    if (!progress) return;
    now.simulations = cache.simulations - simulations_before;
    progress(now);
  };
  PlanResult r;
  r.scenario = s.name;
  r.currency = s.currency;
  r.model = s.service.model;
  r.slo = {s.slo.ttft_p99_s, s.slo.tpot_p99_s};
  r.headroom = s.fleet.headroom;
  r.buckets = s.workload.buckets;
  if (r.buckets.empty()) r.buckets.push_back({"all", 1.0, s.workload.input, s.workload.output});
  for (const auto& b : r.buckets) r.output_tokens_per_request += b.share * b.output.mean_tokens();

  // Candidates: GPU × tp × weight type × KV type; perf decides what fits.
  std::vector<std::string> gpus = s.fleet.candidates;
  if (gpus.empty() && s.lines.count("fleet.candidates"))
    throw InputError(at(s, "fleet.candidates"), "expected at least one GPU id (leave the key out to plan service.gpu)");
  if (gpus.empty()) gpus.push_back(s.service.gpu);
  std::vector<DType> weights = s.fleet.weight_options, kvs = s.fleet.kv_options;
  if (weights.empty()) weights.push_back(s.service.weights);
  if (kvs.empty()) kvs.push_back(s.service.kv);
  std::vector<int> tps = s.fleet.tp_options;
  if (tps.empty()) tps.assign(std::begin(kTensorParallel), std::end(kTensorParallel));
  std::set<std::string> seen;
  for (const auto& gpu : gpus) {
    catalog.gpu(gpu, "fleet.candidates");
    if (!seen.insert(gpu).second) continue;
    for (int tp : tps)
      for (DType w : weights)
        for (DType kv : kvs) {
          const perf::Deployment d{s.service.model, gpu, tp, 1, w, kv, s.service.engine, s.service.ep,
                                   s.service.attention == Attention::dp};
          perf::DeploymentModel m;
          try {
            m = perf::build_deployment(catalog, d, "fleet.");  // hints name fleet.tp, not --tp
          } catch (const InputError& e) {
            r.skipped.push_back(label(d) + ": " + plain_fields(e.expected()));
            continue;
          }
          CandidatePlan c;
          c.deployment = d;
          c.label = label(d);
          c.calibration = perf::calibration_label(*m.engine, gpu);
          c.calibration_warning = perf::calibration_warning(*m.engine, gpu);
          double time_per_request = 0;  // replica-seconds per request of the mix
          for (const auto& b : r.buckets) {
            now.step = c.label + ", bucket " + b.name;
            c.capacity.push_back(replica_capacity(m, b.input, b.output, options.sim, r.slo, options.search, cache, report));
            const double cap = c.capacity.back().rate_req_s;
            time_per_request = cap > 0 && time_per_request >= 0 ? time_per_request + b.share / cap : -1;
          }
          c.capacity_req_s = time_per_request > 0 ? 1 / time_per_request : 0;
          r.candidates.push_back(std::move(c));
        }
  }
  if (r.candidates.empty())
    throw InputError(at(s, "fleet.candidates"), "expected a GPU on which " + s.service.model +
                                                    " fits at the tensor parallelisms allowed; none does (" + r.skipped.front() + ")");

  // Demand: hours with the same rate form one period.
  const std::vector<double> rate = hourly_rates(s);
  r.peak_rate_req_s = *std::max_element(rate.begin(), rate.end());
  for (double v : rate) r.mean_rate_req_s += v / 24;
  FleetProblem pr;
  pr.relative_gap = options.fleet_gap;
  pr.max_nodes = options.fleet_max_nodes;
  std::vector<double> distinct(rate);
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  for (double v : distinct) {
    pr.period_hours.push_back(static_cast<double>(std::count(rate.begin(), rate.end(), v)));
    std::vector<double> row;
    for (const auto& b : r.buckets) row.push_back(v * (1 + s.fleet.headroom) * b.share);
    pr.demand_req_s.push_back(row);
  }
  check_fleet_size(s, r, pr.demand_req_s.back());
  // Owned GPUs are priced busy for the day's mean over the peak with headroom: the utilisation of
  // a fleet owned for the peak, as the monthly P&L's owned fleet runs (docs/economics.md).
  r.owned_utilisation = r.mean_rate_req_s / (r.peak_rate_req_s * (1 + s.fleet.headroom));
  for (const auto& c : r.candidates) {
    FleetOption o;
    o.gpu = c.deployment.gpu;
    o.gpus_per_replica = c.deployment.tp * c.deployment.pp;
    for (const auto& cap : c.capacity) o.capacity_req_s.push_back(cap.rate_req_s);
    const GpuCosts g = gpu_costs(s, catalog.gpu(o.gpu), r.owned_utilisation);
    o.owned_cost_per_hour = g.owned_per_hour * o.gpus_per_replica;
    o.rented_cost_per_hour = g.rented_per_hour * o.gpus_per_replica;
    pr.options.push_back(o);
  }

  now.programmes = static_cast<int>(2 + r.candidates.size() + seen.size());
  auto solve = [&](std::string what, const FleetProblem& p) {
    now.step = std::move(what);
    report();
    FleetSolution sol = solve_fleet(p, progress ? AfterNode(report) : AfterNode());
    ++now.programmes_solved;
    return sol;
  };

  // The mix first: infeasible only when some bucket is beyond every candidate's SLO capacity.
  r.fleet = solve("the mix", pr);
  if (!r.fleet.feasible)
    for (std::size_t b = 0; b < r.buckets.size(); ++b) {
      bool any = false;
      for (const auto& c : r.candidates) any = any || c.capacity[b].feasible;
      if (!any) throw_unreachable(s, r, b);
    }
  assert(r.fleet.feasible);
  FleetProblem owned = pr;
  owned.allow_rent = false;
  r.owned_for_peak = solve("owned for the peak", owned);

  const double mtok_per_hour = r.mean_rate_req_s * r.output_tokens_per_request * 3600 / kTokensPerMtok;
  for (std::size_t i = 0; i < r.candidates.size(); ++i) {
    FleetProblem alone = pr;
    alone.allowed.assign(pr.options.size(), false);
    alone.allowed[i] = true;
    r.candidates[i].alone = solve(r.candidates[i].label + " alone", alone);
    if (r.candidates[i].alone.feasible) r.candidates[i].cost_per_mtok = r.candidates[i].alone.cost_per_hour / mtok_per_hour;
  }
  for (const auto& gpu : seen) {
    FleetProblem one = pr;
    for (const auto& o : pr.options) one.allowed.push_back(o.gpu == gpu);
    FleetSolution sol = solve(gpu + " alone", one);
    if (sol.feasible && (!r.best_single.feasible || sol.cost_per_hour < r.best_single.cost_per_hour)) {
      r.best_single = std::move(sol);
      r.best_single_gpu = gpu;
    }
  }
  if (r.best_single.feasible)
    r.mix_saving = (r.best_single.cost_per_hour - r.fleet.cost_per_hour) / r.best_single.cost_per_hour;

  // Cost per output token, idle capacity included: over the whole day, and in the peak hour.
  r.cost_per_mtok = r.fleet.cost_per_hour / mtok_per_hour;
  const std::size_t peak_period = pr.demand_req_s.size() - 1;  // periods are sorted by rate
  double peak_cost = r.fleet.owned_cost_per_hour;
  for (std::size_t c = 0; c < pr.options.size(); ++c)
    peak_cost += r.fleet.rented[peak_period][c] * pr.options[c].rented_cost_per_hour;
  r.cost_per_mtok_at_peak = peak_cost / (r.peak_rate_req_s * r.output_tokens_per_request * 3600 / kTokensPerMtok);
  r.simulations = cache.simulations - simulations_before;
  for (std::size_t i = 0; i < r.candidates.size(); ++i) {
    bool used = r.fleet.owned[i] > 0;
    for (const auto& period : r.fleet.rented) used = used || period[i] > 0;
    const std::string& w = r.candidates[i].calibration_warning;
    if (!used) continue;
    if (!w.empty() && std::find(r.warnings.begin(), r.warnings.end(), w) == r.warnings.end()) r.warnings.push_back(w);
  }
  return r;
}

}  // namespace hippo::plan
