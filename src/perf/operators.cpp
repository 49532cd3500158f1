// Per-operator costs of a decoder-only transformer on one GPU (design.md, "Performance model").
// T = new tokens in the step; d hidden, h heads, h_kv KV heads, d_h head dim, f FFN, V vocab;
// per GPU: h/tp heads, ceil(h_kv/tp) KV heads, f/tp FFN columns, V/tp vocabulary rows.
#include "perf/operators.hpp"

#include <cmath>

namespace hippo::perf {

GpuShape gpu_shape(const Model& m, int tp) {
  GpuShape s;
  s.d = m.hidden;
  s.q_heads = static_cast<double>(m.heads) / tp;
  s.kv_heads = std::ceil(static_cast<double>(m.kv_heads) / tp);
  s.head_dim = m.head_dim;
  s.ffn = static_cast<double>(m.ffn) / tp;
  s.vocab = static_cast<double>(m.vocab) / tp;
  s.mlp_mats = m.gated_mlp ? 3 : 2;
  s.experts = m.experts;
  s.active = m.active_experts;
  s.tp = tp;
  return s;
}

Attribution LayerCosts::attribution() const {
  Attribution a;
  for (const Cost* c : {&qkv_proj, &attention_fixed, &o_proj, &mlp_up_gate, &mlp_down, &moe_router, &allreduce, &other})
    a.add(*c);
  return a;
}

double LayerCosts::time() const { return attribution().total(); }

OperatorModel::OperatorModel(const Model& model, const Gpu& gpu, const EngineProfile& engine, const Deployment& d)
    : model_(model), gpu_(gpu), engine_(engine), d_(d), s_(gpu_shape(model, d.tp)) {}

LayerCosts OperatorModel::layer(double t) const {
  LayerCosts c;
  if (t <= 0) return c;
  const GpuShape& s = s_;
  const DType w = d_.weights;
  const double qkv_cols = (s.q_heads + 2 * s.kv_heads) * s.head_dim;
  const double attn_width = s.q_heads * s.head_dim;
  const double up_cols = (s.mlp_mats - 1) * s.ffn;  // gate and up fused (gated), or up alone
  c.qkv_proj = gemm(gpu_, engine_, t, s.d, qkv_cols, w);
  c.o_proj = gemm(gpu_, engine_, t, attn_width, s.d, w);
  // The attention kernel's launch and writing the new tokens' K and V into the cache.
  c.attention_fixed.fixed_s = engine_.kernel_overhead_s;
  c.attention_fixed.memory_s =
      t * 2 * s.kv_heads * s.head_dim * dtype_bytes(d_.kv) / achievable_bandwidth(gpu_, engine_, 1e9);
  double act_rows = t;  // rows through the activation function
  if (s.experts > 1) {
    // Router [T,d]×[d,E] in bf16 (replicated); experts: each token goes to k of E, the weights read
    // are those of the experts touched, E·(1 − (1 − k/E)^T); FLOPs follow the k active ones.
    c.moe_router = gemm(gpu_, engine_, t, s.d, s.experts, DType::bf16);
    const double touched = experts_touched(s.experts, s.active, t);
    const double rows = t * s.active;
    c.mlp_up_gate = grouped_gemm(gpu_, engine_, rows, touched, s.d, up_cols, w);
    c.mlp_down = grouped_gemm(gpu_, engine_, rows, touched, s.ffn, s.d, w);
    act_rows = rows;
  } else {
    c.mlp_up_gate = gemm(gpu_, engine_, t, s.d, up_cols, w);
    c.mlp_down = gemm(gpu_, engine_, t, s.ffn, s.d, w);
  }
  // Two all-reduces of the T·d activations (after attention and after the MLP).
  const Cost ar = allreduce(gpu_, engine_, t * s.d * kActivationBytes, d_.tp);
  c.allreduce = ar.scaled(2);
  // Element-wise: two RMSNorms fused with their residual adds (read x and residual, write both:
  // 4·T·d each), rotary on q and k (read and write), the activation (gated: read 2·f, write f).
  const double norm_bytes = 2 * 4 * t * s.d;
  const double rotary_bytes = 2 * t * (s.q_heads + s.kv_heads) * s.head_dim;
  const double act_bytes = act_rows * s.ffn * (s.mlp_mats == 3 ? 3 : 2);
  c.other = elementwise(gpu_, engine_, (norm_bytes + rotary_bytes + act_bytes) * kActivationBytes, kOtherKernelsPerLayer);
  return c;
}

Cost OperatorModel::prefill_attention_per_pair() const {
  // Causal attention: QKᵀ and PV, 2 FLOPs per multiply-add each, per query head: 4·d_h per pair.
  Cost c;
  c.compute_s = 4 * s_.q_heads * s_.head_dim /
                (gpu_.bf16_tflops * kFlopsPerTflop * engine_.attention_compute_efficiency);
  return c;
}

Cost OperatorModel::decode_attention_per_token() const {
  // Each decoding sequence reads K and V of every cached token: 2·ceil(h_kv/tp)·d_h·bytes_kv.
  Cost c;
  c.memory_s = 2 * s_.kv_heads * s_.head_dim * dtype_bytes(d_.kv) /
               (gpu_.hbm_tb_s * kBytesPerTB * engine_.attention_memory_efficiency);
  c.compute_s = 4 * s_.q_heads * s_.head_dim /
                (gpu_.bf16_tflops * kFlopsPerTflop * engine_.attention_compute_efficiency);
  return c;
}

Cost OperatorModel::lm_head(double seqs) const {
  if (seqs <= 0) return {};
  // Embedding and LM head stay in bf16 whatever the weights' type (quantisation recipes leave them).
  Cost head = gemm(gpu_, engine_, seqs, s_.d, s_.vocab, DType::bf16);
  const double bytes = seqs * s_.d * 2 * kActivationBytes      // final norm: read, write
                       + seqs * s_.vocab * 2 * kLogitBytes;    // logits: write, read by the sampler
  const Cost rest = elementwise(gpu_, engine_, bytes, 2);
  return {head.compute_s, head.memory_s + rest.memory_s, head.fixed_s + rest.fixed_s};
}

Cost OperatorModel::embedding(double t) const {
  return elementwise(gpu_, engine_, t * s_.d * 2 * kActivationBytes, 1);
}

Cost OperatorModel::pipeline(double t) const {
  if (d_.pp <= 1 || t <= 0) return {};
  return p2p(gpu_, engine_, t * s_.d * kActivationBytes).scaled(d_.pp - 1);
}

}  // namespace hippo::perf
