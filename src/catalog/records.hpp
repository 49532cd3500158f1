// Reading catalog records (GPUs, models, engine profiles) from YAML, strictly, with the schema of
// data/*.yaml: shared by the compiled-in catalog and the records a scenario or catalog file adds.
#pragma once
#include <map>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

#include "hippo/catalog.hpp"
#include "hippo/errors.hpp"

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

// Where each record a user added came from, "models.<id>" -> "FILE:LINE", to name it in errors.
using RecordOrigins = std::map<std::string, std::string>;

// Adds the records of `list`, the `key` list (gpus, models or engines) of a scenario or a catalog
// file, to `c`. An id `c` already has is refused (InputError at the record), naming the shipped
// catalog or the file and line that added it first; records never override one another.
void add_records(Catalog& c, const YAML::Node& list, const std::string& key, const std::string& file,
                 RecordOrigins& origins);
// One model record read elsewhere (a config.json), under the same rule.
void add_model(Catalog& c, Model m, const Location& where, RecordOrigins& origins);

}  // namespace hippo::catalog
