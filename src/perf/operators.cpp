// Per-operator costs of a decoder-only transformer on one GPU (design.md, "Performance model").
// T = new tokens in the step; d hidden, h heads, h_kv KV heads, d_h head dim, f FFN, V vocab;
// per GPU: h/tp heads, ceil(h_kv/tp) KV heads, f/tp FFN columns, V/tp vocabulary rows (tensor
// parallelism), or every head over T/tp tokens (attention data parallelism). MoE: E/ep experts
// per GPU; multi-head latent attention (DeepSeek-V3) caches one latent per token.
#include "perf/operators.hpp"

#include <cmath>

namespace hippo::perf {

bool mxfp4_experts(const Model& m, const Deployment& d) {
  return m.is_moe() && m.expert_weights_dtype == WeightFormat::mxfp4 &&
         (d.weights == DType::bf16 || d.weights == DType::fp8 || d.weights == DType::int8);
}

GpuShape gpu_shape(const Model& m, const Deployment& dep) {
  GpuShape s;
  s.expert_weights = mxfp4_experts(m, dep) ? DType::fp4 : dep.weights;
  s.expert_weight_bytes = mxfp4_experts(m, dep) ? kMxfp4WeightBytes : weight_bytes(dep.weights);
  const int tp = dep.tp;
  s.d = m.hidden;
  s.tp = tp;
  s.ep = dep.ep;
  s.dp_attention = dep.dp_attention && tp > 1;
  const double attn_split = s.dp_attention ? 1 : tp;  // attention and dense MLPs: split tp ways, or whole
  s.token_share = s.dp_attention ? 1.0 / tp : 1.0;
  s.q_heads = m.heads / attn_split;
  s.kv_heads = std::ceil(m.kv_heads / attn_split);
  s.head_dim = m.head_dim;
  s.mla = m.is_mla();
  s.kv_lora = m.kv_lora_rank;
  s.q_lora = m.q_lora_rank;
  s.rope = m.qk_rope_head_dim;
  s.nope = m.qk_nope_head_dim;
  s.v_dim = m.v_head_dim;
  s.ffn = m.ffn / attn_split;
  s.mlp_mats = m.gated_mlp ? 3 : 2;
  s.experts = m.experts;
  s.active = m.active_experts;
  s.local_experts = static_cast<double>(m.experts) / dep.ep;
  s.expert_ffn = static_cast<double>(m.expert_ffn) * dep.ep / tp;
  s.shared_ffn = static_cast<double>(m.shared_experts) * m.shared_expert_ffn / attn_split;
  s.vocab = static_cast<double>(m.vocab) / tp;
  // MLA's latent serves every head: each GPU that runs a sequence's attention holds all of it.
  s.kv_bytes_per_token_layer = s.mla ? (s.kv_lora + s.rope) * dtype_bytes(dep.kv)
                                     : 2 * s.kv_heads * s.head_dim * dtype_bytes(dep.kv);
  return s;
}

Attribution LayerCosts::attribution() const {
  Attribution a;
  for (const Cost* c : {&qkv_proj, &attention_fixed, &o_proj, &mlp_up_gate, &mlp_down, &moe_router, &allreduce, &other})
    a.add(*c);
  return a;
}

double LayerCosts::time() const { return attribution().total(); }

namespace {
Cost sum(const Cost& a, const Cost& b) {
  // Two operators one after the other, reported as one: times add, each on the side that bounds it.
  Attribution x;
  x.add(a);
  x.add(b);
  return {x.compute_s, x.memory_s, x.fixed_s};
}
}  // namespace

OperatorModel::OperatorModel(const Model& model, const Gpu& gpu, const EngineProfile& engine, const Deployment& d)
    : model_(model), gpu_(gpu), engine_(engine), d_(d), s_(gpu_shape(model, d)) {}

// The projections into and out of attention for `ta` tokens on this GPU. MLA: the query through its
// low-rank pair (q_a replicated, q_b per head), the KV latent (kv_a, replicated) and its per-head
// up-projection kv_b (absorbed into the query and output in decode: the same weights and FLOPs per
// token), and the output projection.
Cost OperatorModel::attention_projections(double ta, Cost& o_proj) const {
  const GpuShape& s = s_;
  const DType w = d_.weights;
  if (!s.mla) {
    o_proj = gemm(gpu_, engine_, ta, s.q_heads * s.head_dim, s.d, w);
    return gemm(gpu_, engine_, ta, s.d, (s.q_heads + 2 * s.kv_heads) * s.head_dim, w);
  }
  const double qk = s.nope + s.rope;
  Cost q = s.q_lora > 0 ? sum(gemm(gpu_, engine_, ta, s.d, s.q_lora, w), gemm(gpu_, engine_, ta, s.q_lora, s.q_heads * qk, w))
                        : gemm(gpu_, engine_, ta, s.d, s.q_heads * qk, w);
  q = sum(q, gemm(gpu_, engine_, ta, s.d, s.kv_lora + s.rope, w));
  q = sum(q, gemm(gpu_, engine_, ta, s.kv_lora, s.q_heads * (s.nope + s.v_dim), w));
  o_proj = gemm(gpu_, engine_, ta, s.q_heads * s.v_dim, s.d, w);
  return q;
}

LayerCosts OperatorModel::layer(double t, LayerKind kind) const {
  LayerCosts c;
  if (t <= 0) return c;
  const GpuShape& s = s_;
  const DType w = d_.weights;
  const double ta = t * s.token_share;  // tokens this GPU's attention and dense MLPs run
  const double act_bytes_in = d_.weights == DType::bf16 ? kActivationBytes : 1.0;  // dispatched activations
  c.qkv_proj = attention_projections(ta, c.o_proj);
  // The attention kernel's launch and writing the new tokens' K and V (or latent) into the cache.
  c.attention_fixed.fixed_s = engine_.kernel_overhead_s;
  c.attention_fixed.memory_s = ta * s.kv_bytes_per_token_layer / achievable_bandwidth(gpu_, engine_, 1e9);
  // Tensor parallelism: an all-reduce of the T·d activations after attention and after the MLP.
  // Attention data parallelism: none after attention; the routed experts gather and scatter.
  const Cost ar = allreduce(gpu_, engine_, t * s.d * kActivationBytes, s.tp);
  Cost comm = s.dp_attention ? Cost{} : ar;
  double act_rows = ta;  // rows through the activation function
  double act_width = s.ffn;
  if (kind == LayerKind::moe) {
    // Router [T,d]×[d,E] in bf16 (replicated); routed experts: each token goes to k of E, spread
    // over ep GPUs; the weights read are those of the local experts touched,
    // (E/ep)·(1 − (1 − k/E)^T); each GPU computes T·k/ep rows (balanced routing).
    c.moe_router = gemm(gpu_, engine_, ta, s.d, s.experts, DType::bf16);
    const double touched = s.local_experts * (1.0 - std::pow(1.0 - static_cast<double>(s.active) / s.experts, t));
    const double rows = t * s.active / s.ep;
    const DType ew = s.expert_weights;
    c.mlp_up_gate =
        grouped_gemm(gpu_, engine_, rows, touched, s.d, (s.mlp_mats - 1) * s.expert_ffn, ew, s.expert_weight_bytes);
    c.mlp_down = grouped_gemm(gpu_, engine_, rows, touched, s.expert_ffn, s.d, ew, s.expert_weight_bytes);
    if (s.shared_ffn > 0) {
      c.mlp_up_gate = sum(c.mlp_up_gate, gemm(gpu_, engine_, ta, s.d, (s.mlp_mats - 1) * s.shared_ffn, w));
      c.mlp_down = sum(c.mlp_down, gemm(gpu_, engine_, ta, s.shared_ffn, s.d, w));
    }
    act_rows = rows;
    act_width = s.expert_ffn;
    if (!s.dp_attention) {
      comm = sum(comm, ar);  // routed and shared outputs summed into one all-reduce
    } else if (s.ep > 1) {
      // Dispatch each local token's k copies to the experts' GPUs (8-bit where the weights are) and
      // combine their bf16 outputs back.
      const double copies = ta * s.active * s.d;
      comm = sum(all_to_all(gpu_, engine_, copies * act_bytes_in, s.ep), all_to_all(gpu_, engine_, copies * kActivationBytes, s.ep));
    } else {
      comm = ar;  // experts split tp ways: gather the tokens, reduce-scatter the outputs (an all-reduce's bytes)
    }
  } else {
    c.mlp_up_gate = gemm(gpu_, engine_, ta, s.d, (s.mlp_mats - 1) * s.ffn, w);
    c.mlp_down = gemm(gpu_, engine_, ta, s.ffn, s.d, w);
    if (!s.dp_attention) comm = sum(comm, ar);
  }
  c.allreduce = comm;
  // Element-wise: two RMSNorms fused with their residual adds (read x and residual, write both:
  // 4·T·d each), rotary on q and k (read and write), the activation (gated: read 2·f, write f).
  const double norm_bytes = 2 * 4 * ta * s.d;
  const double rotary_bytes = s.mla ? 2 * ta * (s.q_heads + 1) * s.rope : 2 * ta * (s.q_heads + s.kv_heads) * s.head_dim;
  const double act_bytes = act_rows * act_width * (s.mlp_mats == 3 ? 3 : 2);
  c.other = elementwise(gpu_, engine_, (norm_bytes + rotary_bytes + act_bytes) * kActivationBytes, kOtherKernelsPerLayer);
  return c;
}

Cost OperatorModel::prefill_attention_per_pair() const {
  // Causal attention: QKᵀ and PV, 2 FLOPs per multiply-add, per query head: 2·d_qk + 2·d_v per pair
  // (4·d_h; MLA prefills in the expanded form, d_qk = nope + rope, d_v = v). With attention data
  // parallelism the replica's pairs are spread over its tp GPUs.
  const double per_head = s_.mla ? 2 * (s_.nope + s_.rope) + 2 * s_.v_dim : 4 * s_.head_dim;
  Cost c;
  c.compute_s = s_.token_share * s_.q_heads * per_head /
                (gpu_.bf16_tflops * kFlopsPerTflop * engine_.attention_compute_efficiency);
  return c;
}

Cost OperatorModel::decode_attention_per_token() const {
  // Each decoding sequence reads the cache of every token it attends to: K and V of its KV heads,
  // or MLA's latent and rotary key once for all heads (absorbed attention: per head a QKᵀ over
  // kv_lora + rope and a PV over kv_lora).
  const double per_head = s_.mla ? 2 * (s_.kv_lora + s_.rope) + 2 * s_.kv_lora : 4 * s_.head_dim;
  Cost c;
  c.memory_s = s_.token_share * s_.kv_bytes_per_token_layer /
               (gpu_.hbm_tb_s * kBytesPerTB * engine_.attention_memory_efficiency);
  c.compute_s = s_.token_share * s_.q_heads * per_head /
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
  return elementwise(gpu_, engine_, t * s_.token_share * s_.d * 2 * kActivationBytes, 1);
}

Cost OperatorModel::pipeline(double t) const {
  if (d_.pp <= 1 || t <= 0) return {};
  return p2p(gpu_, engine_, t * s_.d * kActivationBytes).scaled(d_.pp - 1);
}

}  // namespace hippo::perf
