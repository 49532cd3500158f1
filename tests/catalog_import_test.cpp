// `hippo catalog import-hf`: the real config.json of each shipped model gives its shipped record;
// each way a config can be wrong is refused with the file and the config key.
#include <gtest/gtest.h>

#include <filesystem>
#include <yaml-cpp/yaml.h>

#include "catalog/records.hpp"
#include "hippo/errors.hpp"
#include "hippo/model_import.hpp"
#include "support/run_cli.hpp"
#include "util/atomic_file.hpp"

namespace hippo {
namespace {

namespace fs = std::filesystem;
const fs::path kHf = fs::path(HIPPO_SOURCE_DIR) / "tests/data/hf";

// Every field of the schema but the id, the name and the sources.
void expect_same_shape(const Model& a, const Model& b) {
  EXPECT_EQ(a.layers, b.layers);
  EXPECT_EQ(a.hidden, b.hidden);
  EXPECT_EQ(a.heads, b.heads);
  EXPECT_EQ(a.kv_heads, b.kv_heads);
  EXPECT_EQ(a.head_dim, b.head_dim);
  EXPECT_EQ(a.ffn, b.ffn);
  EXPECT_EQ(a.vocab, b.vocab);
  EXPECT_EQ(a.gated_mlp, b.gated_mlp);
  EXPECT_EQ(a.tied_embeddings, b.tied_embeddings);
  EXPECT_EQ(a.experts, b.experts);
  EXPECT_EQ(a.active_experts, b.active_experts);
  EXPECT_EQ(a.expert_ffn, b.expert_ffn);
  EXPECT_EQ(a.shared_experts, b.shared_experts);
  EXPECT_EQ(a.shared_expert_ffn, b.shared_expert_ffn);
  EXPECT_EQ(a.first_dense_layers, b.first_dense_layers);
  EXPECT_EQ(a.moe_layer_interval, b.moe_layer_interval);
  EXPECT_EQ(a.router, b.router);
  EXPECT_EQ(a.kv_lora_rank, b.kv_lora_rank);
  EXPECT_EQ(a.q_lora_rank, b.q_lora_rank);
  EXPECT_EQ(a.qk_rope_head_dim, b.qk_rope_head_dim);
  EXPECT_EQ(a.qk_nope_head_dim, b.qk_nope_head_dim);
  EXPECT_EQ(a.v_head_dim, b.v_head_dim);
  EXPECT_EQ(a.window_tokens, b.window_tokens);
  EXPECT_EQ(a.window_kind, b.window_kind);
  EXPECT_EQ(a.layer_pattern, b.layer_pattern);
  EXPECT_EQ(a.attention_sinks, b.attention_sinks);
  EXPECT_EQ(a.weights_dtype, b.weights_dtype);
  EXPECT_EQ(a.expert_weights_dtype, b.expert_weights_dtype);
  EXPECT_EQ(a.mtp_layers, b.mtp_layers);
  EXPECT_DOUBLE_EQ(a.params(), b.params());
}

TEST(ImportHf, EachShippedConfigGivesTheShippedRecord) {
  const Catalog c = load_builtin_catalog();
  int files = 0;
  for (const auto& entry : fs::directory_iterator(kHf)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    const std::string id = entry.path().stem().string();
    SCOPED_TRACE(id);
    const Model imported = import_hf_config(util::read_text_file(entry.path()), entry.path().string(), "");
    EXPECT_EQ(imported.id, id);
    expect_same_shape(imported, c.model(id));
  }
  EXPECT_EQ(files, 11);
}

// The printed record reads back, through the catalog's own loader, to the same model.
TEST(ImportHf, PrintedRecordReadsBack) {
  for (const char* id : {"deepseek-r1", "llama-4-maverick", "gpt-oss-120b", "qwen3-30b-a3b"}) {
    SCOPED_TRACE(id);
    const fs::path file = kHf / (std::string(id) + ".json");
    const Model m = import_hf_config(util::read_text_file(file), "x/config.json", "");
    EXPECT_EQ(m.id, "x");
    const YAML::Node root = YAML::Load(model_record_yaml(m));
    const Model back = catalog::read_model(root["models"][0], "printed.yaml");
    expect_same_shape(back, m);
  }
}

std::string import_error(const std::string& json) {
  try {
    import_hf_config(json, "c.json", "m");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

const char* kLlama =
    R"({"architectures": ["LlamaForCausalLM"], "num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4,
        "num_key_value_heads": 2, "intermediate_size": 128, "vocab_size": 100)";

TEST(ImportHf, Errors) {
  EXPECT_EQ(import_error(std::string(kLlama) + "}"), "no error");
  EXPECT_EQ(import_error(R"({"architectures": ["BertModel"]})"),
            "c.json: architectures: unknown architecture 'BertModel' (known: LlamaForCausalLM, MistralForCausalLM, "
            "Qwen2ForCausalLM, Qwen3ForCausalLM, Qwen2MoeForCausalLM, Qwen3MoeForCausalLM, MixtralForCausalLM, "
            "Llama4ForConditionalGeneration, Llama4ForCausalLM, DeepseekV2ForCausalLM, DeepseekV3ForCausalLM, "
            "GptOssForCausalLM)");
  EXPECT_EQ(import_error(R"({"model_type": "llama"})"),
            "c.json: architectures: required list is missing (the model class, such as LlamaForCausalLM)");
  EXPECT_EQ(import_error(R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 64})"),
            "c.json: num_hidden_layers: required number is missing");
  EXPECT_EQ(import_error(std::string(kLlama) + R"(, "num_key_value_heads": 3})"),
            "c.json: num_key_value_heads: expected a divisor of num_attention_heads (4), got 3");
  EXPECT_EQ(import_error(R"({"architectures": ["LlamaForCausalLM"], "num_hidden_layers": -2})"),
            "c.json: num_hidden_layers: expected a whole number ≥ 1, got -2");
  EXPECT_EQ(import_error(R"({"architectures": ["LlamaForCausalLM"], "num_hidden_layers": 2.5})"),
            "c.json: num_hidden_layers: expected a whole number ≥ 1, got 2.5");
  EXPECT_EQ(import_error("{\n  \"architectures\": [\"LlamaForCausalLM\"],\n  oops\n}"),
            "c.json:3: expected a Hugging Face config.json: not valid JSON");
  EXPECT_EQ(import_error("[1, 2]"), "c.json:1: expected a Hugging Face config.json: a JSON object");
  EXPECT_EQ(import_error(std::string(kLlama) + R"(, "tie_word_embeddings": "yes"})"),
            "c.json: tie_word_embeddings: expected true or false, got \"yes\"");
  EXPECT_EQ(import_error(std::string(kLlama) + R"(, "quantization_config": {"quant_method": "awq"}})"),
            "c.json: quantization_config.quant_method: expected fp8, fbgemm_fp8, mxfp4 or modelopt (FP8, NVFP4), got \"awq\"");
}

TEST(ImportHf, ArchitectureSpecificErrors) {
  const std::string moe =
      R"({"architectures": ["Qwen3MoeForCausalLM"], "num_hidden_layers": 4, "hidden_size": 64, "num_attention_heads": 4,
          "intermediate_size": 128, "vocab_size": 100, "num_experts": 8, "moe_intermediate_size": 32)";
  EXPECT_EQ(import_error(moe + R"(, "num_experts_per_tok": 9})"),
            "c.json: num_experts_per_tok: expected at most num_experts (8), got 9");
  EXPECT_EQ(import_error(moe + R"(, "num_experts_per_tok": 2, "mlp_only_layers": [1]})"),
            "c.json: mlp_only_layers: expected an empty list: hippo places dense layers only first or interleaved");
  const std::string ds =
      R"({"architectures": ["DeepseekV3ForCausalLM"], "num_hidden_layers": 4, "hidden_size": 64, "num_attention_heads": 4,
          "intermediate_size": 128, "vocab_size": 100, "n_routed_experts": 8, "num_experts_per_tok": 2,
          "moe_intermediate_size": 32, "kv_lora_rank": 16, "qk_rope_head_dim": 8, "qk_nope_head_dim": 8)";
  EXPECT_EQ(import_error(ds + "}"), "c.json: v_head_dim: required number is missing");
  EXPECT_EQ(import_error(ds + R"(, "v_head_dim": 8, "moe_layer_freq": 2})"),
            "c.json: moe_layer_freq: expected 1: hippo models every layer past first_k_dense_replace as MoE");
  EXPECT_EQ(import_error(ds + R"(, "v_head_dim": 8, "first_k_dense_replace": 4})"),
            "c.json: first_k_dense_replace: expected fewer than num_hidden_layers (4), got 4");
  EXPECT_EQ(import_error(ds + R"(, "v_head_dim": 8, "scoring_func": "relu"})"),
            "c.json: scoring_func: expected softmax or sigmoid, got 'relu'");
  const std::string l4 =
      R"({"architectures": ["Llama4ForConditionalGeneration"], "text_config": {"num_hidden_layers": 4, "hidden_size": 64,
          "num_attention_heads": 4, "intermediate_size": 32, "intermediate_size_mlp": 128, "vocab_size": 100,
          "num_local_experts": 4, "num_experts_per_tok": 1, "interleave_moe_layer_step": 2)";
  EXPECT_EQ(import_error(l4 + "}}"), "no error");
  EXPECT_EQ(import_error(l4 + R"(, "moe_layers": [0, 2]}})"),
            "c.json: text_config.moe_layers: expected layers 1, 3, … (every interleave_moe_layer_step = 2 from layer 1)");
  EXPECT_EQ(import_error(l4 + R"(, "attention_chunk_size": 8, "no_rope_layers": [1, 0]}})"),
            "c.json: text_config.no_rope_layers: expected one entry per layer");
  const std::string oss =
      R"({"architectures": ["GptOssForCausalLM"], "num_hidden_layers": 2, "hidden_size": 64, "num_attention_heads": 4,
          "head_dim": 16, "intermediate_size": 64, "vocab_size": 100, "num_local_experts": 4, "num_experts_per_tok": 2)";
  EXPECT_EQ(import_error(oss + "}"), "c.json: sliding_window: required number is missing");
  EXPECT_EQ(import_error(oss + R"(, "sliding_window": 8, "layer_types": ["sliding_attention", "linear_attention"]})"),
            "c.json: layer_types: expected sliding_attention, chunked_attention or full_attention, got \"linear_attention\"");
}

