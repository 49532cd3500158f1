// A model record from a Hugging Face config.json: each supported architecture's keys mapped onto
// hippo's schema (docs/catalog.md). What the schema cannot express is refused, never guessed.
#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "hippo/model_import.hpp"
#include "hippo/errors.hpp"

namespace hippo {

namespace {

using nlohmann::json;

enum class Family { llama, qwen2, qwen2_moe, qwen3_moe, mixtral, llama4, deepseek, gpt_oss };

struct Architecture {
  const char* name;
  Family family;
};

// The `architectures` entries hippo reads (Llama 2 and 3 are LlamaForCausalLM).
const std::vector<Architecture> kArchitectures = {
    {"LlamaForCausalLM", Family::llama},          {"MistralForCausalLM", Family::llama},
    {"Qwen2ForCausalLM", Family::qwen2},          {"Qwen3ForCausalLM", Family::qwen2},
    {"Qwen2MoeForCausalLM", Family::qwen2_moe},   {"Qwen3MoeForCausalLM", Family::qwen3_moe},
    {"MixtralForCausalLM", Family::mixtral},      {"Llama4ForConditionalGeneration", Family::llama4},
    {"Llama4ForCausalLM", Family::llama4},        {"DeepseekV2ForCausalLM", Family::deepseek},
    {"DeepseekV3ForCausalLM", Family::deepseek},  {"GptOssForCausalLM", Family::gpt_oss}};

// Reads one config object; errors name the file and the config key (prefixed "text_config." for
// Llama 4's text model).
class Reader {
 public:
  Reader(const json& j, std::string file, std::string prefix) : j_(j), file_(std::move(file)), prefix_(std::move(prefix)) {}

  bool has(const char* key) const { return j_.contains(key) && !j_[key].is_null(); }
  const json& at(const char* key) const { return j_[key]; }
  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw InputError({file_, 0, prefix_ + key}, what);
  }

  int whole(const char* key, int lo) const {
    if (!has(key)) fail(key, "required number is missing");
    return checked(key, lo);
  }
  int whole_or(const char* key, int fallback, int lo) const { return has(key) ? checked(key, lo) : fallback; }
  bool flag_or(const char* key, bool fallback) const {
    if (!has(key)) return fallback;
    if (!j_[key].is_boolean()) fail(key, "expected true or false, got " + j_[key].dump());
    return j_[key].get<bool>();
  }
  std::string text_or(const char* key, const std::string& fallback) const {
    if (!has(key)) return fallback;
    if (!j_[key].is_string()) fail(key, "expected text, got " + j_[key].dump());
    return j_[key].get<std::string>();
  }

 private:
  int checked(const char* key, int lo) const {
    const json& v = j_[key];
    const bool ok = v.is_number_integer() && v.get<long long>() >= lo && v.get<long long>() <= 1000000000LL;
    if (!ok) fail(key, fmt::format("expected a whole number ≥ {}, got {}", lo, v.dump()));
    return v.get<int>();
  }

