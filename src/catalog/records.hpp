// Reading catalog records (GPUs, models, engine profiles) from YAML, strictly, with the schema of
// data/*.yaml: shared by the compiled-in catalog and the records a scenario or catalog file adds.
#pragma once
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

#include "hippo/catalog.hpp"

namespace hippo::catalog {

// One entry of a `gpus:`, `models:` or `engines:` list. Errors name `file`, the line and
// "<list>.<id>.<field>". Figures without a source in the entry's `sources` are refused.
Gpu read_gpu(const YAML::Node& entry, const std::string& file);
Model read_model(const YAML::Node& entry, const std::string& file);
EngineProfile read_engine(const YAML::Node& entry, const std::string& file);

// Every record of `list` (a YAML sequence of entries; "list" names it in errors).
template <class T>
std::vector<T> read_list(const YAML::Node& list, const std::string& file, const std::string& key,
                         T (*read)(const YAML::Node&, const std::string&));

}  // namespace hippo::catalog
