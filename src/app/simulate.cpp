// `simulate`: a fleet of replicas under a workload, request by request. The scenario (or the
// built-in defaults) with its overrides gives the deployment, scheduler, router, workload and
// SLOs; the request gives what only a simulation has: replicas, the arrival rate and when to stop.
#include <chrono>
#include <cmath>
#include <cstdio>

#include "hippo/app.hpp"

namespace hippo::app {

namespace {

using nlohmann::ordered_json;

constexpr std::int64_t kDefaultRequests = 10'000;

// The simulation a request asks for on the scenario's deployment. Errors name the request's
// fields ("rate_req_s", "load", "requests", "duration_s", "concurrency") or the scenario's keys
// where they came from.
sim::SimConfig sim_config(const SimulateRequest& q, const Scenario& s, bool from_file, const perf::DeploymentModel& m) {
  sim::SimConfig c;
  c.replicas = q.replicas;
  c.router = s.service.router;
  c.scheduler = s.service.scheduler;
  c.max_batch = s.service.max_batch;
  c.token_budget = s.service.token_budget;
  auto& w = c.workload;
  w.arrival = s.workload.arrival;
  w.cv = s.workload.cv;
  w.input = s.workload.input;
  w.output = s.workload.output;
  w.hourly_profile = s.workload.hourly_profile;
  w.trace_path = q.trace ? *q.trace : s.workload.trace;
  c.prefix_cache = s.service.prefix_cache == "on";
  auto& sessions = w.sessions;
  sessions.on = s.lines.count("workload.sessions.turns") > 0 || s.overridden.count("workload.sessions.turns") > 0;
  if (sessions.on) {
    sessions.turns = s.workload.session_turns;
    sessions.think_s = s.workload.session_think_s;
    sessions.system_prompt_tokens = s.workload.session_system_prompt_tokens;
    sessions.system_prompts = s.workload.session_system_prompts;
  }
  if (q.concurrency && *q.concurrency < 1)
    throw InputError({"", 0, "concurrency"}, "expected at least 1 client, got " + std::to_string(*q.concurrency));
  c.concurrency = q.concurrency.value_or(s.workload.concurrency);
  if (c.concurrency > 0) {
    // Closed loop: clients send when their last request completes; there is no arrival rate (a
    // trace gives the lengths, in its order, and its arrival times are not used).
    const char* open_loop = q.rate_req_s ? "rate_req_s" : q.load ? "load" : q.duration_s ? "duration_s" : nullptr;
    if (open_loop)
      throw InputError({"", 0, open_loop}, "closed-loop clients (`concurrency`) send when their last request completes: "
                                           "give `concurrency` C `requests` N without `rate_req_s`, `load` or `duration_s`");
  } else if (w.trace_path.empty()) {
    if (q.load && sessions.on)
      throw InputError({"", 0, "load"}, "expected `rate_req_s` with sessions (conversations per second): their turns have no "
                                        "one shape that a share of peak throughput could price");
    if (q.load) {
      // A share of the fleet's peak throughput for requests of the mean shape.
      const double in = w.input.mean_tokens(), out = w.output.mean_tokens();
      if (!(*q.load > 0 && *q.load <= 1000))
        throw InputError({"", 0, "load"}, "expected a share of peak throughput > 0 and at most 1000");
      w.rate_req_s = *q.load * c.replicas *
                     perf::peak_throughput(m, static_cast<int>(in + 0.5), static_cast<int>(out + 0.5), c.max_batch)
                         .requests_per_s_per_replica;
      // Errors about the rate it gives name the load, what the caller gave, not the rate.
      if (!(std::isfinite(w.rate_req_s) && w.rate_req_s > 0))
        throw InputError({"", 0, "load"}, "gives no arrival rate (peak throughput of this deployment is 0 req/s)");
      const std::int64_t n = q.requests ? *q.requests : q.duration_s ? 0 : kDefaultRequests;
      if (static_cast<double>(n) / w.rate_req_s > sim::kMaxArrivalS)
        throw InputError({"", 0, "load"}, "gives an arrival rate at which the requests arrive beyond the simulator's "
                                          "clock of 1e9 s; raise `load` or simulate fewer");
    } else if (q.rate_req_s) {
      w.rate_req_s = *q.rate_req_s;
    } else {
      throw InputError({"", 0, "rate_req_s"}, "expected an arrival rate in requests/s, `load` F or `trace` FILE.csv");
    }
  } else if (q.rate_req_s || q.load) {
    throw InputError({"", 0, q.rate_req_s ? "rate_req_s" : "load"},
                     "a replayed trace brings its own arrival times: give `rate_req_s`, `load` or `trace`, not two");
  }
  c.requests = q.requests.value_or(0);
  c.duration_s = q.duration_s.value_or(0);
  if (q.requests && *q.requests < 1)
    throw InputError({"", 0, "requests"}, "expected at least 1 request, got " + std::to_string(*q.requests));
  if (q.duration_s && !(*q.duration_s > 0)) throw InputError({"", 0, "duration_s"}, "expected a duration > 0 seconds");
  if (w.trace_path.empty() && c.requests == 0 && c.duration_s == 0) c.requests = kDefaultRequests;
  c.seed = s.seed;
  // The SLOs count goodput: a file's, or without one those given as overrides.
  if (from_file || s.overridden.count("slo.ttft_p99_s")) c.slo_ttft_s = s.slo.ttft_p99_s;
  if (from_file || s.overridden.count("slo.tpot_p99_s")) c.slo_tpot_s = s.slo.tpot_p99_s;
  if (s.service.spec_method != "none") {
    c.spec.tokens = s.service.spec_tokens;
    c.spec.acceptance = s.service.spec_acceptance;
  }
  return c;
}

// The sessions workload's settings beside its turns (they switch it on).
void check_session_keys(const Scenario& s, const KeyLocator& where) {
  auto given = [&](const char* key) { return s.lines.count(key) > 0 || s.overridden.count(key) > 0; };
  if (given("workload.sessions.turns")) return;
  for (const char* key : {"workload.sessions.think_s", "workload.sessions.system_prompt_tokens", "workload.sessions.system_prompts"})
    if (given(key))
      throw InputError(locate(where, key), "expected workload.sessions.turns beside it: the sessions workload is on "
                                           "when its turns per session are given");
}

// Speculative decoding's settings beside its method: none without a method, an acceptance with one
// (it is the draft's and the workload's: no default).
void check_spec_keys(const Scenario& s, const KeyLocator& where) {
  auto given = [&](const char* key) { return s.lines.count(key) > 0 || s.overridden.count(key) > 0; };
  if (s.service.spec_method == "none") {
    for (const char* key : {"service.spec.tokens", "service.spec.acceptance"})
      if (given(key))
        throw InputError(locate(where, key), "expected speculative decoding beside it: `service.spec.method` mtp "
                                             "or `service.spec.method` draft:MODEL");
  } else if (s.service.spec_acceptance.empty()) {
    throw InputError(locate(where, "service.spec.acceptance"),
                     "expected the draft tokens' acceptance rate with `service.spec.method`: one rate in [0, 1) or one per draft "
                     "position (e.g. 0.8 or 0.9,0.8)");
  }
}

ordered_json summary_json(const sim::QuantileSketch& q) {
  const auto s = sim::summarize(q);
  return {{"mean", s.mean}, {"p50", s.p50}, {"p90", s.p90}, {"p99", s.p99}};
}

ordered_json simulate_json(const SimulateResult& x) {
  const sim::SimResult& r = x.result;
  const sim::SimConfig& c = x.config;
  ordered_json j;
  j["requests_completed"] = r.requests_completed;
  j["simulated_s"] = r.simulated_s();
  j["wall_s"] = x.wall_s;
  j["throughput_tok_s"] = r.throughput_tok_s();
  j["throughput_req_s"] = r.throughput_req_s();
  j["ttft_s"] = summary_json(r.ttft_s);
  j["tpot_s"] = summary_json(r.tpot_s);
  j["e2e_s"] = summary_json(r.e2e_s);
  j["queue_delay_s"] = summary_json(r.queue_delay_s);
  j["mean_batch"] = r.mean_batch;
  j["kv_utilization"] = r.kv_utilization;
  j["preemptions"] = r.preemptions;
  j["gpu_busy_fraction"] = r.busy_fraction;
  if (c.slo_ttft_s > 0 || c.slo_tpot_s > 0) {
    j["goodput_req_s"] = r.goodput_req_s();
    j["slo"] = {{"ttft_s", c.slo_ttft_s}, {"tpot_s", c.slo_tpot_s}};
  }
  if (c.spec.tokens > 0) {
    const double per_step = r.spec_verifications ? 1.0 + static_cast<double>(r.spec_accepted) / r.spec_verifications : 0;
    j["speculative"] = {{"method", x.scenario.service.spec_method},
                        {"tokens", c.spec.tokens},
                        {"acceptance", c.spec.acceptance},
                        {"verifications", r.spec_verifications},
                        {"tokens_per_step", per_step}};
  }
  if (c.prefix_cache) {
    const double hit_rate =
        r.prefix_lookup_blocks ? static_cast<double>(r.prefix_hit_blocks) / static_cast<double>(r.prefix_lookup_blocks) : 0;
    j["prefix_cache"] = {{"hit_rate", hit_rate},
                         {"blocks_looked_up", r.prefix_lookup_blocks},
                         {"blocks_hit", r.prefix_hit_blocks},
                         {"prefill_tokens_saved", r.prefix_hit_blocks * sim::kKvBlockTokens},
                         {"prefill_tokens_computed", r.prefill_tokens_computed},
                         {"evictions", r.prefix_evictions}};
  }
  if (c.workload.sessions.on) {
    const auto& ss = c.workload.sessions;
    j["sessions"] = {{"started", r.sessions_started},
                     {"turns", ss.turns.text},
                     {"think_s", ss.think_s},
                     {"system_prompt_tokens", ss.system_prompt_tokens},
                     {"system_prompts", ss.system_prompts}};
  }
  if (c.concurrency > 0) j["concurrency"] = c.concurrency;
  else if (c.workload.trace_path.empty()) j["rate_req_s"] = c.workload.rate_req_s;
  j["requests_arrived"] = r.requests_arrived;
  j["input_tokens_arrived"] = r.input_tokens_arrived;
  j["output_tokens_completed"] = r.output_tokens_completed;
  if (!x.model.notes.empty()) j["notes"] = x.model.notes;
  j["requests_rejected"] = r.requests_rejected;
  j["steps"] = r.steps;
  j["replicas"] = c.replicas;
  j["gpus"] = c.replicas * x.model.gpus_per_replica();
  j["kv_capacity_tokens_per_replica"] = x.model.memory.kv_capacity_tokens;
  j["seed"] = c.seed;
  return j;
}

}  // namespace

SimulateResult simulate(const SimulateRequest& q, const Catalog& catalog, const Progress& progress) {
  SimulateResult x;
  const bool from_file = q.scenario.has_value();
  x.scenario = from_file ? load_scenario(*q.scenario, q.overrides, catalog) : with_overrides(Scenario{}, q.overrides, catalog);
  const Scenario& s = x.scenario;
  // A scenario key where the scenario (or an override) gave it; a field of the request by its name.
  const KeyLocator where = [&s](const std::string& key) {
    return find_scenario_key(key) ? scenario_location(s, key) : Location{"", 0, key};
  };
  perf::Deployment d{s.service.model, s.service.gpu, s.service.tp, s.service.pp, s.service.weights,
                     s.service.kv, s.service.engine, s.service.ep, s.service.attention == Attention::dp};
  d.strict = q.strict;
  x.model = perf::build_deployment(catalog_of(s, catalog), d, "service.", where);
  check_spec_keys(s, where);
  check_session_keys(s, where);
  if (s.service.spec_method != "none")
    perf::add_speculative(x.model, catalog_of(s, catalog),
                          perf::parse_spec_method(s.service.spec_method, locate(where, "service.spec.method")),
                          locate(where, "service.spec.method"));
  x.config = sim_config(q, s, from_file, x.model);
  sim::validate(x.config, where);

  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  // Every 16,384 completed requests, and every 65,536 events however few complete: where a
  // callback that throws stops the simulation.
  x.config.progress_every = 1 << 14;
  ProgressUpdate last{"", 0, 0, "requests", "0 simulated s"};
  if (progress) {
    x.config.on_progress = [&](std::int64_t done, std::int64_t target, double simulated_s) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.0f simulated s", simulated_s);
      last = {"", done, target, "requests", buf};
      progress(last);
    };
    x.config.checkpoint = [&] { progress(last); };
  }
  x.result = sim::simulate(x.config, x.model);
  x.config.on_progress = nullptr;
  x.config.checkpoint = nullptr;
  x.wall_s = q.deterministic ? 0.0 : std::chrono::duration<double>(Clock::now() - start).count();
  x.json = simulate_json(x);
  return x;
}

}  // namespace hippo::app
