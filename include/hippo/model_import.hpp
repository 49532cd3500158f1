// Model records from outside the catalog's own files: a Hugging Face config.json, and a record
// written back as YAML in data/models.yaml's schema.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "hippo/catalog.hpp"

namespace hippo {

// A model record from a Hugging Face config.json (`text`, read from `file`; `id` empty: from the
// file's name, or its folder's for "config.json"). Architectures: Llama 2/3/4, Mistral, Qwen2/3,
// Qwen2/3-MoE, Mixtral, DeepSeek-V2/V3, GPT-OSS. Throws InputError naming the file and the config
// key for an unknown architecture, a missing field or a value hippo cannot express. Every field
// it sets has the source "imported from FILE by hippo catalog import-hf".
Model import_hf_config(const std::string& text, const std::string& file, const std::string& id);

// The fields a model record gives beyond the schema's defaults (docs/catalog.md), in the schema's
// order, each with its YAML value; and the record as a `models:` list of one, with its sources.
std::vector<std::pair<std::string, std::string>> model_record_fields(const Model& m);
std::string model_record_yaml(const Model& m);

}  // namespace hippo
