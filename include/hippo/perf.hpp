// The performance model: the time of one engine step of one replica (src/perf).
// Everything above it (simulator, capacity plan, economics) stands on StepTimeModel::step_ns,
// which the simulator calls millions of times: it is a few table lookups and multiply-adds over
// coefficients precomputed once per deployment by build_deployment().
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "hippo/catalog.hpp"
#include "hippo/units.hpp"

namespace hippo::perf {

// One replica's configuration: what runs, on what, how split.
struct Deployment {
  std::string model;   // catalog ids
  std::string gpu;
  int tp = 1;
  int pp = 1;
  DType weights = DType::bf16;
  DType kv = DType::bf16;
  std::string engine;  // empty: the catalog's default profile
};

// The load of one engine iteration, as aggregates a scheduler keeps up to date in O(1).
struct StepLoad {
  std::int32_t prefill_tokens = 0;          // prompt tokens processed in this step (whole prompts or chunks)
  double prefill_attention_pairs = 0;       // Σ over prefill chunks of n·(c + n/2): causal (query, key) pairs
  std::int32_t decode_seqs = 0;             // sequences producing one token each
  std::int64_t decode_context_tokens = 0;   // Σ of their context lengths (the KV cache they read)
  std::int32_t sampling_seqs = 0;           // sequences that sample a token (decodes + prefills that complete)
};

// Precomputed step time of one deployment. Tables are indexed by token count and cover
// [0, table size); beyond that the last slope extrapolates. The simulator's tests may build one by
// hand (e.g. a constant step time) without a catalog.
struct StepTimeModel {
  std::vector<Nanoseconds> linear_ns;     // by tokens in the step: every layer's GEMMs, norms, all-reduces
  std::vector<Nanoseconds> lm_head_ns;    // by sequences that sample: embedding, final norm, LM head
  double prefill_attention_ns_per_pair = 0;
  double decode_attention_ns_per_token = 0;  // per token of context read, all layers
  Nanoseconds overhead_ns = 0;               // per step: scheduling, launches

  Nanoseconds step_ns(const StepLoad& load) const;  // defined inline below
};

// Memory of one replica.
struct MemoryPlan {
  double weights_bytes_per_gpu = 0;
  double kv_bytes_per_token = 0;       // per replica, all layers (summed over its GPUs)
  double kv_capacity_tokens = 0;       // tokens of KV cache the replica can hold
  int max_batch(int context_tokens) const {
    return context_tokens <= 0 ? 0 : static_cast<int>(kv_capacity_tokens / context_tokens);
  }
};

// Everything about one deployment the layers above need.
struct DeploymentModel {
  Deployment deployment;
  const Model* model = nullptr;          // points into the Catalog it was built from
  const Gpu* gpu = nullptr;
  const EngineProfile* engine = nullptr;
  int gpus_per_replica() const { return deployment.tp * deployment.pp; }
  StepTimeModel step;
  MemoryPlan memory;
};

// Builds the model of a deployment. Throws InputError (key = the flag or scenario key named by
// `key_prefix`) for an unknown id, a tp that does not divide the heads, or a model that does not fit
// (saying by how much, and suggesting a larger tp).
DeploymentModel build_deployment(const Catalog& catalog, const Deployment& d);

// Steady-state peak output throughput for requests of one shape (input and output tokens), at the
// largest batch that fits in memory, prefill work included.
struct PeakThroughput {
  double tokens_per_s_per_gpu = 0;   // output tokens
  double tokens_per_s_per_replica = 0;
  double requests_per_s_per_replica = 0;
  int batch = 0;
};
PeakThroughput peak_throughput(const DeploymentModel& m, int input_tokens, int output_tokens);

inline Nanoseconds StepTimeModel::step_ns(const StepLoad& l) const {
  auto table = [](const std::vector<Nanoseconds>& t, std::int64_t i) -> Nanoseconds {
    const std::int64_t n = static_cast<std::int64_t>(t.size());
    if (n == 0 || i <= 0) return 0;
    if (i < n) return t[i];
    const Nanoseconds slope = n >= 2 ? t[n - 1] - t[n - 2] : 0;
    return t[n - 1] + slope * (i - (n - 1));
  };
  const std::int64_t tokens = static_cast<std::int64_t>(l.prefill_tokens) + l.decode_seqs;
  const double attention = prefill_attention_ns_per_pair * l.prefill_attention_pairs +
                           decode_attention_ns_per_token * static_cast<double>(l.decode_context_tokens);
  return overhead_ns + table(linear_ns, tokens) + table(lm_head_ns, l.sampling_seqs) +
         static_cast<Nanoseconds>(attention);
}

}  // namespace hippo::perf
