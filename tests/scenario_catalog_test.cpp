// The open catalog: records a scenario adds (`models:`, `gpus:`, `engines:`, `catalog: [files]`,
// service.model_config), used by every command through catalog_of, and each way they can be wrong.
#include <gtest/gtest.h>

#include <filesystem>

#include "hippo/errors.hpp"
#include "hippo/scenario.hpp"
#include "support/run_cli.hpp"

namespace hippo {
namespace {

namespace fs = std::filesystem;
using test::write_file;

const char* kModel = R"(  - id: our-8b
    name: Our 8B
    layers: 32
    hidden: 4096
    heads: 32
    kv_heads: 8
    ffn: 14336
    vocab: 128256
    sources:
      layers, hidden, heads, kv_heads, ffn, vocab: "our config.json, 2026"
)";

const char* kGpu = R"(gpus:
  - id: our-gpu
    name: Our GPU
    vendor: Us
    bf16_tflops: 900
    hbm_gb: 96
    hbm_tb_s: 4
    link_gb_s: 900
    tdp_w: 600
    idle_w: 60
    price_usd: 20000
    rental_usd_per_gpu_hour: 2
    sources:
      bf16_tflops, hbm_gb, hbm_tb_s, link_gb_s, tdp_w, idle_w, price_usd, rental_usd_per_gpu_hour: "our datasheet, 2026"
)";

class ScenarioCatalog : public ::testing::Test {
 protected:
  Catalog shipped = load_builtin_catalog();
  std::string dir = test::temp_dir();

  std::string error_of(const std::string& name) {
    try {
      load_scenario(dir + "/" + name, shipped);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  }
};

TEST_F(ScenarioCatalog, InlineAndIncludedRecordsExtendTheCatalog) {
  fs::create_directories(dir + "/cat");
  write_file(dir + "/cat", "gpus.yaml", kGpu);
  const std::string s = write_file(dir, "s.yaml",
                                   std::string("catalog: [cat/gpus.yaml]\nmodels:\n") + kModel +
                                       "service:\n  model: our-8b\n  gpu: our-gpu\n");
  const Scenario sc = load_scenario(s, shipped);
  ASSERT_TRUE(sc.catalog);
  EXPECT_EQ(catalog_of(sc, shipped).model("our-8b").layers, 32);
  EXPECT_EQ(catalog_of(sc, shipped).gpu("our-gpu").hbm_gb, 96);
  EXPECT_EQ(catalog_of(sc, shipped).models.size(), shipped.models.size() + 1);
  EXPECT_THROW(shipped.model("our-8b"), InputError);  // the shipped catalog is untouched
  // A scenario that adds nothing shares the shipped catalog.
  EXPECT_FALSE(load_scenario("default", shipped).catalog);

  // Every command sees the records: the simulator and the economics run on them.
  const auto sim = test::run_hippo({"simulate", s, "--requests", "50", "--load", "0.5", "--json"});
  EXPECT_EQ(sim.status, 0) << sim.err;
  const auto run = test::run_hippo({"run", s, "--json", "--out", dir + "/out"});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find("\"breakeven_month\""), std::string::npos);
}

TEST_F(ScenarioCatalog, DuplicateIdsAreRefused) {
  std::string shipped_id = kModel;
  shipped_id.replace(shipped_id.find("our-8b"), 6, "llama-3.1-8b");
  write_file(dir, "dup.yaml", "models:\n" + shipped_id);
  EXPECT_EQ(error_of("dup.yaml"),
            dir + "/dup.yaml:2: models: duplicate id 'llama-3.1-8b': the shipped catalog has it; give the record an id of "
                  "its own");
  write_file(dir, "gpus.yaml", kGpu);
  write_file(dir, "twice.yaml", std::string("catalog: [gpus.yaml]\n") + kGpu);
  EXPECT_EQ(error_of("twice.yaml"), dir + "/twice.yaml:3: gpus: duplicate id 'our-gpu': already added by " + dir +
                                        "/gpus.yaml:2; give the record an id of its own");
}

