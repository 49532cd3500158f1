// The operators of one transformer layer and of the per-step head, for one GPU of a deployment
// (internal to src/perf). Both the precomputed tables of StepTimeModel and the breakdown of
// `hippo perf` are built from these functions, so they agree.
#pragma once
#include "hippo/perf.hpp"
#include "perf/roofline.hpp"

namespace hippo::perf {

// Shapes seen by one GPU of a stage of tp GPUs. Attention: heads split over tp (KV heads split, or
// replicated when tp exceeds them), or, with attention data parallelism, every GPU holds all heads
// and runs 1/tp of the step's tokens (as do the dense MLPs and shared experts: SGLang's
// --enable-dp-attention with dense layers data-parallel). Routed experts: E/ep per GPU, each split
// over tp/ep GPUs (ep = 1: every expert split tp ways; ep = tp: each whole on one GPU).
struct GpuShape {
  double d = 0;          // hidden
  int tp = 1, ep = 1;
  bool dp_attention = false;
  double token_share = 1;  // of the step's tokens this GPU's attention and dense MLPs run: 1 or 1/tp
  double q_heads = 0;      // h / tp, or h with attention data parallelism
  double kv_heads = 0;     // ceil(h_kv / tp), or h_kv
  double head_dim = 0;
  bool mla = false;        // multi-head latent attention: a latent of kv_lora + rope per token
  double kv_lora = 0, q_lora = 0, rope = 0, nope = 0, v_dim = 0;
  double ffn = 0;          // a dense layer's FFN columns on this GPU
  double mlp_mats = 3;     // 3 gated (gate, up, down), 2 plain
  int experts = 1, active = 1;
  double local_experts = 1;  // routed experts on this GPU: E / ep
  double expert_ffn = 0;     // columns of one routed expert on this GPU: expert_ffn · ep / tp
  double shared_ffn = 0;     // all shared experts' columns on this GPU
  // The routed experts' weights: the deployment's type, or, for a checkpoint that ships them in
  // MXFP4 (GPT-OSS) deployed wider than 4 bits, FP4 math with MXFP4's bytes (as vLLM, SGLang and
  // TensorRT-LLM serve them: the MXFP4 MoE kernels, attention at the deployment's type).
  DType expert_weights = DType::bf16;
  double expert_weight_bytes = 2;
  double vocab = 0;          // V / tp (vocabulary-parallel LM head)
  double kv_bytes_per_token_layer = 0;  // KV cache of one token in one layer on the GPU that holds it
};

GpuShape gpu_shape(const Model& model, const Deployment& d);
// Whether the routed experts stay in the checkpoint's MXFP4 (see GpuShape::expert_weights).
bool mxfp4_experts(const Model& model, const Deployment& d);

// Costs of one layer for T new tokens, without the attention's context-dependent work (per pair,
// per context token) but with its launch and the KV-cache writes.
struct LayerCosts {
  Cost qkv_proj, attention_fixed, o_proj, mlp_up_gate, mlp_down, moe_router, allreduce, other;
  Attribution attribution() const;
  double time() const;
};

enum class LayerKind { dense, moe };

class OperatorModel {
 public:
  OperatorModel(const Model& model, const Gpu& gpu, const EngineProfile& engine, const Deployment& d);

  LayerCosts layer(double tokens, LayerKind kind) const;
  Cost prefill_attention_per_pair() const;    // one (query, key) pair of the replica's step, one layer
  Cost decode_attention_per_token() const;    // one token of context read by one decoding sequence, one layer
  Cost lm_head(double sampling_seqs) const;   // final norm, LM head, logits
  Cost embedding(double tokens) const;        // token embedding gather
  Cost pipeline(double tokens) const;         // (pp − 1) hand-offs of the activations
  double step_overhead_s() const { return engine_.step_overhead_s; }
  const GpuShape& shape() const { return s_; }

 private:
  Cost attention_projections(double ta, Cost& o_proj) const;
  const Model& model_;
  const Gpu& gpu_;
  const EngineProfile& engine_;
  Deployment d_;
  GpuShape s_;
};

// The step-time tables of `dense` + `moe` layers of `ops` (`windowed` of them windowed) with the
// embedding, the pipeline hand-offs and the LM head: a whole model's, or an MTP draft's one layer.
StepTimeModel step_tables(const OperatorModel& ops, const Model& m, int dense, int moe, int windowed, double overhead_s);

// Bytes of one layer's weights on one GPU of deployment `d`.
double layer_weight_bytes(const Model& m, const Deployment& d, LayerKind kind);

}  // namespace hippo::perf
