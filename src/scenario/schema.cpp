#include "scenario/schema.hpp"

#include <cmath>
#include <limits>

#include "scenario/tiers.hpp"
#include "util/yaml_fields.hpp"

namespace hippo::scenario {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string fmt_default(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

KeyBinding number(std::string key, std::string unit, double def, double lo, double hi, std::string desc,
                  std::function<double*(Scenario&)> ref) {
  KeyBinding b;
  b.spec = {std::move(key), "number", std::move(unit), fmt_default(def), std::move(desc), lo, hi, {}};
  b.number = std::move(ref);
  return b;
}

KeyBinding integer(std::string key, std::string unit, int def, double lo, double hi, std::string desc,
                   std::function<int*(Scenario&)> ref) {
  KeyBinding b;
  b.spec = {std::move(key), "integer", std::move(unit), std::to_string(def), std::move(desc), lo, hi, {}};
  b.integer = std::move(ref);
  return b;
}

std::string scalar_text(const YAML::Node& n, const std::string& file, const std::string& key) {
  if (!n.IsScalar()) throw InputError({file, util::line_of(n), key}, "expected text");
  return n.as<std::string>();
}

KeyBinding text(std::string key, std::string def, std::string desc, std::function<std::string*(Scenario&)> ref) {
  KeyBinding b;
  b.spec = {key, "text", "", def.empty() ? "(none)" : def, std::move(desc), 0, 0, {}};
  b.read = [ref, key](Scenario& s, const YAML::Node& n, const std::string& file) {
    *ref(s) = scalar_text(n, file, key);
  };
  return b;
}

// The index of the choice node `n` names, or the error that lists them all.
std::size_t read_choice(const std::vector<std::string>& choices, const YAML::Node& n, const std::string& file,
                        const std::string& key) {
  const std::string v = scalar_text(n, file, key);
  for (std::size_t i = 0; i < choices.size(); ++i)
    if (choices[i] == v) return i;
  std::string all;
  for (const auto& c : choices) all += (all.empty() ? "" : " | ") + c;
  throw InputError({file, util::line_of(n), key}, "expected one of " + all + ", got '" + v + "'");
}

KeyBinding choice(std::string key, std::vector<std::string> choices, std::string def, std::string desc,
                  std::function<std::string*(Scenario&)> ref) {
  KeyBinding b;
  b.spec = {key, "choice", "", def, std::move(desc), 0, 0, choices};
  b.read = [ref, key, choices](Scenario& s, const YAML::Node& n, const std::string& file) {
    *ref(s) = choices[read_choice(choices, n, file, key)];
  };
  return b;
}

// A choice read into an enum: `values` in the order the docs list them, named by choice_name.
template <class E>
KeyBinding policy(std::string key, std::vector<E> values, E def, std::string desc,
                  std::type_identity_t<std::function<E*(Scenario&)>> ref) {
  std::vector<std::string> names;
  for (E v : values) names.emplace_back(choice_name(v));
  KeyBinding b = choice(std::move(key), names, std::string(choice_name(def)), std::move(desc), nullptr);
  b.read = [ref, key = b.spec.key, values, names](Scenario& s, const YAML::Node& n, const std::string& file) {
    *ref(s) = values[read_choice(names, n, file, key)];
  };
  return b;
}

KeyBinding dtype(std::string key, std::string desc, std::function<DType*(Scenario&)> ref) {
  KeyBinding b;
  b.spec = {key, "choice", "", "bf16", std::move(desc), 0, 0, {"bf16", "fp8", "int8", "int4", "fp4"}};
  b.read = [ref, key](Scenario& s, const YAML::Node& n, const std::string& file) {
    std::string v = scalar_text(n, file, key);
    if (!parse_dtype(v, *ref(s)))
      throw InputError({file, util::line_of(n), key}, "expected bf16 | fp8 | int8 | int4 | fp4, got '" + v + "'");
  };
  return b;
}

KeyBinding dist(std::string key, std::string def, std::string desc, std::function<LengthDist*(Scenario&)> ref) {
  KeyBinding b;
  b.spec = {key, "dist", "tokens", def, std::move(desc), 0, 0, {}};
  b.read = [ref, key](Scenario& s, const YAML::Node& n, const std::string& file) {
    *ref(s) = parse_length_dist(scalar_text(n, file, key), {file, util::line_of(n), key});
  };
  return b;
}

KeyBinding list(std::string key, std::string unit, std::string desc,
                std::function<void(Scenario&, const YAML::Node&, const std::string&)> read) {
  KeyBinding b;
  b.spec = {std::move(key), "list", std::move(unit), "(empty)", std::move(desc), 0, 0, {}};
  b.read = std::move(read);
  return b;
}

void read_string_list(std::vector<std::string>& out, const YAML::Node& n, const std::string& file,
                      const std::string& key) {
  if (!n.IsSequence()) throw InputError({file, util::line_of(n), key}, "expected a list");
  out.clear();
  for (const auto& e : n) out.push_back(scalar_text(e, file, key));
}

void read_dtype_list(std::vector<DType>& out, const YAML::Node& n, const std::string& file, const std::string& key) {
  std::vector<std::string> names;
  read_string_list(names, n, file, key);
  out.clear();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (!parse_dtype(names[i], out.emplace_back()))
      throw InputError({file, util::line_of(n[i]), key}, "expected bf16 | fp8 | int8 | int4 | fp4, got '" + names[i] + "'");
}

void read_tp_list(std::vector<int>& out, const YAML::Node& n, const std::string& file, const std::string& key) {
  if (!n.IsSequence()) throw InputError({file, util::line_of(n), key}, "expected a list");
  out.clear();
  for (const auto& e : n) {
    const std::string v = scalar_text(e, file, key);
    if (v != "1" && v != "2" && v != "4" && v != "8")
      throw InputError({file, util::line_of(e), key}, "expected tensor parallelisms among 1, 2, 4, 8, got '" + v + "'");
    out.push_back(std::stoi(v));
  }
}

constexpr double kMaxHourlyRate = 1e12;
constexpr double kMaxSpecTokensKey = 16;  // sim::kMaxSpecTokens (the scenario layer sits below sim)

// One acceptance rate or a list of them, each in [0, 1).
void read_acceptance(std::vector<double>& out, const YAML::Node& n, const std::string& file, const std::string& key) {
  out.clear();
  auto one = [&](const YAML::Node& e, int line) {
    util::reject_quoted_number(e, {file, line, key});
    double v = 0;
    try {
      if (!e.IsScalar()) throw YAML::Exception(e.Mark(), "");
      v = e.as<double>();
    } catch (const YAML::Exception&) {
      throw InputError({file, line, key}, "expected an acceptance rate in [0, 1)");
    }
    if (!std::isfinite(v) || v < 0 || v >= 1)
      throw InputError({file, line, key}, "expected an acceptance rate in [0, 1), got " + fmt_default(v));
    out.push_back(v);
  };
  if (n.IsSequence()) {
    if (n.size() < 1 || n.size() > kMaxSpecTokensKey)
      throw InputError({file, util::line_of(n), key}, "expected 1 to 16 acceptance rates, one per draft position");
    for (const auto& e : n) one(e, util::line_of(e));
  } else if (n.IsScalar() && n.Tag() != "!" && n.Scalar().find(',') != std::string::npos) {
    // "0.9,0.8", as --spec-acceptance takes them: each rate read as a YAML scalar of its own.
    std::string text = n.Scalar();
    for (std::size_t start = 0;;) {
      const std::size_t comma = text.find(',', start);
      YAML::Node e = YAML::Load(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (!e.IsScalar() || out.size() >= kMaxSpecTokensKey)
        throw InputError({file, util::line_of(n), key}, "expected 1 to 16 acceptance rates, one per draft position");
      one(e, util::line_of(n));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  } else {
    one(n, util::line_of(n));
  }
}

void read_profile(std::vector<double>& out, const YAML::Node& n, const std::string& file, const std::string& key) {
  if (!n.IsSequence() || n.size() != 24)
    throw InputError({file, util::line_of(n), key}, "expected a list of 24 hourly rates (hour 0 first)");
  out.clear();
  double sum = 0;
  for (const auto& e : n) {
    double v = 0;
    try {
      v = e.as<double>();
    } catch (const YAML::Exception&) {
      throw InputError({file, util::line_of(e), key}, "expected a number");
    }
    // Bounded so that the sum below stays finite (rates near 1e308 would sum to inf, scaling all to 0).
    if (!std::isfinite(v) || v < 0 || v > kMaxHourlyRate)
      throw InputError({file, util::line_of(e), key}, "expected a rate in [0, 1e+12]");
    out.push_back(v);
    sum += v;
  }
  if (sum <= 0) throw InputError({file, util::line_of(n), key}, "expected at least one hour with traffic");
  for (auto& v : out) v *= 24.0 / sum;  // relative: mean 1
}

void read_buckets(std::vector<Bucket>& out, const YAML::Node& n, const std::string& file, const std::string& key) {
  if (!n.IsSequence()) throw InputError({file, util::line_of(n), key}, "expected a list of buckets");
  out.clear();
  for (const auto& e : n) {
    util::reject_unknown_keys(e, {"name", "share", "input", "output"}, file, key);
    Bucket b;
    b.name = util::get_string(e, "name", file, key, true);
    b.share = util::get_number(e, "share", file, key + "." + b.name, true, 0);
    if (b.share <= 0 || b.share > 1)
      throw InputError({file, util::line_of(e["share"]), key + "." + b.name + ".share"}, "expected a share in (0, 1]");
    b.input = parse_length_dist(util::get_string(e, "input", file, key, true),
                                {file, util::line_of(e["input"]), key + "." + b.name + ".input"});
    b.output = parse_length_dist(util::get_string(e, "output", file, key, true),
                                 {file, util::line_of(e["output"]), key + "." + b.name + ".output"});
    out.push_back(std::move(b));
  }
  double sum = 0;
  for (const auto& b : out) sum += b.share;
  if (!out.empty() && std::fabs(sum - 1.0) > 1e-6)
    throw InputError({file, util::line_of(n), key}, "bucket shares must sum to 1, they sum to " + fmt_default(sum));
}

// Months of a training run: whole and bounded before the cast (a double beyond int is undefined).
constexpr int kMaxMonths = 1200;

int whole_number(const YAML::Node& e, const std::string& name, int fallback, int lo, int hi, const std::string& file,
                 const std::string& prefix) {
  const double v = util::get_number(e, name, file, prefix, false, fallback);
  if (v < lo || v > hi || v != std::floor(v))
    throw InputError({file, util::line_of(e[name] ? e[name] : e), prefix + "." + name},
                     "expected a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " +
                         fmt_default(v));
  return static_cast<int>(v);
}

void read_training(std::vector<TrainingRun>& out, const YAML::Node& n, const std::string& file,
                   const std::string& key) {
  if (!n.IsSequence()) throw InputError({file, util::line_of(n), key}, "expected a list of training runs");
  out.clear();
  for (const auto& e : n) {
    util::reject_unknown_keys(e, {"name", "cost", "month", "life_months", "source"}, file, key);
    TrainingRun t;
    t.name = util::get_string(e, "name", file, key, true);
    const std::string p = key + "." + t.name;
    t.cost = util::get_number(e, "cost", file, p, true, 0);
    t.month = whole_number(e, "month", 1, 1, kMaxMonths, file, p);
    t.life_months = whole_number(e, "life_months", 12, 1, kMaxMonths, file, p);
    if (t.cost < 0) throw InputError({file, util::line_of(e["cost"]), p + ".cost"}, "expected a cost ≥ 0");
    if (t.cost > 1e15)  // as finance.capex_budget_year: sums of such costs stay far from overflow
      throw InputError({file, util::line_of(e["cost"]), p + ".cost"},
                       "expected a cost of at most 1e15, got " + fmt_default(t.cost));
    out.push_back(std::move(t));
  }
}

void read_efficiency_steps(std::vector<EfficiencyStep>& out, const YAML::Node& n, const std::string& file,
                           const std::string& key) {
  if (!n.IsSequence()) throw InputError({file, util::line_of(n), key}, "expected a list of steps {from_month, gain, what}");
  out.clear();
  for (const auto& e : n) {
    util::reject_unknown_keys(e, {"from_month", "gain", "what", "source"}, file, key);
    EfficiencyStep st;
    st.from_month = whole_number(e, "from_month", 1, 1, kMaxMonths, file, key);
    st.gain = util::get_number(e, "gain", file, key, true, 1);
    if (!(st.gain > 0) || st.gain > 1e3)
      throw InputError({file, util::line_of(e["gain"]), key + ".gain"},
                       "expected a gain > 0 and ≤ 1000 (1.3: a replica serves 30 % more), got " + fmt_default(st.gain));
    if (e["what"]) st.what = scalar_text(e["what"], file, key + ".what");
    out.push_back(std::move(st));
  }
}

std::vector<KeyBinding> build() {
  std::vector<KeyBinding> k;
  // Top level
  k.push_back(text("name", "", "Short name shown in reports", [](Scenario& s) { return &s.name; }));
  k.push_back(text("description", "", "One line on what the scenario models", [](Scenario& s) { return &s.description; }));
  k.push_back(text("currency", "USD", "ISO code of every money figure in the scenario (USD, KRW, EUR, …)",
                   [](Scenario& s) { return &s.currency; }));
  k.push_back(number("fx_per_usd", "currency/USD", 1, 1e-9, 1e9,
                     "Scenario currency units per US dollar; converts catalog prices. Required unless currency is USD",
                     [](Scenario& s) { return &s.fx_per_usd; }));
  k.push_back(integer("horizon_months", "months", 60, 1, 600, "Months the P&L covers",
                      [](Scenario& s) { return &s.horizon_months; }));
  {
    KeyBinding b;
    b.spec = {"seed", "integer", "", "1", "Seed of every random stream", 0, 1e18, {}};
    b.unsigned_integer = [](Scenario& s) { return &s.seed; };
    k.push_back(b);
  }
  // service
  k.push_back(text("service.model", "llama-3.1-70b", "Model id from the catalog", [](Scenario& s) { return &s.service.model; }));
  k.push_back(text("service.model_config", "", "A Hugging Face config.json (path relative to the scenario) imported as the model; its id is service.model when given, else the file's name (docs/catalog.md)",
                   [](Scenario& s) { return &s.service.model_config; }));
  k.push_back(text("service.gpu", "h100-sxm", "GPU id from the catalog", [](Scenario& s) { return &s.service.gpu; }));
  k.push_back(integer("service.tp", "GPUs", 1, 1, 64, "Tensor parallelism: GPUs per pipeline stage",
                      [](Scenario& s) { return &s.service.tp; }));
  k.push_back(integer("service.pp", "stages", 1, 1, 64, "Pipeline parallelism: stages per replica",
                      [](Scenario& s) { return &s.service.pp; }));
  k.push_back(integer("service.ep", "GPUs", 1, 1, 72,
                      "Expert parallelism (MoE): the routed experts spread over ep of a stage's tp GPUs",
                      [](Scenario& s) { return &s.service.ep; }));
  k.push_back(policy("service.attention", {Attention::tp, Attention::dp}, Attention::tp,
                     "Attention split over the tp GPUs by heads (tp) or data-parallel, 1/tp of the sequences each (dp)",
                     [](Scenario& s) { return &s.service.attention; }));
  k.push_back(dtype("service.weights", "Weight data type", [](Scenario& s) { return &s.service.weights; }));
  k.push_back(dtype("service.kv", "KV-cache data type (bf16 or fp8)", [](Scenario& s) { return &s.service.kv; }));
  k.push_back(text("service.engine", "", "Engine profile id (empty: the catalog's calibrated default)",
                   [](Scenario& s) { return &s.service.engine; }));
  k.push_back(policy("service.scheduler", {Scheduler::chunked, Scheduler::prefill_first}, Scheduler::chunked, "Iteration-level scheduler",
                     [](Scenario& s) { return &s.service.scheduler; }));
  k.push_back(policy("service.router", {Router::round_robin, Router::least_outstanding, Router::power_of_two},
                     Router::least_outstanding,
                     "Router across replicas", [](Scenario& s) { return &s.service.router; }));
  k.push_back(integer("service.max_batch", "sequences", 256, 1, 1e6, "Most sequences running in one replica",
                      [](Scenario& s) { return &s.service.max_batch; }));
  k.push_back(integer("service.token_budget", "tokens", 8192, 1, 1e7, "Most tokens in one engine step",
                      [](Scenario& s) { return &s.service.token_budget; }));
  {
    KeyBinding b = text("service.spec.method", "none",
                        "hippo simulate: speculative decoding: none, mtp (the model's multi-token-prediction layer) or "
                        "draft:MODEL (a catalog model as the draft)",
                        [](Scenario& s) { return &s.service.spec_method; });
    b.read = [](Scenario& s, const YAML::Node& n, const std::string& file) {
      const std::string v = scalar_text(n, file, "service.spec.method");
      if (v != "none" && v != "mtp" && !(v.rfind("draft:", 0) == 0 && v.size() > 6))
        throw InputError({file, util::line_of(n), "service.spec.method"},
                         "expected none, mtp or draft:MODEL (a catalog model id), got '" + v + "'");
      s.service.spec_method = v;
    };
    k.push_back(std::move(b));
  }
  k.push_back(integer("service.spec.tokens", "tokens", 1, 1, kMaxSpecTokensKey,
                      "hippo simulate: draft tokens verified per sequence and step (k)",
                      [](Scenario& s) { return &s.service.spec_tokens; }));
  k.push_back(list("service.spec.acceptance", "probability",
                   "hippo simulate: chance each draft token is accepted given those before it were, in [0, 1): one "
                   "rate, or a list of one per draft position",
                   [](Scenario& s, const YAML::Node& n, const std::string& f) {
                     read_acceptance(s.service.spec_acceptance, n, f, "service.spec.acceptance");
                   }));
  k.push_back(choice("service.prefix_cache", {"off", "on"}, "off",
                     "hippo simulate: a KV prefix cache in each replica: cached full blocks of a prompt (a shared "
                     "system prompt, a conversation's earlier turns) skip their prefill",
                     [](Scenario& s) { return &s.service.prefix_cache; }));
  k.push_back(number("service.efficiency_gain_yearly", "fraction/year", 0, 0, 10,
                     "Yearly gain in what a replica serves from software alone (engines, kernels, serving), compounding "
                     "monthly: capacity × (1 + g)^((m − 1)/12)",
                     [](Scenario& s) { return &s.service.efficiency_gain_yearly; }));
  k.push_back(list("service.efficiency_steps", "",
                   "Dated software gains {from_month, gain, what}: from that month on a replica serves gain × as much "
                   "(1.3: spec decoding's 30 %)",
                   [](Scenario& s, const YAML::Node& n, const std::string& f) {
                     read_efficiency_steps(s.service.efficiency_steps, n, f, "service.efficiency_steps");
                   }));
  // workload
  k.push_back(dist("workload.input", "lognormal:mean=1000,cv=1", "Prompt length per request",
                   [](Scenario& s) { return &s.workload.input; }));
  k.push_back(dist("workload.output", "lognormal:mean=250,cv=1", "Output length per request",
                   [](Scenario& s) { return &s.workload.output; }));
  k.push_back(policy("workload.arrival", {Arrival::poisson, Arrival::gamma, Arrival::constant}, Arrival::poisson, "Arrival process",
                     [](Scenario& s) { return &s.workload.arrival; }));
  k.push_back(number("workload.cv", "", 1, 0.01, 100, "Gamma arrivals: coefficient of variation of the gaps",
                     [](Scenario& s) { return &s.workload.cv; }));
  {
    KeyBinding b = text("workload.trace", "", "Trace CSV to replay (arrival_s,input_tokens,output_tokens; a relative path "
                        "lies beside the scenario); run and plan take their request lengths from it",
                        [](Scenario& s) { return &s.workload.trace; });
    b.read = [](Scenario& s, const YAML::Node& n, const std::string& file) {
      const std::string written = scalar_text(n, file, "workload.trace");
      s.workload.trace = resolve_beside(written, file);
      // Its lengths are the workload's (parse_scenario refuses workload.input or output beside it).
      const Location where{file, util::line_of(n), "workload.trace"};
      s.workload.input = parse_length_dist("trace:" + written + ",input", where);
      s.workload.output = parse_length_dist("trace:" + written + ",output", where);
    };
    k.push_back(std::move(b));
  }
  k.push_back(integer("workload.concurrency", "clients", 0, 0, 1e6,
                      "hippo simulate: closed-loop clients, each sending its next request when its last completes (0: "
                      "open loop at the arrival rate)",
                      [](Scenario& s) { return &s.workload.concurrency; }));
  {
    KeyBinding b = dist("workload.sessions.turns", "fixed:1",
                        "hippo simulate: conversations: turns per session (given: sessions arrive at the arrival "
                        "rate, each a closed loop whose turn t carries the system prompt, the earlier turns and a new "
                        "message of workload.input tokens)",
                        [](Scenario& s) { return &s.workload.session_turns; });
    b.spec.unit = "turns";
    k.push_back(std::move(b));
  }
  k.push_back(number("workload.sessions.think_s", "s", 0, 0, 86400,
                     "hippo simulate: conversations: from a turn's completion to the next turn's arrival",
                     [](Scenario& s) { return &s.workload.session_think_s; }));
  k.push_back(integer("workload.sessions.system_prompt_tokens", "tokens", 0, 0, 1e6,
                      "hippo simulate: conversations: the shared system prompt at the start of every turn (0: none)",
                      [](Scenario& s) { return &s.workload.session_system_prompt_tokens; }));
  k.push_back(integer("workload.sessions.system_prompts", "prompts", 1, 1, 1e6,
                      "hippo simulate: conversations: distinct system prompts, one drawn per session",
                      [](Scenario& s) { return &s.workload.session_system_prompts; }));
  k.push_back(list("workload.hourly_profile", "relative rate", "24 hourly rates, hour 0 first (scaled to mean 1)",
                   [](Scenario& s, const YAML::Node& n, const std::string& f) {
                     read_profile(s.workload.hourly_profile, n, f, "workload.hourly_profile");
                   }));
  k.push_back(list("workload.buckets", "", "Request-size classes {name, share, input, output}; shares sum to 1",
                   [](Scenario& s, const YAML::Node& n, const std::string& f) {
                     read_buckets(s.workload.buckets, n, f, "workload.buckets");
                   }));
  // slo
  k.push_back(number("slo.ttft_p99_s", "s", 2, 1e-6, 3600, "Target p99 time to first token",
                     [](Scenario& s) { return &s.slo.ttft_p99_s; }));
  k.push_back(number("slo.tpot_p99_s", "s", 0.1, 1e-6, 60, "Target p99 time per output token",
                     [](Scenario& s) { return &s.slo.tpot_p99_s; }));
  // fleet
  k.push_back(policy("fleet.sizing", {Sizing::throughput, Sizing::simulated}, Sizing::simulated,
                     "How replica capacity is found: the simulator's rate under the p99 SLOs, or peak throughput "
                     "(optimistic: queueing left to the headroom)",
                     [](Scenario& s) { return &s.fleet.sizing; }));
  k.push_back(list("fleet.candidates", "GPU ids", "GPUs the capacity plan may choose from (empty: service.gpu)",
                   [](Scenario& s, const YAML::Node& n, const std::string& f) {
                     read_string_list(s.fleet.candidates, n, f, "fleet.candidates");
                   }));
  k.push_back(list("fleet.weights", "dtypes", "Weight types the capacity plan may choose from (empty: service.weights)",
                   [](Scenario& s, const YAML::Node& n, const std::string& f) {
                     read_dtype_list(s.fleet.weight_options, n, f, "fleet.weights");
                   }));
  k.push_back(list("fleet.kv", "dtypes", "KV-cache types the capacity plan may choose from (empty: service.kv)",
                   [](Scenario& s, const YAML::Node& n, const std::string& f) {
                     read_dtype_list(s.fleet.kv_options, n, f, "fleet.kv");
                   }));
  k.push_back(list("fleet.tp", "GPUs", "Tensor parallelisms the capacity plan may choose from (empty: 1, 2, 4, 8)",
                   [](Scenario& s, const YAML::Node& n, const std::string& f) {
                     read_tp_list(s.fleet.tp_options, n, f, "fleet.tp");
                   }));
  k.push_back(number("fleet.headroom", "fraction", 0.2, 0, 10, "Spare capacity above the peak",
                     [](Scenario& s) { return &s.fleet.headroom; }));
  k.push_back(policy("fleet.procurement", {Procurement::owned, Procurement::rented, Procurement::owned_plus_burst},
                     Procurement::owned,
                     "Own GPUs for the peak, rent them all, or own a base and rent the burst",
                     [](Scenario& s) { return &s.fleet.procurement; }));
  k.push_back(integer("fleet.gpus_per_server", "GPUs", 8, 1, 72, "Owned GPUs are bought in whole servers",
                      [](Scenario& s) { return &s.fleet.gpus_per_server; }));
  k.push_back(integer("fleet.lead_time_months", "months", 3, 0, 36, "Months between ordering and serving",
                      [](Scenario& s) { return &s.fleet.lead_time_months; }));
  k.push_back(integer("fleet.life_months", "months", 60, 1, 240, "Depreciation life of a server",
                      [](Scenario& s) { return &s.fleet.life_months; }));
  k.push_back(number("fleet.resale_fraction", "fraction", 0, 0, 1, "Resale value at end of life, share of cost",
                     [](Scenario& s) { return &s.fleet.resale_fraction; }));
  k.push_back(number("fleet.server_capex_fraction", "fraction", 0.8, 0, 10,
                     "Server, network and installation per GPU, as a share of the GPU's price",
                     [](Scenario& s) { return &s.fleet.server_capex_fraction; }));
  k.push_back(number("fleet.gpu_price", "currency", 0, 0, 1e12, "Price of one GPU (0: the catalog's, converted)",
                     [](Scenario& s) { return &s.fleet.gpu_price; }));
  k.push_back(number("fleet.rental_price_per_gpu_hour", "currency/GPU-hour", 0, 0, 1e9,
                     "Rental price (0: the catalog's, converted)",
                     [](Scenario& s) { return &s.fleet.rental_price_per_gpu_hour; }));
  k.push_back(number("fleet.gpu_price_decline_yearly", "fraction/year", 0, 0, 0.99,
                     "Yearly fall of the GPU purchase price", [](Scenario& s) { return &s.fleet.gpu_price_decline_yearly; }));
  k.push_back(integer("fleet.plan_ahead_months", "months", 0, 0, 60,
                      "Owned fleet sized for the largest peak of the next N months (buying ahead of demand)",
                      [](Scenario& s) { return &s.fleet.plan_ahead_months; }));
  k.push_back(number("fleet.burst_hours_per_day", "hours/day", 6, 0, 24,
                     "owned_plus_burst: hours a day the GPUs above the owned base are rented",
                     [](Scenario& s) { return &s.fleet.burst_hours_per_day; }));
  k.push_back(list("fleet.pools", "",
                   "Deployments of the models tiers route to {model, gpu, tp, pp, ep, weights, kv, engine, attention}; a "
                   "routed model without one, or a field left out, takes the service's settings",
                   [](Scenario& s, const YAML::Node& n, const std::string& f) { read_pools(s, n, f, "fleet.pools"); }));
  // demand
  k.push_back(number("demand.users_start", "users", 1e6, 0, 1e11, "Monthly active users in month 1",
                     [](Scenario& s) { return &s.demand.users_start; }));
  k.push_back(number("demand.users_max", "users", 1e8, 0, 1e11, "Saturation: users never exceed this",
                     [](Scenario& s) { return &s.demand.users_max; }));
  k.push_back(number("demand.growth_monthly", "fraction/month", 0.08, -0.99, 10, "Monthly user growth before saturation",
                     [](Scenario& s) { return &s.demand.growth_monthly; }));
  k.push_back(number("demand.active_share_daily", "fraction", 0.3, 0, 1, "Share of monthly users active on a day",
                     [](Scenario& s) { return &s.demand.active_share_daily; }));
  k.push_back(number("demand.paying_share", "fraction", 0.04, 0, 1, "Share of monthly users who subscribe",
                     [](Scenario& s) { return &s.demand.paying_share; }));
  k.push_back(number("demand.requests_per_active_user_day", "requests", 10, 0, 1e6, "Requests per active user per day",
                     [](Scenario& s) { return &s.demand.requests_per_active_user_day; }));
  k.push_back(number("demand.api_mtok_month_start", "Mtok/month", 0, 0, 1e12, "API tokens in month 1 (input + output)",
                     [](Scenario& s) { return &s.demand.api_mtok_month_start; }));
  k.push_back(number("demand.api_growth_monthly", "fraction/month", 0, -0.99, 10, "Monthly growth of API tokens",
                     [](Scenario& s) { return &s.demand.api_growth_monthly; }));
  k.push_back(number("demand.api_input_share", "fraction", 0.75, 0, 1, "Share of API tokens that are input",
                     [](Scenario& s) { return &s.demand.api_input_share; }));
  k.push_back(number("demand.peak_to_mean", "ratio", 2, 1, 100, "Peak over mean request rate within a day",
                     [](Scenario& s) { return &s.demand.peak_to_mean; }));
  k.push_back(number("demand.peak_rate_req_s", "requests/s", 0, 0, 1e9,
                     "Capacity plan: peak request rate (0: month 1's users × demand.peak_to_mean, or the profile's peak)",
                     [](Scenario& s) { return &s.demand.peak_rate_req_s; }));
  k.push_back(number("demand.churn_monthly", "fraction/month", 0, 0, 0.999,
                     "Share of users lost each month, replaced by acquisitions (users are a stock: u − churned + acquired)",
                     [](Scenario& s) { return &s.demand.churn_monthly; }));
  k.push_back(number("demand.acquisition_cost", "currency/user", 0, 0, 1e9, "Marketing cost of each user acquired",
                     [](Scenario& s) { return &s.demand.acquisition_cost; }));
  k.push_back(list("demand.tiers", "",
                   "Demand tiers {name, share | users, price_month, active_share_daily, requests_per_active_user_day, "
                   "input_tokens, output_tokens, reasoning_tokens, system_prompt_tokens, turns_per_conversation, "
                   "prefix_cache_hit, routing: {MODEL: share}, churn_monthly, acquisition_cost, ads_per_user_month}; "
                   "replace paying_share, subscription_price_month and ads_per_free_user_month (docs/economics.md)",
                   [](Scenario& s, const YAML::Node& n, const std::string& f) { read_tiers(s, n, f, "demand.tiers"); }));
  // revenue
  k.push_back(number("revenue.subscription_price_month", "currency/month", 20, 0, 1e9, "Subscription price",
                     [](Scenario& s) { return &s.revenue.subscription_price_month; }));
  k.push_back(number("revenue.api_price_input_per_mtok", "currency/Mtok", 0.6, 0, 1e9, "API price of input tokens",
                     [](Scenario& s) { return &s.revenue.api_price_input_per_mtok; }));
  k.push_back(number("revenue.api_price_output_per_mtok", "currency/Mtok", 0.8, 0, 1e9, "API price of output tokens",
                     [](Scenario& s) { return &s.revenue.api_price_output_per_mtok; }));
  k.push_back(number("revenue.api_price_decline_yearly", "fraction/year", 0.5, 0, 0.999,
                     "Yearly fall of API prices", [](Scenario& s) { return &s.revenue.api_price_decline_yearly; }));
  k.push_back(number("revenue.licence_month", "currency/month", 0, 0, 1e12, "Licence revenue per month",
                     [](Scenario& s) { return &s.revenue.licence_month; }));
  k.push_back(number("revenue.ads_per_free_user_month", "currency/user-month", 0, 0, 1e6,
                     "Advertising revenue per free user", [](Scenario& s) { return &s.revenue.ads_per_free_user_month; }));
  k.push_back(number("revenue.vat_rate", "fraction", 0, 0, 1,
                     "VAT or sales tax included in consumer prices (subscriptions); revenue is net of it",
                     [](Scenario& s) { return &s.revenue.vat_rate; }));
  k.push_back(number("revenue.store_share", "fraction", 0, 0, 1, "Share of subscription payments made through app stores",
                     [](Scenario& s) { return &s.revenue.store_share; }));
  k.push_back(number("revenue.store_fee", "fraction", 0.15, 0, 1, "App-store commission on the price net of VAT",
                     [](Scenario& s) { return &s.revenue.store_fee; }));
  k.push_back(number("revenue.payment_fee", "fraction", 0, 0, 1,
                     "Card processing fee on the other subscription payments, on the amount charged",
                     [](Scenario& s) { return &s.revenue.payment_fee; }));
  // facility
  k.push_back(policy("facility.mode", {FacilityMode::lease, FacilityMode::build}, FacilityMode::lease,
                     "Lease colocation space or build a data centre",
                     [](Scenario& s) { return &s.facility.mode; }));
  k.push_back(number("facility.build_cost_per_mw", "currency/MW", 11.7e6, 0, 1e12,
                     "Build cost per MW of IT load", [](Scenario& s) { return &s.facility.build_cost_per_mw; }));
  k.push_back(integer("facility.build_life_months", "months", 240, 1, 1200, "Depreciation life of a built facility",
                      [](Scenario& s) { return &s.facility.build_life_months; }));
  k.push_back(number("facility.lease_per_kw_month", "currency/kW-month", 184, 0, 1e9, "Colocation price",
                     [](Scenario& s) { return &s.facility.lease_per_kw_month; }));
  k.push_back(number("facility.pue", "ratio", 1.2, 1, 5, "Power usage effectiveness",
                     [](Scenario& s) { return &s.facility.pue; }));
  k.push_back(number("facility.power_price_per_kwh", "currency/kWh", 0.0806, 0, 1e6, "Electricity tariff",
                     [](Scenario& s) { return &s.facility.power_price_per_kwh; }));
  k.push_back(number("facility.server_power_overhead", "fraction", 0.4, 0, 5,
                     "Server power (CPUs, NICs, fans) per GPU watt", [](Scenario& s) { return &s.facility.server_power_overhead; }));
  // opex
  k.push_back(number("opex.staff_month", "currency/month", 0, 0, 1e12, "Staff cost",
                     [](Scenario& s) { return &s.opex.staff_month; }));
  k.push_back(number("opex.other_fixed_month", "currency/month", 0, 0, 1e12, "Other fixed costs",
                     [](Scenario& s) { return &s.opex.other_fixed_month; }));
  k.push_back(number("opex.marketing_month", "currency/month", 0, 0, 1e12,
                     "Fixed marketing, beside the acquisition cost of new users",
                     [](Scenario& s) { return &s.opex.marketing_month; }));
  k.push_back(list("opex.training", "", "Training runs {name, cost, month, life_months}; cost spread over the life",
                   [](Scenario& s, const YAML::Node& n, const std::string& f) {
                     read_training(s.opex.training, n, f, "opex.training");
                   }));
  // finance
  k.push_back(number("finance.discount_rate_annual", "fraction/year", 0.09, -0.99, 10, "Discount rate for NPV",
                     [](Scenario& s) { return &s.finance.discount_rate_annual; }));
  k.push_back(number("finance.capex_budget_year", "currency/year", 0, 0, 1e15,
                     "Most capex per year (0: no limit)", [](Scenario& s) { return &s.finance.capex_budget_year; }));
  {
    KeyBinding b = number("finance.cash_floor", "currency", 0, -1e15, 1e15,
                          "Cumulative cash never planned below this (absent: no floor)",
                          [](Scenario& s) { return &s.finance.cash_floor; });
    b.spec.default_text = "(none)";
    k.push_back(b);
  }
  k.push_back(number("finance.tax_rate", "fraction", 0, 0, 1, "Tax on positive operating profit",
                     [](Scenario& s) { return &s.finance.tax_rate; }));
  return k;
}

}  // namespace

const std::vector<KeyBinding>& key_bindings() {
  static const std::vector<KeyBinding> kBindings = build();  // immutable after first use
  return kBindings;
}

const KeyBinding* find_binding(const std::string& key) {
  for (const auto& b : key_bindings())
    if (b.spec.key == key) return &b;
  return nullptr;
}

}  // namespace hippo::scenario