  const json& j_;
  std::string file_, prefix_;
};

// The shortest w/f string that, repeated, gives `full`.
std::string compress(const std::string& full) {
  for (std::size_t period = 1; period <= full.size(); ++period) {
    if (full.size() % period != 0) continue;
    bool repeats = true;
    for (std::size_t i = period; i < full.size() && repeats; ++i) repeats = full[i] == full[i % period];
    if (repeats) return full.substr(0, period);
  }
  return full;
}

// `layer_types` ("sliding_attention", "chunked_attention", "full_attention") as a w/f pattern.
std::string pattern_of(const Reader& r, const char* key) {
  const json& types = r.at(key);
  if (!types.is_array() || types.empty()) r.fail(key, "expected a list of layer types");
  std::string full;
  for (const auto& t : types) {
    const std::string s = t.is_string() ? t.get<std::string>() : "";
    if (s == "sliding_attention" || s == "chunked_attention") full += 'w';
    else if (s == "full_attention") full += 'f';
    else r.fail(key, "expected sliding_attention, chunked_attention or full_attention, got " + t.dump());
  }
  return compress(full);
}

// quantization_config: which weights ship quantized, and how.
void read_quantization(const Reader& r, Model& m) {
  if (!r.has("quantization_config")) return;
  const json& q = r.at("quantization_config");
  if (!q.is_object()) r.fail("quantization_config", "expected a mapping");
  std::string method = q.contains("quant_method") && q["quant_method"].is_string() ? q["quant_method"].get<std::string>() : "";
  if (method == "modelopt" && q.contains("quant_algo") && q["quant_algo"].is_string())
    method = q["quant_algo"].get<std::string>() == "NVFP4" ? "nvfp4" : q["quant_algo"].get<std::string>() == "FP8" ? "fp8" : method;
  if (method == "fp8" || method == "fbgemm_fp8") {
    m.weights_dtype = m.expert_weights_dtype = WeightFormat::fp8;
  } else if (method == "mxfp4") {  // GPT-OSS: the routed experts; attention, router and embeddings stay bf16
    m.expert_weights_dtype = WeightFormat::mxfp4;
  } else if (method == "nvfp4") {
    m.weights_dtype = m.expert_weights_dtype = WeightFormat::nvfp4;
  } else {
    r.fail("quantization_config.quant_method",
           "expected fp8, fbgemm_fp8, mxfp4 or modelopt (FP8, NVFP4), got " +
               (q.contains("quant_method") ? q["quant_method"].dump() : std::string("nothing")));
  }
}

void read_common(const Reader& r, Model& m) {
  m.layers = r.whole("num_hidden_layers", 1);
  m.hidden = r.whole("hidden_size", 1);
  m.heads = r.whole("num_attention_heads", 1);
  m.kv_heads = r.whole_or("num_key_value_heads", m.heads, 1);
  if (m.heads % m.kv_heads != 0)
    r.fail("num_key_value_heads", fmt::format("expected a divisor of num_attention_heads ({}), got {}", m.heads, m.kv_heads));
  m.head_dim = r.whole_or("head_dim", m.hidden / m.heads, 1);
  m.ffn = r.whole("intermediate_size", 1);
  m.vocab = r.whole("vocab_size", 1);
  m.tied_embeddings = r.flag_or("tie_word_embeddings", false);
  m.gated_mlp = true;  // every architecture above uses a gated (SwiGLU-style) MLP
}

void read_moe(const Reader& r, Model& m, const char* experts_key, const char* expert_ffn_key) {
  m.experts = r.whole(experts_key, 1);
  m.active_experts = r.whole("num_experts_per_tok", 1);
  if (m.active_experts > m.experts)
    r.fail("num_experts_per_tok", fmt::format("expected at most {} ({}), got {}", experts_key, m.experts, m.active_experts));
  m.expert_ffn = expert_ffn_key ? r.whole(expert_ffn_key, 1) : m.ffn;
  m.shared_expert_ffn = m.expert_ffn;
}

// Windows of Mistral, Mixtral and Qwen2/3: one sliding window over every layer, or (Qwen) over
// the layers from max_window_layers on; `layer_types` wins where a config lists it.
void read_sliding(const Reader& r, Model& m, bool qwen) {
  if (qwen && !r.flag_or("use_sliding_window", false)) return;
  if (!r.has("sliding_window")) return;
  m.window_tokens = r.whole("sliding_window", 1);
  if (r.has("layer_types")) {
    m.layer_pattern = pattern_of(r, "layer_types");
  } else if (qwen) {
    const int first = std::min(r.whole_or("max_window_layers", 0, 0), m.layers);
    m.layer_pattern = compress(std::string(first, 'f') + std::string(m.layers - first, 'w'));
  }
  if (m.layer_pattern == "f") m.window_tokens = 0;  // no layer is windowed
  if (m.layer_pattern == "w" || m.layer_pattern == "f") m.layer_pattern.clear();
}

void read_llama4(const Reader& r, Model& m) {
  read_common(r, m);
  m.ffn = r.whole("intermediate_size_mlp", 1);  // the dense layers' MLP; intermediate_size is the experts'
  read_moe(r, m, "num_local_experts", "intermediate_size");
  m.shared_experts = 1;  // Llama 4 adds one shared expert of the experts' size to every MoE layer
  m.moe_layer_interval = r.whole_or("interleave_moe_layer_step", 1, 1);
  if (r.has("moe_layers")) {
    const json& listed = r.at("moe_layers");
    std::vector<int> expected;
    for (int i = 0; i < m.layers; ++i)
      if (m.is_moe_layer(i)) expected.push_back(i);
    if (!listed.is_array() || listed != json(expected))
      r.fail("moe_layers", fmt::format("expected layers {}, {}, … (every interleave_moe_layer_step = {} from layer {})",
                                       m.moe_layer_interval - 1, 2 * m.moe_layer_interval - 1, m.moe_layer_interval,
                                       m.moe_layer_interval - 1));
  }
  m.router = "sigmoid";
  if (r.has("attention_chunk_size")) {
    m.window_tokens = r.whole("attention_chunk_size", 1);
    m.window_kind = "chunked";
    // Layers with RoPE attend within their chunk; every no_rope_layer_interval-th is a global NoPE layer.
    std::string full;
    if (r.has("no_rope_layers") && r.at("no_rope_layers").is_array() && !r.at("no_rope_layers").empty()) {
      const json& rope = r.at("no_rope_layers");
      if (static_cast<int>(rope.size()) != m.layers) r.fail("no_rope_layers", "expected one entry per layer");
      for (const auto& v : rope) {
        if (!v.is_number_integer() || (v != 0 && v != 1)) r.fail("no_rope_layers", "expected 0 or 1 per layer, got " + v.dump());
        full += v == 1 ? 'w' : 'f';
      }
    } else {
      const int every = r.whole_or("no_rope_layer_interval", 4, 1);
      for (int i = 0; i < m.layers; ++i) full += (i + 1) % every != 0 ? 'w' : 'f';
    }
    m.layer_pattern = compress(full);
    if (m.layer_pattern == "w") m.layer_pattern.clear();
  }
}

void read_deepseek(const Reader& r, Model& m) {
  read_common(r, m);
  read_moe(r, m, "n_routed_experts", "moe_intermediate_size");
  m.shared_experts = r.whole_or("n_shared_experts", 0, 0);
  m.first_dense_layers = r.whole_or("first_k_dense_replace", 0, 0);
  if (m.first_dense_layers >= m.layers)
    r.fail("first_k_dense_replace", fmt::format("expected fewer than num_hidden_layers ({}), got {}", m.layers, m.first_dense_layers));
  if (r.whole_or("moe_layer_freq", 1, 1) != 1)
    r.fail("moe_layer_freq", "expected 1: hippo models every layer past first_k_dense_replace as MoE");
  const std::string scoring = r.text_or("scoring_func", "softmax");
  if (scoring != "softmax" && scoring != "sigmoid") r.fail("scoring_func", "expected softmax or sigmoid, got '" + scoring + "'");
  m.router = scoring;
  m.kv_lora_rank = r.whole("kv_lora_rank", 1);
  m.q_lora_rank = r.whole_or("q_lora_rank", 0, 0);
  m.qk_rope_head_dim = r.whole("qk_rope_head_dim", 1);
  m.qk_nope_head_dim = r.whole("qk_nope_head_dim", 1);
  m.v_head_dim = r.whole("v_head_dim", 1);
  m.head_dim = m.qk_nope_head_dim + m.qk_rope_head_dim;
  m.mtp_layers = r.whole_or("num_nextn_predict_layers", 0, 0);
}

void read_gpt_oss(const Reader& r, Model& m) {
  read_common(r, m);
  m.head_dim = r.whole("head_dim", 1);
  read_moe(r, m, "num_local_experts", nullptr);
  m.window_tokens = r.whole("sliding_window", 1);
  m.layer_pattern = r.has("layer_types") ? pattern_of(r, "layer_types") : "wf";  // HF's default: alternate, sliding first
  if (m.layer_pattern == "w") m.layer_pattern.clear();
  m.attention_sinks = true;
}

std::string default_id(const std::string& file) {
  namespace fs = std::filesystem;
  const fs::path p(file);
  std::string id = p.stem().string();
  if (id == "config" && p.has_parent_path() && !p.parent_path().filename().empty() && p.parent_path().filename() != ".")
    id = p.parent_path().filename().string();
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::tolower(c); });
  return id.empty() ? "imported" : id;
}

