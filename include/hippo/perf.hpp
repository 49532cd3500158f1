// The performance model: the time of one engine step of one replica (src/perf).
// Everything above it (simulator, capacity plan, economics) stands on StepTimeModel::step_ns,
// which the simulator calls millions of times: it is a few table lookups and multiply-adds over
// coefficients precomputed once per deployment by build_deployment().
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "hippo/catalog.hpp"
#include "hippo/errors.hpp"
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
  int ep = 1;                 // expert parallelism: the routed experts spread over ep of a stage's tp GPUs
  bool dp_attention = false;  // attention (and dense MLPs) data-parallel over the tp GPUs, 1/tp of the tokens each
  bool strict = false;        // refuse a precision the GPU has no math for, instead of falling back with a note
};

// The load of one engine iteration, as aggregates a scheduler keeps up to date in O(1).
struct StepLoad {
  std::int32_t prefill_tokens = 0;          // prompt tokens processed in this step (whole prompts or chunks)
  double prefill_attention_pairs = 0;       // Σ over prefill chunks of n·(c + n/2): causal (query, key) pairs
  std::int32_t decode_seqs = 0;             // sequences producing one token each
  std::int64_t decode_context_tokens = 0;   // Σ of their context lengths (the KV cache they read)
  std::int32_t sampling_seqs = 0;           // sequences that sample a token (decodes + prefills that complete)
  // Speculative decoding: draft tokens verified beside the decoders' own, k per decoding sequence
  // (the step's linear layers run them as tokens; each decoder's k + 1 queries read its KV once).
  std::int32_t spec_tokens = 0;
};

// Precomputed step time of one deployment. Tables are indexed by token count and cover
// [0, table size); beyond that the mean slope of the table's upper half extrapolates. The simulator's tests may build one by
// hand (e.g. a constant step time) without a catalog.
struct StepTimeModel {
  std::vector<Nanoseconds> linear_ns;     // by tokens in the step: every layer's GEMMs, norms, all-reduces
  std::vector<Nanoseconds> lm_head_ns;    // by sequences that sample: embedding, final norm, LM head
  double prefill_attention_ns_per_pair = 0;
  double decode_attention_ns_per_token = 0;  // per token of context read, all layers
  // Windowed layers (sliding or chunked attention) see at most `window_tokens` per sequence: their
  // reads are taken as min(Σ context, sequences · window) and their prefill pairs as
  // min(Σ pairs, prompt tokens · window) (exact when every sequence is past the window).
  std::int64_t window_tokens = 0;
  double windowed_prefill_ns_per_pair = 0;
  double windowed_decode_ns_per_token = 0;
  Nanoseconds overhead_ns = 0;               // per step: scheduling, launches
  // Decode attention per context token as shares of its time (max of the two is 1): the memory read
  // is paid once per sequence, the compute once per query, so a speculative step of q = k + 1
  // queries per sequence costs max(memory_share, q · compute_share) times the one-query figure.
  double decode_attention_memory_share = 1;
  double decode_attention_compute_share = 0;

  Nanoseconds step_ns(const StepLoad& load) const;  // defined inline below
};

// Memory of one replica. The KV cache is counted in tokens of the layers that hold every token of
// a sequence (all layers when none is windowed). Windowed layers hold at most `window_tokens` of a
// sequence; their cache is reserved by the window, in the same unit: a sequence of t tokens takes
// kv_tokens_for(t) = t + window_kv_share · min(t, window_tokens) tokens of kv_capacity_tokens.
struct MemoryPlan {
  double weights_bytes_per_gpu = 0;
  double kv_bytes_per_token = 0;       // per replica, the layers that hold every token (summed over its GPUs)
  double kv_capacity_tokens = 0;       // tokens of those layers' KV cache the replica can hold
  std::int64_t window_tokens = 0;      // 0: no windowed layers (or none held apart, see build_deployment)
  double window_kv_share = 0;          // windowed layers' KV bytes per token ÷ kv_bytes_per_token
  double window_kv_tokens(double tokens) const {  // the windowed layers' part of kv_tokens_for
    return window_kv_share * std::min(tokens, static_cast<double>(window_tokens));
  }
  double kv_tokens_for(double tokens) const { return tokens + window_kv_tokens(tokens); }
  int max_batch(int context_tokens) const {
    return context_tokens <= 0 ? 0 : static_cast<int>(kv_capacity_tokens / kv_tokens_for(context_tokens));
  }
};

