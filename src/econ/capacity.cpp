// Step 1 of the economics: what one replica serves. Computed once per scenario; evaluate() then
// runs without the performance model. fleet.sizing: simulated (the default) takes the capacity
// plan's rate under the p99 SLOs (src/plan) at each request shape served; throughput takes perf's
// peak throughput at the mean request shape, at the largest batch whose step meets the TPOT SLO,
// which leaves queueing and the TTFT tail to the headroom (optimistic).
#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "hippo/economics.hpp"
#include "hippo/perf.hpp"
#include "hippo/plan.hpp"

namespace hippo::econ {

namespace {

Location at_key(const Scenario& s, const std::string& key) { return scenario_location(s, key); }

// A lone request of the mean shape must meet the SLOs: its prompt's prefill bounds the TTFT and a
// decode step at batch 1 the TPOT. No fleet serves requests within SLOs below those floors.
void check_slo_floors(const Scenario& s, const perf::DeploymentModel& m, int in, int out, int cached = 0) {
  const double ttft = ns_to_seconds(m.step.step_ns(perf::prefill_load(1, in - cached, cached)));
  const double tpot = ns_to_seconds(m.step.step_ns(perf::decode_load(1, in + out / 2)));
  if (ttft > s.slo.ttft_p99_s)
    throw InputError(at_key(s, "slo.ttft_p99_s"),
                     fmt::format("a lone request of {} prompt tokens takes {:.3g} s to its first token on {}; expected an "
                                 "SLO of at least that",
                                 in, ttft, m.deployment.gpu));
  if (tpot > s.slo.tpot_p99_s)
    throw InputError(at_key(s, "slo.tpot_p99_s"),
                     fmt::format("one decoding sequence takes {:.3g} s per token on {}; expected an SLO of at least that",
                                 tpot, m.deployment.gpu));
}

// The largest batch (within service.max_batch) whose steady-state step — one token for every
// running sequence — stays within the TPOT SLO: bigger batches serve more but slower than promised.
int tpot_batch_cap(const Scenario& s, const perf::DeploymentModel& m, int in, int out, const KeyLocator& at,
                   int cached = 0) {
  int hi = perf::peak_throughput(m, in, out, s.service.max_batch, at, cached).batch;
  if (perf::peak_throughput(m, in, out, hi, {}, cached).step_s <= s.slo.tpot_p99_s) return hi;
  int lo = 1;  // meets the SLO (check_slo_floors)
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    (perf::peak_throughput(m, in, out, mid, {}, cached).step_s <= s.slo.tpot_p99_s ? lo : hi) = mid;
  }
  return lo;
}

int whole_tokens(double mean) { return std::max(1, static_cast<int>(std::lround(std::min(mean, 1e9)))); }

// fleet.sizing: simulated — the highest rate at which one replica meets both p99 SLOs in the
// simulator, for lengths drawn from the workload's distributions moved to a shape's means; every
// simulation memoised in `cache`, so shapes that repeat (tiers alike, the same pool) cost one search.
struct SimulatedSizing {
  const Scenario& s;
  plan::PlanOptions options;
  plan::CapacityCache cache;
  const std::function<void()>& after;

