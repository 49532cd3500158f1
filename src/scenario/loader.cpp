// YAML → Scenario. Walks the file's keys against the declarations in schema.cpp: an unknown key
// is an error with a "did you mean", never ignored.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "catalog/records.hpp"
#include "hippo/model_import.hpp"
#include "scenario/schema.hpp"
#include "scenario/tiers.hpp"
#include "util/atomic_file.hpp"
#include "util/suggest.hpp"
#include "util/yaml_fields.hpp"

namespace hippo {

namespace {

using scenario::KeyBinding;
using util::line_of;

const std::vector<std::string> kSections = {"service", "workload", "slo",  "fleet",  "demand",
                                            "revenue", "facility", "opex", "finance"};
// Top-level keys that add catalog records instead of setting scenario keys.
const std::vector<std::string> kCatalogKeys = {"catalog", "models", "gpus", "engines"};

std::string fmt_num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// Keys allowed at one level: top-level keys and section names, or the keys of one section.
std::vector<std::string> keys_at(const std::string& section) {
  std::vector<std::string> out;
  for (const auto& b : scenario::key_bindings()) {
    const auto& k = b.spec.key;
    const auto dot = k.find('.');
    if (section.empty() && dot == std::string::npos) out.push_back(k);
    // A section's keys, or its subsections' names (service.spec.method: `spec` under `service`).
    if (!section.empty() && k.size() > section.size() && k.compare(0, section.size(), section) == 0 &&
        k[section.size()] == '.') {
      const std::string rest = k.substr(section.size() + 1);
      const std::string child = rest.substr(0, rest.find('.'));
      if (std::find(out.begin(), out.end(), child) == out.end()) out.push_back(child);
    }
  }
  if (section.empty()) out.insert(out.end(), kSections.begin(), kSections.end());
  if (section.empty()) out.insert(out.end(), kCatalogKeys.begin(), kCatalogKeys.end());
  return out;
}

double scalar_number(const YAML::Node& n, const std::string& file, const std::string& key) {
  util::reject_quoted_number(n, {file, line_of(n), key});
  double v = 0;
  try {
    if (!n.IsScalar()) throw YAML::Exception(n.Mark(), "");
    v = n.as<double>();
  } catch (const YAML::Exception&) {
    std::string got = n.IsScalar() ? " '" + n.as<std::string>() + "'" : "";
    throw InputError({file, line_of(n), key}, "expected a number, got" + (got.empty() ? std::string(" a ") + (n.IsMap() ? "mapping" : "list") : got));
  }
  if (!std::isfinite(v)) throw InputError({file, line_of(n), key}, "expected a finite number");
  return v;
}

// The value map form: {value: X, source: "...", dist: triangular, low: A, high: B, sd: S, cv: C}.
double number_node_value(Scenario& s, const YAML::Node& n, const std::string& file, const std::string& key) {
  if (!n.IsMap()) return scalar_number(n, file, key);
  util::reject_unknown_keys(n, {"value", "source", "dist", "low", "high", "sd", "cv"}, file, key);
  if (!n["value"]) throw InputError({file, line_of(n), key + ".value"}, "required number is missing");
  const double value = scalar_number(n["value"], file, key + ".value");
  if (n["source"]) s.sources[key] = util::get_string(n, "source", file, key, true);
  if (!n["dist"]) {
    for (const char* k : {"low", "high", "sd", "cv"})
      if (n[k]) throw InputError({file, line_of(n[k]), key + "." + k}, "needs `dist` (triangular | uniform | normal | lognormal)");
    return value;
  }
  UncertainInput u;
  u.key = key;
  u.line = line_of(n);
  u.source = s.sources.count(key) ? s.sources[key] : "";
  const std::string kind = util::get_string(n, "dist", file, key, true);
  Distribution& d = u.dist;
  if (kind == "triangular") d.kind = Distribution::Kind::triangular;
  else if (kind == "uniform") d.kind = Distribution::Kind::uniform;
  else if (kind == "normal") d.kind = Distribution::Kind::normal;
  else if (kind == "lognormal") d.kind = Distribution::Kind::lognormal;
  else
    throw InputError({file, line_of(n["dist"]), key + ".dist"},
                     "expected triangular | uniform | normal | lognormal, got '" + kind + "'");
  d.mode = value;
  auto need = [&](const char* k) {
    if (!n[k]) throw InputError({file, line_of(n), key + "." + k}, std::string("the ") + kind + " distribution needs `" + k + "`");
    return scalar_number(n[k], file, key + "." + k);
  };
  d.low = need("low");
  d.high = need("high");
  if (d.kind == Distribution::Kind::normal) d.sd = need("sd");
  if (d.kind == Distribution::Kind::lognormal) d.cv = need("cv");
  if (d.low > d.high)
    throw InputError({file, line_of(n["low"]), key + ".low"},
                     "low " + fmt_num(d.low) + " is above high " + fmt_num(d.high));
  if (value < d.low || value > d.high)
    throw InputError({file, line_of(n["value"]), key + ".value"},
                     "value " + fmt_num(value) + " lies outside [low, high] = [" + fmt_num(d.low) + ", " + fmt_num(d.high) + "]");
  if ((d.kind == Distribution::Kind::normal && d.sd <= 0) || (d.kind == Distribution::Kind::lognormal && (d.cv <= 0 || d.low <= 0)))
    throw InputError({file, line_of(n), key}, "expected sd > 0 (normal), or cv > 0 and low > 0 (lognormal)");
  s.uncertain.push_back(u);
  return value;
}

void apply_number(Scenario& s, const KeyBinding& b, double v, const Location& where) {
  if (v < b.spec.min || v > b.spec.max)
    throw InputError(where, "expected a value in [" + fmt_num(b.spec.min) + ", " + fmt_num(b.spec.max) + "]" +
                                (b.spec.unit.empty() ? "" : " " + b.spec.unit) + ", got " + fmt_num(v));
  if (b.number) {
    *b.number(s) = v;
  } else {
    if (v != std::floor(v)) throw InputError(where, "expected a whole number, got " + fmt_num(v));
    if (b.integer) *b.integer(s) = static_cast<int>(v);
    else *b.unsigned_integer(s) = static_cast<std::uint64_t>(v);
  }
}

void read_key(Scenario& s, const KeyBinding& b, const YAML::Node& n, const std::string& file) {
  const std::string& key = b.spec.key;
  s.lines[key] = line_of(n);
  if (n.IsNull()) throw InputError({file, line_of(n), key}, "has no value");
  if (b.spec.numeric()) {
    apply_number(s, b, number_node_value(s, n, file, key), {file, line_of(n), key});
    if (key == "finance.cash_floor") s.finance.has_cash_floor = true;
  } else {
    b.read(s, n, file);
  }
}

void walk(Scenario& s, const YAML::Node& map, const std::string& section, const std::string& file) {
  const auto known = keys_at(section);
  util::reject_unknown_keys(map, known, file, section);
  for (const auto& kv : map) {  // a key given twice: refused by parse_yaml
    const std::string name = util::key_text(kv.first, file, section);
    const std::string key = section.empty() ? name : section + "." + name;
    if (section.empty() && std::find(kCatalogKeys.begin(), kCatalogKeys.end(), name) != kCatalogKeys.end())
      continue;  // read before the walk, by add_catalog_records
    if (section.empty() && std::find(kSections.begin(), kSections.end(), name) != kSections.end()) {
      if (!kv.second.IsMap()) throw InputError({file, line_of(kv.second), name}, "expected a mapping of keys to values");
      walk(s, kv.second, name, file);
      continue;
    }
    const KeyBinding* b = scenario::find_binding(key);
    if (!b) {  // a subsection (keys_at listed it)
      if (!kv.second.IsMap()) throw InputError({file, line_of(kv.second), key}, "expected a mapping of keys to values");
      walk(s, kv.second, key, file);
      continue;
    }
    read_key(s, *b, kv.second, file);
  }
}

// A path the scenario gives, relative to the scenario's folder.
std::string beside(const std::string& scenario_file, const std::string& path) {
  const std::filesystem::path p(path);
  if (p.is_absolute()) return path;
  return (std::filesystem::path(scenario_file).parent_path() / p).lexically_normal().generic_string();
}

// The text of a file the scenario names at `where`; `what` says what it is in the message.
std::string read_named_file(const std::string& path, const Location& where, const std::string& what) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(where, "cannot read " + what + " '" + path + "' (does it exist?)");
  return util::read_text_file(path);
}

// The records a scenario adds: the catalog files of `catalog:` (in order), then its own `gpus:`,
// `models:` and `engines:` lists. Null when it adds none.
std::shared_ptr<Catalog> add_catalog_records(const YAML::Node& root, const std::string& file, const Catalog& shipped,
                                             catalog::RecordOrigins& origins) {
  if (!root.IsMap() || std::none_of(kCatalogKeys.begin(), kCatalogKeys.end(), [&](const auto& k) { return bool(root[k]); }))
    return nullptr;
  auto c = std::make_shared<Catalog>(shipped);
  if (const YAML::Node files = root["catalog"]) {
    if (!files.IsSequence()) throw InputError({file, line_of(files), "catalog"}, "expected a list of catalog files (paths relative to the scenario)");
    for (const auto& f : files) {
      if (!f.IsScalar()) throw InputError({file, line_of(f), "catalog"}, "expected a list of catalog files (paths relative to the scenario)");
      const std::string path = beside(file, f.as<std::string>());
      const YAML::Node doc = util::parse_yaml(read_named_file(path, {file, line_of(f), "catalog"}, "catalog file"), path);
      if (!doc || doc.IsNull()) continue;  // an empty file adds nothing
      util::reject_unknown_keys(doc, {"gpus", "models", "engines"}, path, "");
      for (const char* key : {"gpus", "models", "engines"})
        if (doc[key]) catalog::add_records(*c, doc[key], key, path, origins);
    }
  }
  for (const char* key : {"gpus", "models", "engines"})
    if (root[key]) catalog::add_records(*c, root[key], key, file, origins);
  return c;
}

// The shortest candidate whose name after `skip` characters holds `leaf`'s letters in order
// ("grwth" in "growth_monthly"): a dropped-letter typo that edit distance finds too far.
std::string abbreviated(const std::string& leaf, const std::vector<std::string>& candidates, std::size_t skip) {
  if (leaf.size() < 3) return "";
  std::string best;
  for (const auto& c : candidates) {
    std::size_t i = 0;
    for (std::size_t k = skip; k < c.size() && i < leaf.size(); ++k) i += c[k] == leaf[i];
    if (i == leaf.size() && (best.empty() || c.size() < best.size())) best = c;
  }
  return best;
}

// Every routed model is a catalog model and every pool serves a routed model on a deployment the
// catalog can build (the deployment itself is checked by fleet_capacity, naming the pool).
void validate_tiers(const Scenario& s, const Catalog& catalog) {
  auto at = [&](const std::string& key) { return scenario_location(s, key); };
  double sum = 0;
  bool by_share = false;
  for (const Tier& t : s.demand.tiers)
    if (t.by_share) sum += t.share, by_share = true;
  if (by_share && std::fabs(sum - 1.0) > 1e-6)
    throw InputError(at("demand.tiers"), "tier shares must sum to 1, they sum to " + fmt_num(sum));
  for (const Tier& t : s.demand.tiers)
    for (const auto& [model, share] : t.routing) {
      const std::string key = "demand.tiers." + t.name + ".routing." + model;
      const auto ids = catalog.model_ids();
      if (std::find(ids.begin(), ids.end(), model) == ids.end())
        throw InputError(at(key), "routed model '" + model + "' is not in the catalog" +
                                      util::suggestion_suffix(model, ids));
    }
  const std::vector<PoolConfig> pools = fleet_pools(s);
  for (const PoolConfig& given : s.fleet.pools) {
    const std::string key = "fleet.pools." + given.model;
    if (given.model == s.service.model)
      throw InputError(at(key), "service.model '" + given.model + "' is deployed as service.* says; expected a pool only for another routed model");
    if (std::none_of(pools.begin(), pools.end(), [&](const PoolConfig& p) { return p.model == given.model; }))
      throw InputError(at(key), "no tier routes to model '" + given.model + "' (nor is it service.model)");
  }
  for (const PoolConfig& p : pools) {
    const std::string key = "fleet.pools." + p.model;
    try {
      catalog.gpu(p.gpu, key + ".gpu");
      if (!p.engine.empty()) catalog.engine(p.engine, key + ".engine");
    } catch (const InputError& e) {
      throw InputError(at(key), e.expected());
    }
    const Model& m = catalog.model(p.model);
    if (m.heads % p.tp != 0 || m.kv_heads % std::min(p.tp, m.kv_heads) != 0)
      throw InputError(at(key), "tp " + std::to_string(p.tp) + " does not divide the " + std::to_string(m.heads) +
                                    " attention heads of " + m.id);
  }
}

}  // namespace

