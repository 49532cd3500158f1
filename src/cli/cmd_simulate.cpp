// `hippo simulate [SCENARIO] --model … --rate R --requests N [--json]`: a fleet of replicas under a
// workload, request by request. Flags override the scenario's service, workload and slo sections.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/progress.hpp"
#include "hippo/perf.hpp"
#include "hippo/scenario.hpp"
#include "hippo/simulate.hpp"
#include "report/table.hpp"

namespace hippo::cli {

namespace {

struct Flags {
  std::string scenario, model, gpu, weights, kv, engine, router, scheduler, arrival, input, output, trace;
  int tp = 1, ep = 1, replicas = 1, max_batch = 0, token_budget = 0, concurrency = 0;
  double rate = 0, load = 0, cv = 0, duration = 0, slo_ttft = 0, slo_tpot = 0;
  std::int64_t requests = 0;
  std::uint64_t seed = 0;
  bool json = false, deterministic = false, dp_attention = false, strict = false;
  std::map<std::string, CLI::Option*> opt;
  bool given(const std::string& name) const { return opt.at(name)->count() > 0; }
};

constexpr std::int64_t kDefaultRequests = 10'000;

DType dtype_flag(const std::string& text, const char* flag) {
  DType t{};
  if (!parse_dtype(text, t)) throw InputError({"", 0, flag}, "expected bf16, fp8, int8, int4 or fp4, got '" + text + "'");
  if (std::string(flag) == "--kv" && t != DType::bf16 && t != DType::fp8)
    throw InputError({"", 0, flag}, "expected bf16 or fp8 for the KV cache, got '" + text + "'");
  return t;
}

// The scenario key behind each flag that defaults to the scenario's value: an error about a value
// the file gave names the file's key and line, not a flag the user never typed.
const std::map<std::string, std::string> kScenarioKeyOfFlag = {
    {"--model", "service.model"},     {"--gpu", "service.gpu"},         {"--tp", "service.tp"},
    {"--weights", "service.weights"}, {"--kv", "service.kv"},           {"--engine", "service.engine"},
    {"--ep", "service.ep"},
    {"--max-batch", "service.max_batch"}, {"--token-budget", "service.token_budget"}, {"--cv", "workload.cv"},
    {"--input", "workload.input"},    {"--output", "workload.output"},  {"--slo-ttft", "slo.ttft_p99_s"}};

// The simulation a command line asks for, and the deployment it runs on.
sim::SimConfig build_config(const Flags& f, const Scenario& s, bool from_file, const perf::DeploymentModel& m) {
  sim::SimConfig c;
  c.replicas = f.replicas;
  c.router = sim::parse_router(f.given("--router") ? f.router : s.service.router, {"", 0, "--router"});
  c.scheduler = sim::parse_scheduler(f.given("--scheduler") ? f.scheduler : s.service.scheduler, {"", 0, "--scheduler"});
  c.max_batch = f.given("--max-batch") ? f.max_batch : s.service.max_batch;
  c.token_budget = f.given("--token-budget") ? f.token_budget : s.service.token_budget;
  auto& w = c.workload;
  w.arrival = sim::parse_arrival(f.given("--arrival") ? f.arrival : s.workload.arrival, {"", 0, "--arrival"});
  w.cv = f.given("--cv") ? f.cv : s.workload.cv;
  w.input = f.given("--input") ? parse_length_dist(f.input, {"", 0, "--input"}) : s.workload.input;
  w.output = f.given("--output") ? parse_length_dist(f.output, {"", 0, "--output"}) : s.workload.output;
  w.hourly_profile = s.workload.hourly_profile;
  w.trace_path = f.given("--trace") ? f.trace : s.workload.trace;
  c.concurrency = f.given("--concurrency") ? f.concurrency : s.workload.concurrency;
  if (f.given("--concurrency") && f.concurrency < 1)
    throw InputError({"", 0, "--concurrency"}, "expected at least 1 client, got " + std::to_string(f.concurrency));
  if (c.concurrency > 0) {
    // Closed loop: clients send when their last request completes; there is no arrival rate (a
    // trace gives the lengths, in its order, and its arrival times are not used).
    for (const char* flag : {"--rate", "--load", "--duration"})
      if (f.given(flag))
        throw InputError({"", 0, flag}, "closed-loop clients (--concurrency) send when their last request completes: "
                                        "give --concurrency C --requests N without --rate, --load or --duration");
  } else if (w.trace_path.empty()) {
    if (f.given("--load")) {
      // A share of the fleet's peak throughput for requests of the mean shape.
      const double in = w.input.mean_tokens(), out = w.output.mean_tokens();
      if (!(f.load > 0 && f.load <= 1000))
        throw InputError({"", 0, "--load"}, "expected a share of peak throughput > 0 and at most 1000");
      w.rate_req_s = f.load * c.replicas *
                     perf::peak_throughput(m, static_cast<int>(in + 0.5), static_cast<int>(out + 0.5), c.max_batch)
                         .requests_per_s_per_replica;
      // Errors about the rate it gives name --load, the flag the user typed, not --rate.
      if (!(std::isfinite(w.rate_req_s) && w.rate_req_s > 0))
        throw InputError({"", 0, "--load"}, "gives no arrival rate (peak throughput of this deployment is 0 req/s)");
      const std::int64_t n = f.given("--requests") ? f.requests : f.given("--duration") ? 0 : kDefaultRequests;
      if (static_cast<double>(n) / w.rate_req_s > sim::kMaxArrivalS)
        throw InputError({"", 0, "--load"}, "gives an arrival rate at which the requests arrive beyond the simulator's "
                                            "clock of 1e9 s; raise --load or simulate fewer");
    } else if (f.given("--rate")) {
      w.rate_req_s = f.rate;
    } else {
      throw InputError({"", 0, "--rate"}, "expected an arrival rate in requests/s, --load F or --trace FILE.csv");
    }
  } else if (f.given("--rate") || f.given("--load")) {
    throw InputError({"", 0, f.given("--rate") ? "--rate" : "--load"},
                     "a replayed trace brings its own arrival times: give --rate, --load or --trace, not two");
  }
  c.requests = f.given("--requests") ? f.requests : 0;
  c.duration_s = f.given("--duration") ? f.duration : 0;
  if (f.given("--requests") && f.requests < 1)
    throw InputError({"", 0, "--requests"}, "expected at least 1 request, got " + std::to_string(f.requests));
  if (f.given("--duration") && !(f.duration > 0))
    throw InputError({"", 0, "--duration"}, "expected a duration > 0 seconds");
  if (w.trace_path.empty() && c.requests == 0 && c.duration_s == 0) c.requests = kDefaultRequests;
  c.seed = f.given("--seed") ? f.seed : s.seed;
  if (from_file) c.slo_ttft_s = s.slo.ttft_p99_s, c.slo_tpot_s = s.slo.tpot_p99_s;
  if (f.given("--slo-ttft")) c.slo_ttft_s = f.slo_ttft;
  if (f.given("--slo-tpot")) c.slo_tpot_s = f.slo_tpot;
  if (f.given("--slo-ttft") && !(f.slo_ttft > 0)) throw InputError({"", 0, "--slo-ttft"}, "expected an SLO > 0 seconds");
  if (f.given("--slo-tpot") && !(f.slo_tpot > 0)) throw InputError({"", 0, "--slo-tpot"}, "expected an SLO > 0 seconds");
  return c;
}

perf::Deployment build_deployment_flags(const Flags& f, const Scenario& s) {
  perf::Deployment d;
  d.model = f.given("--model") ? f.model : s.service.model;
  d.gpu = f.given("--gpu") ? f.gpu : s.service.gpu;
  d.tp = f.given("--tp") ? f.tp : s.service.tp;
  d.pp = s.service.pp;
  d.weights = f.given("--weights") ? dtype_flag(f.weights, "--weights") : s.service.weights;
  d.kv = f.given("--kv") ? dtype_flag(f.kv, "--kv") : s.service.kv;
  d.engine = f.given("--engine") ? f.engine : s.service.engine;
  d.ep = f.given("--ep") ? f.ep : s.service.ep;
  d.dp_attention = f.given("--dp-attention") ? f.dp_attention : s.service.attention == "dp";
  d.strict = f.strict;
  if (d.tp < 1) throw InputError({"", 0, "--tp"}, "expected at least 1 GPU, got " + std::to_string(d.tp));
  return d;
}

nlohmann::ordered_json summary_json(const sim::QuantileSketch& q) {
  const auto s = sim::summarize(q);
  return {{"mean", s.mean}, {"p50", s.p50}, {"p90", s.p90}, {"p99", s.p99}};
}

std::string result_json(const sim::SimResult& r, const sim::SimConfig& c, const perf::DeploymentModel& m, double wall_s) {
  nlohmann::ordered_json j;
  j["requests_completed"] = r.requests_completed;
  j["simulated_s"] = r.simulated_s();
  j["wall_s"] = wall_s;
  j["throughput_tok_s"] = r.throughput_tok_s();
  j["throughput_req_s"] = r.throughput_req_s();
  j["ttft_s"] = summary_json(r.ttft_s);
  j["tpot_s"] = summary_json(r.tpot_s);
  j["e2e_s"] = summary_json(r.e2e_s);
  j["queue_delay_s"] = summary_json(r.queue_delay_s);
  j["mean_batch"] = r.mean_batch;
  j["kv_utilization"] = r.kv_utilization;
  j["preemptions"] = r.preemptions;
  j["gpu_busy_fraction"] = r.busy_fraction;
  if (c.slo_ttft_s > 0 || c.slo_tpot_s > 0) {
    j["goodput_req_s"] = r.goodput_req_s();
    j["slo"] = {{"ttft_s", c.slo_ttft_s}, {"tpot_s", c.slo_tpot_s}};
  }
  if (c.concurrency > 0) j["concurrency"] = c.concurrency;
  else if (c.workload.trace_path.empty()) j["rate_req_s"] = c.workload.rate_req_s;
  j["requests_arrived"] = r.requests_arrived;
  j["input_tokens_arrived"] = r.input_tokens_arrived;
  j["output_tokens_completed"] = r.output_tokens_completed;
  if (!m.notes.empty()) j["notes"] = m.notes;
  j["requests_rejected"] = r.requests_rejected;
  j["steps"] = r.steps;
  j["replicas"] = c.replicas;
  j["gpus"] = c.replicas * m.gpus_per_replica();
  j["kv_capacity_tokens_per_replica"] = m.memory.kv_capacity_tokens;
  j["seed"] = c.seed;
  return j.dump(2) + "\n";
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string result_text(const sim::SimResult& r, const sim::SimConfig& c, const perf::DeploymentModel& m, double wall_s) {
  std::string out = m.deployment.model + " on " + std::to_string(c.replicas) + " × " + m.deployment.gpu + " (tp " +
                    std::to_string(m.deployment.tp) + "): " + report::group_thousands(static_cast<double>(r.requests_completed)) +
                    " requests in " + fixed(r.simulated_s(), 1) + " simulated s (" + fixed(wall_s, 2) + " s wall)\n\n";
  report::Table t{{"latency (s)", "mean", "p50", "p90", "p99"}, {}, {false, true, true, true, true}};
  for (const auto& [name, q] : {std::pair<const char*, const sim::QuantileSketch*>{"time to first token", &r.ttft_s},
                                {"time per output token", &r.tpot_s},
                                {"end to end", &r.e2e_s},
                                {"queueing delay", &r.queue_delay_s}}) {
    const auto s = sim::summarize(*q);
    t.rows.push_back({name, fixed(s.mean, 4), fixed(s.p50, 4), fixed(s.p90, 4), fixed(s.p99, 4)});
  }
  out += t.render() + "\n";
  report::Table u{{"fleet", "value"}, {}, {false, true}};
  u.rows.push_back({"throughput (output tokens/s)", report::group_thousands(r.throughput_tok_s())});
  u.rows.push_back({"throughput (requests/s)", fixed(r.throughput_req_s(), 2)});
  if (c.slo_ttft_s > 0 || c.slo_tpot_s > 0) u.rows.push_back({"goodput within SLOs (requests/s)", fixed(r.goodput_req_s(), 2)});
  u.rows.push_back({"mean batch (sequences/step)", fixed(r.mean_batch, 1)});
  u.rows.push_back({"KV cache utilisation", fixed(100 * r.kv_utilization, 1) + " %"});
  u.rows.push_back({"GPU busy", fixed(100 * r.busy_fraction, 1) + " %"});
  u.rows.push_back({"pre-emptions", report::group_thousands(static_cast<double>(r.preemptions))});
  if (r.requests_rejected > 0)
    u.rows.push_back({"rejected (larger than a replica's KV cache)", report::group_thousands(static_cast<double>(r.requests_rejected))});
  out += u.render();
  for (const auto& n : m.notes) out += "note: " + n + "\n";
  return out;
}

void run(const Flags& f, Context& ctx) {
  const bool from_file = !f.scenario.empty();
  const Scenario s = from_file ? load_scenario(f.scenario, ctx.catalog) : Scenario{};
  // A deployment wholly from the file is checked under its keys, so that a fix reads
  // "try service.tp: 4"; with any deployment flag given, the flags are what to change.
  bool deployment_flags = false;
  for (const char* flag : {"--model", "--gpu", "--tp", "--ep", "--weights", "--kv", "--engine"}) deployment_flags |= f.given(flag);
  perf::DeploymentModel m;
  sim::SimConfig c;
  try {
    m = perf::build_deployment(catalog_of(s, ctx.catalog), build_deployment_flags(f, s), from_file && !deployment_flags ? "service." : "--");
    c = build_config(f, s, from_file, m);
    sim::validate(c);
  } catch (const InputError& e) {
    const std::string& key = e.where().key;
    auto flag = kScenarioKeyOfFlag.find(key);
    const std::string file_key = flag != kScenarioKeyOfFlag.end() && !f.given(key) ? flag->second
                                 : key.rfind("service.", 0) == 0                   ? key
                                                                                   : "";
    if (!from_file || file_key.empty() || !e.where().file.empty()) throw;
    auto line = s.lines.find(file_key);
    throw InputError({s.file, line == s.lines.end() ? 0 : line->second, file_key}, e.expected());
  }

  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  sim::SimResult r;
  {
    // Ctrl-C stops the simulation at its next progress call (every 16,384 completed requests),
    // before any output; main() then exits 130 with one line.
    ProgressLine progress(ctx.err, "simulate", ProgressLine::stderr_is_terminal());
    c.progress_every = 1 << 14;
    c.on_progress = [&](std::int64_t done, std::int64_t target, double simulated_s) {
      progress.update(done, target, "requests", fixed(simulated_s, 0) + " simulated s");
    };
    c.checkpoint = check_interrupt;  // also while replicas are set up and when few requests complete
    r = sim::simulate(c, m);
  }
  const char* env = std::getenv("HIPPO_DETERMINISTIC");
  const bool deterministic = f.deterministic || (env && *env && std::string(env) != "0");
  const double wall_s = deterministic ? 0.0 : std::chrono::duration<double>(Clock::now() - start).count();
  print(ctx, f.json ? result_json(r, c, m, wall_s) : result_text(r, c, m, wall_s));
}

}  // namespace

void register_simulate(CLI::App& app, Action& chosen) {
  auto* cmd = app.add_subcommand("simulate", "Simulate a fleet of replicas serving a workload, request by request");
  auto f = std::make_shared<Flags>();
  auto& o = f->opt;
  o["scenario"] = cmd->add_option("scenario", f->scenario, "Scenario file or shipped name: its service, workload and slo sections are the defaults");
  o["--model"] = cmd->add_option("--model", f->model, "Model id (hippo catalog models)");
  o["--gpu"] = cmd->add_option("--gpu", f->gpu, "GPU id (hippo catalog gpus)");
  o["--tp"] = cmd->add_option("--tp", f->tp, "Tensor parallelism: GPUs per replica");
  o["--weights"] = cmd->add_option("--weights", f->weights, "Weight data type: bf16 | fp8 | int8 | int4 | fp4 (NVFP4)");
  o["--ep"] = cmd->add_option("--ep", f->ep, "Expert parallelism (MoE): the experts spread over ep of the tp GPUs");
  o["--dp-attention"] = cmd->add_flag("--dp-attention", f->dp_attention, "Attention data-parallel over the tp GPUs");
  o["--strict"] = cmd->add_flag("--strict", f->strict, "Refuse FP4 on a GPU without FP4 math instead of falling back");
  o["--kv"] = cmd->add_option("--kv", f->kv, "KV-cache data type: bf16 | fp8");
  o["--engine"] = cmd->add_option("--engine", f->engine, "Engine profile id (hippo catalog engines)");
  o["--replicas"] = cmd->add_option("--replicas", f->replicas, "Replicas behind the router (default 1)");
  o["--router"] = cmd->add_option("--router", f->router, "round_robin | least_outstanding | power_of_two");
  o["--scheduler"] = cmd->add_option("--scheduler", f->scheduler, "chunked | prefill_first");
  o["--max-batch"] = cmd->add_option("--max-batch", f->max_batch, "Most sequences running in one replica");
  o["--token-budget"] = cmd->add_option("--token-budget", f->token_budget, "Most tokens in one engine step");
  o["--rate"] = cmd->add_option("--rate", f->rate, "Mean arrival rate, requests/s");
  o["--load"] = cmd->add_option("--load", f->load, "Arrival rate as a share of the fleet's peak throughput (e.g. 0.7)")->excludes(o["--rate"]);
  o["--arrival"] = cmd->add_option("--arrival", f->arrival, "poisson | gamma | constant");
  o["--cv"] = cmd->add_option("--cv", f->cv, "Gamma arrivals: coefficient of variation of the gaps");
  o["--requests"] = cmd->add_option("--requests", f->requests, "Requests to simulate (default 10,000)");
  o["--concurrency"] = cmd->add_option("--concurrency", f->concurrency,
                                       "Closed loop: C clients, each sending its next request when its last completes "
                                       "(as vllm bench serve --max-concurrency); with --requests N");
  o["--duration"] = cmd->add_option("--duration", f->duration, "Seconds of arrivals to simulate")->excludes(o["--requests"]);
  o["--input"] = cmd->add_option("--input", f->input, "Prompt tokens: N or a distribution (lognormal:mean=800,cv=1.2, uniform:A,B, fixed:N, trace:FILE.csv)");
  o["--output"] = cmd->add_option("--output", f->output, "Output tokens: N or a distribution");
  o["--trace"] = cmd->add_option("--trace", f->trace, "Replay a CSV trace (arrival_s,input_tokens,output_tokens)");
  o["--seed"] = cmd->add_option("--seed", f->seed, "Seed of every random stream");
  o["--slo-ttft"] = cmd->add_option("--slo-ttft", f->slo_ttft, "SLO on time to first token, seconds (for goodput)");
  o["--slo-tpot"] = cmd->add_option("--slo-tpot", f->slo_tpot, "SLO on time per output token, seconds (for goodput)");
  cmd->add_flag("--json", f->json, "Print one JSON document");
  cmd->add_flag("--deterministic", f->deterministic, "Report wall_s as 0, so that output is byte-identical (also HIPPO_DETERMINISTIC=1)");
  cmd->callback([f, &chosen] { chosen = [f](Context& ctx) { run(*f, ctx); }; });
}

}  // namespace hippo::cli