// Speculative decoding (docs/simulator.md): the draft that proposes k tokens per sequence and step.
enum class SpecMethod { none, mtp, draft };
struct SpecDecoding {
  SpecMethod method = SpecMethod::none;
  std::string draft_model;  // SpecMethod::draft: a catalog model id
};
// Parses `none`, `mtp` or `draft:MODEL` (InputError at `where` otherwise; the model is checked later).
SpecDecoding parse_spec_method(const std::string& text, const Location& where);

// Everything about one deployment the layers above need.
struct DeploymentModel {
  Deployment deployment;
  const Model* model = nullptr;          // points into the Catalog it was built from
  const Gpu* gpu = nullptr;
  const EngineProfile* engine = nullptr;
  int gpus_per_replica() const { return deployment.tp * deployment.pp; }
  StepTimeModel step;
  MemoryPlan memory;
  std::vector<std::string> notes;  // what the model did in place of what was asked (e.g. an FP4 fallback)
  // Speculative decoding: the draft's own step (no per-step overhead: it runs inside the target's
  // engine iteration) and what it proposes with. `draft` is empty (no tables) when there is none.
  SpecDecoding spec;
  StepTimeModel draft;
};

// Adds a draft to a deployment: MTP is one more layer of the target's kind (MoE where it has any)
// with its embedding and LM head; draft:MODEL is that model on the same GPUs, tp and precision.
// Its weights and KV cache come out of the replica's KV capacity. Throws InputError at `where` (where
// the method was given) for an unknown draft model, one that cannot run at the target's tp, or a
// draft that leaves no KV cache.
void add_speculative(DeploymentModel& m, const Catalog& catalog, const SpecDecoding& spec, const Location& where);

// The draft's time in a speculative step whose verify load is `verify` with k drafts per decoding
// sequence: k draft forward passes, one token per decoding sequence each, the first also over the
// step's prefill tokens (the draft keeps its own cache of the prompt).
Nanoseconds draft_step_ns(const StepTimeModel& draft, const StepLoad& verify, int k);

// "calibrated" when a figure the engine profile was fitted on was measured on this GPU,
// "uncalibrated" when none was, "ideal" for a profile with no efficiencies to fit (the limit).
const char* calibration_label(const EngineProfile& engine, const std::string& gpu_id);
// The caveat of an uncalibrated pairing, one sentence for `hippo perf`'s note and the `warnings`
// of run, compare and plan; empty when calibration_label is not "uncalibrated".
std::string calibration_warning(const EngineProfile& engine, const std::string& gpu_id);

// Builds the model of a deployment. Throws InputError (key = `key_prefix` + "model", "gpu", "tp",
// "pp", "ep", "weights" or "engine": "service." for a scenario's service, "fleet." for a plan's
// candidates, located by `where`) for an unknown id, a tp that does not divide the heads, or a model
// that does not fit (saying by how much, and suggesting a fix written as settings of those keys:
// "try service.tp: 4", which the CLI reports as "try --tp 4" under a flag).
DeploymentModel build_deployment(const Catalog& catalog, const Deployment& d, const std::string& key_prefix = "service.",
                                 const KeyLocator& where = {});

// Loads of the common shapes: B sequences decoding one token each over `context_tokens` of KV
// cache each; B prompts of N new tokens each over `cached_tokens` already in the cache (all sample).
StepLoad decode_load(int batch, std::int64_t context_tokens);
StepLoad prefill_load(int prompts, int prompt_tokens, std::int64_t cached_tokens = 0);

