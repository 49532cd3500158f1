// Speculative decoding in the simulator: the closed form of tokens per verify step, the verify
// step's price, the draft's cost, KV pressure, and the checks of its settings.
#include <gtest/gtest.h>

#include <cmath>

#include "hippo/simulate.hpp"
#include "sim/sim_test_support.hpp"

namespace hippo::sim {
namespace {

using test::constant_step_model;
using test::load_dependent_model;

SimConfig spec_config(int k, std::vector<double> acceptance, std::int64_t requests, const std::string& output) {
  SimConfig c;
  c.workload.rate_req_s = 5;
  c.workload.input = parse_length_dist("fixed:64", {});
  c.workload.output = parse_length_dist(output, {});
  c.requests = requests;
  c.spec.tokens = k;
  c.spec.acceptance = std::move(acceptance);
  return c;
}

// Accepted drafts A of k, draft i accepted (given those before it) with probability p_i:
// P(A ≥ i) = Π_{j ≤ i} p_j; E[A + 1] = 1 + Σ P(A ≥ i) and E[A²] = Σ (2i − 1) P(A ≥ i).
struct Moments {
  double mean_tokens = 1, var = 0;
};
Moments moments(int k, const std::vector<double>& p) {
  double at_least = 1, ea = 0, ea2 = 0;
  for (int i = 1; i <= k; ++i) {
    at_least *= p[p.size() == 1 ? 0 : i - 1];
    ea += at_least;
    ea2 += (2 * i - 1) * at_least;
  }
  return {1 + ea, ea2 - ea * ea};
}

// Tokens per verify step = (1 − a^(k+1)) / (1 − a) for independent acceptance a. Long outputs
// (the truncation at an output's end does not enter the count: every verification's accepted
// drafts are counted as drawn). Tolerance: 5 standard errors of the mean of n draws, from the
// distribution's exact variance.
TEST(Speculative, TokensPerVerifyStepMatchTheClosedForm) {
  for (const auto& [k, a] : std::vector<std::pair<int, double>>{{1, 0.875}, {2, 0.8}, {4, 0.6}, {8, 0.9}, {16, 0.5}}) {
    SimConfig c = spec_config(k, {a}, 400, "fixed:2000");
    const SimResult r = simulate(c, constant_step_model(1'000'000, 1e7));
    const double closed = (1 - std::pow(a, k + 1)) / (1 - a);
    const Moments mo = moments(k, {a});
    EXPECT_NEAR(mo.mean_tokens, closed, 1e-12);
    ASSERT_GT(r.spec_verifications, 100'000);
    const double measured = 1 + static_cast<double>(r.spec_accepted) / r.spec_verifications;
    EXPECT_NEAR(measured, closed, 5 * std::sqrt(mo.var / r.spec_verifications)) << "k " << k << " a " << a;
    EXPECT_EQ(r.requests_completed, 400);
    EXPECT_EQ(r.tokens_sampled, r.output_tokens_completed);  // every kept token once
  }
}

// A per-position list: E = 1 + Σ_i Π_{j≤i} p_j.
TEST(Speculative, PerPositionAcceptanceGivesItsExpectedAdvance) {
  const std::vector<double> p = {0.9, 0.7, 0.5};
  const SimResult r = simulate(spec_config(3, p, 400, "fixed:2000"), constant_step_model(1'000'000, 1e7));
  const Moments mo = moments(3, p);
  EXPECT_NEAR(mo.mean_tokens, 1 + 0.9 + 0.9 * 0.7 + 0.9 * 0.7 * 0.5, 1e-12);
  EXPECT_NEAR(1 + static_cast<double>(r.spec_accepted) / r.spec_verifications, mo.mean_tokens,
              5 * std::sqrt(mo.var / r.spec_verifications));
}

// Acceptance 0: every step advances one token, as without speculation; under a constant step time
// every latency is then the same as with it off, and the steps are as many.
TEST(Speculative, NoAcceptanceAdvancesOneTokenPerStep) {
  const auto m = constant_step_model(2'000'000, 1e6);
  SimConfig off = spec_config(0, {}, 300, "lognormal:mean=200,cv=1");
  SimConfig on = off;
  on.spec = {3, {0.0}};
  on.token_budget = 8192;
  const SimResult a = simulate(off, m), b = simulate(on, m);
  EXPECT_EQ(a.steps, b.steps);
  EXPECT_DOUBLE_EQ(a.tpot_s.mean(), b.tpot_s.mean());
  EXPECT_DOUBLE_EQ(a.e2e_s.mean(), b.e2e_s.mean());
  EXPECT_EQ(b.spec_accepted, 0);
}

// The verify step's price: one sequence alone, acceptance 0, so its j-th decode step verifies
// k + 1 tokens over a cache of 100 + j − 1 tokens: linear layers of k + 1 tokens, k + 1 logits,
// and the context plus the k + 1 new positions read once. TPOT is the mean of those step times.
TEST(Speculative, VerifyStepIsPricedAtKPlusOneTokensPerSequence) {
  const auto m = load_dependent_model(1e6);
  const int k = 3;
  Nanoseconds total = 0;
  for (int j = 1; j <= 9; ++j) {
    perf::StepLoad l;
    l.decode_seqs = 1;
    l.spec_tokens = k;
    l.decode_context_tokens = 100 + (j - 1) + k + 1;
    l.sampling_seqs = k + 1;
    total += m.step.step_ns(l);
  }
  SimConfig c = spec_config(k, {0.0}, 10, "fixed:10");
  c.workload.input = parse_length_dist("fixed:100", {});
  c.workload.arrival = Arrival::constant;
  c.workload.rate_req_s = 1;
  c.max_batch = 1;
  const SimResult r = simulate(c, m);
  EXPECT_NEAR(r.tpot_s.mean(), ns_to_seconds(total) / 9, 1e-12);
  // The price grows with k: 4 tokens' linear layers and logits, not one.
  perf::StepLoad one;
  one.decode_seqs = 1;
  one.decode_context_tokens = 101;
  one.sampling_seqs = 1;
  EXPECT_GT(ns_to_seconds(total) / 9, ns_to_seconds(m.step.step_ns(one)));
}

// The draft's k forward passes are added to each step: with a draft whose every pass costs a
// fixed 1 ms (its overhead in a hand-built table), a step of k = 2 costs 2 ms more.
TEST(Speculative, DraftPassesAddToTheStep) {
  auto m = constant_step_model(5'000'000, 1e6);
  m.draft.overhead_ns = 1'000'000;
  m.draft.linear_ns = {0};
  perf::StepLoad verify;
  verify.decode_seqs = 4;
  verify.spec_tokens = 8;
  verify.decode_context_tokens = 4 * 103;
  verify.sampling_seqs = 12;
  EXPECT_EQ(perf::draft_step_ns(m.draft, verify, 2), 2'000'000);
  SimConfig c = spec_config(2, {0.0}, 5, "fixed:11");
  c.workload.arrival = Arrival::constant;
  c.workload.rate_req_s = 1;
  const SimResult r = simulate(c, m);
  EXPECT_NEAR(r.tpot_s.mean(), 0.007, 1e-12);
  EXPECT_NEAR(r.ttft_s.mean(), 0.006, 1e-12);  // one draft pass over the prompt
}

// TPOT falls with acceptance: under a constant step time D, a request of O tokens takes about
// (O − 1) / E[tokens per step] decode steps.
TEST(Speculative, TpotFallsByTheTokensPerStep) {
  const auto m = constant_step_model(10'000'000, 1e7);
  SimConfig c = spec_config(2, {0.8}, 200, "fixed:1001");
  c.workload.rate_req_s = 0.05;  // one at a time
  const SimResult r = simulate(c, m);
  const double per_step = (1 - std::pow(0.8, 3)) / (1 - 0.8);
  EXPECT_NEAR(r.tpot_s.mean(), 0.010 / per_step, 0.010 / per_step * 0.02);
}

// Under KV pressure the decoders' blocks for k + 1 positions pre-empt sequences; every request
// still completes with each of its tokens counted once.
TEST(Speculative, KvPressurePreemptsAndEveryRequestCompletes) {
  SimConfig c = spec_config(4, {0.7}, 2000, "lognormal:mean=300,cv=1");
  c.workload.rate_req_s = 500;
  c.workload.input = parse_length_dist("lognormal:mean=400,cv=1", {});
  const SimResult r = simulate(c, load_dependent_model(20'000));
  EXPECT_GT(r.preemptions, 0);
  EXPECT_EQ(r.requests_completed + r.requests_rejected, 2000);
  EXPECT_EQ(r.tokens_sampled, r.output_tokens_completed);
  EXPECT_LE(r.kv_utilization, 1.0);
  for (Scheduler s : {Scheduler::prefill_first}) {
    c.scheduler = s;
    const SimResult q = simulate(c, load_dependent_model(20'000));
    EXPECT_EQ(q.requests_completed + q.requests_rejected, 2000);
    EXPECT_EQ(q.tokens_sampled, q.output_tokens_completed);
  }
}

// Same seed, same result; the speculation stream leaves the arrivals and lengths as they were.
TEST(Speculative, SeededAndIndependentOfTheOtherStreams) {
  const auto m = load_dependent_model(1e6);
  SimConfig c = spec_config(2, {0.8}, 500, "lognormal:mean=100,cv=1");
  const SimResult a = simulate(c, m), b = simulate(c, m);
  EXPECT_EQ(a.simulated_ns, b.simulated_ns);
  EXPECT_EQ(a.spec_accepted, b.spec_accepted);
  SimConfig off = c;
  off.spec = {};
  const SimResult o = simulate(off, m);
  EXPECT_EQ(a.input_tokens_arrived, o.input_tokens_arrived);
  EXPECT_EQ(a.output_tokens_completed, o.output_tokens_completed);
  EXPECT_LT(a.tpot_s.mean(), o.tpot_s.mean());
}

TEST(Speculative, BadSettingsAreRefusedNamingTheFlag) {
  auto refused = [](SpecConfig s, const char* key) {
    SimConfig c = spec_config(0, {}, 10, "fixed:10");
    c.spec = std::move(s);
    try {
      validate(c);
      ADD_FAILURE() << "accepted " << key;
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().key, key);
    }
  };
  refused({17, {0.5}}, "service.spec.tokens");
  refused({-1, {0.5}}, "service.spec.tokens");
  refused({2, {1.0}}, "service.spec.acceptance");
  refused({2, {-0.1}}, "service.spec.acceptance");
  refused({2, {std::nan("")}}, "service.spec.acceptance");
  refused({3, {0.5, 0.5}}, "service.spec.acceptance");
  refused({2, {}}, "service.spec.acceptance");
  SimConfig c = spec_config(16, {0.5}, 10, "fixed:10");
  c.max_batch = 1024;  // 1024 × 17 tokens per step exceed the default budget of 8192
  EXPECT_THROW(validate(c), InputError);
}

}  // namespace
}  // namespace hippo::sim
