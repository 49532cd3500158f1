// The schema of catalog records, read strictly: unknown keys, missing figures, figures without a
// source and values out of range are errors naming the file, line and field.
#include "catalog/records.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <sstream>

#include "hippo/errors.hpp"
#include "util/suggest.hpp"
#include "util/yaml_fields.hpp"

namespace hippo::catalog {

namespace {

using util::get_number;
using util::get_string;
using util::line_of;

Location at(const YAML::Node& e, const std::string& key, const std::string& file, const std::string& p) {
  return {file, line_of(e[key] ? e[key] : e), p + "." + key};
}

// `sources` maps a field, or several joined by commas, to "source, date". Every field listed in
// `sourced` that the entry gives must have one.
std::map<std::string, std::string> read_sources(const YAML::Node& entry, const std::vector<std::string>& sourced,
                                                const std::string& file, const std::string& prefix) {
  std::map<std::string, std::string> out;
  const YAML::Node s = entry["sources"];
  if (s) {
    if (!s.IsMap()) throw InputError({file, line_of(s), prefix + ".sources"}, "expected a mapping field -> source");
    for (const auto& kv : s) {
      std::stringstream keys(util::key_text(kv.first, file, prefix + ".sources"));
      std::string k;
      while (std::getline(keys, k, ',')) {
        k.erase(0, k.find_first_not_of(' '));
        k.erase(k.find_last_not_of(' ') + 1);
        if (std::find(sourced.begin(), sourced.end(), k) == sourced.end())
          throw InputError({file, line_of(kv.first), prefix + ".sources." + k},
                           "source for an unknown field" + util::suggestion_suffix(k, sourced));
        if (!kv.second.IsScalar())
          throw InputError({file, line_of(kv.second), prefix + ".sources." + k}, "expected text");
        out[k] = kv.second.as<std::string>();
      }
    }
  }
  for (const auto& k : sourced)
    if (entry[k] && !out.count(k))
      throw InputError({file, line_of(entry[k]), prefix + "." + k}, "figure has no source in `sources`");
  return out;
}

// A number with a lower bound: `positive` requires > lo, else ≥ lo.
double bounded(const YAML::Node& e, const std::string& key, const std::string& file, const std::string& p, bool required,
               double fallback, double lo, bool positive) {
  const double v = get_number(e, key, file, p, required, fallback);
  if (e[key] && (positive ? !(v > lo) : !(v >= lo)))
    throw InputError(at(e, key, file, p), fmt::format("expected a number {} {}, got {}", positive ? ">" : "≥", lo, v));
  return v;
}

int whole(const YAML::Node& e, const std::string& key, const std::string& file, const std::string& p, bool required,
          int fallback, int lo) {
  const double v = get_number(e, key, file, p, required, fallback);
  if (e[key] && (v != std::floor(v) || v < lo || v > 1e9))
    throw InputError(at(e, key, file, p), fmt::format("expected a whole number ≥ {}, got {}", lo, v));
  return static_cast<int>(v);
}

std::string one_of(const YAML::Node& e, const std::string& key, const std::string& file, const std::string& p,
                   const std::vector<std::string>& allowed) {
  const std::string v = get_string(e, key, file, p, false, allowed.front());
  if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
    std::string list;
    for (std::size_t i = 0; i < allowed.size(); ++i) list += (i ? (i + 1 == allowed.size() ? " or " : ", ") : "") + allowed[i];
    throw InputError(at(e, key, file, p), "expected " + list + ", got '" + v + "'");
  }
  return v;
}

WeightFormat weight_format(const YAML::Node& e, const std::string& key, const std::string& file, const std::string& p,
                           WeightFormat fallback) {
  if (!e[key]) return fallback;
  WeightFormat f = fallback;
  parse_weight_format(one_of(e, key, file, p, {"bf16", "fp8", "mxfp4", "nvfp4"}), f);
  return f;
}

// The id of an entry and its prefix in errors ("gpus.<id>"); the entry must be a mapping.
std::string entry_id(const YAML::Node& e, const std::string& file, const std::string& list) {
  if (!e.IsMap()) throw InputError({file, line_of(e), list}, "expected a mapping of keys to values");
  return get_string(e, "id", file, list, true);
}

std::vector<std::string> with(std::vector<std::string> keys, const std::vector<std::string>& more) {
  keys.insert(keys.end(), more.begin(), more.end());
  return keys;
}

const std::vector<std::string> kGpuSourced = {
    "bf16_tflops", "fp8_tflops", "fp4_tflops", "int8_tops",       "hbm_gb", "hbm_tb_s", "link_gb_s",
    "scale_up_domain", "scale_out_gb_s", "sms", "boost_clock_mhz", "tdp_w",  "idle_w",   "price_usd",
    "rental_usd_per_gpu_hour", "available_from"};

const std::vector<std::string> kModelSourced = {
    "layers", "hidden", "heads", "kv_heads", "head_dim", "ffn", "vocab", "experts", "active_experts", "expert_ffn",
    "shared_experts", "shared_expert_ffn", "first_dense_layers", "moe_layer_interval", "router", "kv_lora_rank",
    "q_lora_rank", "qk_rope_head_dim", "qk_nope_head_dim", "v_head_dim", "window_tokens", "window_kind",
    "layer_pattern", "attention_sinks", "weights_dtype", "expert_weights_dtype", "mtp_layers"};

const std::vector<std::string> kEngineSourced = {
    "tile_quantization", "mma_efficiency", "fp8_mma_efficiency", "tile_efficiency_exponent", "wave_overhead_s",
    "overlap_exponent", "memory_efficiency", "attention_compute_efficiency", "attention_memory_efficiency", "kernel_overhead_s", "step_overhead_s", "allreduce_latency_s", "link_efficiency",
    "hbm_usable_fraction", "workspace_gb"};

std::vector<EfficiencyPoint> read_curve(const YAML::Node& e, const std::string& key, const std::string& file,
                                        const std::string& p) {
  std::vector<EfficiencyPoint> out;
  const YAML::Node n = e[key];
  if (!n) return {{1, 1}};
  if (!n.IsSequence() || n.size() == 0)
    throw InputError({file, line_of(n), p + "." + key}, "expected a list of [tokens, fraction] pairs");
  for (const auto& pt : n) {
    if (!pt.IsSequence() || pt.size() != 2 || !pt[0].IsScalar() || !pt[1].IsScalar())
      throw InputError({file, line_of(pt), p + "." + key}, "expected a [tokens, fraction] pair");
    EfficiencyPoint q;
    try {
      q = {pt[0].as<double>(), pt[1].as<double>()};
    } catch (const YAML::Exception&) {
      throw InputError({file, line_of(pt), p + "." + key}, "expected a [tokens, fraction] pair");
    }
    if (!(q.tokens >= 1) || !(q.fraction > 0) || q.fraction > 1 || !std::isfinite(q.tokens) ||
        (!out.empty() && q.tokens <= out.back().tokens))
      throw InputError({file, line_of(pt), p + "." + key}, "expected tokens ≥ 1 rising and 0 < fraction ≤ 1");
    out.push_back(q);
  }
  return out;
}

}  // namespace