double scenario::read_number_node(Scenario& s, const YAML::Node& n, const std::string& file, const std::string& key) {
  return number_node_value(s, n, file, key);
}

Scenario parse_scenario(const std::string& text, const std::string& file, const Catalog& catalog) {
  YAML::Node root = util::parse_yaml(text, file);
  if (!root || root.IsNull()) {
    // yaml-cpp reads some malformed text (a line that opens with ',') as an empty document: say
    // "empty" only when every line is blank, a comment or a document marker.
    std::istringstream lines(text);
    bool blank = true;
    for (std::string l; blank && std::getline(lines, l);) {
      const auto from = l.find_first_not_of(" \t\r");
      blank = from == std::string::npos || l[from] == '#' || l.compare(from, 3, "---") == 0 || l.compare(from, 3, "...") == 0;
    }
    throw InputError({file, 1, ""}, blank ? "the scenario is empty"
                                          : "expected a mapping of keys to values; YAML reads this text as an empty document");
  }
  Scenario s;
  s.file = file;
  catalog::RecordOrigins origins;
  std::shared_ptr<Catalog> added = add_catalog_records(root, file, catalog, origins);
  walk(s, root, "", file);
  for (const char* key : {"workload.input", "workload.output"})
    if (!s.workload.trace.empty() && s.lines.count(key))
      throw InputError({file, s.lines[key], key}, "workload.trace gives the request lengths; leave " + std::string(key) +
                                                       " out, or the trace");
  if (!s.service.model_config.empty()) {
    const Location where = scenario_location(s, "service.model_config");
    const std::string path = beside(file, s.service.model_config);
    Model m = import_hf_config(read_named_file(path, where, "model config"), path, s.lines.count("service.model") ? s.service.model : "");
    s.service.model = m.id;
    if (!added) added = std::make_shared<Catalog>(catalog);
    catalog::add_model(*added, std::move(m), where, origins);
  }
  s.catalog = std::move(added);
  if (s.name.empty()) s.name = std::filesystem::path(file).stem().string();
  validate_scenario(s, catalog);
  return s;
}

