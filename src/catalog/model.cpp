// Parameter counts and KV-cache size derived from a model's shape (never typed in).
#include <algorithm>

#include "hippo/catalog.hpp"

namespace hippo {

double dtype_bytes(DType t) {
  switch (t) {
    case DType::bf16: return 2.0;
    case DType::fp8: return 1.0;
    case DType::int8: return 1.0;
    case DType::int4: return 0.5;
    case DType::fp4: return 0.5;
  }
  return 2.0;
}

const char* dtype_name(DType t) {
  switch (t) {
    case DType::bf16: return "bf16";
    case DType::fp8: return "fp8";
    case DType::int8: return "int8";
    case DType::int4: return "int4";
    case DType::fp4: return "fp4";
  }
  return "bf16";
}

bool parse_dtype(const std::string& s, DType& out) {
  if (s == "bf16" || s == "fp16") out = DType::bf16;
  else if (s == "fp8") out = DType::fp8;
  else if (s == "int8") out = DType::int8;
  else if (s == "int4") out = DType::int4;
  else if (s == "fp4" || s == "nvfp4") out = DType::fp4;
  else return false;
  return true;
}

const char* weight_format_name(WeightFormat f) {
  switch (f) {
    case WeightFormat::bf16: return "bf16";
    case WeightFormat::fp8: return "fp8";
    case WeightFormat::mxfp4: return "mxfp4";
    case WeightFormat::nvfp4: return "nvfp4";
  }
  return "bf16";
}

bool parse_weight_format(const std::string& s, WeightFormat& out) {
  for (WeightFormat f : {WeightFormat::bf16, WeightFormat::fp8, WeightFormat::mxfp4, WeightFormat::nvfp4})
    if (s == weight_format_name(f)) {
      out = f;
      return true;
    }
  return false;
}

bool Model::is_moe_layer(int layer) const {
  return is_moe() && layer >= first_dense_layers && (layer - first_dense_layers + 1) % moe_layer_interval == 0;
}

bool Model::is_windowed_layer(int layer) const {
  if (window_tokens <= 0) return false;
  return layer_pattern.empty() || layer_pattern[static_cast<std::size_t>(layer) % layer_pattern.size()] == 'w';
}

int Model::moe_layers() const {
  int n = 0;
  for (int i = 0; i < layers; ++i) n += is_moe_layer(i);
  return n;
}

int Model::windowed_layers() const {
  int n = 0;
  for (int i = 0; i < layers; ++i) n += is_windowed_layer(i);
  return n;
}

double Model::attention_params_per_layer() const {
  const double d = hidden, h = heads;
  const double sinks = attention_sinks ? h : 0.0;
  if (is_mla()) {
    const double qk = qk_nope_head_dim + qk_rope_head_dim;
    const double q = q_lora_rank > 0 ? d * q_lora_rank + q_lora_rank + q_lora_rank * h * qk : d * h * qk;  // (+ its norm)
    const double kv = d * (kv_lora_rank + qk_rope_head_dim) + kv_lora_rank + kv_lora_rank * h * (qk_nope_head_dim + v_head_dim);
    return q + kv + h * v_head_dim * d + sinks;
  }
  const double dh = head_dim;
  return d * (heads + 2.0 * kv_heads) * dh + heads * dh * d + sinks;  // qkv and output projections
}

double Model::mlp_params_per_expert() const {
  return (gated_mlp ? 3.0 : 2.0) * hidden * static_cast<double>(expert_ffn);
}

double Model::shared_expert_params() const {
  return shared_experts * (gated_mlp ? 3.0 : 2.0) * hidden * static_cast<double>(shared_expert_ffn);
}

double Model::dense_mlp_params() const { return (gated_mlp ? 3.0 : 2.0) * hidden * static_cast<double>(ffn); }

double Model::router_params_per_layer() const { return is_moe() ? double(hidden) * experts : 0.0; }

double Model::norm_params_per_layer() const { return 2.0 * hidden; }  // pre-attention and pre-MLP RMSNorm

double Model::embedding_params() const {
  return double(vocab) * hidden * (tied_embeddings ? 1.0 : 2.0) + hidden;  // + final norm
}

// The sums keep the order of the dense-only formula, so that dense models' counts stay bit for bit.
double Model::params() const {
  const double dense = attention_params_per_layer() + dense_mlp_params() + norm_params_per_layer();
  const double moe = attention_params_per_layer() + experts * mlp_params_per_expert() + router_params_per_layer() +
                     norm_params_per_layer() + shared_expert_params();
  return dense_layers() * dense + moe_layers() * moe + embedding_params();
}

double Model::active_params() const {
  const double dense = attention_params_per_layer() + dense_mlp_params() + norm_params_per_layer();
  const double moe = attention_params_per_layer() + active_experts * mlp_params_per_expert() +
                     router_params_per_layer() + norm_params_per_layer() + shared_expert_params();
  return dense_layers() * dense + moe_layers() * moe + embedding_params();
}

double Model::mtp_params() const {
  const double layer = attention_params_per_layer() + norm_params_per_layer() +
                       (is_moe() ? experts * mlp_params_per_expert() + router_params_per_layer() + shared_expert_params()
                                 : dense_mlp_params());
  return mtp_layers * (layer + 2.0 * hidden * hidden + 3.0 * hidden);  // + the 2d→d projection and its three norms
}

double Model::kv_bytes_per_token_per_layer(DType kv) const {
  if (is_mla()) return double(kv_lora_rank + qk_rope_head_dim) * dtype_bytes(kv);
  return 2.0 * kv_heads * head_dim * dtype_bytes(kv);  // K and V
}

double Model::kv_bytes_per_token(DType kv) const {
  if (is_mla()) return layers * kv_bytes_per_token_per_layer(kv);
  return 2.0 * layers * kv_heads * head_dim * dtype_bytes(kv);  // K and V
}

double Model::kv_bytes_for_context(double tokens, DType kv) const {
  const double windowed = windowed_layers();
  const double held = window_tokens > 0 ? std::min(tokens, double(window_tokens)) : tokens;
  return ((layers - windowed) * tokens + windowed * held) * kv_bytes_per_token_per_layer(kv);
}

}  // namespace hippo
