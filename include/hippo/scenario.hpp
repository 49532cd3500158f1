// A scenario: one YAML file describing a service — model and deployment, traffic, SLOs, fleet
// policy, demand, prices, costs and finance. src/scenario reads it once into these typed,
// validated structs; nothing below that layer sees YAML. Every key is declared once, with its
// description, unit and default, in src/scenario/schema.cpp (docs/scenario.md is generated from it).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hippo/catalog.hpp"
#include "hippo/errors.hpp"
#include "hippo/policies.hpp"

namespace hippo {

// A request-length distribution: "fixed:512", "uniform:100,2000", "lognormal:mean=800,cv=1.2",
// or "trace:FILE.csv[,input|output]" (lengths drawn from a trace's column).
struct LengthDist {
  enum class Kind { fixed, uniform, lognormal, trace };
  Kind kind = Kind::fixed;
  double a = 0, b = 0;        // fixed: a; uniform: [a, b]
  double mean = 0, cv = 0;    // lognormal
  std::string trace_path;     // trace
  bool trace_output = false;  // trace: the output column instead of the input one
  std::string text;           // as written
  double mean_tokens() const; // expected value (trace: filled by the loader from the file)
  double trace_mean = 0;
};
// Throws InputError at `where` when the text is not a valid distribution. A trace distribution
// is read once here: its relative path resolved against `where.file`'s folder (a scenario's trace
// lies beside it; a flag's, in the working directory) and its mean taken, so that every use
// (simulate, run, plan) sees the same lengths; a bad trace names `where` and the trace's own line.
LengthDist parse_length_dist(const std::string& text, const Location& where);
// `d` with its mean moved to `mean` tokens (1 … 1e8) and its shape kept: a lognormal keeps its cv,
// a uniform its MAX/MIN, a fixed length is the mean. A trace becomes the fixed mean (its spread
// is not summarised). `d` itself when the mean is its own. For the simulated capacity at a tier's
// or the API's request shape.
LengthDist scaled_length_dist(const LengthDist& d, double mean);

// `path` as a scenario file (or, `file` empty or built in, the working directory) means it.
std::string resolve_beside(const std::string& path, const std::string& file);

// The uncertainty of one scenario number, for sensitivity and Monte Carlo.
struct Distribution {
  enum class Kind { triangular, uniform, normal, lognormal };
  Kind kind = Kind::triangular;
  double low = 0, mode = 0, high = 0;  // bounds (all kinds) and the mode / centre
  double sd = 0;                       // normal
  double cv = 0;                       // lognormal (mode holds the median)
};

struct UncertainInput {
  std::string key;  // dotted key, e.g. "demand.growth_monthly"
  Distribution dist;
  std::string source;
  int line = 0;
};

// A dated software gain: from month `from_month` on, every replica serves `gain` times what it
// served before (a new engine release, speculative decoding, a better kernel).
struct EfficiencyStep {
  int from_month = 1;
  double gain = 1;
  std::string what;  // what it is, for the report: "spec decoding"
};

struct ServiceConfig {
  std::string model = "llama-3.1-70b";
  std::string model_config;  // a Hugging Face config.json imported as the model (as written in the file)
  std::string gpu = "h100-sxm";
  int tp = 1;
  int pp = 1;
  int ep = 1;                   // expert parallelism (MoE models)
  Attention attention = Attention::tp; // tp: heads split over the tp GPUs; dp: data-parallel attention
  DType weights = DType::bf16;
  DType kv = DType::bf16;
  std::string engine;  // empty: the catalog's default profile
  Scheduler scheduler = Scheduler::chunked;
  Router router = Router::least_outstanding;
  int max_batch = 256;
  int token_budget = 8192;
  // Speculative decoding (hippo simulate): none, mtp or draft:MODEL; drafts per step; acceptance
  // (one rate, or one per draft position).
  std::string spec_method = "none";
  int spec_tokens = 1;
  std::vector<double> spec_acceptance;
  std::string prefix_cache = "off";  // hippo simulate: a KV prefix cache in each replica (off | on)
  // Software getting faster on the same GPUs (hippo run): capacity × (1 + g)^((m − 1)/12) × the
  // gains of the steps from their month on (efficiency_factor in hippo/economics.hpp).
  double efficiency_gain_yearly = 0;
  std::vector<EfficiencyStep> efficiency_steps;
};

struct Bucket {
  std::string name;
  double share = 0;
  LengthDist input, output;
};

struct WorkloadConfig {
  LengthDist input = parse_length_dist("lognormal:mean=1000,cv=1", {});
  LengthDist output = parse_length_dist("lognormal:mean=250,cv=1", {});
  Arrival arrival = Arrival::poisson;
  double cv = 1.0;                      // gamma arrivals: coefficient of variation of gaps
  std::string trace;                    // replay this CSV instead of generating arrivals
  int concurrency = 0;                  // hippo simulate: closed-loop clients (0: open loop)
  std::vector<double> hourly_profile;   // 24 relative rates (mean 1), or empty for flat
  std::vector<Bucket> buckets;          // request-size classes for the GPU-mix plan
  // hippo simulate: conversations (on when workload.sessions.turns is given).
  LengthDist session_turns = parse_length_dist("fixed:1", {});
  double session_think_s = 0;
  int session_system_prompt_tokens = 0;
  int session_system_prompts = 1;
};

// One model pool of the fleet (fleet.pools): the deployment of a model the tiers route to. A field
// left out (empty, 0) is the service's (service.gpu, service.tp, ...); fleet_pools() fills them.
struct PoolConfig {
  std::string model, gpu, engine;
  int tp = 0, pp = 0, ep = 0;
  std::optional<DType> weights, kv;
  std::optional<Attention> attention;
  int line = 0;
};

struct SloConfig {
  double ttft_p99_s = 2.0;
  double tpot_p99_s = 0.1;
};

struct FleetConfig {
  Sizing sizing = Sizing::simulated;
  std::vector<std::string> candidates;    // GPU ids the plan may choose from (empty: service.gpu)
  std::vector<DType> weight_options;      // weight types the plan may choose from (empty: service.weights)
  std::vector<DType> kv_options;          // KV-cache types the plan may choose from (empty: service.kv)
  std::vector<int> tp_options;            // tensor parallelisms the plan may choose from (empty: 1, 2, 4, 8)
  double headroom = 0.2;
  Procurement procurement = Procurement::owned;
  int gpus_per_server = 8;
  int lead_time_months = 3;
  int life_months = 60;
  double resale_fraction = 0.0;
  double server_capex_fraction = 0.8;     // server, network and install per GPU, as a share of its price
  double gpu_price = 0;                   // scenario currency; 0: the catalog's, converted
  double rental_price_per_gpu_hour = 0;   // scenario currency; 0: the catalog's, converted
  double gpu_price_decline_yearly = 0.0;
  int plan_ahead_months = 0;              // owned fleet sized for the peak this many months ahead
  double burst_hours_per_day = 6;         // owned_plus_burst: hours a day the burst GPUs are rented
  std::vector<PoolConfig> pools;          // deployments of routed models (empty: the service's settings)
};

// A demand tier (demand.tiers: free, plus, pro, team, enterprise, …): its users, price, intensity,
// request shape and the models it is routed to. Without tiers the flat demand keys are one implicit
// tier. A field written as kInherit (left out) takes the flat key's value at use (resolved_tiers).
constexpr double kInherit = -1;
struct Tier {
  std::string name;
  int line = 0;
  bool by_share = true;            // share of demand users; else `users` in month 1, growing as they do
  double share = 0, users = 0;
  double price_month = 0;          // consumer price (VAT included when revenue.vat_rate > 0)
  double active_share_daily = kInherit;            // demand.active_share_daily
  double requests_per_active_user_day = kInherit;  // demand.requests_per_active_user_day (turns)
  double input_tokens = kInherit;  // a turn's new message, mean (workload.input's mean)
  double output_tokens = kInherit; // a turn's visible answer, mean (workload.output's mean)
  double reasoning_tokens = 0;     // generated and paid for, never shown, not kept in the history
  double system_prompt_tokens = 0; // at the start of every turn
  double turns_per_conversation = 1;  // each turn re-reads the conversation so far
  double prefix_cache_hit = 0;     // share of a turn's input whose prefill the prefix cache skips
  std::vector<std::pair<std::string, double>> routing;  // model id → share of requests (empty: service.model)
  double churn_monthly = kInherit;     // demand.churn_monthly: share of the tier's users lost a month
  double acquisition_cost = kInherit;  // demand.acquisition_cost: per user acquired
  double ads_per_user_month = 0;
  // A turn's mean input: system prompt, the earlier turns (message + visible answer) and its message:
  // turn k of T reads S + m + (k − 1)(m + a); the mean over k = 1 … T is S + m + (T − 1)/2 · (m + a).
  double turn_input_tokens() const {
    return system_prompt_tokens + input_tokens + (turns_per_conversation - 1) / 2 * (input_tokens + output_tokens);
  }
  double turn_output_tokens() const { return output_tokens + reasoning_tokens; }  // generated
};

struct DemandConfig {
  double users_start = 1e6;                 // monthly active users in month 1
  double users_max = 1e8;                   // saturation
  double growth_monthly = 0.08;
  double active_share_daily = 0.3;          // of monthly users, active on a given day
  double paying_share = 0.04;
  double requests_per_active_user_day = 10;
  double api_mtok_month_start = 0;          // API tokens (input + output), millions per month
  double api_growth_monthly = 0.0;
  double api_input_share = 0.75;            // share of API tokens that are input
  double peak_to_mean = 2.0;                // of the day's request rate
  double peak_rate_req_s = 0;               // capacity plan: the peak rate (0: month 1's users × peak_to_mean)
  double churn_monthly = 0;                 // share of users lost each month (replaced by acquisitions)
  double acquisition_cost = 0;              // per user acquired
  std::vector<Tier> tiers;                  // empty: one implicit tier from the keys above
};

struct RevenueConfig {
  double subscription_price_month = 20;
  double api_price_input_per_mtok = 0.6;
  double api_price_output_per_mtok = 0.8;
  double api_price_decline_yearly = 0.5;
  double licence_month = 0;
  double ads_per_free_user_month = 0;
  double vat_rate = 0;           // VAT or sales tax included in consumer (subscription) prices
  double store_share = 0;        // share of subscription payments made through app stores
  double store_fee = 0.15;       // app-store commission, on the price net of VAT
  double payment_fee = 0;        // card processing on the other payments, on the amount charged
};

struct FacilityConfig {
  FacilityMode mode = FacilityMode::lease;
  double build_cost_per_mw = 11.7e6;
  int build_life_months = 240;
  double lease_per_kw_month = 184;
  double pue = 1.2;
  double power_price_per_kwh = 0.0806;
  double server_power_overhead = 0.4;       // CPUs, NICs, fans per GPU watt
};

struct TrainingRun {
  std::string name;
  double cost = 0;
  int month = 1;          // when it is paid
  int life_months = 12;   // the life of the model it produces: its cost is spread over this
};

struct OpexConfig {
  double staff_month = 0;
  double other_fixed_month = 0;
  double marketing_month = 0;    // fixed marketing, beside the acquisition cost of new users
  std::vector<TrainingRun> training;
};

struct FinanceConfig {
  double discount_rate_annual = 0.09;
  double capex_budget_year = 0;        // 0: no limit
  bool has_cash_floor = false;
  double cash_floor = 0;
  double tax_rate = 0;
};

struct Scenario {
  std::string file;          // where it was read from ("<builtin>/default.yaml" for shipped ones)
  std::string name;
  std::string description;
  std::string currency = "USD";
  double fx_per_usd = 1.0;   // scenario currency units per USD (catalog prices are in USD)
  int horizon_months = 60;
  std::uint64_t seed = 1;
  ServiceConfig service;
  WorkloadConfig workload;
  SloConfig slo;
  FleetConfig fleet;
  DemandConfig demand;
  RevenueConfig revenue;
  FacilityConfig facility;
  OpexConfig opex;
  FinanceConfig finance;
  std::vector<UncertainInput> uncertain;
  std::map<std::string, std::string> sources;  // dotted key -> source of the figure
  std::map<std::string, int> lines;            // dotted key -> line in the file
  std::map<std::string, std::string> overridden;  // dotted key -> where a later value came from ("--set")
  // The shipped catalog with the records the scenario adds (`models:`, `gpus:`, `engines:`,
  // `catalog: [files]`, service.model_config); null when it adds none. Shared by copies.
  std::shared_ptr<const Catalog> catalog;
};

// Where the value of `key` came from, for a message about it: the override that set it
// ({"--set", 0, key}), else the file and the key's line (0 when the file does not set it).
Location scenario_location(const Scenario& s, const std::string& key);

// The catalog a scenario's ids refer to: `shipped`, or the one the scenario's records extend.
inline const Catalog& catalog_of(const Scenario& s, const Catalog& shipped) { return s.catalog ? *s.catalog : shipped; }

// Reads a scenario: a path to a YAML file, or the name of one shipped in data/scenarios.
Scenario load_scenario(const std::string& path_or_name, const Catalog& catalog);
// Reads scenario text; `file` names it in messages.
Scenario parse_scenario(const std::string& text, const std::string& file, const Catalog& catalog);
// Checks cross-field rules and catalog ids (against catalog_of(s, catalog)); throws InputError.
// Called by the loaders and after --set.
void validate_scenario(const Scenario& s, const Catalog& catalog);

// demand.tiers with every inherited field (kInherit) filled from the flat keys and an empty routing
// as {service.model: 1}; empty when the scenario has no tiers.
std::vector<Tier> resolved_tiers(const Scenario& s);
// The models the fleet serves, one pool each: service.model first (it also serves the API stream),
// then each other routed model in the order the tiers first name it. Each with its deployment
// (fleet.pools, else the service's settings with that model).
std::vector<PoolConfig> fleet_pools(const Scenario& s);
// The number keys of the scenario's tiers, demand.tiers.NAME.FIELD, for the fields each tier
// gives (not those it inherits; `share` or `users` as it is written): what --all-numeric moves.
std::vector<std::string> tier_number_keys(const Scenario& s);
// The flat keys a tiered scenario's tiers replace, each with what replaces it: the paying share,
// subscription price and ads per free user (each tier has its price and ads), and each flat
// default every tier gives its own value for (active share, requests, churn, acquisition cost).
// Moving one changes nothing, so sensitivity --all-numeric leaves them out. Empty without tiers.
std::vector<std::pair<std::string, std::string>> keys_replaced_by_tiers(const Scenario& s);
// Whether the scenario uses a key of the tiers and consumer P&L (issue 17): then results carry
// the per-pool, per-tier and consumer P&L figures; without, they are as before.
bool uses_consumer_model(const Scenario& s);

// The declaration of one scenario key (src/scenario/schema.cpp).
struct ScenarioKey {
  std::string key;          // dotted
  std::string type;         // number | integer | text | choice | dist | list
  std::string unit;
  std::string default_text;
  std::string description;
  double min = 0, max = 0;  // numbers: the allowed range
  std::vector<std::string> choices;
  bool numeric() const { return type == "number" || type == "integer"; }
};
const std::vector<ScenarioKey>& scenario_keys();

// The declaration of `key`, or nullptr when no key has that name.
const ScenarioKey* find_scenario_key(const std::string& key);
// scenario_keys() and then the scenario's tier keys (tier_number_keys), each under its own name
// with its field's type, unit and range: what --all-numeric moves and /api/keys lists.
std::vector<ScenarioKey> scenario_keys_of(const Scenario& s);

// Numeric keys by name: for --set, sweeps, sensitivity and Monte Carlo. Throw InputError for an
// unknown key (with a suggestion) or a value out of range.
double get_scenario_number(const Scenario& s, const std::string& key);
void set_scenario_number(Scenario& s, const std::string& key, double value, const Location& where);

// The declaration of `key`; InputError at `where` for an unknown key, with a "did you mean" from
// the key's section ("demand.grwth_monthly": 'demand.growth_monthly').
const ScenarioKey& scenario_key_or_throw(const std::string& key, const Location& where);

// Any key from text, read exactly as the same value in a scenario file (a choice checked against
// its choices, a length distribution parsed, a number range-checked, a list in YAML flow such as
// `[h100-sxm, h200]`); InputError at `where`. Does not check cross-field rules (validate_scenario).
void set_scenario_value(Scenario& s, const std::string& key, const std::string& text, const Location& where);

// Where a numeric key is stored in `s`, resolved once so that a loop (Monte Carlo) sets it with no
// lookup by name per draw; exactly one pointer is set. InputError as get_scenario_number's.
struct ScenarioNumberSlot {
  double* number = nullptr;
  int* integer = nullptr;
  std::uint64_t* unsigned_integer = nullptr;
};
ScenarioNumberSlot scenario_number_slot(Scenario& s, const std::string& key);

// docs/scenario.md, generated from scenario_keys().
std::string scenario_reference_markdown();

}  // namespace hippo