Gpu read_gpu(const YAML::Node& e, const std::string& file) {
  Gpu g;
  g.id = entry_id(e, file, "gpus");
  const std::string p = "gpus." + g.id;
  util::reject_unknown_keys(e, with(kGpuSourced, {"id", "name", "vendor", "sources"}), file, p);
  g.name = get_string(e, "name", file, p, true);
  g.vendor = get_string(e, "vendor", file, p, true);
  g.bf16_tflops = bounded(e, "bf16_tflops", file, p, true, 0, 0, true);
  g.fp8_tflops = bounded(e, "fp8_tflops", file, p, false, 0, 0, false);
  g.fp4_tflops = bounded(e, "fp4_tflops", file, p, false, 0, 0, false);
  g.int8_tops = bounded(e, "int8_tops", file, p, false, 0, 0, false);
  g.hbm_gb = bounded(e, "hbm_gb", file, p, true, 0, 0, true);
  g.hbm_tb_s = bounded(e, "hbm_tb_s", file, p, true, 0, 0, true);
  g.link_gb_s = bounded(e, "link_gb_s", file, p, true, 0, 0, false);
  g.scale_up_domain = whole(e, "scale_up_domain", file, p, false, 8, 1);
  g.scale_out_gb_s = bounded(e, "scale_out_gb_s", file, p, false, 0, 0, false);
  g.sms = whole(e, "sms", file, p, false, 0, 0);
  g.boost_clock_mhz = bounded(e, "boost_clock_mhz", file, p, false, 0, 0, false);
  g.tdp_w = bounded(e, "tdp_w", file, p, true, 0, 0, true);
  g.idle_w = bounded(e, "idle_w", file, p, true, 0, 0, false);
  if (g.idle_w > g.tdp_w) throw InputError(at(e, "idle_w", file, p), fmt::format("expected at most tdp_w ({}), got {}", g.tdp_w, g.idle_w));
  g.price_usd = bounded(e, "price_usd", file, p, true, 0, 0, false);
  g.rental_usd_per_gpu_hour = bounded(e, "rental_usd_per_gpu_hour", file, p, true, 0, 0, false);
  g.available_from = get_string(e, "available_from", file, p, false);
  const std::string& m = g.available_from;
  if (e["available_from"] && (m.size() != 7 || m[4] != '-' || !std::all_of(m.begin(), m.begin() + 4, ::isdigit) ||
                              !std::isdigit(m[5]) || !std::isdigit(m[6]) || m.substr(5) < "01" || m.substr(5) > "12"))
    throw InputError(at(e, "available_from", file, p), "expected a month as YYYY-MM, got '" + m + "'");
  g.sources = read_sources(e, kGpuSourced, file, p);
  return g;
}

