// The operators of one transformer layer and of the per-step head, for one GPU of a deployment
// (internal to src/perf). Both the precomputed tables of StepTimeModel and the breakdown of
// `hippo perf` are built from these functions, so they agree.
#pragma once
#include "hippo/perf.hpp"
#include "perf/roofline.hpp"

namespace hippo::perf {

// Shapes seen by one GPU: heads and FFN split over tp; KV heads split, or replicated when tp
// exceeds them.
struct GpuShape {
  double d = 0;          // hidden
  double q_heads = 0;    // h / tp
  double kv_heads = 0;   // ceil(h_kv / tp)
  double head_dim = 0;
  double ffn = 0;        // f / tp
  double vocab = 0;      // V / tp (vocabulary-parallel LM head)
  double mlp_mats = 3;   // 3 gated (gate, up, down), 2 plain
  int experts = 1, active = 1;
  int tp = 1;
};

GpuShape gpu_shape(const Model& model, int tp);

// Costs of one layer for T new tokens, without the attention's context-dependent work (per pair,
// per context token) but with its launch and the KV-cache writes.
struct LayerCosts {
  Cost qkv_proj, attention_fixed, o_proj, mlp_up_gate, mlp_down, moe_router, allreduce, other;
  Attribution attribution() const;
  double time() const;
};

class OperatorModel {
 public:
  OperatorModel(const Model& model, const Gpu& gpu, const EngineProfile& engine, const Deployment& d);

  LayerCosts layer(double tokens) const;
  Cost prefill_attention_per_pair() const;    // one (query, key) pair, one layer
  Cost decode_attention_per_token() const;    // one token of context read by one decoding sequence, one layer
  Cost lm_head(double sampling_seqs) const;   // final norm, LM head, logits
  Cost embedding(double tokens) const;        // token embedding gather
  Cost pipeline(double tokens) const;         // (pp − 1) hand-offs of the activations
  double step_overhead_s() const { return engine_.step_overhead_s; }
  int layers() const { return model_.layers; }

 private:
  const Model& model_;
  const Gpu& gpu_;
  const EngineProfile& engine_;
  Deployment d_;
  GpuShape s_;
};

}  // namespace hippo::perf
