// Loads the catalog from the data files compiled into the binary, strictly: unknown keys,
// missing figures and figures without a source are errors (of ours, caught by the tests).
#include <algorithm>
#include <sstream>

#include "catalog/embedded_data.hpp"
#include "catalog/records.hpp"
#include "hippo/catalog.hpp"
#include "hippo/errors.hpp"
#include "util/suggest.hpp"
#include "util/yaml_fields.hpp"

namespace hippo {

namespace {

std::string embedded_text(const std::string& path) {
  for (const auto& f : data::embedded_files())
    if (f.path == path) return std::string(f.content);
  throw InputError({"data/" + path, 0, ""}, "catalog file is missing from the build");
}

// One data file's list `key` (the file's only other allowed key: `extra`).
template <class T>
std::vector<T> load_list(const std::string& name, const std::string& key, T (*read)(const YAML::Node&, const std::string&),
                         YAML::Node* root_out = nullptr, const std::vector<std::string>& extra = {}) {
  const std::string file = "data/" + name;
  YAML::Node root = util::parse_yaml(embedded_text(name), file);
  std::vector<std::string> known = extra;
  known.push_back(key);
  util::reject_unknown_keys(root, known, file, "");
  if (root_out) *root_out = root;
  return catalog::read_list(root[key], file, key, read);
}

std::vector<ScenarioEntry> list_scenarios() {
  std::vector<ScenarioEntry> out;
  for (const auto& f : data::embedded_files()) {
    const std::string path(f.path);
    if (path.rfind("scenarios/", 0) != 0 || path.size() < 15) continue;
    ScenarioEntry s;
    s.path = path;
    s.name = path.substr(10, path.size() - 10 - 5);
    try {
      YAML::Node n = YAML::Load(std::string(f.content));
      if (n["description"]) s.description = n["description"].as<std::string>();
    } catch (const YAML::Exception&) {
      // A broken shipped scenario is reported when it is loaded; the listing still names it.
    }
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

template <class T>
const T& find_by_id(const std::vector<T>& items, const std::string& id, const std::string& key, const char* what) {
  for (const auto& x : items)
    if (x.id == id) return x;
  std::vector<std::string> ids;
  for (const auto& x : items) ids.push_back(x.id);
  throw InputError({"", 0, key}, std::string("unknown ") + what + " '" + id + "'" + util::suggestion_suffix(id, ids));
}

template <class T>
std::vector<std::string> ids_of(const std::vector<T>& items) {
  std::vector<std::string> ids;
  for (const auto& x : items) ids.push_back(x.id);
  return ids;
}

}  // namespace

const Gpu& Catalog::gpu(const std::string& id, const std::string& key) const { return find_by_id(gpus, id, key, "GPU"); }
const Model& Catalog::model(const std::string& id, const std::string& key) const {
  return find_by_id(models, id, key, "model");
}
const EngineProfile& Catalog::engine(const std::string& id, const std::string& key) const {
  return find_by_id(engines, id, key, "engine profile");
}

std::string Catalog::scenario_text(const std::string& name) const {
  for (const auto& s : scenarios)
    if (s.name == name) return embedded_text(s.path);
  throw InputError({"", 0, "scenario"}, "no scenario file or shipped scenario named '" + name + "'" +
                                            util::suggestion_suffix(name, scenario_names()));
}

std::vector<std::string> Catalog::gpu_ids() const { return ids_of(gpus); }
std::vector<std::string> Catalog::model_ids() const { return ids_of(models); }
std::vector<std::string> Catalog::engine_ids() const { return ids_of(engines); }
std::vector<std::string> Catalog::scenario_names() const {
  std::vector<std::string> out;
  for (const auto& s : scenarios) out.push_back(s.name);
  return out;
}

Catalog load_builtin_catalog() {
  Catalog c;
  c.gpus = load_list("gpus.yaml", "gpus", &catalog::read_gpu);
  c.models = load_list("models.yaml", "models", &catalog::read_model);
  YAML::Node engines;
  c.engines = load_list("engines.yaml", "engines", &catalog::read_engine, &engines, {"default"});
  c.default_engine = util::get_string(engines, "default", "data/engines.yaml", "", true);
  c.scenarios = list_scenarios();
  c.engine(c.default_engine, "data/engines.yaml: default");  // must name a listed profile
  return c;
}

}  // namespace hippo
