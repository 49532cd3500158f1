// Deployment models built by hand for simulator tests: no catalog, exact step times.
#pragma once
#include "hippo/perf.hpp"
#include "hippo/simulate.hpp"

namespace hippo::test {

// Every step takes `step_ns`, whatever it holds; the replica holds `kv_tokens` of KV cache.
inline perf::DeploymentModel constant_step_model(Nanoseconds step_ns, double kv_tokens) {
  perf::DeploymentModel m;
  m.step.overhead_ns = step_ns;
  m.memory.kv_capacity_tokens = kv_tokens;
  return m;
}

// A step time that depends on every aggregate: overhead + 20 µs/token + 3 µs per sampling
// sequence + 0.5 ns per prefill attention pair + 2 ns per token of decode context.
inline perf::DeploymentModel load_dependent_model(double kv_tokens) {
  perf::DeploymentModel m;
  m.step.overhead_ns = 4'000'000;
  for (int t = 0; t < 4096; ++t) m.step.linear_ns.push_back(20'000LL * t);
  for (int s = 0; s < 1024; ++s) m.step.lm_head_ns.push_back(3'000LL * s);
  m.step.prefill_attention_ns_per_pair = 0.5;
  m.step.decode_attention_ns_per_token = 2.0;
  m.memory.kv_capacity_tokens = kv_tokens;
  return m;
}

}  // namespace hippo::test