Model read_model(const YAML::Node& e, const std::string& file) {
  Model m;
  m.id = entry_id(e, file, "models");
  const std::string p = "models." + m.id;
  util::reject_unknown_keys(e, with(kModelSourced, {"id", "name", "gated_mlp", "tied_embeddings", "sources"}), file, p);
  m.name = get_string(e, "name", file, p, true);
  m.layers = whole(e, "layers", file, p, true, 0, 1);
  m.hidden = whole(e, "hidden", file, p, true, 0, 1);
  m.heads = whole(e, "heads", file, p, true, 0, 1);
  m.kv_heads = whole(e, "kv_heads", file, p, true, 0, 1);
  if (m.heads % m.kv_heads != 0)
    throw InputError(at(e, "kv_heads", file, p), fmt::format("expected a divisor of heads ({}), got {}", m.heads, m.kv_heads));
  m.head_dim = whole(e, "head_dim", file, p, false, m.hidden / m.heads, 1);
  m.ffn = whole(e, "ffn", file, p, true, 0, 1);
  m.vocab = whole(e, "vocab", file, p, true, 0, 1);
  m.gated_mlp = util::get_bool(e, "gated_mlp", file, p, true);
  m.tied_embeddings = util::get_bool(e, "tied_embeddings", file, p, false);

  m.experts = whole(e, "experts", file, p, false, 1, 1);
  m.active_experts = whole(e, "active_experts", file, p, false, 1, 1);
  if (m.active_experts > m.experts)
    throw InputError(at(e, "active_experts", file, p),
                     fmt::format("expected at most experts ({}), got {}", m.experts, m.active_experts));
  m.expert_ffn = whole(e, "expert_ffn", file, p, false, m.ffn, 1);
  m.shared_experts = whole(e, "shared_experts", file, p, false, 0, 0);
  m.shared_expert_ffn = whole(e, "shared_expert_ffn", file, p, false, m.expert_ffn, 1);
  m.first_dense_layers = whole(e, "first_dense_layers", file, p, false, 0, 0);
  if (m.first_dense_layers >= m.layers)
    throw InputError(at(e, "first_dense_layers", file, p),
                     fmt::format("expected fewer than layers ({}), got {}", m.layers, m.first_dense_layers));
  m.moe_layer_interval = whole(e, "moe_layer_interval", file, p, false, 1, 1);
  m.router = one_of(e, "router", file, p, {"softmax", "sigmoid"});

  m.kv_lora_rank = whole(e, "kv_lora_rank", file, p, false, 0, 0);
  const bool mla = m.kv_lora_rank > 0;  // the other MLA figures are then required
  m.q_lora_rank = whole(e, "q_lora_rank", file, p, false, 0, 0);
  m.qk_rope_head_dim = whole(e, "qk_rope_head_dim", file, p, mla, 0, mla ? 1 : 0);
  m.qk_nope_head_dim = whole(e, "qk_nope_head_dim", file, p, mla, 0, mla ? 1 : 0);
  m.v_head_dim = whole(e, "v_head_dim", file, p, mla, 0, mla ? 1 : 0);

  m.layer_pattern = get_string(e, "layer_pattern", file, p, false);
  if (e["layer_pattern"] && (m.layer_pattern.empty() || m.layer_pattern.find_first_not_of("wf") != std::string::npos))
    throw InputError(at(e, "layer_pattern", file, p),
                     "expected a pattern of w (windowed) and f (full attention) layers such as wf, got '" +
                         m.layer_pattern + "'");
  const bool windowed = m.layer_pattern.find('w') != std::string::npos;
  m.window_tokens = whole(e, "window_tokens", file, p, windowed, 0, windowed ? 1 : 0);
  m.window_kind = one_of(e, "window_kind", file, p, {"sliding", "chunked"});
  m.attention_sinks = util::get_bool(e, "attention_sinks", file, p, false);

  m.weights_dtype = weight_format(e, "weights_dtype", file, p, WeightFormat::bf16);
  m.expert_weights_dtype = weight_format(e, "expert_weights_dtype", file, p, m.weights_dtype);
  m.mtp_layers = whole(e, "mtp_layers", file, p, false, 0, 0);
  m.sources = read_sources(e, kModelSourced, file, p);
  return m;
}