// Where the time of one step goes, in seconds: a walk over the operators, for `hippo perf` and
// reports (loops should call StepTimeModel::step_ns, which agrees with it to the nanosecond).
struct LayerTimes {
  double qkv_proj = 0, attention = 0, o_proj = 0, mlp_up_gate = 0, mlp_down = 0, moe_router = 0, allreduce = 0,
         other = 0;  // norms, residual adds, activation, rotary, KV-cache writes
  double total() const { return qkv_proj + attention + o_proj + mlp_up_gate + mlp_down + moe_router + allreduce + other; }
};
enum class Bound { compute, memory, overhead };
const char* bound_name(Bound b);
struct StepBreakdown {
  LayerTimes per_layer;    // one transformer layer (all are alike)
  int layers = 0;          // layers one step passes through: all of the replica's, over its pp stages
  double lm_head_s = 0;    // final norm, LM head and logits of the sampling sequences
  double embedding_s = 0;  // token embedding gather
  double pipeline_s = 0;   // activation hand-offs between pipeline stages
  double overhead_s = 0;   // the engine's per-step overhead
  // step_s split by what bounds each operator: FLOPs, bytes, or fixed costs (launches, latencies,
  // the per-step overhead). `bound` names the largest.
  double compute_s = 0, memory_s = 0, fixed_s = 0;
  double step_s = 0;       // layers · per_layer.total() + lm_head_s + embedding_s + pipeline_s + overhead_s
  Bound bound = Bound::memory;
};
StepBreakdown step_breakdown(const DeploymentModel& m, const StepLoad& load);

// Steady-state peak output throughput for requests of one shape (input and output tokens), at the
// largest batch that fits in memory, prefill work included.
// Steady state at batch B: every step B sequences decode one token over an average context of
// input + output/2, and B·input/output prompt tokens are prefilled (chunked) so that B stays
// constant; each request holds input + output tokens of KV cache (reserved on admission). With
// pp > 1, pp micro-batches of B/pp are in flight. `max_batch` > 0 caps B (an engine's limit).
// Throws InputError (key workload.input, located by `where`) when not one request fits.
struct PeakThroughput {
  double tokens_per_s_per_gpu = 0;   // output tokens
  double tokens_per_s_per_replica = 0;
  double requests_per_s_per_replica = 0;
  int batch = 0;                     // sequences decoding at once in the replica
  StepLoad load;                     // the load of one step (one micro-batch) at that batch
  double step_s = 0;                 // its time
};
// `cached_input_tokens` of the prompt come from a prefix cache: they take KV cache but no prefill.
PeakThroughput peak_throughput(const DeploymentModel& m, int input_tokens, int output_tokens, int max_batch = 0,
                              const KeyLocator& where = {}, int cached_input_tokens = 0);

inline Nanoseconds StepTimeModel::step_ns(const StepLoad& l) const {
  auto table = [](const std::vector<Nanoseconds>& t, std::int64_t i) -> Nanoseconds {
    const std::int64_t n = static_cast<std::int64_t>(t.size());
    if (n == 0 || i <= 0) return 0;
    if (i < n) return t[i];
    // The mean slope over the table's upper half: tiles and waves make time a staircase in tokens,
    // whose last step alone would be no slope or a whole wave's.
    const std::int64_t h = (n - 1) / 2;
    if (n < 2 || h == n - 1) return t[n - 1];
    return t[n - 1] + (t[n - 1] - t[h]) * (i - (n - 1)) / ((n - 1) - h);
  };
  const std::int64_t tokens = static_cast<std::int64_t>(l.prefill_tokens) + l.decode_seqs + l.spec_tokens;
  double decode = decode_attention_ns_per_token * static_cast<double>(l.decode_context_tokens);
  double windowed_decode = 0;
  if (window_tokens > 0)
    windowed_decode = windowed_decode_ns_per_token *
                      std::min(static_cast<double>(l.decode_context_tokens), l.decode_seqs * static_cast<double>(window_tokens));
  if (l.spec_tokens > 0 && l.decode_seqs > 0) [[unlikely]] {
    // A speculative step's decoders each run k + 1 queries over the context they read once.
    const double q = std::max(decode_attention_memory_share,
                              (1.0 + static_cast<double>(l.spec_tokens) / l.decode_seqs) * decode_attention_compute_share);
    decode *= q;
    windowed_decode *= q;
  }
  double attention = prefill_attention_ns_per_pair * l.prefill_attention_pairs + decode;
  if (window_tokens > 0)
    attention += windowed_prefill_ns_per_pair * std::min(l.prefill_attention_pairs, l.prefill_tokens * static_cast<double>(window_tokens)) +
                 windowed_decode;
  return overhead_ns + table(linear_ns, tokens) + table(lm_head_ns, l.sampling_seqs) +
         static_cast<Nanoseconds>(attention);
}

}  // namespace hippo::perf