void validate_scenario(const Scenario& s, const Catalog& shipped) {
  const Catalog& catalog = catalog_of(s, shipped);
  auto at = [&](const std::string& key) { return scenario_location(s, key); };
  if (s.currency.size() != 3 || !std::all_of(s.currency.begin(), s.currency.end(), [](unsigned char c) { return std::isupper(c); }))
    throw InputError(at("currency"), "expected a three-letter ISO code such as USD or KRW, got '" + s.currency + "'");
  if (s.currency != "USD" && !s.lines.count("fx_per_usd") && s.fx_per_usd == 1.0)
    throw InputError(at("currency"), "currency " + s.currency + " needs fx_per_usd (" + s.currency + " per USD)");
  if (s.currency == "USD" && s.fx_per_usd != 1.0)  // it would scale every catalog price (USD) by fx_per_usd
    throw InputError(at("fx_per_usd"), "expected 1 for currency USD (or no fx_per_usd), got " + fmt_num(s.fx_per_usd) +
                                           "; set currency to the code of the money the scenario is written in");
  try {
    catalog.model(s.service.model, "service.model");
    catalog.gpu(s.service.gpu, "service.gpu");
    if (!s.service.engine.empty()) catalog.engine(s.service.engine, "service.engine");
    for (const auto& g : s.fleet.candidates) catalog.gpu(g, "fleet.candidates");
  } catch (const InputError& e) {
    throw InputError(at(e.where().key), e.expected());
  }
  const Model& m = catalog.model(s.service.model);
  if (m.heads % s.service.tp != 0 || m.kv_heads % std::min(s.service.tp, m.kv_heads) != 0)
    throw InputError(at("service.tp"), "tp " + std::to_string(s.service.tp) + " does not divide the " +
                                           std::to_string(m.heads) + " attention heads of " + m.id);
  if (m.layers < s.service.pp)
    throw InputError(at("service.pp"), "pp " + std::to_string(s.service.pp) + " exceeds the model's " + std::to_string(m.layers) + " layers");
  if (s.service.kv != DType::bf16 && s.service.kv != DType::fp8)
    throw InputError(at("service.kv"), "expected bf16 or fp8 for the KV cache");
  if (s.demand.users_max < s.demand.users_start)
    throw InputError(at("demand.users_max"), "saturation " + fmt_num(s.demand.users_max) + " is below users_start " +
                                                 fmt_num(s.demand.users_start));
  for (const auto& t : s.opex.training)
    if (t.month > s.horizon_months)
      throw InputError(at("opex.training"), "training run '" + t.name + "' is paid in month " + std::to_string(t.month) +
                                                ", after the horizon of " + std::to_string(s.horizon_months));
  for (const auto& st : s.service.efficiency_steps)
    if (st.from_month > s.horizon_months)
      throw InputError(at("service.efficiency_steps"),
                       "a step from month " + std::to_string(st.from_month) + " is after the horizon of " +
                           std::to_string(s.horizon_months) + " months; expected a month in [1, " +
                           std::to_string(s.horizon_months) + "]");
  validate_tiers(s, catalog);
  std::set<std::string> seen;
  for (const auto& u : s.uncertain)
    if (!seen.insert(u.key).second) throw InputError({s.file, u.line, u.key}, "uncertainty given twice");
}

