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
  for (const char* id : {"a100-sxm-80g", "h100-sxm", "h200-sxm", "b200", "mi300x", "gaudi3"}) EXPECT_NO_THROW(c.gpu(id)) << id;
  for (const char* id : {"llama-2-7b", "llama-2-13b", "llama-2-70b", "llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b",
                         "mixtral-8x7b"})
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
