// Fuzzes the Hugging Face config.json importer (`hippo catalog import-hf`, service.model_config):
// any bytes either give a model record or throw hippo::InputError. A record it gives must be one
// the catalog's own loader accepts back, to the same shape, with finite derived figures.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <yaml-cpp/yaml.h>

#include "catalog/records.hpp"
#include "hippo/errors.hpp"
#include "hippo/model_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  hippo::Model m;
  try {
    m = hippo::import_hf_config(text, "fuzz/config.json", "");
  } catch (const hippo::InputError&) {
    return 0;
  }
  if (!std::isfinite(m.params()) || !std::isfinite(m.active_params()) || !(m.kv_bytes_per_token(hippo::DType::bf16) > 0))
    __builtin_trap();
  hippo::Model back;
  try {
    back = hippo::catalog::read_model(YAML::Load(hippo::model_record_yaml(m))["models"][0], "printed.yaml");
  } catch (const std::exception&) {
    __builtin_trap();  // the importer printed a record the loader refuses
  }
  if (back.params() != m.params() || back.layer_pattern != m.layer_pattern || back.expert_ffn != m.expert_ffn ||
      back.window_tokens != m.window_tokens || back.kv_lora_rank != m.kv_lora_rank)
    __builtin_trap();
  return 0;
}