int line_at(const std::string& text, std::size_t byte) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + std::min(byte, text.size()), '\n'));
}

}  // namespace

Model import_hf_config(const std::string& text, const std::string& file, const std::string& id) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    throw InputError({file, line_at(text, e.byte > 0 ? e.byte - 1 : 0), ""}, "expected a Hugging Face config.json: not valid JSON");
  } catch (const json::out_of_range& e) {
    // nlohmann refuses a number beyond a double (1e9002) while parsing and names it only in its
    // message, between quotes: find it in the text for the line.
    const std::string what = e.what();
    const auto open = what.find('\''), close = what.rfind('\'');
    const std::string number = open < close ? what.substr(open + 1, close - open - 1) : "";
    const auto at = number.empty() ? std::string::npos : text.find(number);
    throw InputError({file, at == std::string::npos ? 0 : line_at(text, at), ""},
                     "expected a Hugging Face config.json: the number '" + number + "' is beyond the range of a double");
  }
  if (!root.is_object()) throw InputError({file, 1, ""}, "expected a Hugging Face config.json: a JSON object");
  const Reader top(root, file, "");
  if (!top.has("architectures") || !root["architectures"].is_array() || root["architectures"].empty() ||
      !root["architectures"][0].is_string())
    top.fail("architectures", "required list is missing (the model class, such as LlamaForCausalLM)");
  const std::string arch = root["architectures"][0].get<std::string>();
  const auto known = std::find_if(kArchitectures.begin(), kArchitectures.end(), [&](const auto& a) { return arch == a.name; });
  if (known == kArchitectures.end()) {
    std::string names;
    for (const auto& a : kArchitectures) names += (names.empty() ? "" : ", ") + std::string(a.name);
    top.fail("architectures", "unknown architecture '" + arch + "' (known: " + names + ")");
  }
  Model m;
  m.id = id.empty() ? default_id(file) : id;
  m.name = m.id;
  switch (known->family) {
    case Family::llama:
      read_common(top, m);
      read_sliding(top, m, false);
      break;
    case Family::qwen2:
      read_common(top, m);
      read_sliding(top, m, true);
      break;
    case Family::qwen2_moe:
    case Family::qwen3_moe: {
      read_common(top, m);
      read_moe(top, m, "num_experts", "moe_intermediate_size");
      m.moe_layer_interval = top.whole_or("decoder_sparse_step", 1, 1);
      if (top.has("mlp_only_layers") && !(root["mlp_only_layers"].is_array() && root["mlp_only_layers"].empty()))
        top.fail("mlp_only_layers", "expected an empty list: hippo places dense layers only first or interleaved");
      if (known->family == Family::qwen2_moe && top.has("shared_expert_intermediate_size")) {
        m.shared_experts = 1;
        m.shared_expert_ffn = top.whole("shared_expert_intermediate_size", 1);
      }
      read_sliding(top, m, true);
      break;
    }
    case Family::mixtral:
      read_common(top, m);
      read_moe(top, m, "num_local_experts", nullptr);
      read_sliding(top, m, false);
      break;
    case Family::llama4: {
      if (root.contains("text_config")) {
        if (!root["text_config"].is_object()) top.fail("text_config", "expected a mapping");
        read_llama4(Reader(root["text_config"], file, "text_config."), m);
      } else {
        read_llama4(top, m);
      }
      break;
    }
    case Family::deepseek:
      read_deepseek(top, m);
      break;
    case Family::gpt_oss:
      read_gpt_oss(top, m);
      break;
  }
  read_quantization(top, m);
  if (m.expert_ffn == 0) m.expert_ffn = m.ffn;  // the schema's defaults (records.cpp)
  if (m.shared_expert_ffn == 0) m.shared_expert_ffn = m.expert_ffn;
  for (const auto& [key, value] : model_record_fields(m)) m.sources[key] = "imported from " + file + " by hippo catalog import-hf";
  return m;
}

}  // namespace hippo
