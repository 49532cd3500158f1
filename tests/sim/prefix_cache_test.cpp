// Prefix caching and the sessions workload: hit rates in closed form for known reuse, evictions
// counted under a small KV cache, a cache with nothing to share changing nothing, and the checks
// of the settings and of a trace's turns.
#include <gtest/gtest.h>

#include <fstream>

#include "hippo/simulate.hpp"
#include "sim/sim_test_support.hpp"
#include "sim/workload.hpp"

namespace hippo::sim {
namespace {

using test::constant_step_model;
using test::load_dependent_model;

constexpr Nanoseconds kStepNs = 1'000'000;

// Sessions arriving one every `gap_s` (constant), each `turns` turns of a `message`-token message
// and an `output`-token answer, sharing a system prompt of `system_tokens` (one of `prompts`).
SimConfig sessions_config(double gap_s, std::int64_t requests, int turns, int message, int output, int system_tokens,
                          int prompts) {
  SimConfig c;
  c.workload.arrival = Arrival::constant;
  c.workload.rate_req_s = 1 / gap_s;
  c.workload.input = parse_length_dist("fixed:" + std::to_string(message), {});
  c.workload.output = parse_length_dist("fixed:" + std::to_string(output), {});
  c.workload.sessions.on = true;
  c.workload.sessions.turns = parse_length_dist("fixed:" + std::to_string(turns), {});
  c.workload.sessions.system_prompt_tokens = system_tokens;
  c.workload.sessions.system_prompts = prompts;
  c.requests = requests;
  c.prefix_cache = true;
  return c;
}

// Single-turn requests sharing one system prompt of 1,024 tokens (64 blocks), far apart: a prompt
// of 1,124 tokens looks up ⌊1123/16⌋ = 70 blocks; the 64 of the system prompt are the same for
// every request, the 6 after it each request's own. Hit rate = 1 − unique/total exactly.
TEST(PrefixCache, SharedSystemPromptHitRateIsOneMinusUniqueOverTotal) {
  for (int prompts : {1, 4}) {
    const std::int64_t n = 200;
    const SimConfig c = sessions_config(1.0, n, 1, 100, 10, 1024, prompts);
    const SimResult r = simulate(c, constant_step_model(kStepNs, 1e6));
    ASSERT_EQ(r.requests_completed, n);
    const std::int64_t total = n * 70, unique = prompts * 64 + n * 6;
    EXPECT_EQ(r.prefix_lookup_blocks, total);
    EXPECT_EQ(r.prefix_hit_blocks, total - unique) << prompts << " system prompts";
    EXPECT_DOUBLE_EQ(static_cast<double>(r.prefix_hit_blocks) / r.prefix_lookup_blocks,
                     1 - static_cast<double>(unique) / total);
    // What a hit saves: its 16 tokens of prefill each.
    EXPECT_EQ(r.prefill_tokens_computed, r.input_tokens_arrived - 16 * r.prefix_hit_blocks);
    EXPECT_EQ(r.prefix_evictions, 0);
    EXPECT_EQ(r.sessions_started, n);
  }
}

// Conversations of 5 turns, 40-token messages, 30-token answers, no system prompt: turn t's input
// is 40 + 70 (t − 1) tokens. It looks up ⌊(input − 1)/16⌋ blocks and finds those its previous turn
// left: ⌊(input_{t−1} + 30 − 1)/16⌋ (the last answer token has no KV). Each session is a closed
// loop: 5 turns of 30 steps (one prefill, 29 decodes) and 4 think times of 2 s.
TEST(PrefixCache, ConversationTurnsHitTheirHistory) {
  const int sessions = 20, turns = 5, message = 40, output = 30;
  SimConfig c = sessions_config(100.0, sessions * turns, turns, message, output, 0, 1);
  c.workload.sessions.think_s = 2;
  const SimResult r = simulate(c, constant_step_model(kStepNs, 1e6));
  std::int64_t lookups = 0, hits = 0, input = 0;
  for (int t = 1; t <= turns; ++t) {
    const std::int64_t in = message + (t - 1) * (message + output);
    input += in;
    lookups += (in - 1) / 16;
    if (t > 1) hits += std::min((in - 1) / 16, (in - message - 1) / 16);  // in − message = the last turn's input + output
  }
  EXPECT_EQ(r.sessions_started, sessions);
  EXPECT_EQ(r.requests_completed, sessions * turns);
  EXPECT_EQ(r.input_tokens_arrived, sessions * input);
  EXPECT_EQ(r.prefix_lookup_blocks, sessions * lookups);
  EXPECT_EQ(r.prefix_hit_blocks, sessions * hits);
  EXPECT_EQ(lookups, 53);
  EXPECT_EQ(hits, 42);
  // The last session starts at 1,900 s and takes 5 × 30 steps of 1 ms and 4 × 2 s of thinking.
  EXPECT_EQ(r.simulated_ns, 1'900'000'000'000 + 5 * 30 * kStepNs + 4 * 2'000'000'000LL);
  EXPECT_NEAR(r.e2e_s.mean(), 0.030, 1e-12);
  // Without the cache nothing is shared, the arrivals and lengths are the same.
  c.prefix_cache = false;
  const SimResult off = simulate(c, constant_step_model(kStepNs, 1e6));
  EXPECT_EQ(off.prefix_lookup_blocks, 0);
  EXPECT_EQ(off.input_tokens_arrived, r.input_tokens_arrived);
  EXPECT_EQ(off.prefill_tokens_computed, r.prefill_tokens_computed + 16 * r.prefix_hit_blocks);
}

// A KV cache of 10 blocks; requests one at a time, 80-token prompts (a 64-token system prompt and
// 16 tokens of their own), one output token: each leaves its 5 full blocks cached.
TEST(PrefixCache, EvictionsUnderASmallKvCacheAreCounted) {
  const std::int64_t n = 20;
  // Every request its own system prompt (10^6 to draw from): nothing hits; the third request on
  // finds 10 cached blocks and evicts 5 for its own.
  SimConfig c = sessions_config(1.0, n, 1, 16, 1, 64, 1'000'000);
  c.kv_capacity_tokens = 160;
  const SimResult distinct = simulate(c, constant_step_model(kStepNs, 160));
  EXPECT_EQ(distinct.requests_completed, n);
  EXPECT_EQ(distinct.prefix_hit_blocks, 0);
  EXPECT_EQ(distinct.prefix_evictions, 5 * (n - 2));
  // One system prompt: every request after the first hits its 4 blocks and adds 1 of its own; the
  // cache is full from the 7th, which evicts the least recently used block (an old request's own,
  // never the system prompt's head, made recent again by every use).
  c.workload.sessions.system_prompts = 1;
  const SimResult shared = simulate(c, constant_step_model(kStepNs, 160));
  EXPECT_EQ(shared.prefix_hit_blocks, 4 * (n - 1));
  EXPECT_EQ(shared.prefix_evictions, n - 6);
  EXPECT_EQ(shared.preemptions, 0);
}

// Under load and KV pressure every request still completes, each token once, the cache's and the
// sequences' blocks never above the replica's; the same seed gives the same result.
TEST(PrefixCache, PressureKeepsTheAccountsAndIsSeeded) {
  SimConfig c = sessions_config(0.02, 3000, 4, 200, 150, 512, 3);
  c.workload.arrival = Arrival::poisson;
  c.workload.input = parse_length_dist("lognormal:mean=200,cv=1", {});
  c.workload.output = parse_length_dist("lognormal:mean=150,cv=1", {});
  c.workload.sessions.turns = parse_length_dist("uniform:1,8", {});
  c.workload.sessions.think_s = 0.5;
  for (Scheduler s : {Scheduler::chunked, Scheduler::prefill_first}) {
    c.scheduler = s;
    const auto m = load_dependent_model(30'000);
    const SimResult a = simulate(c, m), b = simulate(c, m);
    EXPECT_EQ(a.requests_completed + a.requests_rejected, 3000);
    EXPECT_EQ(a.tokens_sampled, a.output_tokens_completed);
    EXPECT_GT(a.prefix_hit_blocks, 0);
    EXPECT_GT(a.prefix_evictions, 0);
    EXPECT_GT(a.preemptions, 0);
    EXPECT_LE(a.kv_utilization, 1.0);
    EXPECT_EQ(a.simulated_ns, b.simulated_ns);
    EXPECT_EQ(a.prefix_hit_blocks, b.prefix_hit_blocks);
    // With speculative decoding too.
    SimConfig sc = c;
    sc.spec = {2, {0.7}};
    sc.token_budget = 8192;
    const SimResult p = simulate(sc, m);
    EXPECT_EQ(p.requests_completed + p.requests_rejected, 3000);
    EXPECT_EQ(p.tokens_sampled, p.output_tokens_completed);
  }
}

// A cache with nothing to share (no sessions, no system prompt) changes no figure.
TEST(PrefixCache, NothingSharedChangesNothing) {
  SimConfig c;
  c.workload.rate_req_s = 40;
  c.workload.input = parse_length_dist("lognormal:mean=500,cv=1", {});
  c.workload.output = parse_length_dist("lognormal:mean=200,cv=1", {});
  c.requests = 3000;
  const auto m = load_dependent_model(40'000);
  const SimResult off = simulate(c, m);
  c.prefix_cache = true;
  const SimResult on = simulate(c, m);
  EXPECT_EQ(on.prefix_hit_blocks, 0);
  EXPECT_GT(on.prefix_lookup_blocks, 0);
  EXPECT_EQ(on.simulated_ns, off.simulated_ns);
  EXPECT_EQ(on.steps, off.steps);
  EXPECT_EQ(on.preemptions, off.preemptions);
  EXPECT_EQ(on.ttft_s.sum(), off.ttft_s.sum());
  EXPECT_EQ(on.kv_utilization, off.kv_utilization);
}

TEST(PrefixCache, BadSessionSettingsAreRefusedNamingTheKey) {
  auto refused = [](std::function<void(SimConfig&)> f, const char* key) {
    SimConfig c = sessions_config(1.0, 10, 2, 10, 10, 0, 1);
    f(c);
    try {
      validate(c);
      ADD_FAILURE() << "accepted " << key;
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().key, key);
    }
  };
  refused([](SimConfig& c) { c.workload.sessions.turns = parse_length_dist("fixed:10001", {}); }, "workload.sessions.turns");
  refused([](SimConfig& c) { c.workload.sessions.think_s = -1; }, "workload.sessions.think_s");
  refused([](SimConfig& c) { c.workload.sessions.think_s = 1e6; }, "workload.sessions.think_s");
  refused([](SimConfig& c) { c.workload.sessions.system_prompt_tokens = -1; }, "workload.sessions.system_prompt_tokens");
  refused([](SimConfig& c) { c.workload.sessions.system_prompt_tokens = 2'000'000; }, "workload.sessions.system_prompt_tokens");
  refused([](SimConfig& c) { c.workload.sessions.system_prompts = 0; }, "workload.sessions.system_prompts");
  refused([](SimConfig& c) { c.concurrency = 4; }, "concurrency");
  refused([](SimConfig& c) { c.workload.trace_path = "t.csv"; }, "workload.sessions.turns");
}

std::string write_trace(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

// A trace's session_id and turn columns: each turn is taken to extend its previous one, so its
// prompt finds what that turn left cached.
TEST(PrefixCache, TraceSessionsHitTheirHistory) {
  const std::string path = write_trace("sessions.csv",
                                       "arrival_s,input_tokens,output_tokens,session_id,turn\n"
                                       "0,100,50,7,1\n"
                                       "0.5,40,5,0,1\n"
                                       "10,200,20,7,2\n");
  SimConfig c;
  c.workload.trace_path = path;
  c.prefix_cache = true;
  const SimResult r = simulate(c, constant_step_model(kStepNs, 1e6));
  EXPECT_EQ(r.requests_completed, 3);
  // Lookups ⌊99/16⌋ + ⌊39/16⌋ + ⌊199/16⌋ = 6 + 2 + 12; turn 2 finds ⌊(100 + 50 − 1)/16⌋ = 9.
  EXPECT_EQ(r.prefix_lookup_blocks, 20);
  EXPECT_EQ(r.prefix_hit_blocks, 9);
}

TEST(PrefixCache, TraceTurnsOutOfOrderNameFileAndLine) {
  const std::string path = write_trace("bad_turns.csv",
                                       "arrival_s,input_tokens,output_tokens,session_id,turn\n"
                                       "0,100,50,7,1\n"
                                       "1,100,50,8,1\n"
                                       "2,200,20,7,3\n");
  TraceReader reader(path);
  Request q;
  EXPECT_TRUE(reader.next(q));
  EXPECT_EQ(q.session_id, 7u);
  EXPECT_TRUE(reader.next(q));
  try {
    reader.next(q);
    ADD_FAILURE() << "accepted turn 3 after turn 1";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where().line, 4);
    EXPECT_EQ(e.where().key, "turn");
    EXPECT_NE(std::string(e.what()).find("expected turn 2 of session 7"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace hippo::sim
