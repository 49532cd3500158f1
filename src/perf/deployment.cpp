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

// Tables of StepTimeModel, by tokens in a step and by sampling sequences, up to 16,384: beyond
// them step_ns extends the mean slope of their upper half, where every GEMM runs many waves.
constexpr int kLinearTableTokens = 16384;
constexpr int kLmHeadTableSeqs = 16384;
constexpr int kMaxSuggestedTp = 64;

// Weights held by the GPUs of one pipeline stage, in bytes per GPU.
struct StageMemory {
  int layers = 0, windowed_layers = 0;
  double weights_bytes = 0;
};

// Elements of one layer's weights on one GPU, by kind.
struct LayerWeights {
  double attention = 0, dense_mlp = 0, shared_mlp = 0, routed_mlp = 0, replicated_bf16 = 0;
};

LayerWeights layer_weights(const Model& m, const GpuShape& s) {
  LayerWeights w;
  const double d = s.d;
  if (s.mla) {
    const double qk = s.nope + s.rope;
    // q_a and kv_a (and their norms) are replicated under tensor parallelism; the per-head
    // up-projections and the output are split with the heads.
    const double replicated = (s.q_lora > 0 ? d * s.q_lora + s.q_lora : 0) + d * (s.kv_lora + s.rope) + s.kv_lora;
    const double per_heads = (s.q_lora > 0 ? s.q_lora : d) * s.q_heads * qk + s.kv_lora * s.q_heads * (s.nope + s.v_dim) +
                             s.q_heads * s.v_dim * d;
    w.attention = replicated + per_heads;
  } else {
    w.attention = d * (s.q_heads + 2 * s.kv_heads) * s.head_dim + s.q_heads * s.head_dim * d;
  }
  if (m.attention_sinks) w.replicated_bf16 += s.q_heads;
  w.dense_mlp = s.mlp_mats * d * s.ffn;
  w.routed_mlp = s.local_experts * s.mlp_mats * d * s.expert_ffn;
  w.shared_mlp = s.mlp_mats * d * s.shared_ffn;
  w.replicated_bf16 += m.norm_params_per_layer();
  return w;
}

