// The schema of catalog records: MoE, MLA and windowed-attention shapes, their derived figures,
// and each bad value refused with its file, line and field.
#include <gtest/gtest.h>

#include "catalog/records.hpp"
#include "hippo/errors.hpp"

namespace hippo {
namespace {

Model model_from(const std::string& yaml) { return catalog::read_model(YAML::Load(yaml), "m.yaml"); }

const char* kBase = R"(id: t
name: T
layers: 8
hidden: 1024
heads: 16
kv_heads: 4
ffn: 4096
vocab: 1000
sources:
  layers, hidden, heads, kv_heads, ffn, vocab: "test, 2026"
)";

Model shaped(const std::string& fields, const std::string& names) {
  std::string y = kBase;
  y.erase(y.find("sources:"));
  y += fields + "sources:\n  layers, hidden, heads, kv_heads, ffn, vocab, " + names + ": \"test, 2026\"\n";
  return model_from(y);
}

std::string bad(const std::string& fields, const std::string& names) {
  try {
    shaped(fields, names);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(CatalogRecords, DefaultsKeepADenseModel) {
  const Model m = model_from(kBase);
  EXPECT_FALSE(m.is_moe());
  EXPECT_FALSE(m.is_mla());
  EXPECT_EQ(m.expert_ffn, 4096);
  EXPECT_EQ(m.moe_layers(), 0);
  EXPECT_EQ(m.windowed_layers(), 0);
  EXPECT_EQ(m.weights_dtype, WeightFormat::bf16);
  // 8 × (1024·(16 + 8)·64 + 16·64·1024 + 3·1024·4096 + 2·1024) + 2·1000·1024 + 1024
  EXPECT_DOUBLE_EQ(m.params(), 8.0 * (1572864 + 1048576 + 12582912 + 2048) + 2048000 + 1024);
  EXPECT_DOUBLE_EQ(m.kv_bytes_for_context(100, DType::bf16), m.kv_bytes_per_token(DType::bf16) * 100);
}

// Llama 4 Maverick's interleave: every 2nd layer MoE (layers 1, 3, 5, 7), the others dense, plus
// one shared expert. DeepSeek's first dense layers: layers 0-2 dense, the rest MoE.
TEST(CatalogRecords, MoeLayersFollowTheIntervalAndFirstDenseLayers) {
  const Model l4 = shaped("experts: 4\nactive_experts: 1\nexpert_ffn: 2048\nshared_experts: 1\nmoe_layer_interval: 2\n",
                          "experts, active_experts, expert_ffn, shared_experts, moe_layer_interval");
  EXPECT_EQ(l4.moe_layers(), 4);
  EXPECT_FALSE(l4.is_moe_layer(0));
  EXPECT_TRUE(l4.is_moe_layer(1));
  EXPECT_TRUE(l4.is_moe_layer(7));
  EXPECT_EQ(l4.shared_expert_ffn, 2048);
  const double attn = 1572864 + 1048576, norms = 2048, emb = 2048000 + 1024;
  const double expert = 3.0 * 1024 * 2048, dense = 3.0 * 1024 * 4096, router = 1024 * 4;
  EXPECT_DOUBLE_EQ(l4.params(), 4 * (attn + dense + norms) + 4 * (attn + 4 * expert + router + norms + expert) + emb);
  EXPECT_DOUBLE_EQ(l4.active_params(), 4 * (attn + dense + norms) + 4 * (attn + expert + router + norms + expert) + emb);

  const Model ds = shaped("experts: 4\nactive_experts: 2\nfirst_dense_layers: 3\n", "experts, active_experts, first_dense_layers");
  EXPECT_EQ(ds.moe_layers(), 5);
  EXPECT_FALSE(ds.is_moe_layer(2));
  EXPECT_TRUE(ds.is_moe_layer(3));
}

// GPT-OSS: alternate sliding (window 128) and full layers. A 1,000-token context holds 1,000
// tokens in the 4 full layers and 128 in the 4 windowed ones.
TEST(CatalogRecords, WindowedLayersHoldAtMostTheWindow) {
  const Model m = shaped("window_tokens: 128\nlayer_pattern: wf\nattention_sinks: true\n",
                         "window_tokens, layer_pattern, attention_sinks");
  EXPECT_EQ(m.windowed_layers(), 4);
  EXPECT_TRUE(m.is_windowed_layer(0));
  EXPECT_FALSE(m.is_windowed_layer(1));
  const double per_layer = 2.0 * 4 * 64 * 2;  // K and V, 4 kv heads of 64, bf16
  EXPECT_DOUBLE_EQ(m.kv_bytes_per_token_per_layer(DType::bf16), per_layer);
  EXPECT_DOUBLE_EQ(m.kv_bytes_for_context(1000, DType::bf16), (4 * 1000.0 + 4 * 128.0) * per_layer);
  // One sink logit per head and layer.
  EXPECT_DOUBLE_EQ(m.attention_params_per_layer(), 1572864 + 1048576 + 16);
  // No pattern: every layer windowed.
  EXPECT_EQ(shaped("window_tokens: 4096\n", "window_tokens").windowed_layers(), 8);
}

// MLA: KV per token and layer is the latent plus the rotary key, 512 + 64 elements.
TEST(CatalogRecords, LatentAttentionCachesTheLatent) {
  const Model m = shaped("kv_lora_rank: 512\nq_lora_rank: 256\nqk_rope_head_dim: 64\nqk_nope_head_dim: 128\nv_head_dim: 128\n",
                         "kv_lora_rank, q_lora_rank, qk_rope_head_dim, qk_nope_head_dim, v_head_dim");
  EXPECT_TRUE(m.is_mla());
  EXPECT_DOUBLE_EQ(m.kv_bytes_per_token_per_layer(DType::fp8), 576.0);
  EXPECT_DOUBLE_EQ(m.kv_bytes_per_token(DType::bf16), 8 * 576.0 * 2);
  // q: 1024·256 + 256 + 256·16·192; kv: 1024·576 + 512 + 512·16·256; o: 16·128·1024.
  EXPECT_DOUBLE_EQ(m.attention_params_per_layer(),
                   (1024.0 * 256 + 256 + 256.0 * 16 * 192) + (1024.0 * 576 + 512 + 512.0 * 16 * 256) + 16.0 * 128 * 1024);
}

TEST(CatalogRecords, WeightFormats) {
  const Model m = shaped("weights_dtype: fp8\n", "weights_dtype");
  EXPECT_EQ(m.weights_dtype, WeightFormat::fp8);
  EXPECT_EQ(m.expert_weights_dtype, WeightFormat::fp8);  // follows the model's
  const Model o = shaped("expert_weights_dtype: mxfp4\n", "expert_weights_dtype");
  EXPECT_EQ(o.weights_dtype, WeightFormat::bf16);
  EXPECT_EQ(o.expert_weights_dtype, WeightFormat::mxfp4);
}

TEST(CatalogRecords, BadModelValuesNameTheField) {
  EXPECT_EQ(bad("experts: 8\nactive_experts: 9\n", "experts, active_experts"),
            "m.yaml:10: models.t.active_experts: expected at most experts (8), got 9");
  EXPECT_EQ(bad("first_dense_layers: 8\n", "first_dense_layers"),
            "m.yaml:9: models.t.first_dense_layers: expected fewer than layers (8), got 8");
  EXPECT_EQ(bad("router: topk\n", "router"), "m.yaml:9: models.t.router: expected softmax or sigmoid, got 'topk'");
  EXPECT_EQ(bad("kv_lora_rank: 512\n", "kv_lora_rank"), "m.yaml:1: models.t.qk_rope_head_dim: required number is missing");
  EXPECT_EQ(bad("layer_pattern: sliding\n", "layer_pattern"),
            "m.yaml:9: models.t.layer_pattern: expected a pattern of w (windowed) and f (full attention) layers such as "
            "wf, got 'sliding'");
  EXPECT_EQ(bad("layer_pattern: wf\n", "layer_pattern"), "m.yaml:1: models.t.window_tokens: required number is missing");
  EXPECT_EQ(bad("window_tokens: 128\nwindow_kind: local\n", "window_tokens, window_kind"),
            "m.yaml:10: models.t.window_kind: expected sliding or chunked, got 'local'");
  EXPECT_EQ(bad("expert_weights_dtype: fp4\n", "expert_weights_dtype"),
            "m.yaml:9: models.t.expert_weights_dtype: expected bf16, fp8, mxfp4 or nvfp4, got 'fp4'");
  EXPECT_EQ(bad("experts: 2.5\n", "experts"), "m.yaml:9: models.t.experts: expected a whole number ≥ 1, got 2.5");
}

TEST(CatalogRecords, AFigureWithoutASourceIsRefused) {
  std::string y = kBase;
  y.insert(y.find("sources:"), "mtp_layers: 1\n");
  try {
    model_from(y);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "m.yaml:9: models.t.mtp_layers: figure has no source in sources");
  }
}

TEST(CatalogRecords, KvHeadsMustDivideHeads) {
  std::string y = kBase;
  y.replace(y.find("kv_heads: 4"), 11, "kv_heads: 6");
  try {
    model_from(y);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "m.yaml:6: models.t.kv_heads: expected a divisor of heads (16), got 6");
  }
}

const char* kGpu = R"(id: g
name: G
vendor: V
bf16_tflops: 100
hbm_gb: 80
hbm_tb_s: 2
link_gb_s: 0
tdp_w: 300
idle_w: 30
price_usd: 1000
rental_usd_per_gpu_hour: 1
)";

