// Loads the catalog from the data files compiled into the binary, strictly: unknown keys,
// missing figures and figures without a source are errors (of ours, caught by the tests).
#include <algorithm>
#include <sstream>

#include "catalog/embedded_data.hpp"
#include "hippo/catalog.hpp"
#include "hippo/errors.hpp"
#include "util/suggest.hpp"
#include "util/yaml_fields.hpp"

namespace hippo {

namespace {

using util::get_number;
using util::get_string;
using util::line_of;

std::string embedded_text(const std::string& path) {
  for (const auto& f : data::embedded_files())
    if (f.path == path) return std::string(f.content);
  throw InputError({"data/" + path, 0, ""}, "catalog file is missing from the build");
}

// `sources` maps a field, or several joined by commas, to "source, date". Every numeric field
// listed in `numeric` that the entry gives must have one.
std::map<std::string, std::string> read_sources(const YAML::Node& entry, const std::vector<std::string>& numeric,
                                                const std::string& file, const std::string& prefix) {
  std::map<std::string, std::string> out;
  const YAML::Node s = entry["sources"];
  if (s) {
    if (!s.IsMap()) throw InputError({file, line_of(s), prefix + ".sources"}, "expected a mapping field -> source");
    for (const auto& kv : s) {
      std::stringstream keys(kv.first.as<std::string>());
      std::string k;
      while (std::getline(keys, k, ',')) {
        k.erase(0, k.find_first_not_of(' '));
        k.erase(k.find_last_not_of(' ') + 1);
        if (std::find(numeric.begin(), numeric.end(), k) == numeric.end())
          throw InputError({file, line_of(kv.first), prefix + ".sources." + k},
                           "source for an unknown field" + util::suggestion_suffix(k, numeric));
        out[k] = kv.second.as<std::string>();
      }
    }
  }
  for (const auto& k : numeric)
    if (entry[k] && !out.count(k))
      throw InputError({file, line_of(entry[k]), prefix + "." + k}, "figure has no source in `sources`");
  return out;
}

template <class T>
void require_unique(const std::vector<T>& items, const std::string& file, const std::string& what) {
  for (std::size_t i = 0; i < items.size(); ++i)
    for (std::size_t j = i + 1; j < items.size(); ++j)
      if (items[i].id == items[j].id) throw InputError({file, 0, what}, "duplicate id '" + items[i].id + "'");
}

const std::vector<std::string> kGpuNumbers = {"bf16_tflops", "fp8_tflops", "int8_tops", "hbm_gb", "hbm_tb_s",
                                              "link_gb_s", "tdp_w", "idle_w", "price_usd",
                                              "rental_usd_per_gpu_hour"};

std::vector<Gpu> load_gpus() {
  const std::string file = "data/gpus.yaml";
  YAML::Node root = util::parse_yaml(embedded_text("gpus.yaml"), file);
  util::reject_unknown_keys(root, {"gpus"}, file, "");
  std::vector<Gpu> out;
  for (const auto& e : root["gpus"]) {
    std::vector<std::string> known = kGpuNumbers;
    known.insert(known.end(), {"id", "name", "vendor", "sources"});
    const std::string id = get_string(e, "id", file, "gpus", true);
    const std::string p = "gpus." + id;
    util::reject_unknown_keys(e, known, file, p);
    Gpu g;
    g.id = id;
    g.name = get_string(e, "name", file, p, true);
    g.vendor = get_string(e, "vendor", file, p, true);
    g.bf16_tflops = get_number(e, "bf16_tflops", file, p, true, 0);
    g.fp8_tflops = get_number(e, "fp8_tflops", file, p, false, 0);
    g.int8_tops = get_number(e, "int8_tops", file, p, false, 0);
    g.hbm_gb = get_number(e, "hbm_gb", file, p, true, 0);
    g.hbm_tb_s = get_number(e, "hbm_tb_s", file, p, true, 0);
    g.link_gb_s = get_number(e, "link_gb_s", file, p, true, 0);
    g.tdp_w = get_number(e, "tdp_w", file, p, true, 0);
    g.idle_w = get_number(e, "idle_w", file, p, true, 0);
    g.price_usd = get_number(e, "price_usd", file, p, true, 0);
    g.rental_usd_per_gpu_hour = get_number(e, "rental_usd_per_gpu_hour", file, p, true, 0);
    g.sources = read_sources(e, kGpuNumbers, file, p);
    out.push_back(std::move(g));
  }
  require_unique(out, file, "gpus");
  return out;
}

const std::vector<std::string> kModelNumbers = {"layers", "hidden", "heads", "kv_heads", "head_dim", "ffn",
                                                "vocab", "experts", "active_experts"};

std::vector<Model> load_models() {
  const std::string file = "data/models.yaml";
  YAML::Node root = util::parse_yaml(embedded_text("models.yaml"), file);
  util::reject_unknown_keys(root, {"models"}, file, "");
  std::vector<Model> out;
  for (const auto& e : root["models"]) {
    std::vector<std::string> known = kModelNumbers;
    known.insert(known.end(), {"id", "name", "gated_mlp", "tied_embeddings", "sources"});
    const std::string id = get_string(e, "id", file, "models", true);
    const std::string p = "models." + id;
    util::reject_unknown_keys(e, known, file, p);
    Model m;
    m.id = id;
    m.name = get_string(e, "name", file, p, true);
    auto whole = [&](const char* k, bool req, int fb) { return static_cast<int>(get_number(e, k, file, p, req, fb)); };
    m.layers = whole("layers", true, 0);
    m.hidden = whole("hidden", true, 0);
    m.heads = whole("heads", true, 0);
    m.kv_heads = whole("kv_heads", true, 0);
    m.head_dim = whole("head_dim", false, m.heads ? m.hidden / m.heads : 0);
    m.ffn = whole("ffn", true, 0);
    m.vocab = whole("vocab", true, 0);
    m.experts = whole("experts", false, 1);
    m.active_experts = whole("active_experts", false, 1);
    m.gated_mlp = util::get_bool(e, "gated_mlp", file, p, true);
    m.tied_embeddings = util::get_bool(e, "tied_embeddings", file, p, false);
    m.sources = read_sources(e, kModelNumbers, file, p);
    out.push_back(std::move(m));
  }
  require_unique(out, file, "models");
  return out;
}

std::vector<EfficiencyPoint> read_curve(const YAML::Node& e, const std::string& key, const std::string& file,
                                        const std::string& p) {
  std::vector<EfficiencyPoint> out;
  const YAML::Node n = e[key];
  if (!n) return {{1, 1}};
  if (!n.IsSequence() || n.size() == 0)
    throw InputError({file, line_of(n), p + "." + key}, "expected a list of [tokens, fraction] pairs");
  for (const auto& pt : n) {
    if (!pt.IsSequence() || pt.size() != 2)
      throw InputError({file, line_of(pt), p + "." + key}, "expected a [tokens, fraction] pair");
    EfficiencyPoint q{pt[0].as<double>(), pt[1].as<double>()};
    if (q.tokens < 1 || q.fraction <= 0 || q.fraction > 1 || (!out.empty() && q.tokens <= out.back().tokens))
      throw InputError({file, line_of(pt), p + "." + key},
                       "expected tokens ≥ 1 rising and 0 < fraction ≤ 1");
    out.push_back(q);
  }
  return out;
}

const std::vector<std::string> kEngineNumbers = {
    "compute_efficiency", "memory_efficiency", "fp8_compute_efficiency", "attention_compute_efficiency", "attention_memory_efficiency",
    "kernel_overhead_s", "step_overhead_s", "allreduce_latency_s", "link_efficiency",
    "hbm_usable_fraction", "workspace_gb"};

std::vector<EngineProfile> load_engines(std::string& default_engine) {
  const std::string file = "data/engines.yaml";
  YAML::Node root = util::parse_yaml(embedded_text("engines.yaml"), file);
  util::reject_unknown_keys(root, {"default", "engines"}, file, "");
  default_engine = get_string(root, "default", file, "", true);
  std::vector<EngineProfile> out;
  for (const auto& e : root["engines"]) {
    std::vector<std::string> known = kEngineNumbers;
    known.insert(known.end(), {"id", "description", "sources"});
    const std::string id = get_string(e, "id", file, "engines", true);
    const std::string p = "engines." + id;
    util::reject_unknown_keys(e, known, file, p);
    EngineProfile g;
    g.id = id;
    g.description = get_string(e, "description", file, p, true);
    g.compute_efficiency = read_curve(e, "compute_efficiency", file, p);
    g.memory_efficiency = read_curve(e, "memory_efficiency", file, p);
    if (e["fp8_compute_efficiency"]) g.fp8_compute_efficiency = read_curve(e, "fp8_compute_efficiency", file, p);
    g.attention_compute_efficiency = get_number(e, "attention_compute_efficiency", file, p, false, 1);
    g.attention_memory_efficiency = get_number(e, "attention_memory_efficiency", file, p, false, 1);
    g.kernel_overhead_s = get_number(e, "kernel_overhead_s", file, p, false, 0);
    g.step_overhead_s = get_number(e, "step_overhead_s", file, p, false, 0);
    g.allreduce_latency_s = get_number(e, "allreduce_latency_s", file, p, false, 0);
    g.link_efficiency = get_number(e, "link_efficiency", file, p, false, 1);
    g.hbm_usable_fraction = get_number(e, "hbm_usable_fraction", file, p, false, 1);
    g.workspace_gb = get_number(e, "workspace_gb", file, p, false, 0);
    g.sources = read_sources(e, kEngineNumbers, file, p);
    out.push_back(std::move(g));
  }
  require_unique(out, file, "engines");
  return out;
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
  c.gpus = load_gpus();
  c.models = load_models();
  c.engines = load_engines(c.default_engine);
  c.scenarios = list_scenarios();
  c.engine(c.default_engine, "data/engines.yaml: default");  // must name a listed profile
  return c;
}

}  // namespace hippo