std::vector<StageMemory> stage_memory(const Model& m, const Deployment& d) {
  const GpuShape s = gpu_shape(m, d);
  const double bf16 = dtype_bytes(DType::bf16);
  const double dense_bytes = layer_weight_bytes(m, d, LayerKind::dense);
  const double moe_bytes = layer_weight_bytes(m, d, LayerKind::moe);
  const double table_bytes = s.vocab * s.d * bf16;  // embedding or LM head, vocabulary-parallel, kept in bf16
  std::vector<StageMemory> out(d.pp);
  int first = 0;
  for (int i = 0; i < d.pp; ++i) {
    StageMemory& st = out[i];
    st.layers = m.layers / d.pp + (i < m.layers % d.pp ? 1 : 0);
    for (int l = first; l < first + st.layers; ++l) {
      st.weights_bytes += m.is_moe_layer(l) ? moe_bytes : dense_bytes;
      st.windowed_layers += m.is_windowed_layer(l);
    }
    first += st.layers;
    if (i == 0) st.weights_bytes += table_bytes;  // input embedding
    if (i == d.pp - 1) {
      st.weights_bytes += s.d * bf16;  // final norm
      if (!m.tied_embeddings || d.pp > 1) st.weights_bytes += table_bytes;  // LM head (a tied one is the embedding)
    }
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

// ep divides both the experts and tp (the experts of a layer live on its stage's tp GPUs).
bool ep_valid(const Model& m, int tp, int ep) { return ep >= 1 && tp % ep == 0 && m.experts % ep == 0; }

std::string gb(double bytes) { return fmt::format("{:.1f} GB", bytes / kBytesPerGB); }

[[noreturn]] void does_not_fit(const Model& m, const Gpu& g, const EngineProfile& e, const Deployment& d,
                               const std::string& prefix, const KeyLocator& where) {
  const auto stages = stage_memory(m, d);
  double weights = 0;
  for (const auto& st : stages) weights = std::max(weights, st.weights_bytes);
  // The smallest larger tp that divides the heads and leaves
  // room for some KV cache, with ep kept where it still divides; failing that, the smallest pp at
  // the largest such tp. And, as an alternative, the smallest precision that fits as deployed. Said
  // as settings of the scenario's keys ("try service.tp: 4"); the CLI writes them as its flags.
  auto setting = [&](const char* key, const std::string& v) { return prefix + key + ": " + v; };
  std::string hint;
  int largest_tp = d.tp;
  for (int tp = d.tp + 1; tp <= kMaxSuggestedTp && hint.empty(); ++tp) {
    if (!tp_valid(m, tp)) continue;
    Deployment t = d;
    t.tp = tp;
    if (!ep_valid(m, tp, t.ep)) continue;
    largest_tp = tp;
    if (shortfall_bytes(m, g, e, t) < 0) hint = setting("tp", std::to_string(tp));
  }
  for (int pp = d.pp + 1; pp <= m.layers && hint.empty(); ++pp) {
    Deployment t = d;
    t.tp = largest_tp;
    t.pp = pp;
    if (shortfall_bytes(m, g, e, t) < 0)
      hint = setting("tp", std::to_string(largest_tp)) + " and " + setting("pp", std::to_string(pp));
  }
  std::string smaller;
  for (DType w : {DType::fp8, DType::fp4, DType::int4}) {
    if (weight_bytes(w) >= weight_bytes(d.weights)) continue;
    Deployment t = d;
    t.weights = w;
    if (shortfall_bytes(m, g, e, t) < 0) {
      smaller = setting("weights", dtype_name(w));
      break;
    }
  }
  if (!smaller.empty()) hint = hint.empty() ? smaller : hint + ", or " + smaller + fmt::format(" at tp {}", d.tp);
  throw InputError(locate(where, prefix + (d.pp > 1 ? "pp" : "tp")),
                   fmt::format("{} with {} weights needs {} of weights per GPU at tp {}{}, but {} leaves {} for weights and KV "
                               "cache ({:.0f}% of {:.0f} GB less {} workspace, engine '{}'): short by {}",
                               m.id, dtype_name(d.weights), gb(weights), d.tp, d.pp > 1 ? fmt::format(" pp {}", d.pp) : "",
                               g.id, gb(usable_bytes(g, e)), e.hbm_usable_fraction * 100, g.hbm_gb,
                               gb(e.workspace_gb * kBytesPerGB), e.id, gb(weights - usable_bytes(g, e))) +
                       (hint.empty() ? "" : "; try " + hint));
}

// The checks of a deployment's parallelism and precision against its model and GPU.
void check_deployment(const Model& m, const Gpu& g, const Deployment& d, const std::string& prefix,
                      const KeyLocator& where, std::vector<std::string>& notes) {
  if (d.tp < 1) throw InputError(locate(where, prefix + "tp"), fmt::format("expected a whole number ≥ 1, got {}", d.tp));
  if (d.tp > kMaxSuggestedTp)  // as service.tp: an NVL72 domain's 72 GPUs hold at most 64 of a power of two
    throw InputError(locate(where, prefix + "tp"), fmt::format("expected tp at most {}, got {}", kMaxSuggestedTp, d.tp));
  if (!tp_valid(m, d.tp)) {
    std::vector<int> ok;
    for (int tp = 1; tp <= kMaxSuggestedTp; ++tp)
      if (tp_valid(m, tp)) ok.push_back(tp);
    throw InputError(locate(where, prefix + "tp"),
                     fmt::format("tp {} does not divide {}'s {} attention heads ({} KV heads); valid: {}", d.tp, m.id,
                                 m.heads, m.kv_heads, fmt::join(ok, ", ")));
  }
  if (d.tp > g.scale_up_domain)
    notes.push_back(g.scale_out_gb_s > 0
                        ? fmt::format("tp {} spans {} scale-up domains of {} GPUs: its collectives run over the scale-out "
                                      "network ({:.0f} GB/s per GPU)",
                                      d.tp, (d.tp + g.scale_up_domain - 1) / g.scale_up_domain, g.scale_up_domain,
                                      g.scale_out_gb_s)
                        : fmt::format("tp {} spans more than {}'s scale-up domain of {} GPUs and its scale-out network "
                                      "is not listed: collectives are costed at the scale-up bandwidth (optimistic)",
                                      d.tp, g.id, g.scale_up_domain));
  if (d.pp < 1 || d.pp > m.layers)
    throw InputError(locate(where, prefix + "pp"),
                     fmt::format("expected pp between 1 and {}'s {} layers, got {}", m.id, m.layers, d.pp));
  if (d.ep != 1 && !m.is_moe())
    throw InputError(locate(where, prefix + "ep"), fmt::format("expected ep 1: {} is a dense model, it has no experts", m.id));
  if (!ep_valid(m, d.tp, d.ep)) {
    std::vector<int> ok;
    for (int ep = 1; ep <= d.tp; ++ep)
      if (ep_valid(m, d.tp, ep)) ok.push_back(ep);
    throw InputError(locate(where, prefix + "ep"),
                     fmt::format("ep {} must divide both {}'s {} experts and tp {} (the experts of a layer spread over "
                                 "its stage's GPUs); valid: {}",
                                 d.ep, m.id, m.experts, d.tp, fmt::join(ok, ", ")));
  }
  if (d.weights == DType::fp4 && g.fp4_tflops <= 0) {
    if (d.strict)
      throw InputError(locate(where, prefix + "weights"),
                       fmt::format("{} has no FP4 tensor math: expected `{}weights` fp8 or bf16, or leave out `strict` to "
                                   "run FP4 weights dequantised to bf16",
                                   g.id, prefix));
    notes.push_back(fmt::format("{} has no FP4 tensor math: FP4 weights (NVFP4, 4.5 bits with scales) are read as such "
                                "and dequantised to bf16 for the math (W4A16, as Marlin kernels do)",
                                g.id));
  }
  if (mxfp4_experts(m, d))
    notes.push_back(fmt::format("{}'s routed experts ship in MXFP4 and are served as such (4.25 bits per weight with "
                                "their scales){}; attention and the rest in {}",
                                m.id, g.fp4_tflops > 0 ? ", with FP4 math" : ", dequantised to bf16 for the math",
                                dtype_name(d.weights)));
}

}  // namespace

double layer_weight_bytes(const Model& m, const Deployment& d, LayerKind kind) {
  const GpuShape s = gpu_shape(m, d);
  const LayerWeights lw = layer_weights(m, s);
  const double wb = weight_bytes(d.weights), bf16 = dtype_bytes(DType::bf16);
  return kind == LayerKind::moe ? (lw.attention + lw.shared_mlp) * wb + lw.routed_mlp * s.expert_weight_bytes +
                                      (lw.replicated_bf16 + m.router_params_per_layer()) * bf16
                                : (lw.attention + lw.dense_mlp) * wb + lw.replicated_bf16 * bf16;
}

StepTimeModel step_tables(const OperatorModel& ops, const Model& m, int dense, int moe, int windowed, double overhead_s) {
  StepTimeModel st;
  st.linear_ns.assign(kLinearTableTokens + 1, 0);
  for (int t = 1; t <= kLinearTableTokens; ++t) {
    double s = ops.embedding(t).time() + ops.pipeline(t).time();
    if (dense > 0) s += dense * ops.layer(t, LayerKind::dense).time();
    if (moe > 0) s += moe * ops.layer(t, LayerKind::moe).time();
    st.linear_ns[t] = std::max(st.linear_ns[t - 1], seconds_to_ns(s));  // more tokens never run faster
  }
  st.lm_head_ns.assign(kLmHeadTableSeqs + 1, 0);
  for (int b = 1; b <= kLmHeadTableSeqs; ++b)
    st.lm_head_ns[b] = std::max(st.lm_head_ns[b - 1], seconds_to_ns(ops.lm_head(b).time()));
  const double pair_ns = ops.prefill_attention_per_pair().time() * kNsPerS;
  const Cost token = ops.decode_attention_per_token();
  const double token_ns = token.time() * kNsPerS;
  const int layers = dense + moe;
  st.prefill_attention_ns_per_pair = (layers - windowed) * pair_ns;
  st.decode_attention_ns_per_token = (layers - windowed) * token_ns;
  if (token.time() > 0) {
    st.decode_attention_memory_share = token.memory_s / token.time();
    st.decode_attention_compute_share = token.compute_s / token.time();
  }
  if (windowed > 0) {
    st.window_tokens = m.window_tokens;
    st.windowed_prefill_ns_per_pair = windowed * pair_ns;
    st.windowed_decode_ns_per_token = windowed * token_ns;
  }
  st.overhead_ns = seconds_to_ns(overhead_s);
  return st;
}

const char* calibration_label(const EngineProfile& e, const std::string& gpu) {
  if (e.calibrated_gpus.empty()) return "ideal";
  return std::find(e.calibrated_gpus.begin(), e.calibrated_gpus.end(), gpu) != e.calibrated_gpus.end() ? "calibrated"
                                                                                                      : "uncalibrated";
}

std::string calibration_warning(const EngineProfile& e, const std::string& gpu) {
  if (calibration_label(e, gpu) != std::string("uncalibrated")) return "";
  return fmt::format("{} is uncalibrated: no figure of engine '{}' was measured on it; its efficiencies are those fitted "
                     "on {}, so its step times and the figures that follow from them are estimates",
                     gpu, e.id, fmt::join(e.calibrated_gpus, ", "));
}

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

DeploymentModel build_deployment(const Catalog& catalog, const Deployment& d, const std::string& prefix,
                                 const KeyLocator& where) {
  DeploymentModel out;
  out.deployment = d;
  out.model = &catalog.model(d.model, prefix + "model");
  out.gpu = &catalog.gpu(d.gpu, prefix + "gpu");
  out.engine = &catalog.engine(d.engine.empty() ? catalog.default_engine : d.engine, prefix + "engine");
  out.deployment.engine = out.engine->id;
  const Model& m = *out.model;
  const Gpu& g = *out.gpu;
  const EngineProfile& e = *out.engine;
  check_deployment(m, g, d, prefix, where, out.notes);

  // Memory: per GPU, usable HBM − weights − workspace holds the KV cache of its stage's layers for
  // the tokens it holds: every token on every GPU of the stage under tensor parallelism, 1/tp of
  // them each with attention data parallelism.
  const auto stages = stage_memory(m, d);
  if (shortfall_bytes(m, g, e, d) >= 0) does_not_fit(m, g, e, d, prefix, where);
  const GpuShape shape = gpu_shape(m, d);
  const double holders = shape.dp_attention ? d.tp : 1;  // GPUs of a stage that split the tokens
  // Windowed layers are held apart (reserved by the window) when every stage also has full layers,
  // whose tokens are the unit; the share is the largest of the stages', so that no stage runs out
  // first. A stage of windowed layers only (no full layer to count in) keeps them counted in full.
  bool apart = m.windowed_layers() > 0;
  double share = 0;
  for (const auto& st : stages) {
    apart = apart && st.windowed_layers < st.layers;
    if (st.windowed_layers < st.layers)
      share = std::max(share, static_cast<double>(st.windowed_layers) / (st.layers - st.windowed_layers));
  }
  double capacity = 1e300, weights = 0;
  for (const auto& st : stages) {
    weights = std::max(weights, st.weights_bytes);
    const int counted = apart ? st.layers - st.windowed_layers : st.layers;
    capacity = std::min(capacity, holders * (usable_bytes(g, e) - st.weights_bytes) /
                                      (counted * shape.kv_bytes_per_token_layer));
  }
  out.memory.weights_bytes_per_gpu = weights;
  out.memory.kv_bytes_per_token =
      (apart ? m.layers - m.windowed_layers() : m.layers) * shape.kv_bytes_per_token_layer * (d.tp / holders);
  out.memory.kv_capacity_tokens = std::floor(capacity);
  if (apart) {
    out.memory.window_tokens = m.window_tokens;
    out.memory.window_kv_share = share;
  }

  // Step-time tables. A step passes through every layer (all stages, one after another).
  const OperatorModel ops(m, g, e, d);
  out.step = step_tables(ops, m, m.layers - m.moe_layers(), m.moe_layers(), m.windowed_layers(), e.step_overhead_s);
  return out;
}

StepBreakdown step_breakdown(const DeploymentModel& dm, const StepLoad& l) {
  const Model& m = *dm.model;
  const OperatorModel ops(m, *dm.gpu, *dm.engine, dm.deployment);
  const double tokens = static_cast<double>(l.prefill_tokens) + l.decode_seqs;
  const int layers = m.layers, moe = m.moe_layers(), dense = layers - moe, windowed = m.windowed_layers();
  const Cost pair = ops.prefill_attention_per_pair();
  const Cost ctx = ops.decode_attention_per_token();
  // The attention work of the full layers and of the windowed ones (which see at most the window).
  const double pairs = l.prefill_attention_pairs, ctx_tokens = static_cast<double>(l.decode_context_tokens);
  const double w = m.window_tokens;
  const double w_pairs = windowed ? std::min(pairs, l.prefill_tokens * w) : 0;
  const double w_ctx = windowed ? std::min(ctx_tokens, l.decode_seqs * w) : 0;
  const double mean_pairs = windowed ? ((layers - windowed) * pairs + windowed * w_pairs) / layers : pairs;
  const double mean_ctx = windowed ? ((layers - windowed) * ctx_tokens + windowed * w_ctx) / layers : ctx_tokens;

  // One layer of each kind, and their mean (a model with one kind: that layer, exactly).
  LayerCosts lc = ops.layer(tokens, moe > 0 ? LayerKind::moe : LayerKind::dense);
  Attribution layer_attr = lc.attribution();
  LayerTimes per;
  auto fill = [&](const LayerCosts& c, double f, LayerTimes& t) {
    t.qkv_proj += f * c.qkv_proj.time();
    t.o_proj += f * c.o_proj.time();
    t.mlp_up_gate += f * c.mlp_up_gate.time();
    t.mlp_down += f * c.mlp_down.time();
    t.moe_router += f * c.moe_router.time();
    t.allreduce += f * c.allreduce.time();
    t.other += f * c.other.time();
    t.attention += f * c.attention_fixed.time();
  };
  if (moe > 0 && dense > 0) {
    const LayerCosts dc = ops.layer(tokens, LayerKind::dense);
    fill(lc, static_cast<double>(moe) / layers, per);
    fill(dc, static_cast<double>(dense) / layers, per);
    Attribution a = lc.attribution(), b = dc.attribution();
    layer_attr = {(moe * a.compute_s + dense * b.compute_s) / layers, (moe * a.memory_s + dense * b.memory_s) / layers,
                  (moe * a.fixed_s + dense * b.fixed_s) / layers};
  } else {
    fill(lc, 1.0, per);
  }
  per.attention += pair.time() * mean_pairs + ctx.time() * mean_ctx;

  StepBreakdown b;
  b.layers = layers;
  b.per_layer = per;
  const Cost head = ops.lm_head(l.sampling_seqs), emb = ops.embedding(tokens), pipe = ops.pipeline(tokens);
  b.lm_head_s = head.time();
  b.embedding_s = emb.time();
  b.pipeline_s = pipe.time();
  b.overhead_s = ops.step_overhead_s();
  b.step_s = layers * b.per_layer.total() + b.lm_head_s + b.embedding_s + b.pipeline_s + b.overhead_s;

  Attribution a = layer_attr;
  a.add(pair.scaled(mean_pairs));
  a.add(ctx.scaled(mean_ctx));
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
