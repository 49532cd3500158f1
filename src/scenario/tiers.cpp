// demand.tiers and fleet.pools: the list keys of the tiers model (issue 17), their fields by name
// (demand.tiers.NAME.FIELD, for --set, sensitivity and Monte Carlo), and their resolution against
// the flat keys they default to.
#include "scenario/tiers.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "util/suggest.hpp"
#include "util/yaml_fields.hpp"

namespace hippo::scenario {

namespace detail {

struct TierField {
  const char* name;
  double Tier::*member;
  double lo, hi;
  bool open_hi;  // the range is [lo, hi)
  const char* unit;
  const char* default_text;
  const char* description;
};

// Every numeric field of a tier, with its range. `churn_monthly` is below 1: a tier that loses all
// its users each month has no stock to speak of.
const std::vector<TierField>& tier_fields() {
  static const std::vector<TierField> kFields = {
      {"share", &Tier::share, 0, 1, false, "fraction", "—", "share of demand users (the share-tiers sum to 1)"},
      {"users", &Tier::users, 0, 1e11, false, "users", "—", "users in month 1, growing as demand users do (instead of share)"},
      {"price_month", &Tier::price_month, 0, 1e9, false, "currency/month", "0", "consumer price per user"},
      {"active_share_daily", &Tier::active_share_daily, 0, 1, false, "fraction", "demand.active_share_daily", "share active on a day"},
      {"requests_per_active_user_day", &Tier::requests_per_active_user_day, 0, 1e6, false, "requests",
       "demand.requests_per_active_user_day", "turns per active user per day"},
      {"input_tokens", &Tier::input_tokens, 1, 1e7, false, "tokens", "workload.input's mean", "a turn's new message"},
      {"output_tokens", &Tier::output_tokens, 1, 1e7, false, "tokens", "workload.output's mean", "a turn's visible answer"},
      {"reasoning_tokens", &Tier::reasoning_tokens, 0, 1e7, false, "tokens", "0", "generated per turn, never shown"},
      {"system_prompt_tokens", &Tier::system_prompt_tokens, 0, 1e7, false, "tokens", "0", "at the start of every turn"},
      {"turns_per_conversation", &Tier::turns_per_conversation, 1, 1e4, false, "turns", "1", "turns of a conversation"},
      {"prefix_cache_hit", &Tier::prefix_cache_hit, 0, 1, true, "fraction", "0", "share of input the prefix cache serves"},
      {"churn_monthly", &Tier::churn_monthly, 0, 1, true, "fraction/month", "demand.churn_monthly", "share of users lost each month"},
      {"acquisition_cost", &Tier::acquisition_cost, 0, 1e9, false, "currency/user", "demand.acquisition_cost", "cost of acquiring a user"},
      {"ads_per_user_month", &Tier::ads_per_user_month, 0, 1e6, false, "currency/user-month", "0", "advertising revenue"},
  };
  return kFields;
}

}  // namespace detail

namespace {

using detail::TierField;
using detail::tier_fields;

std::string fmt_num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string range_text(const TierField& f) {
  return "[" + fmt_num(f.lo) + ", " + fmt_num(f.hi) + (f.open_hi ? ")" : "]");
}

void check_range(const TierField& f, double v, const Location& where) {
  if (v < f.lo || (f.open_hi ? v >= f.hi : v > f.hi))
    throw InputError(where, "expected a value in " + range_text(f) + " " + f.unit + ", got " + fmt_num(v));
}

const TierField* field_named(const std::string& name) {
  for (const auto& f : tier_fields())
    if (name == f.name) return &f;
  return nullptr;
}

// "demand.tiers.NAME.FIELD" → NAME and FIELD; false for any other key.
bool split_tier_key(const std::string& key, std::string& name, std::string& field) {
  static const std::string prefix = "demand.tiers.";
  if (key.compare(0, prefix.size(), prefix) != 0) return false;
  const std::string rest = key.substr(prefix.size());
  const auto dot = rest.rfind('.');
  if (dot == std::string::npos || dot == 0) return false;
  name = rest.substr(0, dot);
  field = rest.substr(dot + 1);
  return true;
}

std::string scalar(const YAML::Node& n, const std::string& file, const std::string& key) {
  if (!n.IsScalar()) throw InputError({file, util::line_of(n), key}, "expected text");
  return n.as<std::string>();
}

void read_routing(Scenario& s, Tier& t, const YAML::Node& n, const std::string& file, const std::string& key) {
  if (!n.IsMap() || n.size() == 0)
    throw InputError({file, util::line_of(n), key}, "expected a mapping of model ids to shares, e.g. {llama-3.1-8b: 0.8, llama-3.1-70b: 0.2}");
  s.lines[key] = util::line_of(n);
  double sum = 0;
  for (const auto& kv : n) {
    const std::string model = util::key_text(kv.first, file, key);
    const Location where{file, util::line_of(kv.first), key + "." + model};
    util::reject_quoted_number(kv.second, where);
    double v = 0;
    try {
      if (!kv.second.IsScalar()) throw YAML::Exception(kv.second.Mark(), "");
      v = kv.second.as<double>();
    } catch (const YAML::Exception&) {
      throw InputError(where, "expected a share in (0, 1]");
    }
    if (!std::isfinite(v) || v <= 0 || v > 1) throw InputError(where, "expected a share in (0, 1], got " + fmt_num(v));
    s.lines[key + "." + model] = util::line_of(kv.first);
    t.routing.emplace_back(model, v);
    sum += v;
  }
  if (std::fabs(sum - 1.0) > 1e-6)
    throw InputError({file, util::line_of(n), key}, "routing shares must sum to 1, they sum to " + fmt_num(sum));
}

}  // namespace

void read_tiers(Scenario& s, const YAML::Node& n, const std::string& file, const std::string& key) {
  if (!n.IsSequence() || n.size() == 0) throw InputError({file, util::line_of(n), key}, "expected a list of tiers");
  std::vector<std::string> known = {"name", "routing", "source"};
  for (const auto& f : tier_fields()) known.push_back(f.name);
  s.demand.tiers.clear();
  std::set<std::string> names;
  for (const auto& e : n) {
    if (!e.IsMap()) throw InputError({file, util::line_of(e), key}, "expected a list of tiers");
    util::reject_unknown_keys(e, known, file, key);
    Tier t;
    t.line = util::line_of(e);
    t.name = util::get_string(e, "name", file, key, true);
    if (t.name.empty() || t.name.find('.') != std::string::npos)
      throw InputError({file, util::line_of(e["name"]), key + ".name"}, "expected a tier name without dots, got '" + t.name + "'");
    if (!names.insert(t.name).second)
      throw InputError({file, util::line_of(e["name"]), key + ".name"}, "tier '" + t.name + "' is given twice");
    const std::string p = key + "." + t.name;
    s.lines[p] = t.line;
    if (e["share"] && e["users"])
      throw InputError({file, util::line_of(e["users"]), p + ".users"}, "give a tier's share or its users, not both");
    if (!e["share"] && !e["users"])
      throw InputError({file, t.line, p + ".share"}, "a tier needs its share of demand users or its users");
    t.by_share = bool(e["share"]);
    for (const auto& f : tier_fields()) {
      if (!e[f.name]) continue;
      const std::string k = p + "." + f.name;
      s.lines[k] = util::line_of(e[f.name]);
      const double v = read_number_node(s, e[f.name], file, k);
      check_range(f, v, {file, util::line_of(e[f.name]), k});
      t.*f.member = v;
    }
    if (e["routing"]) read_routing(s, t, e["routing"], file, p + ".routing");
    s.demand.tiers.push_back(std::move(t));
  }
  s.lines[key] = util::line_of(n);  // the shares' sum is checked by validate_scenario (after --set too)
}

void read_pools(Scenario& s, const YAML::Node& n, const std::string& file, const std::string& key) {
  if (!n.IsSequence()) throw InputError({file, util::line_of(n), key}, "expected a list of pools");
  s.fleet.pools.clear();
  std::set<std::string> models;
  for (const auto& e : n) {
    if (!e.IsMap()) throw InputError({file, util::line_of(e), key}, "expected a list of pools");
    util::reject_unknown_keys(e, {"model", "gpu", "tp", "pp", "ep", "weights", "kv", "engine", "attention"}, file, key);
    PoolConfig c;
    c.line = util::line_of(e);
    c.model = util::get_string(e, "model", file, key, true);
    if (!models.insert(c.model).second)
      throw InputError({file, util::line_of(e["model"]), key + ".model"}, "model '" + c.model + "' has two pools");
    const std::string p = key + "." + c.model;
    s.lines[p] = c.line;
    c.gpu = e["gpu"] ? scalar(e["gpu"], file, p + ".gpu") : "";
    c.engine = e["engine"] ? scalar(e["engine"], file, p + ".engine") : "";
    if (e["attention"]) {
      const std::string a = scalar(e["attention"], file, p + ".attention");
      if (a != "tp" && a != "dp")
        throw InputError({file, util::line_of(e["attention"]), p + ".attention"}, "expected tp | dp, got '" + a + "'");
      c.attention = a == "dp" ? Attention::dp : Attention::tp;
    }
    for (auto [name, out] : {std::pair{"tp", &c.tp}, std::pair{"pp", &c.pp}, std::pair{"ep", &c.ep}}) {
      if (!e[name]) continue;
      const double v = util::get_number(e, name, file, p, true, 0);
      if (v < 1 || v > 72 || v != std::floor(v))
        throw InputError({file, util::line_of(e[name]), p + "." + name}, "expected a whole number in [1, 72], got " + fmt_num(v));
      *out = static_cast<int>(v);
    }
    for (auto [name, out] : {std::pair{"weights", &c.weights}, std::pair{"kv", &c.kv}}) {
      if (!e[name]) continue;
      const std::string v = scalar(e[name], file, p + "." + name);
      DType d{};
      if (!parse_dtype(v, d))
        throw InputError({file, util::line_of(e[name]), p + "." + name}, "expected bf16 | fp8 | int8 | int4 | fp4, got '" + v + "'");
      *out = d;
    }
    s.fleet.pools.push_back(std::move(c));
  }
}

bool is_tier_key(const std::string& key) {
  std::string name, field;
  return split_tier_key(key, name, field);
}

const std::vector<ScenarioKey>& tier_field_keys() {
  static const std::vector<ScenarioKey> kSpecs = [] {
    std::vector<ScenarioKey> out;
    for (const auto& f : tier_fields())
      out.push_back({std::string("demand.tiers.*.") + f.name, "number", f.unit, f.default_text, f.description, f.lo,
                     f.hi, {}});
    return out;
  }();
  return kSpecs;
}

const ScenarioKey* tier_key_spec(const std::string& key) {
  std::string name, field;
  if (!split_tier_key(key, name, field)) return nullptr;
  for (std::size_t i = 0; i < tier_fields().size(); ++i)
    if (field == tier_fields()[i].name) return &tier_field_keys()[i];
  return nullptr;
}

double* tier_number(Scenario& s, const std::string& key, const Location& where) {
  std::string name, field;
  if (!split_tier_key(key, name, field)) return nullptr;
  const TierField* f = field_named(field);
  std::vector<std::string> fields;
  for (const auto& x : tier_fields()) fields.emplace_back(x.name);
  if (!f) throw InputError(where, "unknown tier field '" + field + "'" + util::suggestion_suffix(field, fields));
  for (auto& t : s.demand.tiers)
    if (t.name == name) return &(t.*f->member);
  std::vector<std::string> names;
  for (const auto& t : s.demand.tiers) names.push_back(t.name);
  throw InputError(where, "the scenario has no tier '" + name + "'" + util::suggestion_suffix(name, names));
}

void set_tier_number(Scenario& s, const std::string& key, double value, const Location& where) {
  double* slot = tier_number(s, key, where);
  std::string name, field;
  split_tier_key(key, name, field);
  check_range(*field_named(field), value, where);
  *slot = value;
}

}  // namespace hippo::scenario

