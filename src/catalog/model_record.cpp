// A model record written back as YAML in data/models.yaml's schema: what `hippo catalog
// import-hf` prints, and what the loader reads back to the same Model.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "hippo/model_import.hpp"

namespace hippo {

std::vector<std::pair<std::string, std::string>> model_record_fields(const Model& m) {
  std::vector<std::pair<std::string, std::string>> f;
  auto num = [&](const char* k, int v) { f.emplace_back(k, std::to_string(v)); };
  num("layers", m.layers);
  num("hidden", m.hidden);
  num("heads", m.heads);
  num("kv_heads", m.kv_heads);
  num("head_dim", m.head_dim);
  num("ffn", m.ffn);
  num("vocab", m.vocab);
  if (m.is_moe()) {
    num("experts", m.experts);
    num("active_experts", m.active_experts);
  }
  if (m.expert_ffn != m.ffn) num("expert_ffn", m.expert_ffn);
  if (m.shared_experts > 0) num("shared_experts", m.shared_experts);
  if (m.shared_experts > 0 && m.shared_expert_ffn != m.expert_ffn) num("shared_expert_ffn", m.shared_expert_ffn);
  if (m.first_dense_layers > 0) num("first_dense_layers", m.first_dense_layers);
  if (m.moe_layer_interval != 1) num("moe_layer_interval", m.moe_layer_interval);
  if (m.router != "softmax") f.emplace_back("router", m.router);
  if (m.is_mla()) {
    num("kv_lora_rank", m.kv_lora_rank);
    if (m.q_lora_rank > 0) num("q_lora_rank", m.q_lora_rank);
    num("qk_rope_head_dim", m.qk_rope_head_dim);
    num("qk_nope_head_dim", m.qk_nope_head_dim);
    num("v_head_dim", m.v_head_dim);
  }
  if (m.window_tokens > 0) num("window_tokens", m.window_tokens);
  if (m.window_kind != "sliding") f.emplace_back("window_kind", m.window_kind);
  if (!m.layer_pattern.empty()) f.emplace_back("layer_pattern", m.layer_pattern);
  if (m.attention_sinks) f.emplace_back("attention_sinks", "true");
  if (m.weights_dtype != WeightFormat::bf16) f.emplace_back("weights_dtype", weight_format_name(m.weights_dtype));
  if (m.expert_weights_dtype != m.weights_dtype)
    f.emplace_back("expert_weights_dtype", weight_format_name(m.expert_weights_dtype));
  if (m.mtp_layers > 0) num("mtp_layers", m.mtp_layers);
  return f;
}

std::string model_record_yaml(const Model& m) {
  auto quoted = [](const std::string& s) { return nlohmann::json(s).dump(); };  // JSON strings are YAML
  std::string out = "models:\n  - id: " + quoted(m.id) + "\n    name: " + quoted(m.name) + "\n";
  for (const auto& [k, v] : model_record_fields(m)) out += "    " + k + ": " + v + "\n";
  out += std::string("    gated_mlp: ") + (m.gated_mlp ? "true" : "false") + "\n";
  if (m.tied_embeddings) out += "    tied_embeddings: true\n";
  // One line per distinct source, naming its fields in the order above.
  std::vector<std::pair<std::string, std::string>> lines;  // source -> fields
  for (const auto& [k, v] : model_record_fields(m)) {
    const auto s = m.sources.find(k);
    if (s == m.sources.end()) continue;
    auto it = std::find_if(lines.begin(), lines.end(), [&](const auto& l) { return l.first == s->second; });
    if (it == lines.end()) lines.emplace_back(s->second, k);
    else it->second += ", " + k;
  }
  if (!lines.empty()) out += "    sources:\n";
  for (const auto& [source, fields] : lines) out += "      " + fields + ": " + quoted(source) + "\n";
  return out;
}

}  // namespace hippo