EngineProfile read_engine(const YAML::Node& e, const std::string& file) {
  EngineProfile g;
  g.id = entry_id(e, file, "engines");
  const std::string p = "engines." + g.id;
  util::reject_unknown_keys(e, with(kEngineSourced, {"id", "description", "calibrated_gpus", "sources"}), file, p);
  g.description = get_string(e, "description", file, p, true);
  if (const YAML::Node list = e["calibrated_gpus"]) {
    if (!list.IsSequence()) throw InputError({file, line_of(list), p + ".calibrated_gpus"}, "expected a list of GPU ids");
    for (const auto& id : list) g.calibrated_gpus.push_back(id.as<std::string>());
  }
  g.memory_efficiency = read_curve(e, "memory_efficiency", file, p);
  auto fraction = [&](const char* key) {
    const double v = bounded(e, key, file, p, false, 1, 0, true);
    if (v > 1) throw InputError(at(e, key, file, p), fmt::format("expected a fraction in (0, 1], got {}", v));
    return v;
  };
  g.tile_quantization = util::get_bool(e, "tile_quantization", file, p, true);
  g.mma_efficiency = fraction("mma_efficiency");
  g.fp8_mma_efficiency = e["fp8_mma_efficiency"] ? fraction("fp8_mma_efficiency") : g.mma_efficiency;
  g.tile_efficiency_exponent = bounded(e, "tile_efficiency_exponent", file, p, false, 0, 0, false);
  g.wave_overhead_s = bounded(e, "wave_overhead_s", file, p, false, 0, 0, false);
  g.overlap_exponent = bounded(e, "overlap_exponent", file, p, false, 0, 0, false);
  g.attention_compute_efficiency = fraction("attention_compute_efficiency");
  g.attention_memory_efficiency = fraction("attention_memory_efficiency");
  g.kernel_overhead_s = bounded(e, "kernel_overhead_s", file, p, false, 0, 0, false);
  g.step_overhead_s = bounded(e, "step_overhead_s", file, p, false, 0, 0, false);
  g.allreduce_latency_s = bounded(e, "allreduce_latency_s", file, p, false, 0, 0, false);
  g.link_efficiency = fraction("link_efficiency");
  g.hbm_usable_fraction = fraction("hbm_usable_fraction");
  g.workspace_gb = bounded(e, "workspace_gb", file, p, false, 0, 0, false);
  g.sources = read_sources(e, kEngineSourced, file, p);
  return g;
}

