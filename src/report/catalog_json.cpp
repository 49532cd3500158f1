#include "report/catalog_json.hpp"

#include <stdexcept>

#include "hippo/scenario.hpp"

namespace hippo::report {

namespace {

using nlohmann::ordered_json;

ordered_json gpus_json(const Catalog& c) {
  ordered_json out = ordered_json::array();
  for (const auto& g : c.gpus)
    out.push_back({{"id", g.id}, {"name", g.name}, {"vendor", g.vendor}, {"bf16_tflops", g.bf16_tflops},
                   {"fp8_tflops", g.fp8_tflops}, {"fp4_tflops", g.fp4_tflops}, {"int8_tops", g.int8_tops},
                   {"hbm_gb", g.hbm_gb}, {"hbm_tb_s", g.hbm_tb_s}, {"link_gb_s", g.link_gb_s},
                   {"scale_up_domain", g.scale_up_domain}, {"scale_out_gb_s", g.scale_out_gb_s}, {"sms", g.sms},
                   {"boost_clock_mhz", g.boost_clock_mhz}, {"tdp_w", g.tdp_w}, {"idle_w", g.idle_w},
                   {"price_usd", g.price_usd}, {"rental_usd_per_gpu_hour", g.rental_usd_per_gpu_hour},
                   {"available_from", g.available_from}, {"sources", g.sources}});
  return out;
}

ordered_json models_json(const Catalog& c) {
  ordered_json out = ordered_json::array();
  for (const auto& m : c.models)
    out.push_back({{"id", m.id}, {"name", m.name}, {"layers", m.layers}, {"hidden", m.hidden}, {"heads", m.heads},
                   {"kv_heads", m.kv_heads}, {"head_dim", m.head_dim}, {"ffn", m.ffn}, {"vocab", m.vocab},
                   {"gated_mlp", m.gated_mlp}, {"tied_embeddings", m.tied_embeddings}, {"experts", m.experts},
                   {"active_experts", m.active_experts}, {"expert_ffn", m.expert_ffn},
                   {"shared_experts", m.shared_experts}, {"shared_expert_ffn", m.shared_expert_ffn},
                   {"first_dense_layers", m.first_dense_layers}, {"moe_layer_interval", m.moe_layer_interval},
                   {"moe_layers", m.moe_layers()}, {"router", m.router}, {"kv_lora_rank", m.kv_lora_rank},
                   {"q_lora_rank", m.q_lora_rank}, {"qk_rope_head_dim", m.qk_rope_head_dim},
                   {"qk_nope_head_dim", m.qk_nope_head_dim}, {"v_head_dim", m.v_head_dim},
                   {"window_tokens", m.window_tokens}, {"window_kind", m.window_kind},
                   {"layer_pattern", m.layer_pattern}, {"windowed_layers", m.windowed_layers()},
                   {"attention_sinks", m.attention_sinks}, {"weights_dtype", weight_format_name(m.weights_dtype)},
                   {"expert_weights_dtype", weight_format_name(m.expert_weights_dtype)}, {"mtp_layers", m.mtp_layers},
                   {"params", m.params()}, {"active_params", m.active_params()}, {"mtp_params", m.mtp_params()},
                   {"kv_bytes_per_token_bf16", m.kv_bytes_per_token(DType::bf16)}, {"sources", m.sources}});
  return out;
}

ordered_json engines_json(const Catalog& c) {
  ordered_json out = ordered_json::array();
  auto curve = [](const std::vector<EfficiencyPoint>& pts) {
    ordered_json a = ordered_json::array();
    for (const auto& p : pts) a.push_back({p.tokens, p.fraction});
    return a;
  };
  for (const auto& e : c.engines)
    out.push_back({{"id", e.id}, {"default", e.id == c.default_engine}, {"description", e.description},
                   {"tile_quantization", e.tile_quantization}, {"mma_efficiency", e.mma_efficiency},
                   {"fp8_mma_efficiency", e.fp8_mma_efficiency}, {"tile_efficiency_exponent", e.tile_efficiency_exponent},
                   {"wave_overhead_s", e.wave_overhead_s}, {"overlap_exponent", e.overlap_exponent},
                   {"memory_efficiency", curve(e.memory_efficiency)},
                   {"attention_compute_efficiency", e.attention_compute_efficiency},
                   {"attention_memory_efficiency", e.attention_memory_efficiency},
                   {"kernel_overhead_s", e.kernel_overhead_s}, {"step_overhead_s", e.step_overhead_s},
                   {"allreduce_latency_s", e.allreduce_latency_s}, {"link_efficiency", e.link_efficiency},
                   {"hbm_usable_fraction", e.hbm_usable_fraction}, {"workspace_gb", e.workspace_gb},
                   {"sources", e.sources}});
  return out;
}

}  // namespace

ordered_json catalog_json(const Catalog& c, const std::string& kind) {
  if (kind == "gpus") return {{"gpus", gpus_json(c)}};
  if (kind == "models") return {{"models", models_json(c)}};
  if (kind == "engines") return {{"default", c.default_engine}, {"engines", engines_json(c)}};
  if (kind == "scenarios") {
    ordered_json doc = {{"scenarios", ordered_json::array()}};
    for (const auto& s : c.scenarios) doc["scenarios"].push_back({{"name", s.name}, {"description", s.description}});
    return doc;
  }
  if (kind == "keys") {
    ordered_json doc = {{"keys", ordered_json::array()}};
    for (const auto& k : scenario_keys())
      doc["keys"].push_back({{"key", k.key}, {"type", k.type}, {"unit", k.unit}, {"default", k.default_text},
                             {"description", k.description}});
    return doc;
  }
  throw std::invalid_argument("catalog_json: no kind '" + kind + "'");  // callers pass one of the five
}

}  // namespace hippo::report
