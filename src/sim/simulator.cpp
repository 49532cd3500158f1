// The event loop: one queue ordered by (time, sequence number) holding the next arrival and each
// busy replica's step end (sim/event_queue.hpp). Its size is bounded by the replicas, so a run's memory is the replicas
// plus the requests in flight.
#include <cassert>
#include <cmath>
#include <cstdio>
#include <optional>
#include <queue>

#include "sim/event_queue.hpp"
#include "sim/replica.hpp"
#include "sim/router.hpp"
#include "sim/sessions.hpp"
#include "sim/workload.hpp"
#include "util/machine.hpp"

namespace hippo::sim {

namespace {

std::string fmt_g(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// How many events ahead each prefetch stage of a replica runs (Replica::prefetch).
constexpr int kPrefetchAhead[3] = {8, 4, 2};

void check(bool ok, const KeyLocator& where, const char* key, const std::string& expected) {
  if (!ok) throw InputError(locate(where, key), expected);
}

// The upper end of a range (the lower ends are checked with their own messages).
void check_at_most(double value, double most, const KeyLocator& where, const char* key, const char* unit) {
  char got[32], bound[32];
  std::snprintf(got, sizeof got, "%.12g", value);
  std::snprintf(bound, sizeof bound, "%.12g", most);
  check(value <= most, where, key, std::string("expected at most ") + bound + " " + unit + ", got " + got);
}

}  // namespace

double SimResult::throughput_tok_s() const {
  return simulated_ns > 0 ? static_cast<double>(output_tokens_completed) / simulated_s() : 0;
}
double SimResult::throughput_req_s() const {
  return simulated_ns > 0 ? static_cast<double>(requests_completed) / simulated_s() : 0;
}
double SimResult::goodput_req_s() const { return simulated_ns > 0 ? static_cast<double>(slo_met) / simulated_s() : 0; }

void validate(const SimConfig& c, const KeyLocator& where) {
  check(c.replicas >= 1, where, "replicas", "expected at least 1 replica, got " + std::to_string(c.replicas));
  check(c.max_batch >= 1, where, "service.max_batch", "expected at least 1 sequence, got " + std::to_string(c.max_batch));
  check(c.token_budget >= kKvBlockTokens, where, "service.token_budget",
        "expected at least one chunk of " + std::to_string(kKvBlockTokens) + " tokens, got " +
            std::to_string(c.token_budget));
  check(c.scheduler != Scheduler::chunked || c.token_budget >= c.max_batch, where, "service.token_budget",
        "expected at least `service.max_batch` (" + std::to_string(c.max_batch) +
            ") tokens with the chunked scheduler, where every running sequence decodes a token each step, got " +
            std::to_string(c.token_budget));
  check(c.concurrency >= 0, where, "concurrency", "expected at least 1 client, got " + std::to_string(c.concurrency));
  check(c.concurrency == 0 || c.requests > 0, where, "requests",
        "expected `requests` N with `concurrency`: closed-loop clients send N requests in all");
  check(c.requests >= 0, where, "requests", "expected a number of requests ≥ 1, got " + std::to_string(c.requests));
  check(std::isfinite(c.duration_s) && c.duration_s >= 0, where, "duration_s", "expected a duration > 0 seconds");
  check(c.duration_s <= kMaxArrivalS, where, "duration_s", "expected at most 1e9 s (31.7 years, the simulator's clock)");
  // The upper ends of the ranges (docs/errors.md, "Ranges of the flags").
  check_at_most(c.max_batch, kMaxBatchSeqs, where, "service.max_batch", "sequences");
  check_at_most(c.token_budget, kMaxTokenBudget, where, "service.token_budget", "tokens per step");
  check_at_most(c.concurrency, kMaxConcurrency, where, "concurrency", "clients");
  check_at_most(static_cast<double>(c.requests), static_cast<double>(kMaxRequests), where, "requests",
                "requests (their token counts stay exact in 64 bits)");
  check_at_most(c.slo_ttft_s, kMaxSloTtftS, where, "slo.ttft_p99_s", "s");
  check_at_most(c.slo_tpot_s, kMaxSloTpotS, where, "slo.tpot_p99_s", "s");
  const auto& w = c.workload;
  if (w.trace_path.empty()) {
    check(std::isfinite(w.rate_req_s) && w.rate_req_s > 0, where, "rate_req_s", "expected an arrival rate > 0 requests/s");
    check_at_most(w.rate_req_s, kMaxRateReqS, where, "rate_req_s", "requests/s");
    if (w.arrival == Arrival::gamma) check_at_most(w.cv, kMaxCv, where, "workload.cv", "(coefficient of variation)");
    check(c.requests > 0 || c.duration_s > 0, where, "requests", "expected `requests` N or `duration_s` S");
    check(w.arrival != Arrival::gamma || (std::isfinite(w.cv) && w.cv > 0), where, "workload.cv",
          "expected a coefficient of variation > 0 for gamma arrivals");
    check(w.hourly_profile.empty() || w.hourly_profile.size() == 24, where, "workload.hourly_profile",
          "expected 24 hourly rates");
    double sum = 0;
    for (double v : w.hourly_profile) {
      check(std::isfinite(v) && v >= 0, where, "workload.hourly_profile", "expected rates ≥ 0");
      sum += v;
    }
    check(w.hourly_profile.empty() || sum > 0, where, "workload.hourly_profile", "expected at least one hour with traffic");
  }
  if (w.sessions.on) {
    const SessionsConfig& ss = w.sessions;
    check(w.trace_path.empty(), where, "workload.sessions.turns",
          "expected generated arrivals with sessions: a replayed trace's conversations come from its session_id and "
          "turn columns");
    check(c.concurrency == 0, where, "concurrency",
          "expected open-loop sessions (`rate_req_s`, conversations per second): each session is its own closed loop");
    check_at_most(ss.turns.mean_tokens(), kMaxSessionTurns, where, "workload.sessions.turns", "turns per session (mean)");
    check(std::isfinite(ss.think_s) && ss.think_s >= 0, where, "workload.sessions.think_s", "expected a think time ≥ 0 s");
    check_at_most(ss.think_s, kMaxThinkS, where, "workload.sessions.think_s", "s");
    check(ss.system_prompt_tokens >= 0, where, "workload.sessions.system_prompt_tokens", "expected a system prompt of ≥ 0 tokens");
    check_at_most(ss.system_prompt_tokens, kMaxSystemPromptTokens, where, "workload.sessions.system_prompt_tokens", "tokens");
    check(ss.system_prompts >= 1, where, "workload.sessions.system_prompts", "expected at least 1 system prompt");
    check_at_most(ss.system_prompts, kMaxSystemPrompts, where, "workload.sessions.system_prompts", "system prompts");
  }
  check(c.slo_ttft_s >= 0 && c.slo_tpot_s >= 0, where, "slo.ttft_p99_s", "expected SLOs ≥ 0 seconds");
  const SpecConfig& spec = c.spec;
  check(spec.tokens >= 0 && spec.tokens <= kMaxSpecTokens, where, "service.spec.tokens",
        "expected 1 to " + std::to_string(kMaxSpecTokens) + " draft tokens per step, got " + std::to_string(spec.tokens));
  if (spec.tokens > 0) {
    check(spec.acceptance.size() == 1 || spec.acceptance.size() == static_cast<std::size_t>(spec.tokens),
          where, "service.spec.acceptance",
          "expected one acceptance rate or one per draft position (" + std::to_string(spec.tokens) + "), got " +
              std::to_string(spec.acceptance.size()));
    for (double a : spec.acceptance)
      check(std::isfinite(a) && a >= 0 && a < 1, where, "service.spec.acceptance",
            "expected acceptance rates in [0, 1) (the chance a draft token is accepted), got " + fmt_g(a));
    check(c.scheduler != Scheduler::chunked || c.token_budget >= c.max_batch * (spec.tokens + 1.0), where,
          "service.token_budget",
          "expected at least `service.max_batch` × (`service.spec.tokens` + 1) = " +
              std::to_string(static_cast<long long>(c.max_batch) * (spec.tokens + 1)) +
              " tokens with the chunked scheduler, where every running sequence verifies k + 1 tokens each step, got " +
              std::to_string(c.token_budget));
  }
  // Sizes that multiply, checked before the work: the fleet's memory, and the arrivals' span.
  const double memory = util::physical_memory_bytes(), fleet_bytes = c.replicas * kBytesPerIdleReplica;
  check(fleet_bytes <= memory / 2, where, "replicas",
        fmt_g(c.replicas) + " replicas hold about " + fmt_g(fleet_bytes / 1e9) + " GB before serving a request, more than half the " +
            fmt_g(memory / 1e9) + " GB of this machine; simulate fewer (capacity scales with replicas)");
  check_at_most(c.replicas, kMaxReplicas, where, "replicas", "replicas");
  if (w.trace_path.empty() && c.requests > 0)
    check(static_cast<double>(c.requests) / w.rate_req_s <= kMaxArrivalS, where, "requests",
          fmt_g(static_cast<double>(c.requests)) + " requests at " + fmt_g(w.rate_req_s) + " req/s arrive over about " +
              fmt_g(static_cast<double>(c.requests) / w.rate_req_s) +
              " s, beyond the simulator's clock of 1e9 s (31.7 years); simulate fewer requests or raise the rate");
}

SimResult simulate(const SimConfig& c, const perf::DeploymentModel& model) {
  validate(c);
  const double capacity = c.kv_capacity_tokens >= 0 ? c.kv_capacity_tokens : model.memory.kv_capacity_tokens;
  ReplicaLimits lim{c.scheduler, c.max_batch, c.token_budget,
                    static_cast<std::int64_t>(std::floor(capacity / kKvBlockTokens))};
  if (lim.total_blocks < 1)
    throw InputError({"", 0, "service.kv"}, "expected a KV cache of at least one block (" + std::to_string(kKvBlockTokens) +
                                          " tokens) per replica, got " + std::to_string(capacity) + " tokens");

  SimResult r;
  SeqPool pool;
  Metrics metrics{&r, c.slo_ttft_s, c.slo_tpot_s, 0, {}};
  std::optional<Speculation> spec;
  if (c.spec.tokens > 0) spec.emplace(c.spec, model.draft, c.seed);
  std::vector<Replica> reps;
  reps.reserve(static_cast<std::size_t>(c.replicas));
  for (int k = 0; k < c.replicas; ++k) {
    if (c.checkpoint && k % kCheckpointEvery == kCheckpointEvery - 1) c.checkpoint();
    reps.emplace_back(lim, model.step, pool, metrics, spec ? &*spec : nullptr, c.prefix_cache);
  }
  RouterState router(c.router, c.replicas, c.seed);
  // Sessions: the driver starts conversations by the arrival process and holds the turns due
  // after a think time (their event is kTurnSlot's).
  std::optional<SessionDriver> sessions;
  if (c.workload.sessions.on) sessions.emplace(c);
  const auto source = sessions ? nullptr : make_request_source(c);
  const auto next_arrival = [&](Request& q) { return sessions ? sessions->next_session(q) : source->next(q); };
  const int kArrivalSlot = c.replicas, kTurnSlot = c.replicas + 1;
  EventQueue events(c.replicas);
  // Routes one arrived request; returns the replica it went to, or -1 when it was rejected.
  auto route = [&](const Request& q) {
    ++r.requests_arrived;
    r.input_tokens_arrived += q.input_tokens;
    // A request whose KV cache would outgrow a whole replica can never run (with speculative
    // decoding its last step also writes k drafts). Its windowed layers hold at most the window of
    // it, reserved on admission (perf::MemoryPlan, in full-layer tokens).
    const std::int64_t peak_kv = static_cast<std::int64_t>(q.input_tokens) + q.output_tokens - 1 + c.spec.tokens;
    const double windowed = std::ceil(model.memory.window_kv_tokens(static_cast<double>(peak_kv)));
    const std::int64_t window_blocks = (static_cast<std::int64_t>(windowed) + kKvBlockTokens - 1) / kKvBlockTokens;
    if ((peak_kv + kKvBlockTokens - 1) / kKvBlockTokens + window_blocks > lim.total_blocks) {
      ++r.requests_rejected;
      if (q.session_slot >= 0) sessions->turn_done(q.session_slot, q.arrival_ns, true);  // the conversation ends
      return -1;
    }
    const int k = router.pick();
    const std::int32_t i = pool.acquire();
    Seq& s = pool.seqs[i];
    const std::uint32_t generation = s.generation;  // kept across reuse: stale heap entries stay stale
    s = Seq{};
    s.generation = generation + 1;
    s.arrival_ns = q.arrival_ns;
    s.input = q.input_tokens;
    s.output = q.output_tokens;
    s.window_blocks = static_cast<std::int32_t>(window_blocks);
    s.prefill_tokens = q.input_tokens;
    s.prefix = {q.session_id, q.system_prompt_id, q.system_prompt_tokens};
    s.session = q.session_slot;
    reps[k].enqueue(i);
    router.add(k, 1);
    return k;
  };
  auto start_if_idle = [&](int k, Nanoseconds now) {
    if (!reps[k].busy()) events.push(now + reps[k].begin_step(now), k);
  };
  // Closed loop (concurrency > 0): each of C clients sends its next request when its last one
  // completes (or is rejected), at that instant; the source gives only the lengths. Requests sent
  // at the same instant are all routed before an idle replica starts, so that they share its step;
  // the replica whose step just ended (`deferred`) is started by the caller.
  std::int64_t in_flight = 0;
  std::vector<int> routed;
  auto refill = [&](Nanoseconds now, int deferred) {
    Request q;
    routed.clear();
    while (in_flight < c.concurrency && source->next(q)) {
      q.arrival_ns = now;
      const int k = route(q);
      if (k < 0) continue;
      ++in_flight;
      routed.push_back(k);
    }
    for (int k : routed)
      if (k != deferred) start_if_idle(k, now);
  };
  Request next;
  bool more = false;
  if (c.concurrency > 0) {
    refill(0, -1);
  } else {
    more = next_arrival(next);
    if (sessions && more) ++r.sessions_started;
    if (!more && !c.workload.trace_path.empty())  // a replay of nothing: no figure would mean anything
      throw InputError({c.workload.trace_path, 0, "trace"}, "expected at least one request in the trace");
    if (more) events.push(next.arrival_ns, kArrivalSlot);
  }
  std::int64_t next_progress = c.progress_every;
  const std::int64_t target = c.requests;

  std::int64_t until_checkpoint = kCheckpointEvery;
  while (!events.empty()) {
    if (c.checkpoint && --until_checkpoint == 0) {
      c.checkpoint();
      until_checkpoint = kCheckpointEvery;
    }
    const Event e = events.top();
    const Nanoseconds now = e.time;
    // The replicas whose steps end next: their memory is fetched while this event is handled.
    for (int stage = 0; stage < 3; ++stage) {
      const int ahead = events.slot_ahead(static_cast<std::size_t>(kPrefetchAhead[stage]));
      if (ahead >= 0 && ahead < c.replicas) reps[ahead].prefetch(stage);
    }
    if (e.slot == kArrivalSlot) {
      const int k = route(next);
      if (k >= 0) start_if_idle(k, now);
      more = next_arrival(next);
      if (sessions && more) ++r.sessions_started;
      if (more) events.replace_top(next.arrival_ns);
      else events.pop();
    } else if (e.slot == kTurnSlot) {
      const int k = route(sessions->pop_due());
      if (k >= 0) start_if_idle(k, now);
      if (sessions->has_due()) events.replace_top(sessions->next_due_ns());
      else events.pop();
    } else {
      Replica& rep = reps[e.slot];
      const int finished = rep.end_step(now);
      if (finished > 0) router.add(e.slot, -finished);
      if (!metrics.turns_done.empty()) {
        const bool armed = sessions->has_due();
        for (const std::int32_t slot : metrics.turns_done) sessions->turn_done(slot, now, false);
        metrics.turns_done.clear();
        if (!armed && sessions->has_due()) events.push(sessions->next_due_ns(), kTurnSlot);
      }
      if (c.concurrency > 0) {
        in_flight -= finished;
        refill(now, e.slot);
      }
      if (rep.has_work()) events.replace_top(now + rep.begin_step(now));
      else events.pop();
      if (c.on_progress && c.progress_every > 0 && r.requests_completed >= next_progress) {
        c.on_progress(r.requests_completed, target, ns_to_seconds(now));
        next_progress = r.requests_completed + c.progress_every;
      }
    }
  }

  r.simulated_ns = metrics.last_completion_ns;
  double kv = 0, busy = 0;
  for (const auto& rep : reps) {
    r.steps += rep.steps;
    kv += rep.kv_block_ns;
    busy += static_cast<double>(rep.busy_ns);
    r.mean_batch += static_cast<double>(rep.batch_sum);
    r.prefix_evictions += rep.prefix_evictions();
  }
  r.mean_batch = r.steps ? r.mean_batch / static_cast<double>(r.steps) : 0;
  if (r.simulated_ns > 0) {
    const double fleet_ns = static_cast<double>(r.simulated_ns) * c.replicas;
    r.kv_utilization = kv / (fleet_ns * static_cast<double>(lim.total_blocks));
    r.busy_fraction = busy / fleet_ns;
  }
  return r;
}

}  // namespace hippo::sim
