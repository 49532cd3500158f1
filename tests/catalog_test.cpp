// The catalog's derived figures against the public parameter counts.
#include <gtest/gtest.h>

#include "hippo/catalog.hpp"
#include "hippo/errors.hpp"

namespace hippo {
namespace {

class CatalogTest : public ::testing::Test {
 protected:
  Catalog c = load_builtin_catalog();
};

TEST_F(CatalogTest, ListsTheRequiredIds) {
  for (const char* id : {"a100-sxm-80g", "h100-sxm", "h200-sxm", "b200", "mi300x", "gaudi3", "gb200", "b300", "gb300", "mi325x",
                         "mi355x", "h20", "l40s", "rtx-pro-6000"})
    EXPECT_NO_THROW(c.gpu(id)) << id;
  for (const char* id : {"llama-2-7b", "llama-2-13b", "llama-2-70b", "llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b",
                         "mixtral-8x7b", "llama-3.3-70b", "llama-4-scout", "llama-4-maverick", "qwen3-8b", "qwen3-32b",
                         "qwen3-30b-a3b", "qwen3-235b-a22b", "deepseek-v3", "deepseek-r1", "gpt-oss-20b", "gpt-oss-120b"})
    EXPECT_NO_THROW(c.model(id)) << id;
  EXPECT_NO_THROW(c.engine("ideal"));
  EXPECT_NO_THROW(c.engine(c.default_engine));
}

// Parameters = layers × (attention + MLP + norms) + embeddings and LM head.
// Llama-2-7B: 32 × (67,108,864 + 135,266,304 + 8,192) + 2 × 32,000 × 4,096 + 4,096 = 6,738,415,616.
TEST_F(CatalogTest, Llama2_7bParameterCountIsExact) {
  EXPECT_DOUBLE_EQ(c.model("llama-2-7b").params(), 6738415616.0);
}

// Public counts (model cards): 13.0 B, 69.0 B, 8.03 B, 70.6 B, 405.9 B, Mixtral 46.7 B total / 12.9 B active.
TEST_F(CatalogTest, ParameterCountsMatchPublicFigures) {
  EXPECT_NEAR(c.model("llama-2-13b").params() / 1e9, 13.02, 0.01);
  EXPECT_NEAR(c.model("llama-2-70b").params() / 1e9, 68.98, 0.01);
  EXPECT_NEAR(c.model("llama-3.1-8b").params() / 1e9, 8.03, 0.01);
  EXPECT_NEAR(c.model("llama-3.1-70b").params() / 1e9, 70.55, 0.01);
  EXPECT_NEAR(c.model("llama-3.1-405b").params() / 1e9, 405.85, 0.01);
  EXPECT_NEAR(c.model("mixtral-8x7b").params() / 1e9, 46.70, 0.01);
  EXPECT_NEAR(c.model("mixtral-8x7b").active_params() / 1e9, 12.88, 0.01);
}

// KV bytes per token = 2 (K and V) × layers × kv_heads × head_dim × bytes.
TEST_F(CatalogTest, KvBytesPerToken) {
  EXPECT_DOUBLE_EQ(c.model("llama-3.1-70b").kv_bytes_per_token(DType::bf16), 327680.0);  // 2·80·8·128·2
  EXPECT_DOUBLE_EQ(c.model("llama-3.1-70b").kv_bytes_per_token(DType::fp8), 163840.0);
  EXPECT_DOUBLE_EQ(c.model("llama-2-7b").kv_bytes_per_token(DType::bf16), 524288.0);    // 2·32·32·128·2
  EXPECT_DOUBLE_EQ(c.model("llama-3.1-8b").kv_bytes_per_token(DType::bf16), 131072.0);  // 2·32·8·128·2
}

// DeepSeek-V3: 3 dense layers × (attention 187,107,328 + MLP 396,361,728 + norms 14,336) + 58 MoE
// layers × (attention + 256 experts of 44,040,192 + 1 shared + router 1,835,008 + norms)
// + embeddings 2 × 129,280 × 7,168 + 7,168 = 671,026,404,352 (DeepSeek: "671B total, 37B activated").
TEST_F(CatalogTest, DeepSeekV3CountsMatchItsPaper) {
  const Model& m = c.model("deepseek-v3");
  EXPECT_EQ(m.moe_layers(), 58);
  EXPECT_DOUBLE_EQ(m.attention_params_per_layer(), 187107328.0);
  EXPECT_DOUBLE_EQ(m.params(), 671026404352.0);
  EXPECT_DOUBLE_EQ(m.active_params(), 37552282624.0);
  EXPECT_DOUBLE_EQ(m.kv_bytes_per_token(DType::bf16), 61.0 * 576 * 2);  // latent 512 + rotary key 64
  EXPECT_EQ(m.weights_dtype, WeightFormat::fp8);
  EXPECT_EQ(c.model("deepseek-r1").params(), m.params());
}

// The 2025 models against their model cards' counts. Llama 4's cards count the vision encoder
// (about 1 B) and GPT-OSS's the biases (about 0.04 B), which hippo leaves out.
TEST_F(CatalogTest, NewModelsMatchTheirModelCards) {
  EXPECT_NEAR(c.model("qwen3-8b").params() / 1e9, 8.19, 0.01);
  EXPECT_NEAR(c.model("qwen3-32b").params() / 1e9, 32.76, 0.01);
  EXPECT_NEAR(c.model("qwen3-30b-a3b").params() / 1e9, 30.53, 0.01);
  EXPECT_NEAR(c.model("qwen3-30b-a3b").active_params() / 1e9, 3.35, 0.01);
  EXPECT_NEAR(c.model("qwen3-235b-a22b").params() / 1e9, 235.09, 0.01);
  EXPECT_NEAR(c.model("qwen3-235b-a22b").active_params() / 1e9, 22.19, 0.01);
  EXPECT_NEAR(c.model("gpt-oss-120b").params() / 1e9, 116.83, 0.05);
  EXPECT_NEAR(c.model("gpt-oss-20b").params() / 1e9, 20.91, 0.01);
  EXPECT_NEAR(c.model("llama-4-scout").active_params() / 1e9, 17.2, 0.1);
  EXPECT_NEAR(c.model("llama-4-maverick").params() / 1e9, 400.7, 0.1);
  EXPECT_EQ(c.model("llama-4-maverick").moe_layers(), 24);
  EXPECT_EQ(c.model("llama-4-scout").windowed_layers(), 36);
  EXPECT_EQ(c.model("gpt-oss-120b").windowed_layers(), 18);
  EXPECT_DOUBLE_EQ(c.model("llama-3.3-70b").params(), c.model("llama-3.1-70b").params());
}

TEST_F(CatalogTest, Nvl72GpusHaveA72GpuDomain) {
  EXPECT_EQ(c.gpu("gb200").scale_up_domain, 72);
  EXPECT_EQ(c.gpu("gb300").scale_up_domain, 72);
  EXPECT_EQ(c.gpu("b300").scale_up_domain, 8);
  EXPECT_EQ(c.gpu("mi325x").fp4_tflops, 0);  // CDNA 3 has no FP4 math
  EXPECT_GT(c.gpu("mi355x").fp4_tflops, 0);
  EXPECT_EQ(c.gpu("h100-sxm").scale_up_domain, 8);
  EXPECT_EQ(c.gpu("h100-sxm").fp4_tflops, 0);
  EXPECT_GT(c.gpu("b300").fp4_tflops, c.gpu("b300").fp8_tflops);
  // A generation's GPU is not priced as the one before it.
  EXPECT_GT(c.gpu("b200").price_usd, c.gpu("h200-sxm").price_usd);
}

TEST_F(CatalogTest, EveryGpuFigureHasASourceWithADate) {
  for (const auto& g : c.gpus) {
    EXPECT_TRUE(g.sources.count("bf16_tflops")) << g.id;
    EXPECT_TRUE(g.sources.count("price_usd")) << g.id;
    for (const auto& [field, src] : g.sources) EXPECT_TRUE(src.find("20") != std::string::npos) << g.id << "." << field;
  }
}

TEST_F(CatalogTest, UnknownIdSuggestsTheClosest) {
  try {
    c.gpu("h100-sx", "--gpu");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "--gpu: unknown GPU 'h100-sx' (did you mean 'h100-sxm'?)");
  }
}

TEST_F(CatalogTest, ShippedScenariosAreListed) {
  bool found = false;
  for (const auto& s : c.scenarios) found = found || s.name == "default";
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace hippo