template <class T>
std::vector<T> read_list(const YAML::Node& list, const std::string& file, const std::string& key,
                         T (*read)(const YAML::Node&, const std::string&)) {
  if (!list || !list.IsSequence()) throw InputError({file, list ? line_of(list) : 0, key}, "expected a list of records");
  std::vector<T> out;
  for (const auto& e : list) {
    T r = read(e, file);
    for (const auto& o : out)
      if (o.id == r.id) throw InputError({file, line_of(e), key}, "duplicate id '" + r.id + "'");
    out.push_back(std::move(r));
  }
  return out;
}

template std::vector<Gpu> read_list(const YAML::Node&, const std::string&, const std::string&,
                                    Gpu (*)(const YAML::Node&, const std::string&));
template std::vector<Model> read_list(const YAML::Node&, const std::string&, const std::string&,
                                      Model (*)(const YAML::Node&, const std::string&));
template std::vector<EngineProfile> read_list(const YAML::Node&, const std::string&, const std::string&,
                                              EngineProfile (*)(const YAML::Node&, const std::string&));

namespace {

// Refuses `id` when `items` (the catalog's list `key`) already has it.
template <class T>
void require_new(const std::vector<T>& items, const std::string& id, const std::string& key, const Location& where,
                 const RecordOrigins& origins) {
  for (const auto& x : items) {
    if (x.id != id) continue;
    const auto o = origins.find(key + "." + id);
    throw InputError(where, "duplicate id '" + id + "': " +
                                (o == origins.end() ? "the shipped catalog has it" : "already added by " + o->second) +
                                "; give the record an id of its own");
  }
}

template <class T>
void add_all(std::vector<T>& items, const YAML::Node& list, const std::string& key, const std::string& file,
             RecordOrigins& origins, T (*read)(const YAML::Node&, const std::string&)) {
  if (!list.IsSequence()) throw InputError({file, line_of(list), key}, "expected a list of records");
  for (const auto& e : list) {
    T r = read(e, file);
    const Location where{file, line_of(e), key};
    require_new(items, r.id, key, where, origins);
    origins[key + "." + r.id] = file + ":" + std::to_string(where.line);
    items.push_back(std::move(r));
  }
}

}  // namespace

void add_records(Catalog& c, const YAML::Node& list, const std::string& key, const std::string& file,
                 RecordOrigins& origins) {
  if (key == "gpus") add_all(c.gpus, list, key, file, origins, &read_gpu);
  else if (key == "models") add_all(c.models, list, key, file, origins, &read_model);
  else add_all(c.engines, list, key, file, origins, &read_engine);
}

void add_model(Catalog& c, Model m, const Location& where, RecordOrigins& origins) {
  require_new(c.models, m.id, "models", where, origins);
  origins["models." + m.id] = where.file;
  c.models.push_back(std::move(m));
}

}  // namespace hippo::catalog