namespace hippo {

std::vector<Tier> resolved_tiers(const Scenario& s) {
  std::vector<Tier> out = s.demand.tiers;
  const DemandConfig& d = s.demand;
  for (Tier& t : out) {
    auto inherit = [](double& v, double flat) {
      if (v == kInherit) v = flat;
    };
    inherit(t.active_share_daily, d.active_share_daily);
    inherit(t.requests_per_active_user_day, d.requests_per_active_user_day);
    inherit(t.input_tokens, s.workload.input.mean_tokens());
    inherit(t.output_tokens, s.workload.output.mean_tokens());
    inherit(t.churn_monthly, d.churn_monthly);
    inherit(t.acquisition_cost, d.acquisition_cost);
    if (t.routing.empty()) t.routing = {{s.service.model, 1.0}};
  }
  return out;
}

std::vector<PoolConfig> fleet_pools(const Scenario& s) {
  std::vector<std::string> models = {s.service.model};
  for (const Tier& t : s.demand.tiers)
    for (const auto& [model, share] : t.routing)
      if (std::find(models.begin(), models.end(), model) == models.end()) models.push_back(model);
  std::vector<PoolConfig> out;
  const ServiceConfig& v = s.service;
  for (const auto& model : models) {
    PoolConfig c;
    c.model = model;
    for (const auto& given : s.fleet.pools)
      if (given.model == model) c = given;
    if (c.gpu.empty()) c.gpu = v.gpu;
    if (c.engine.empty()) c.engine = v.engine;
    if (!c.attention) c.attention = v.attention;
    if (c.tp == 0) c.tp = v.tp;
    if (c.pp == 0) c.pp = v.pp;
    if (c.ep == 0) c.ep = v.ep;
    if (!c.weights) c.weights = v.weights;
    if (!c.kv) c.kv = v.kv;
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<std::string> tier_number_keys(const Scenario& s) {
  std::vector<std::string> out;
  for (const Tier& t : s.demand.tiers)
    for (const auto& f : scenario::detail::tier_fields()) {
      const std::string field = f.name;
      if (field == (t.by_share ? "users" : "share") || t.*f.member == kInherit) continue;
      out.push_back("demand.tiers." + t.name + "." + field);
    }
  return out;
}

std::vector<ScenarioKey> scenario_keys_of(const Scenario& s) {
  std::vector<ScenarioKey> keys = scenario_keys();
  for (const std::string& key : tier_number_keys(s)) {
    ScenarioKey k = *find_scenario_key(key);
    k.key = key;
    keys.push_back(std::move(k));
  }
  return keys;
}

std::vector<std::pair<std::string, std::string>> keys_replaced_by_tiers(const Scenario& s) {
  const std::vector<Tier>& tiers = s.demand.tiers;
  if (tiers.empty()) return {};
  std::vector<std::pair<std::string, std::string>> out = {
      {"demand.paying_share", "each tier's price_month (a tier with a price pays)"},
      {"revenue.subscription_price_month", "each tier's price_month"},
      {"revenue.ads_per_free_user_month", "each tier's ads_per_user_month"}};
  for (const auto& f : scenario::detail::tier_fields()) {  // the fields that default to a flat key
    if (!find_scenario_key(f.default_text)) continue;
    if (std::all_of(tiers.begin(), tiers.end(), [&](const Tier& t) { return t.*f.member != kInherit; }))
      out.emplace_back(f.default_text, std::string("each tier's ") + f.name);
  }
  return out;
}

bool uses_consumer_model(const Scenario& s) {
  const RevenueConfig& r = s.revenue;
  return !s.demand.tiers.empty() || !s.fleet.pools.empty() || s.demand.churn_monthly > 0 ||
         s.demand.acquisition_cost > 0 || r.vat_rate > 0 || r.store_share > 0 || r.payment_fee > 0 ||
         s.opex.marketing_month > 0;
}

}  // namespace hippo