std::string gpu_error(const std::string& extra, const std::string& names) {
  const std::string y = std::string(kGpu) + extra +
                        "sources:\n  bf16_tflops, hbm_gb, hbm_tb_s, link_gb_s, tdp_w, idle_w, price_usd, "
                        "rental_usd_per_gpu_hour" + (names.empty() ? "" : ", " + names) + ": \"test, 2026\"\n";
  try {
    catalog::read_gpu(YAML::Load(y), "g.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(CatalogRecords, GpuDefaultsAndBadValues) {
  const Gpu g = catalog::read_gpu(YAML::Load(std::string(kGpu) + "sources:\n  bf16_tflops, hbm_gb, hbm_tb_s, link_gb_s, tdp_w, "
                                                                  "idle_w, price_usd, rental_usd_per_gpu_hour: \"t, 2026\"\n"),
                                  "g.yaml");
  EXPECT_EQ(g.scale_up_domain, 8);
  EXPECT_EQ(g.fp4_tflops, 0);
  EXPECT_EQ(g.available_from, "");
  EXPECT_EQ(gpu_error("fp4_tflops: -1\n", "fp4_tflops"), "g.yaml:12: gpus.g.fp4_tflops: expected a number ≥ 0, got -1");
  EXPECT_EQ(gpu_error("available_from: 2026\n", "available_from"),
            "g.yaml:12: gpus.g.available_from: expected a month as YYYY-MM, got '2026'");
  EXPECT_EQ(gpu_error("available_from: 2026-13\n", "available_from"),
            "g.yaml:12: gpus.g.available_from: expected a month as YYYY-MM, got '2026-13'");
  EXPECT_EQ(gpu_error("available_from: 2026-03\nscale_up_domain: 72\n", "available_from, scale_up_domain"), "no error");
  EXPECT_EQ(gpu_error("idle_ww: 1\n", ""), "g.yaml:12: gpus.g.idle_ww: unknown key (did you mean 'idle_w'?)");
  EXPECT_EQ(gpu_error("scale_up_domain: 0\n", "scale_up_domain"),
            "g.yaml:12: gpus.g.scale_up_domain: expected a whole number ≥ 1, got 0");
}

}  // namespace
}  // namespace hippo
