// build_deployment: checks a deployment, plans its memory and precomputes its step-time tables;
// step_breakdown: the same operators walked one by one for `hippo perf`.
#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "hippo/errors.hpp"
#include "hippo/perf.hpp"
#include "perf/operators.hpp"

namespace hippo::perf {

namespace {

// Tables of StepTimeModel, by tokens in a step and by sampling sequences, up to 16,384 (twice the
// largest point of the shipped efficiency curves, so that the last slope, which step_ns extends
// beyond the table, is taken where every efficiency is flat and time is linear in tokens).
constexpr int kLinearTableTokens = 16384;
constexpr int kLmHeadTableSeqs = 16384;
constexpr int kMaxSuggestedTp = 64;

// Weights held by the GPUs of one pipeline stage, in bytes per GPU.
struct StageMemory {
  int layers = 0;
  double weights_bytes = 0;
  double kv_bytes_per_token = 0;  // per GPU, this stage's layers
};

std::vector<StageMemory> stage_memory(const Model& m, const Deployment& d) {
  const GpuShape s = gpu_shape(m, d.tp);
  const double wb = weight_bytes(d.weights);
  const double bf16 = dtype_bytes(DType::bf16);
  const double attention = s.d * (s.q_heads + 2 * s.kv_heads) * s.head_dim + s.q_heads * s.head_dim * s.d;
  const double mlp = s.experts * s.mlp_mats * s.d * s.ffn;
  const double layer_bytes = (attention + mlp) * wb + (m.router_params_per_layer() + m.norm_params_per_layer()) * bf16;
  const double table_bytes = s.vocab * s.d * bf16;  // embedding or LM head, vocabulary-parallel, kept in bf16
  std::vector<StageMemory> out(d.pp);
  for (int i = 0; i < d.pp; ++i) {
    StageMemory& st = out[i];
    st.layers = m.layers / d.pp + (i < m.layers % d.pp ? 1 : 0);
    st.weights_bytes = st.layers * layer_bytes;
    if (i == 0) st.weights_bytes += table_bytes;  // input embedding
    if (i == d.pp - 1) {
      st.weights_bytes += s.d * bf16;  // final norm
      if (!m.tied_embeddings || d.pp > 1) st.weights_bytes += table_bytes;  // LM head (a tied one is the embedding)
    }
    st.kv_bytes_per_token = st.layers * 2 * s.kv_heads * s.head_dim * dtype_bytes(d.kv);
  }
  return out;
}

double usable_bytes(const Gpu& g, const EngineProfile& e) {
  return g.hbm_gb * kBytesPerGB * e.hbm_usable_fraction - e.workspace_gb * kBytesPerGB;
}

// Bytes short on the fullest GPU (≤ 0: fits).
double shortfall_bytes(const Model& m, const Gpu& g, const EngineProfile& e, const Deployment& d) {
  double worst = -1e300;
  for (const auto& st : stage_memory(m, d)) worst = std::max(worst, st.weights_bytes - usable_bytes(g, e));
  return worst;
}

bool tp_valid(const Model& m, int tp) {
  if (tp < 1 || m.heads % tp != 0) return false;
  return m.kv_heads >= tp ? m.kv_heads % tp == 0 : tp % m.kv_heads == 0;
}

std::string gb(double bytes) { return fmt::format("{:.1f} GB", bytes / kBytesPerGB); }

[[noreturn]] void does_not_fit(const Model& m, const Gpu& g, const EngineProfile& e, const Deployment& d,
                               const std::string& prefix) {
  const auto stages = stage_memory(m, d);
  double weights = 0;
  for (const auto& st : stages) weights = std::max(weights, st.weights_bytes);
  // The smallest larger tp that divides the heads and leaves room for some KV cache; failing
  // that, the smallest pp that does at the largest such tp. Said the way the user gave the
  // deployment: flags ("try --tp 4") or scenario keys ("try service.tp: 4").
  const bool flags = prefix == "--";
  auto setting = [&](const char* key, int v) { return prefix + key + (flags ? " " : ": ") + std::to_string(v); };
  std::string hint;
  int largest_tp = d.tp;
  for (int tp = d.tp + 1; tp <= kMaxSuggestedTp && hint.empty(); ++tp) {
    if (!tp_valid(m, tp)) continue;
    largest_tp = tp;
    Deployment t = d;
    t.tp = tp;
    if (shortfall_bytes(m, g, e, t) < 0) hint = "; try " + setting("tp", tp);
  }
  for (int pp = d.pp + 1; pp <= m.layers && hint.empty(); ++pp) {
    Deployment t = d;
    t.tp = largest_tp;
    t.pp = pp;
    if (shortfall_bytes(m, g, e, t) < 0) hint = "; try " + setting("tp", largest_tp) + (flags ? " " : " and ") + setting("pp", pp);
  }
  throw InputError({"", 0, prefix + (d.pp > 1 ? "pp" : "tp")},
                   fmt::format("{} with {} weights needs {} of weights per GPU at tp {}{}, but {} leaves {} for weights and KV "
                               "cache ({:.0f}% of {:.0f} GB less {} workspace, engine '{}'): short by {}",
                               m.id, dtype_name(d.weights), gb(weights), d.tp, d.pp > 1 ? fmt::format(" pp {}", d.pp) : "",
                               g.id, gb(usable_bytes(g, e)), e.hbm_usable_fraction * 100, g.hbm_gb,
                               gb(e.workspace_gb * kBytesPerGB), e.id, gb(weights - usable_bytes(g, e))) +
                       hint);
}

}  // namespace

const char* bound_name(Bound b) {
  switch (b) {
    case Bound::compute: return "compute";
    case Bound::memory: return "memory";
    case Bound::overhead: return "overhead";
  }
  return "memory";
}

StepLoad decode_load(int batch, std::int64_t context) {
  StepLoad l;
  l.decode_seqs = batch;
  l.decode_context_tokens = static_cast<std::int64_t>(batch) * context;
  l.sampling_seqs = batch;
  return l;
}

StepLoad prefill_load(int prompts, int tokens, std::int64_t cached) {
  StepLoad l;
  l.prefill_tokens = prompts * tokens;
  l.prefill_attention_pairs = static_cast<double>(prompts) * tokens * (static_cast<double>(cached) + tokens / 2.0);
  l.sampling_seqs = prompts;
  return l;
}

DeploymentModel build_deployment(const Catalog& catalog, const Deployment& d, const std::string& prefix) {
  DeploymentModel out;
  out.deployment = d;
  out.model = &catalog.model(d.model, prefix + "model");
  out.gpu = &catalog.gpu(d.gpu, prefix + "gpu");
  out.engine = &catalog.engine(d.engine.empty() ? catalog.default_engine : d.engine, prefix + "engine");
  out.deployment.engine = out.engine->id;
  const Model& m = *out.model;
  const Gpu& g = *out.gpu;
  const EngineProfile& e = *out.engine;

  if (d.tp < 1) throw InputError({"", 0, prefix + "tp"}, fmt::format("expected a whole number ≥ 1, got {}", d.tp));
  if (!tp_valid(m, d.tp)) {
    std::vector<int> ok;
    for (int tp = 1; tp <= kMaxSuggestedTp; ++tp)
      if (tp_valid(m, tp)) ok.push_back(tp);
    throw InputError({"", 0, prefix + "tp"},
                     fmt::format("tp {} does not divide {}'s {} attention heads ({} KV heads); valid: {}", d.tp, m.id,
                                 m.heads, m.kv_heads, fmt::join(ok, ", ")));
  }
  if (d.pp < 1 || d.pp > m.layers)
    throw InputError({"", 0, prefix + "pp"},
                     fmt::format("expected pp between 1 and {}'s {} layers, got {}", m.id, m.layers, d.pp));

  // Memory: per GPU, usable HBM − weights − workspace holds the KV cache of its stage's layers.
  const auto stages = stage_memory(m, d);
  if (shortfall_bytes(m, g, e, d) >= 0) does_not_fit(m, g, e, d, prefix);
  double capacity = 1e300, weights = 0;
  for (const auto& st : stages) {
    weights = std::max(weights, st.weights_bytes);
    capacity = std::min(capacity, (usable_bytes(g, e) - st.weights_bytes) / st.kv_bytes_per_token);
  }
  out.memory.weights_bytes_per_gpu = weights;
  out.memory.kv_bytes_per_token = m.layers * 2 * gpu_shape(m, d.tp).kv_heads * d.tp * m.head_dim * dtype_bytes(d.kv);
  out.memory.kv_capacity_tokens = std::floor(capacity);

  // Step-time tables. A step passes through every layer (all stages, one after another).
  const OperatorModel ops(m, g, e, d);
  StepTimeModel& st = out.step;
  st.linear_ns.assign(kLinearTableTokens + 1, 0);
  for (int t = 1; t <= kLinearTableTokens; ++t) {
    const double s = m.layers * ops.layer(t).time() + ops.embedding(t).time() + ops.pipeline(t).time();
    st.linear_ns[t] = std::max(st.linear_ns[t - 1], seconds_to_ns(s));  // more tokens never run faster
  }
  st.lm_head_ns.assign(kLmHeadTableSeqs + 1, 0);
  for (int b = 1; b <= kLmHeadTableSeqs; ++b)
    st.lm_head_ns[b] = std::max(st.lm_head_ns[b - 1], seconds_to_ns(ops.lm_head(b).time()));
  st.prefill_attention_ns_per_pair = m.layers * ops.prefill_attention_per_pair().time() * kNsPerS;
  st.decode_attention_ns_per_token = m.layers * ops.decode_attention_per_token().time() * kNsPerS;
  st.overhead_ns = seconds_to_ns(e.step_overhead_s);
  return out;
}

StepBreakdown step_breakdown(const DeploymentModel& dm, const StepLoad& l) {
  const OperatorModel ops(*dm.model, *dm.gpu, *dm.engine, dm.deployment);
  const double tokens = static_cast<double>(l.prefill_tokens) + l.decode_seqs;
  const int layers = dm.model->layers;
  const LayerCosts lc = ops.layer(tokens);
  const Cost pair = ops.prefill_attention_per_pair();
  const Cost ctx = ops.decode_attention_per_token();
  const double pairs = l.prefill_attention_pairs, ctx_tokens = static_cast<double>(l.decode_context_tokens);

  StepBreakdown b;
  b.layers = layers;
  b.per_layer.qkv_proj = lc.qkv_proj.time();
  b.per_layer.attention = lc.attention_fixed.time() + pair.time() * pairs + ctx.time() * ctx_tokens;
  b.per_layer.o_proj = lc.o_proj.time();
  b.per_layer.mlp_up_gate = lc.mlp_up_gate.time();
  b.per_layer.mlp_down = lc.mlp_down.time();
  b.per_layer.moe_router = lc.moe_router.time();
  b.per_layer.allreduce = lc.allreduce.time();
  b.per_layer.other = lc.other.time();
  const Cost head = ops.lm_head(l.sampling_seqs), emb = ops.embedding(tokens), pipe = ops.pipeline(tokens);
  b.lm_head_s = head.time();
  b.embedding_s = emb.time();
  b.pipeline_s = pipe.time();
  b.overhead_s = ops.step_overhead_s();
  b.step_s = layers * b.per_layer.total() + b.lm_head_s + b.embedding_s + b.pipeline_s + b.overhead_s;

  Attribution a = lc.attribution();
  a.add(pair.scaled(pairs));
  a.add(ctx.scaled(ctx_tokens));
  a.compute_s *= layers;
  a.memory_s *= layers;
  a.fixed_s *= layers;
  a.add(head);
  a.add(emb);
  a.add(pipe);
  a.fixed_s += b.overhead_s;
  b.compute_s = a.compute_s;
  b.memory_s = a.memory_s;
  b.fixed_s = a.fixed_s;
  b.bound = a.compute_s >= a.memory_s ? (a.compute_s >= a.fixed_s ? Bound::compute : Bound::overhead)
                                      : (a.memory_s >= a.fixed_s ? Bound::memory : Bound::overhead);
  return b;
}

}  // namespace hippo::perf