Scenario load_scenario(const std::string& path_or_name, const Catalog& catalog) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(path_or_name, ec)) return parse_scenario(util::read_text_file(path_or_name), path_or_name, catalog);
  const bool looks_like_path = path_or_name.find('/') != std::string::npos || path_or_name.ends_with(".yaml") ||
                               path_or_name.ends_with(".yml");
  if (looks_like_path) util::require_input_file(path_or_name, "");  // throws: missing, a folder, a device
  return parse_scenario(catalog.scenario_text(path_or_name), "<builtin>/" + path_or_name + ".yaml", catalog);
}

Location scenario_location(const Scenario& s, const std::string& key) {
  if (auto o = s.overridden.find(key); o != s.overridden.end()) return {o->second, 0, key};
  auto it = s.lines.find(key);
  return {s.file, it == s.lines.end() ? 0 : it->second, key};
}

const ScenarioKey& scenario_key_or_throw(const std::string& key, const Location& where) {
  const ScenarioKey* found = find_scenario_key(key);
  if (found) return *found;
  // Suggest within the key's section when it names one ("demand.grwth": the demand keys).
  const auto dot = key.find('.');
  const std::string section = dot == std::string::npos ? "" : key.substr(0, dot + 1);
  std::vector<std::string> all, same_section;
  for (const auto& k : scenario_keys()) {
    all.push_back(k.key);
    if (!section.empty() && k.key.compare(0, section.size(), section) == 0) same_section.push_back(k.key);
  }
  const auto& pool = same_section.empty() ? all : same_section;
  std::string guess = util::closest(key, pool);
  if (guess.empty()) guess = abbreviated(key.substr(section.size()), pool, section.size());
  throw InputError(where, "unknown scenario key '" + key + "'" +
                              (guess.empty() ? util::suggestion_suffix(key, pool) : " (did you mean '" + guess + "'?)"));
}

