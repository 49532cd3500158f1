// Parameter counts and KV-cache size derived from a model's shape (never typed in).
#include "hippo/catalog.hpp"

namespace hippo {

double dtype_bytes(DType t) {
  switch (t) {
    case DType::bf16: return 2.0;
    case DType::fp8: return 1.0;
    case DType::int8: return 1.0;
    case DType::int4: return 0.5;
  }
  return 2.0;
}

const char* dtype_name(DType t) {
  switch (t) {
    case DType::bf16: return "bf16";
    case DType::fp8: return "fp8";
    case DType::int8: return "int8";
    case DType::int4: return "int4";
  }
  return "bf16";
}

bool parse_dtype(const std::string& s, DType& out) {
  if (s == "bf16" || s == "fp16") out = DType::bf16;
  else if (s == "fp8") out = DType::fp8;
  else if (s == "int8") out = DType::int8;
  else if (s == "int4") out = DType::int4;
  else return false;
  return true;
}

double Model::attention_params_per_layer() const {
  const double d = hidden, dh = head_dim;
  return d * (heads + 2.0 * kv_heads) * dh + heads * dh * d;  // qkv and output projections
}

double Model::mlp_params_per_expert() const {
  return (gated_mlp ? 3.0 : 2.0) * hidden * static_cast<double>(ffn);
}

double Model::router_params_per_layer() const { return is_moe() ? double(hidden) * experts : 0.0; }

double Model::norm_params_per_layer() const { return 2.0 * hidden; }  // pre-attention and pre-MLP RMSNorm

double Model::embedding_params() const {
  return double(vocab) * hidden * (tied_embeddings ? 1.0 : 2.0) + hidden;  // + final norm
}

double Model::params() const {
  const double layer = attention_params_per_layer() + experts * mlp_params_per_expert() +
                       router_params_per_layer() + norm_params_per_layer();
  return layers * layer + embedding_params();
}

double Model::active_params() const {
  const double layer = attention_params_per_layer() + active_experts * mlp_params_per_expert() +
                       router_params_per_layer() + norm_params_per_layer();
  return layers * layer + embedding_params();
}

double Model::kv_bytes_per_token(DType kv) const {
  return 2.0 * layers * kv_heads * head_dim * dtype_bytes(kv);  // K and V
}

}  // namespace hippo