TEST_F(ScenarioCatalog, IncludedFileErrorsNameThatFile) {
  write_file(dir, "missing.yaml", "catalog: [nope.yaml]\n");
  EXPECT_EQ(error_of("missing.yaml"), dir + "/missing.yaml:1: catalog: cannot read catalog file '" + dir +
                                          "/nope.yaml' (does it exist?)");
  std::string bad = kGpu;
  bad.replace(bad.find("hbm_gb: 96"), 10, "hbm_gb: 0");
  write_file(dir, "bad.yaml", bad);
  write_file(dir, "uses_bad.yaml", "catalog: [bad.yaml]\n");
  EXPECT_EQ(error_of("uses_bad.yaml"), dir + "/bad.yaml:6: gpus.our-gpu.hbm_gb: expected a number > 0, got 0");
  write_file(dir, "typo.yaml", "gpuz: []\n");
  write_file(dir, "uses_typo.yaml", "catalog: [typo.yaml]\n");
  EXPECT_EQ(error_of("uses_typo.yaml"), dir + "/typo.yaml:1: gpuz: unknown key (did you mean 'gpus'?)");
  write_file(dir, "scalar.yaml", "catalog: extra.yaml\n");
  EXPECT_EQ(error_of("scalar.yaml"),
            dir + "/scalar.yaml:1: catalog: expected a list of catalog files (paths relative to the scenario)");
  write_file(dir, "notlist.yaml", "models: {id: x}\n");
  EXPECT_EQ(error_of("notlist.yaml"), dir + "/notlist.yaml:1: models: expected a list of records");
  write_file(dir, "nosource.yaml", "models:\n" + std::string(kModel).substr(0, std::string(kModel).find("    sources")));
  EXPECT_EQ(error_of("nosource.yaml"), dir + "/nosource.yaml:4: models.our-8b.layers: figure has no source in sources");
}

TEST_F(ScenarioCatalog, ModelConfigImportsAHuggingFaceConfig) {
  const fs::path hf = fs::path(HIPPO_SOURCE_DIR) / "tests/data/hf/qwen3-8b.json";
  fs::create_directories(dir + "/qwen3-8b-local");
  fs::copy_file(hf, dir + "/qwen3-8b-local/config.json");
  write_file(dir, "cfg.yaml", "service:\n  model_config: qwen3-8b-local/config.json\n  gpu: h100-sxm\n");
  const Scenario s = load_scenario(dir + "/cfg.yaml", shipped);
  EXPECT_EQ(s.service.model, "qwen3-8b-local");
  EXPECT_DOUBLE_EQ(catalog_of(s, shipped).model("qwen3-8b-local").params(), shipped.model("qwen3-8b").params());
  write_file(dir, "named.yaml", "service:\n  model: my-qwen\n  model_config: qwen3-8b-local/config.json\n");
  EXPECT_EQ(load_scenario(dir + "/named.yaml", shipped).service.model, "my-qwen");

  write_file(dir, "clash.yaml", "service:\n  model: qwen3-8b\n  model_config: qwen3-8b-local/config.json\n");
  EXPECT_EQ(error_of("clash.yaml"), dir + "/clash.yaml:3: service.model_config: duplicate id 'qwen3-8b': the shipped "
                                          "catalog has it; give the record an id of its own");
  write_file(dir, "none.yaml", "service:\n  model_config: none/config.json\n");
  EXPECT_EQ(error_of("none.yaml"), dir + "/none.yaml:2: service.model_config: cannot read model config '" + dir +
                                       "/none/config.json' (does it exist?)");
  fs::create_directories(dir + "/bert");
  write_file(dir, "bert/config.json", R"({"architectures": ["BertModel"]})");
  write_file(dir, "bert.yaml", "service:\n  model_config: bert/config.json\n");
  EXPECT_EQ(error_of("bert.yaml").rfind(dir + "/bert/config.json: architectures: unknown architecture 'BertModel'", 0), 0u)
      << error_of("bert.yaml");
  const auto sim = test::run_hippo({"simulate", dir + "/cfg.yaml", "--requests", "50", "--load", "0.5", "--json"});
  EXPECT_EQ(sim.status, 0) << sim.err;
}

}  // namespace
}  // namespace hippo