const ScenarioKey* find_scenario_key(const std::string& key) {
  if (const ScenarioKey* tier = scenario::tier_key_spec(key)) return tier;
  const KeyBinding* b = scenario::find_binding(key);
  return b ? &b->spec : nullptr;
}

ScenarioNumberSlot scenario_number_slot(Scenario& s, const std::string& key) {
  if (double* tier = scenario::tier_number(s, key, {s.file, 0, key})) return {tier, nullptr, nullptr};
  const KeyBinding* b = scenario::find_binding(key);
  if (!b || !b->spec.numeric()) {
    std::vector<std::string> numeric;
    for (const auto& k : scenario_keys())
      if (k.numeric()) numeric.push_back(k.key);
    throw InputError({"", 0, key}, "not a numeric scenario key" + util::suggestion_suffix(key, numeric));
  }
  if (b->number) return {b->number(s), nullptr, nullptr};
  if (b->integer) return {nullptr, b->integer(s), nullptr};
  return {nullptr, nullptr, b->unsigned_integer(s)};
}

double get_scenario_number(const Scenario& s, const std::string& key) {
  // The accessors take a mutable scenario; reading through them does not change it.
  const ScenarioNumberSlot slot = scenario_number_slot(const_cast<Scenario&>(s), key);
  if (slot.number) return *slot.number;
  if (slot.integer) return *slot.integer;
  return static_cast<double>(*slot.unsigned_integer);
}