  double rate(const perf::DeploymentModel& m, double input_mean, double output_mean, const std::string& what) {
    const plan::CapacityResult r =
        plan::replica_capacity(m, scaled_length_dist(s.workload.input, input_mean),
                               scaled_length_dist(s.workload.output, output_mean), options.sim,
                               {s.slo.ttft_p99_s, s.slo.tpot_p99_s}, options.search, cache, after);
    if (!r.feasible)
      throw InputError(at_key(s, "slo.ttft_p99_s"),
                       fmt::format("no arrival rate meets the SLOs on one replica{} (best p99 TTFT {:.3g} s, TPOT {:.3g} s); "
                                   "expected looser SLOs or fleet.sizing: throughput",
                                   what, r.best.ttft_p99_s, r.best.tpot_p99_s));
    return r.rate_req_s;
  }
};

// One pool of a multi-model fleet: per tier routed to it, the replica's rate at the tier's turn
// shape (the mean input with history and system prompt, prefix-cache hits skipping prefill; the
// visible answer plus the reasoning tokens generated) and the latency a user sees of a turn.
// Simulated, the rate is the simulator's at the turn shape; the simulator has no prefix cache, so
// a tier with hits takes it times perf's gain from them (peak with hits over peak without).
PoolCapacity pool_capacity(const Scenario& s, const Catalog& catalog, const PoolConfig& p, const std::vector<Tier>& tiers,
                           SimulatedSizing* simulated) {
  const std::string prefix = "fleet.pools." + p.model;
  auto at = [&](const std::string& key) {  // the pool's line when the file does not set the field itself
    Location l = at_key(s, key);
    if (l.line == 0 && l.file == s.file) l = at_key(s, prefix), l.key = key;
    return l;
  };
  perf::Deployment dep{p.model, p.gpu, p.tp, p.pp, *p.weights, *p.kv, p.engine, p.ep, p.attention == Attention::dp};
  const perf::DeploymentModel model = perf::build_deployment(catalog, dep, prefix + ".", at);
  PoolCapacity c;
  c.model = p.model;
  c.gpu = p.gpu;
  c.gpus_per_replica = model.gpus_per_replica();
  for (const Tier& t : tiers) {
    const bool routed = std::any_of(t.routing.begin(), t.routing.end(), [&](const auto& r) { return r.first == p.model; });
    double rate = 0, tpot = 0, ttft = 0;
    if (routed) {
      const int in = whole_tokens(t.turn_input_tokens()), out = whole_tokens(t.turn_output_tokens());
      const int cached = std::min(in - 1, static_cast<int>(std::lround(t.prefix_cache_hit * in)));
      auto tier_at = [&](const std::string&) { return at_key(s, "demand.tiers." + t.name + ".input_tokens"); };
      check_slo_floors(s, model, in, out, cached);
      const perf::PeakThroughput peak =
          perf::peak_throughput(model, in, out, tpot_batch_cap(s, model, in, out, tier_at, cached), tier_at, cached);
      rate = peak.requests_per_s_per_replica;
      if (simulated) {
        const double sim = simulated->rate(model, t.turn_input_tokens(), t.turn_output_tokens(),
                                           " of pool " + p.model + " at tier " + t.name + "'s turn shape");
        const double uncached = cached == 0 ? rate
                                            : perf::peak_throughput(model, in, out, tpot_batch_cap(s, model, in, out, tier_at), tier_at)
                                                  .requests_per_s_per_replica;
        rate = cached == 0 ? sim : sim * rate / uncached;
      }
      tpot = peak.step_s;  // one visible token per step: reasoning tokens add none to it
      ttft = ns_to_seconds(model.step.step_ns(perf::prefill_load(1, in - cached, cached))) +
             t.reasoning_tokens * peak.step_s;
    }
    c.tier_requests_per_s_per_replica.push_back(rate);
    c.tier_tpot_visible_s.push_back(tpot);
    c.tier_ttft_visible_s.push_back(ttft);
  }
  const Gpu& g = catalog.gpu(p.gpu);
  c.gpu_price_usd = g.price_usd;
  c.rental_usd_per_gpu_hour = g.rental_usd_per_gpu_hour;
  c.gpu_tdp_w = g.tdp_w;
  c.gpu_idle_w = g.idle_w;
  return c;
}

}  // namespace