// Layer patterns: Qwen's sliding window from max_window_layers on; Mixtral's on every layer.
TEST(ImportHf, SlidingWindows) {
  std::string qwen = kLlama;
  qwen.replace(qwen.find("LlamaForCausalLM"), 16, "Qwen2ForCausalLM");
  const Model q = import_hf_config(qwen +
                                       R"(, "use_sliding_window": true, "sliding_window": 32, "max_window_layers": 1})",
                                   "c.json", "q");
  EXPECT_EQ(q.window_tokens, 32);
  EXPECT_EQ(q.layer_pattern, "fw");
  const Model m = import_hf_config(std::string(kLlama) + R"(, "sliding_window": 4096})", "c.json", "m");
  EXPECT_EQ(m.window_tokens, 4096);
  EXPECT_EQ(m.windowed_layers(), 2);
  const Model off = import_hf_config(std::string(kLlama) + R"(, "sliding_window": null})", "c.json", "m");
  EXPECT_EQ(off.window_tokens, 0);
}

TEST(ImportHfCli, PrintsTheRecordAndRefusesAMissingFile) {
  const auto ok = test::run_hippo({"catalog", "import-hf", (kHf / "qwen3-8b.json").string(), "--id", "my-qwen"});
  ASSERT_EQ(ok.status, 0) << ok.err;
  EXPECT_EQ(ok.out.rfind("models:\n  - id: \"my-qwen\"\n    name: \"my-qwen\"\n    layers: 36\n", 0), 0u) << ok.out;
  EXPECT_NE(ok.out.find("    sources:\n      layers, hidden, heads, kv_heads, head_dim, ffn, vocab: \"imported from "),
            std::string::npos)
      << ok.out;
  const auto missing = test::run_hippo({"catalog", "import-hf", "no/such/config.json"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.err, "hippo: no/such/config.json: cannot read file (does it exist?)\n");
  EXPECT_EQ(missing.out, "");
}

}  // namespace
}  // namespace hippo