void set_scenario_number(Scenario& s, const std::string& key, double value, const Location& where) {
  if (scenario::is_tier_key(key)) return scenario::set_tier_number(s, key, value, where);
  get_scenario_number(s, key);  // throws for an unknown key
  apply_number(s, *scenario::find_binding(key), value, where);
  if (key == "finance.cash_floor") s.finance.has_cash_floor = true;
}

void set_scenario_value(Scenario& s, const std::string& key, const std::string& text, const Location& where) {
  scenario_key_or_throw(key, where);
  const KeyBinding* b = scenario::find_binding(key);
  try {
    // A list is YAML flow ("[h100-sxm, h200]"); any other value is one scalar, taken as written.
    const YAML::Node n = b && b->spec.type == "list" ? util::parse_yaml(text, where.file) : YAML::Node(text);
    if (!b) set_scenario_number(s, key, scalar_number(n, where.file, key), where);  // a tier's field
    else if (b->spec.numeric()) set_scenario_number(s, key, scalar_number(n, where.file, key), where);
    else b->read(s, n, where.file);
  } catch (const InputError& e) {
    throw InputError(where, e.expected());  // the readers know no line: name the caller's place instead
  }
}

const std::vector<ScenarioKey>& scenario_keys() {
  static const std::vector<ScenarioKey> kKeys = [] {
    std::vector<ScenarioKey> out;
    for (const auto& b : scenario::key_bindings()) out.push_back(b.spec);
    return out;
  }();
  return kKeys;
}

