// Steady-state peak output throughput for one request shape (design.md, `hippo perf --input --output`).
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "hippo/errors.hpp"
#include "hippo/perf.hpp"

namespace hippo::perf {

PeakThroughput peak_throughput(const DeploymentModel& m, int input, int output, int max_batch, const KeyLocator& where,
                               int cached) {
  if (input < 1 || output < 1)
    throw InputError(locate(where, input < 1 ? "workload.input" : "workload.output"), "expected at least 1 token per request");
  const int pp = m.deployment.pp;
  const double per_request = m.memory.kv_tokens_for(static_cast<double>(input) + output);  // KV reserved on admission
  int fit = static_cast<int>(std::min(m.memory.kv_capacity_tokens / per_request, 1e9));
  if (max_batch > 0) fit = std::min(fit, max_batch);
  if (fit < 1)
    throw InputError(locate(where, "workload.input"),
                     fmt::format("one request of {} + {} tokens needs more KV cache than the replica's {:.0f} tokens; "
                                 "expected shorter requests or more GPUs per replica (tp)",
                                 input, output, m.memory.kv_capacity_tokens));
  // Batch b per micro-batch: b sequences decode (average context input + output/2) and the prompts
  // of b/output requests are prefilled, so that b stays constant; pp micro-batches are in flight.
  PeakThroughput best;
  // Cached prompt tokens skip the prefill; the new ones attend to them (n new over c cached:
  // n·(c + n/2) pairs).
  cached = std::clamp(cached, 0, input - 1);
  const double fresh = input - cached;
  const double prefill_per_seq = fresh / output;
  const double pairs_per_seq = cached == 0 ? static_cast<double>(input) * input / 2.0 / output
                                           : fresh * (cached + fresh / 2.0) / output;
  const double context = input + output / 2.0;
  for (int b = 1; b * pp <= std::max(fit, pp); ++b) {
    StepLoad l;
    l.decode_seqs = b;
    l.decode_context_tokens = std::llround(b * context);
    l.prefill_tokens = static_cast<std::int32_t>(std::llround(b * prefill_per_seq));
    l.prefill_attention_pairs = b * pairs_per_seq;
    l.sampling_seqs = b;
    const double step_s = ns_to_seconds(m.step.step_ns(l));
    const double tok_s = pp * b / step_s;
    if (tok_s > best.tokens_per_s_per_replica) {
      best.tokens_per_s_per_replica = tok_s;
      best.batch = b * pp;
      best.load = l;
      best.step_s = step_s;
    }
  }
  best.tokens_per_s_per_gpu = best.tokens_per_s_per_replica / m.gpus_per_replica();
  best.requests_per_s_per_replica = best.tokens_per_s_per_replica / output;
  return best;
}

}  // namespace hippo::perf