FleetCapacity fleet_capacity(const Scenario& s, const Catalog& catalog, const std::function<void()>& after_simulation) {
  auto at = [&](const std::string& key) { return at_key(s, key); };
  perf::Deployment dep{s.service.model, s.service.gpu, s.service.tp, s.service.pp, s.service.weights,
                       s.service.kv, s.service.engine, s.service.ep, s.service.attention == Attention::dp};
  // Errors name the scenario's keys where the scenario gave them (its catalog ids are checked already).
  const perf::DeploymentModel model = perf::build_deployment(catalog, dep, "service.", at);
  FleetCapacity c;
  c.model = s.service.model;
  c.gpu = s.service.gpu;
  c.sizing = std::string(choice_name(s.fleet.sizing));
  c.calibration = perf::calibration_label(*model.engine, s.service.gpu);
  c.calibration_warning = perf::calibration_warning(*model.engine, s.service.gpu);
  c.gpus_per_replica = model.gpus_per_replica();
  c.chat_input_tokens = s.workload.input.mean_tokens();
  c.chat_output_tokens = s.workload.output.mean_tokens();
  const int in = std::max(1, static_cast<int>(std::lround(c.chat_input_tokens)));
  const int out = std::max(1, static_cast<int>(std::lround(c.chat_output_tokens)));
  check_slo_floors(s, model, in, out);
  const perf::PeakThroughput chat = perf::peak_throughput(model, in, out, tpot_batch_cap(s, model, in, out, at), at);
  // API requests: the same size as a chat request, split by the API's input share.
  const int api_in = std::clamp(static_cast<int>(std::lround((in + out) * s.demand.api_input_share)), 1, in + out - 1);
  const int api_out = in + out - api_in;
  const perf::PeakThroughput api = perf::peak_throughput(model, api_in, api_out, tpot_batch_cap(s, model, api_in, api_out, {}));
  c.chat_requests_per_s_per_replica = chat.requests_per_s_per_replica;
  c.api_tokens_per_s_per_replica = api.requests_per_s_per_replica * (in + out);
  const bool tiered = !s.demand.tiers.empty() || !s.fleet.pools.empty();
  if (s.fleet.sizing == Sizing::throughput)
    c.sizing_warning = "fleet.sizing: throughput is optimistic: replicas serve their peak throughput, queueing and the "
                       "p99 TTFT are left to the headroom (fleet.sizing: simulated, the default, keeps the SLOs)";
  std::optional<SimulatedSizing> simulated;
  if (s.fleet.sizing == Sizing::simulated) {
    simulated.emplace(SimulatedSizing{s, plan::plan_options(s), {}, after_simulation});
    // With tiers the flat workload is served by no one: its figure stays perf's, for reference.
    double ratio = 1;  // simulated over peak at the workload's shape
    if (!tiered) {
      const double sim = simulated->rate(model, c.chat_input_tokens, c.chat_output_tokens, "");
      ratio = sim / c.chat_requests_per_s_per_replica;
      c.chat_requests_per_s_per_replica = sim;
    }
    // The API stream at its own shape when there is one; without API demand its figure sizes
    // nothing and keeps the chat's ratio.
    if (s.demand.api_mtok_month_start > 0)
      c.api_tokens_per_s_per_replica = simulated->rate(model, api_in, api_out, " at the API's request shape") * (in + out);
    else
      c.api_tokens_per_s_per_replica *= ratio;
  }
  if (!(c.chat_requests_per_s_per_replica > 0) || !(c.api_tokens_per_s_per_replica > 0))
    throw InputError(at("service.model"), "the deployment serves no requests of the workload's shape");
  const Gpu& g = catalog.gpu(s.service.gpu);
  c.gpu_price_usd = g.price_usd;
  c.rental_usd_per_gpu_hour = g.rental_usd_per_gpu_hour;
  c.gpu_tdp_w = g.tdp_w;
  c.gpu_idle_w = g.idle_w;
  if (tiered) {
    const std::vector<Tier> tiers = resolved_tiers(s);
    for (const PoolConfig& p : fleet_pools(s))
      c.pools.push_back(pool_capacity(s, catalog, p, tiers, simulated ? &*simulated : nullptr));
    c.pools[0].api_tokens_per_s_per_replica = c.api_tokens_per_s_per_replica;
  }
  // The simulator runs a replica one batch at a time through all its stages, where perf's peak
  // keeps pp micro-batches in flight: a pipelined replica's simulated rate is a lower bound.
  if (simulated) {
    int pp = s.service.pp;
    for (const PoolConfig& p : fleet_pools(s)) pp = std::max(pp, p.pp);
    if (pp > 1)
      c.sizing_warning = fmt::format("fleet.sizing: simulated runs a pipeline-parallel replica (pp {}) one batch at a time "
                                     "(no micro-batches in flight): its capacity is a lower bound, by up to {}x",
                                     pp, pp);
  }
  return c;
}

}  // namespace hippo::econ