std::string scenario_reference_markdown() {
  std::string md =
      "# Scenario file reference\n\n"
      "Generated by `hippo catalog keys --markdown` from src/scenario/schema.cpp, the one place where each\n"
      "key is declared; a test checks that this file matches. A scenario is one YAML file; every key is\n"
      "optional unless said otherwise, and an unknown key is an error.\n\n"
      "Any number may also be written as a mapping that gives its source and, for sensitivity and\n"
      "Monte Carlo runs, its uncertainty:\n\n"
      "```yaml\n"
      "demand:\n"
      "  growth_monthly: {value: 0.08, dist: triangular, low: 0.04, high: 0.12, source: \"...\"}\n"
      "```\n\n"
      "`dist` is `triangular` (mode = value), `uniform`, `normal` (`sd`, truncated to [low, high]) or\n"
      "`lognormal` (median = value, `cv`, truncated to [low, high]).\n\n"
      "Length distributions (`dist` type): `fixed:N` (or a bare N), `uniform:MIN,MAX`,\n"
      "`lognormal:mean=M,cv=C`, `trace:FILE.csv[,input|output]`.\n\n"
      "Money is in the scenario's `currency`; catalog prices (USD) are converted with `fx_per_usd`.\n\n"
      "A scenario may add catalog records of its own, in the schema of data/*.yaml (docs/catalog.md):\n"
      "top-level `models:`, `gpus:` and `engines:` lists, and `catalog: [file.yaml, ...]`, files holding\n"
      "such lists (paths relative to the scenario). `service.model_config` imports a Hugging Face\n"
      "config.json as the model. An id the catalog already has is refused: records add, never override.\n"
      "\n"
      "```yaml\n"
      "catalog: [our-gpus.yaml]\n"
      "models:\n"
      "  - {id: our-8b, name: Our 8B, layers: 32, hidden: 4096, heads: 32, kv_heads: 8, ffn: 14336, vocab: 128256,\n"
      "     sources: {\"layers, hidden, heads, kv_heads, ffn, vocab\": \"our config.json, 2026\"}}\n"
      "service:\n"
      "  model: our-8b\n"
      "```\n";
  std::string section = "-";
  for (const auto& k : scenario_keys()) {
    const auto dot = k.key.find('.');
    const std::string sec = dot == std::string::npos ? "" : k.key.substr(0, dot);
    if (sec != section) {
      section = sec;
      md += "\n## " + (sec.empty() ? std::string("Top level") : "`" + sec + "`") + "\n\n";
      md += "| key | type | unit | default | range / choices | description |\n|---|---|---|---|---|---|\n";
    }
    std::string range;
    if (k.numeric()) range = "[" + fmt_num(k.min) + ", " + fmt_num(k.max) + "]";
    for (const auto& c : k.choices) range += (range.empty() ? "" : " \\| ") + c;
    md += "| `" + k.key + "` | " + k.type + " | " + k.unit + " | " + k.default_text + " | " + range + " | " +
          k.description + " |\n";
  }
  md += "\n## The fields of a tier (`demand.tiers`)\n\n"
        "Each tier is a mapping with a `name`, a `routing: {MODEL: share, ...}` (shares sum to 1; default\n"
        "`{service.model: 1}`) and these numbers, each also a key of its own, `demand.tiers.NAME.FIELD`\n"
        "(for `--set`, sensitivity and Monte Carlo). A tier gives `share` or `users`.\n\n"
        "| field | unit | default | range | description |\n|---|---|---|---|---|\n";
  for (const auto& k : scenario::tier_field_keys()) {
    const bool open = k.key.ends_with("churn_monthly") || k.key.ends_with("prefix_cache_hit");
    md += "| `" + k.key.substr(std::string("demand.tiers.*.").size()) + "` | " + k.unit + " | " + k.default_text + " | [" +
          fmt_num(k.min) + ", " + fmt_num(k.max) + (open ? ")" : "]") + " | " + k.description + " |\n";
  }
  return md;
}

}  // namespace hippo
