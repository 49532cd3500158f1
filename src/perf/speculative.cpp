// Speculative decoding in the performance model: the draft's step tables and memory, and its time in
// a verify step (docs/simulator.md, "Speculative decoding").
#include <cmath>

#include <fmt/format.h>

#include "hippo/errors.hpp"
#include "hippo/perf.hpp"
#include "perf/operators.hpp"

namespace hippo::perf {

SpecDecoding parse_spec_method(const std::string& text, const Location& where) {
  SpecDecoding s;
  if (text == "none") {
    s.method = SpecMethod::none;
  } else if (text == "mtp") {
    s.method = SpecMethod::mtp;
  } else if (text.rfind("draft:", 0) == 0 && text.size() > 6) {
    s.method = SpecMethod::draft;
    s.draft_model = text.substr(6);
  } else {
    throw InputError(where, "expected none, mtp or draft:MODEL (a catalog model id), got '" + text + "'");
  }
  return s;
}

void add_speculative(DeploymentModel& m, const Catalog& catalog, const SpecDecoding& spec, const Location& where) {
  m.spec = spec;
  if (spec.method == SpecMethod::none) return;
  const Deployment& d = m.deployment;
  const Model& target = *m.model;
  double draft_weights_per_gpu = 0, draft_kv_bytes_per_token = 0;
  if (spec.method == SpecMethod::mtp) {
    // DeepSeek-V3's MTP module: one transformer block like the model's own (MoE where it has any),
    // sharing the embedding and the LM head; its projection of 2·hidden → hidden is left out (under
    // 1 % of the block). It keeps one layer of KV cache per token.
    const LayerKind kind = target.is_moe() ? LayerKind::moe : LayerKind::dense;
    const OperatorModel ops(target, *m.gpu, *m.engine, d);
    m.draft = step_tables(ops, target, kind == LayerKind::dense ? 1 : 0, kind == LayerKind::moe ? 1 : 0, 0, 0);
    draft_weights_per_gpu = layer_weight_bytes(target, d, kind);
    draft_kv_bytes_per_token = m.memory.kv_bytes_per_token / target.layers;
  } else {
    const Model* draft = nullptr;
    try {
      draft = &catalog.model(spec.draft_model, where.key);
    } catch (const InputError& e) {
      throw InputError(where, e.expected());  // the method's place: a flag, or a file's line
    }
    Deployment dd = d;
    dd.model = spec.draft_model;
    dd.ep = 1;
    dd.pp = 1;
    DeploymentModel dm;
    try {
      dm = build_deployment(catalog, dd);
    } catch (const InputError& e) {
      throw InputError(where, fmt::format("draft model {} cannot run beside {} at tp {}: {}", draft->id, target.id, d.tp,
                                          e.expected()));
    }
    m.draft = dm.step;
    m.draft.overhead_ns = 0;
    draft_weights_per_gpu = dm.memory.weights_bytes_per_gpu;
    draft_kv_bytes_per_token = dm.memory.kv_bytes_per_token;
  }
  // The replica's free bytes (its KV capacity × bytes per token) less the draft's weights on each
  // GPU, shared by the target's and the draft's caches.
  const double free_bytes = m.memory.kv_capacity_tokens * m.memory.kv_bytes_per_token;
  const double left = free_bytes - draft_weights_per_gpu * m.gpus_per_replica();
  const double capacity = std::floor(left / (m.memory.kv_bytes_per_token + draft_kv_bytes_per_token));
  if (!(capacity >= 1))
    throw InputError(where, fmt::format("the draft's weights ({:.1f} GB per GPU) leave no room for KV cache "
                                               "beside {} on {} at tp {}",
                                               draft_weights_per_gpu / kBytesPerGB, target.id, m.gpu->id, d.tp));
  m.memory.kv_capacity_tokens = capacity;
}

Nanoseconds draft_step_ns(const StepTimeModel& draft, const StepLoad& verify, int k) {
  if (k <= 0 || draft.linear_ns.empty()) return 0;
  const std::int32_t n = verify.decode_seqs;
  // Σ (c + 1) over the decoders: the context of the first draft token.
  const std::int64_t context = verify.decode_context_tokens - static_cast<std::int64_t>(n) * k;
  StepLoad first;
  first.prefill_tokens = verify.prefill_tokens;
  first.prefill_attention_pairs = verify.prefill_attention_pairs;
  first.decode_seqs = n;
  first.decode_context_tokens = context;
  first.sampling_seqs = verify.sampling_seqs - n * k;  // a token per decoder and per completed prompt
  Nanoseconds t = draft.step_ns(first);
  for (int j = 1; j < k && n > 0; ++j) {
    StepLoad next;
    next.decode_seqs = n;
    next.decode_context_tokens = context + static_cast<std::int64_t>(j) * n;
    next.sampling_seqs = n;
    t += draft.step_ns(next);
  }
  return t;
}

}  // namespace hippo::perf
