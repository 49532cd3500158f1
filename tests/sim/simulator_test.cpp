#include <gtest/gtest.h>

#include <functional>

#include "hippo/simulate.hpp"
#include "sim/sim_test_support.hpp"

namespace hippo::sim {
namespace {

using test::constant_step_model;
using test::load_dependent_model;

SimConfig base(double rate, std::int64_t n, const std::string& input, const std::string& output) {
  SimConfig c;
  c.workload.rate_req_s = rate;
  c.workload.input = parse_length_dist(input, {});
  c.workload.output = parse_length_dist(output, {});
  c.requests = n;
  return c;
}

// M/D/1: one replica, batch 1, every request one step of D = 10 ms (16-token prompt, one output
// token), Poisson arrivals at λ = 50/s, ρ = λD = 0.5. Pollaczek–Khinchine: Wq = ρD / (2(1 − ρ))
// = 5 ms. 200,000 requests; the tolerance, 4 %, is several standard errors of the batch means.
TEST(Simulator, SingleServerQueueMatchesPollaczekKhinchine) {
  const Nanoseconds d = 10'000'000;
  for (Scheduler sch : {Scheduler::chunked, Scheduler::prefill_first}) {
    SimConfig c = base(50, 200'000, "fixed:16", "fixed:1");
    c.max_batch = 1;
    c.token_budget = 16;
    c.scheduler = sch;
    const SimResult r = simulate(c, constant_step_model(d, 1e6));
    EXPECT_EQ(r.requests_completed, 200'000);
    EXPECT_NEAR(r.queue_delay_s.mean(), 0.005, 0.005 * 0.04);
    // Every request's TTFT is its wait plus one step, exactly.
    EXPECT_NEAR(r.ttft_s.mean() - r.queue_delay_s.mean(), 0.010, 1e-9);
    EXPECT_NEAR(r.busy_fraction, 0.5, 0.01);
    EXPECT_EQ(r.preemptions, 0);
  }
}

// D/D/1 at ρ = 0.5: requests never wait.
TEST(Simulator, ConstantArrivalsBelowCapacityNeverWait) {
  SimConfig c = base(50, 1000, "fixed:16", "fixed:1");
  c.workload.arrival = Arrival::constant;
  c.max_batch = 1;
  c.token_budget = 16;
  const SimResult r = simulate(c, constant_step_model(10'000'000, 1e6));
  EXPECT_EQ(r.queue_delay_s.quantile(1.0), 0);
  EXPECT_NEAR(r.ttft_s.mean(), 0.010, 1e-12);
}

// One replica, batch 1, requests far apart: TTFT is the step time of the whole 100-token prompt,
// and TPOT the mean of the 9 decode steps over contexts 101 … 109 (the j-th decode attends to the
// prompt and j generated tokens).
TEST(Simulator, BatchOneLatenciesEqualTheModelsStepTimes) {
  const auto m = load_dependent_model(1e6);
  perf::StepLoad prefill;
  prefill.prefill_tokens = 100;
  prefill.prefill_attention_pairs = 100 * (0 + 100 / 2.0);
  prefill.sampling_seqs = 1;
  const double ttft = ns_to_seconds(m.step.step_ns(prefill));
  Nanoseconds decode_total = 0;
  for (int j = 1; j <= 9; ++j) decode_total += m.step.step_ns({0, 0, 1, 100 + j, 1});
  const double tpot = ns_to_seconds(decode_total) / 9;
  for (Scheduler sch : {Scheduler::chunked, Scheduler::prefill_first}) {
    SimConfig c = base(1, 20, "fixed:100", "fixed:10");
    c.workload.arrival = Arrival::constant;
    c.max_batch = 1;
    c.scheduler = sch;
    const SimResult r = simulate(c, m);
    EXPECT_NEAR(r.ttft_s.mean(), ttft, 1e-12);
    EXPECT_NEAR(r.tpot_s.mean(), tpot, 1e-12);
    EXPECT_NEAR(r.ttft_s.quantile(0.99), ttft, ttft * 0.01);
    EXPECT_NEAR(r.e2e_s.mean(), ttft + 9 * tpot, 1e-12);
    EXPECT_EQ(r.steps, 20 * 10);
    EXPECT_EQ(r.queue_delay_s.quantile(1.0), 0);
  }
}

// A 100-token prompt under a 32-token budget is prefilled in chunks 32, 32, 32, 4 over 0, 32, 64
// and 96 cached tokens; its first token comes at the end of the fourth step.
TEST(Simulator, ChunkedPrefillSplitsLongPrompts) {
  const auto m = load_dependent_model(1e6);
  Nanoseconds expect = 0;
  int done = 0;
  for (int n : {32, 32, 32, 4}) {
    expect += m.step.step_ns({n, n * (done + n / 2.0), 0, 0, done + n == 100 ? 1 : 0});
    done += n;
  }
  SimConfig c = base(1, 3, "fixed:100", "fixed:1");
  c.max_batch = 1;
  c.token_budget = 32;
  c.workload.arrival = Arrival::constant;
  const SimResult r = simulate(c, m);
  EXPECT_NEAR(r.ttft_s.mean(), ns_to_seconds(expect), 1e-12);
  EXPECT_EQ(r.steps, 3 * 4);
}

struct Case {
  Scheduler scheduler;
  Router router;
  Arrival arrival;
  double kv_tokens;
};

// Conservation: every request arrives and finishes exactly once; every sampled token belongs to a
// completed request (Σ sampled = Σ outputs); every prefill token is a prompt token or a recomputed
// one (Σ prefill = Σ inputs + recomputed). Run with a small KV cache so that pre-emption happens.
TEST(Simulator, ConservationOfRequestsAndTokens) {
  const Case cases[] = {{Scheduler::chunked, Router::least_outstanding, Arrival::poisson, 2e4},
                        {Scheduler::chunked, Router::round_robin, Arrival::gamma, 5e3},
                        {Scheduler::prefill_first, Router::power_of_two, Arrival::poisson, 5e3},
                        {Scheduler::prefill_first, Router::least_outstanding, Arrival::constant, 1e6}};
  for (const auto& k : cases) {
    SimConfig c = base(60, 20'000, "lognormal:mean=400,cv=1", "lognormal:mean=150,cv=1");
    c.replicas = 3;
    c.scheduler = k.scheduler;
    c.router = k.router;
    c.workload.arrival = k.arrival;
    c.workload.cv = 2;
    c.max_batch = 64;
    c.token_budget = 512;
    c.kv_capacity_tokens = k.kv_tokens;
    const SimResult r = simulate(c, load_dependent_model(1e6));
    SCOPED_TRACE(k.kv_tokens);
    EXPECT_EQ(r.requests_arrived, 20'000);
    EXPECT_EQ(r.requests_completed + r.requests_rejected, 20'000);
    EXPECT_EQ(r.e2e_s.count(), r.requests_completed);
    EXPECT_EQ(r.ttft_s.count(), r.requests_completed);
    EXPECT_EQ(r.queue_delay_s.count(), r.requests_completed);
    EXPECT_EQ(r.tokens_sampled, r.output_tokens_completed);
    if (r.requests_rejected == 0)
      EXPECT_EQ(r.prefill_tokens_computed, r.input_tokens_arrived + r.recomputed_tokens);
    if (k.kv_tokens < 1e5) EXPECT_GT(r.preemptions, 0);
    if (k.kv_tokens >= 1e6) EXPECT_EQ(r.preemptions, 0);
    EXPECT_GT(r.kv_utilization, 0);
    EXPECT_LE(r.kv_utilization, 1);
    EXPECT_LE(r.busy_fraction, 1);
  }
}

// Pre-emption happens when, and only when, the KV cache runs out. Requests of 16 prompt and 48
// output tokens peak at 63 tokens of KV, 4 blocks of 16; with 8 running sequences under constant
// overload, 8 · 4 = 32 blocks always suffice, and 31 do not.
TEST(Simulator, PreemptionWhenAndOnlyWhenKvIsFull) {
  for (Scheduler sch : {Scheduler::chunked, Scheduler::prefill_first}) {
    SimConfig c = base(1000, 2000, "fixed:16", "fixed:48");
    c.scheduler = sch;
    c.max_batch = 8;
    c.token_budget = 64;
    c.kv_capacity_tokens = 32 * kKvBlockTokens;
    const auto m = constant_step_model(1'000'000, 0);
    const SimResult fits = simulate(c, m);
    EXPECT_EQ(fits.preemptions, 0);
    EXPECT_EQ(fits.recomputed_tokens, 0);
    c.kv_capacity_tokens = 31 * kKvBlockTokens;
    const SimResult full = simulate(c, m);
    EXPECT_GT(full.preemptions, 0);
    EXPECT_GT(full.recomputed_tokens, 0);
    EXPECT_EQ(full.requests_completed, 2000);
    EXPECT_EQ(full.tokens_sampled, full.output_tokens_completed);
  }
}

TEST(Simulator, RequestLargerThanTheCacheIsRejected) {
  SimConfig c = base(1, 5, "fixed:100", "fixed:100");
  c.kv_capacity_tokens = 160;  // 10 blocks; a request needs ⌈199/16⌉ = 13
  const SimResult r = simulate(c, constant_step_model(1'000'000, 0));
  EXPECT_EQ(r.requests_rejected, 5);
  EXPECT_EQ(r.requests_completed, 0);
}

bool same(const SimResult& a, const SimResult& b) {
  auto eq = [](const QuantileSketch& x, const QuantileSketch& y) {
    return x.count() == y.count() && x.sum() == y.sum() && x.quantile(0.5) == y.quantile(0.5) &&
           x.quantile(0.99) == y.quantile(0.99);
  };
  return a.requests_completed == b.requests_completed && a.simulated_ns == b.simulated_ns && a.steps == b.steps &&
         a.preemptions == b.preemptions && a.mean_batch == b.mean_batch && a.kv_utilization == b.kv_utilization &&
         eq(a.ttft_s, b.ttft_s) && eq(a.tpot_s, b.tpot_s) && eq(a.e2e_s, b.e2e_s) && eq(a.queue_delay_s, b.queue_delay_s);
}

TEST(Simulator, SameSeedSameResultOtherSeedOtherResult) {
  SimConfig c = base(40, 5000, "lognormal:mean=500,cv=1", "lognormal:mean=100,cv=1");
  c.replicas = 2;
  c.router = Router::power_of_two;
  c.kv_capacity_tokens = 8000;
  const auto m = load_dependent_model(0);
  const SimResult a = simulate(c, m), b = simulate(c, m);
  EXPECT_TRUE(same(a, b));
  c.seed = 2;
  EXPECT_FALSE(same(a, simulate(c, m)));
}

// The real conversation trace (19,366 requests over 3,502 s), replayed on 2 replicas.
TEST(Simulator, ReplaysTheAzureConversationTrace) {
  SimConfig c;
  c.workload.trace_path = std::string(HIPPO_SOURCE_DIR) + "/data/traces/azure-2023-conv.csv";
  c.replicas = 2;
  const SimResult r = simulate(c, load_dependent_model(3e5));
  EXPECT_EQ(r.requests_arrived, 19'366);
  EXPECT_EQ(r.requests_completed, 19'366);
  EXPECT_GT(r.simulated_s(), 3502);
  EXPECT_EQ(r.tokens_sampled, r.output_tokens_completed);
}

TEST(Simulator, ProgressCallbackSeesCompletions) {
  SimConfig c = base(100, 10'000, "fixed:50", "fixed:20");
  c.progress_every = 1000;
  std::int64_t calls = 0, last = 0;
  c.on_progress = [&](std::int64_t done, std::int64_t target, double) {
    ++calls;
    EXPECT_GT(done, last);
    EXPECT_EQ(target, 10'000);
    last = done;
  };
  simulate(c, constant_step_model(1'000'000, 1e6));
  EXPECT_GE(calls, 9);
}

TEST(Simulator, GoodputCountsRequestsWithinBothSlos) {
  SimConfig c = base(50, 200'000 / 20, "fixed:16", "fixed:1");
  c.max_batch = 1;
  c.token_budget = 16;
  c.slo_ttft_s = 1.0;  // every TTFT is far below a second at ρ = 0.5
  const SimResult loose = simulate(c, constant_step_model(10'000'000, 1e6));
  EXPECT_EQ(loose.slo_met, loose.requests_completed);
  c.slo_ttft_s = 0.0099;  // below one step: no request meets it
  EXPECT_EQ(simulate(c, constant_step_model(10'000'000, 1e6)).slo_met, 0);
}

// The simulator names the scenario key behind a field, or the field's own name; the CLI reports
// either under its flag (src/cli/exit_status.cpp).
TEST(Simulator, InvalidConfigsThrowNamingTheKey) {
  const auto m = constant_step_model(1'000'000, 1e6);
  auto key_of = [&](SimConfig c) -> std::string {
    try {
      simulate(c, m);
    } catch (const InputError& e) {
      return e.where().key;
    }
    return "no error";
  };
  const std::pair<std::function<void(SimConfig&)>, std::string> cases[] = {
      {[](SimConfig& c) { c.workload.rate_req_s = 0; }, "rate_req_s"},
      {[](SimConfig& c) { c.workload.rate_req_s = -3; }, "rate_req_s"},
      {[](SimConfig& c) { c.token_budget = 8; }, "service.token_budget"},
      {[](SimConfig& c) { c.max_batch = 512, c.token_budget = 256; }, "service.token_budget"},
      {[](SimConfig& c) { c.replicas = 0; }, "replicas"},
      {[](SimConfig& c) { c.requests = 0; }, "requests"},
      {[](SimConfig& c) { c.workload.arrival = Arrival::gamma, c.workload.cv = 0; }, "workload.cv"},
      {[](SimConfig& c) { c.concurrency = -1; }, "concurrency"},
      {[](SimConfig& c) { c.concurrency = 2, c.requests = 0; }, "requests"},
  };
  for (const auto& [mutate, key] : cases) {
    SimConfig c = base(1, 10, "fixed:10", "fixed:10");
    mutate(c);
    EXPECT_EQ(key_of(c), key);
  }
}

// The caller that knows where a value came from locates the key: no catch and re-throw.
TEST(Simulator, ValidateLocatesTheKeyThroughTheCaller) {
  SimConfig c = base(1, 10, "fixed:10", "fixed:10");
  c.token_budget = 8;
  try {
    validate(c, [](const std::string& key) { return Location{"s.yaml", 7, key}; });
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "s.yaml:7: service.token_budget: expected at least one chunk of " +
                                         std::to_string(kKvBlockTokens) + " tokens, got 8");
  }
}

}  // namespace
}  // namespace hippo::sim

namespace hippo::sim {
namespace {

SimConfig closed_loop(int clients, std::int64_t n, const std::string& input, const std::string& output) {
  SimConfig c = base(1, n, input, output);
  c.concurrency = clients;
  return c;
}

// One client: each request is sent when the last completes, so the replica runs one request at a
// time back to back: every e2e is the prefill step plus the 9 decode steps (contexts 101 … 109),
// the run lasts 20 of them, and nothing ever waits.
TEST(ClosedLoop, OneClientRunsRequestsBackToBack) {
  const auto m = load_dependent_model(1e6);
  Nanoseconds e2e = m.step.step_ns({100, 100 * (0 + 100 / 2.0), 0, 0, 1});
  for (int j = 1; j <= 9; ++j) e2e += m.step.step_ns({0, 0, 1, 100 + j, 1});
  for (Scheduler sch : {Scheduler::chunked, Scheduler::prefill_first}) {
    SimConfig c = closed_loop(1, 20, "fixed:100", "fixed:10");
    c.scheduler = sch;
    const SimResult r = simulate(c, m);
    EXPECT_EQ(r.requests_completed, 20);
    EXPECT_EQ(r.simulated_ns, 20 * e2e);
    EXPECT_NEAR(r.e2e_s.mean(), ns_to_seconds(e2e), 1e-12);
    EXPECT_EQ(r.queue_delay_s.quantile(1.0), 0);
    EXPECT_EQ(r.steps, 20 * 10);
    EXPECT_DOUBLE_EQ(r.mean_batch, 1.0);
  }
}

// C = 8 clients on a constant 10 ms step: all eight start together and stay in lock step, each
// request taking its 5 output tokens in 5 steps (the prompt's step samples the first). N = 80
// requests = 10 rounds of 50 ms: 0.5 s, 160 req/s, e2e 50 ms, and Little's law L = λ·W = 8.
TEST(ClosedLoop, LockStepClientsObeyLittlesLaw) {
  const Nanoseconds d = 10'000'000;
  const SimResult r = simulate(closed_loop(8, 80, "fixed:16", "fixed:5"), constant_step_model(d, 1e6));
  EXPECT_EQ(r.requests_completed, 80);
  EXPECT_EQ(r.simulated_ns, 10 * 5 * d);
  EXPECT_DOUBLE_EQ(r.throughput_req_s(), 160.0);
  EXPECT_NEAR(r.e2e_s.mean(), 0.050, 1e-12);
  EXPECT_NEAR(r.throughput_req_s() * r.e2e_s.mean(), 8.0, 1e-9);
  EXPECT_DOUBLE_EQ(r.mean_batch, 8.0);
  EXPECT_EQ(r.steps, 50);
}

// Random lengths: Little's law holds over the run (Σ e2e = ∫ requests in flight dt, which is 16
// until the first client runs out of requests), the result depends only on the seed, and fewer
// clients than the batch cap never queue.
TEST(ClosedLoop, RandomLengthsDeterministicAndLittle) {
  const auto m = load_dependent_model(1e6);
  SimConfig c = closed_loop(16, 2000, "uniform:50,400", "uniform:20,200");
  const SimResult a = simulate(c, m), b = simulate(c, m);
  EXPECT_EQ(a.simulated_ns, b.simulated_ns);
  EXPECT_EQ(a.e2e_s.sum(), b.e2e_s.sum());
  EXPECT_EQ(a.requests_completed, 2000);
  const double in_flight = a.e2e_s.sum() / a.simulated_s();
  EXPECT_LE(in_flight, 16.0);
  EXPECT_GE(in_flight, 16.0 * 0.97);  // the drain: the last requests finish with fewer clients left
  EXPECT_EQ(a.queue_delay_s.quantile(1.0), 0);
  c.seed = 2;
  EXPECT_NE(simulate(c, m).simulated_ns, a.simulated_ns);
}

// More clients than the replica runs at once: the rest wait in the queue, and the batch is the cap.
TEST(ClosedLoop, ClientsBeyondTheBatchCapQueue) {
  SimConfig c = closed_loop(12, 120, "fixed:16", "fixed:5");
  c.max_batch = 4;
  const SimResult r = simulate(c, constant_step_model(10'000'000, 1e6));
  EXPECT_EQ(r.requests_completed, 120);
  EXPECT_GT(r.queue_delay_s.mean(), 0.0);
  EXPECT_EQ(r.simulated_ns, 30 * 5 * 10'000'000LL);  // 120 requests, 4 at a time, 5 steps each
}

TEST(ClosedLoop, NeedsARequestCount) {
  SimConfig c = closed_loop(4, 0, "fixed:16", "fixed:5");
  c.duration_s = 10;
  EXPECT_THROW(simulate(c, constant_step_model(10'000'000, 1e6)), InputError);
  c.concurrency = -1;
  EXPECT_THROW(simulate(c, constant_step_model(10'000'000, 1e6)), InputError);
}

}  // namespace
}  // namespace hippo::sim
