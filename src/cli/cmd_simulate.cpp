// `hippo simulate [SCENARIO] --model … --rate R --requests N [--set key=value]… [--json]`: a fleet of
// replicas under a workload, request by request (app::simulate). Flags that name a scenario key
// (--tp is service.tp) override the scenario's service, workload and slo sections.
#include <cstdlib>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/exit_status.hpp"
#include "cli/progress.hpp"
#include "hippo/app.hpp"
#include "report/table.hpp"

namespace hippo::cli {

namespace {

struct Flags {
  std::string scenario;
  std::vector<std::pair<std::string, std::string>> keys;  // flags that set a scenario key, and their text
  std::vector<std::string> sets;
  app::SimulateRequest request;
  bool json = false, deterministic = false;
};

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string result_text(const app::SimulateResult& x) {
  const sim::SimResult& r = x.result;
  const sim::SimConfig& c = x.config;
  const perf::DeploymentModel& m = x.model;
  std::string out = m.deployment.model + " on " + std::to_string(c.replicas) + " × " + m.deployment.gpu + " (tp " +
                    std::to_string(m.deployment.tp) + "): " + report::group_thousands(static_cast<double>(r.requests_completed)) +
                    " requests in " + fixed(r.simulated_s(), 1) + " simulated s (" + fixed(x.wall_s, 2) + " s wall)\n\n";
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
  if (r.spec_verifications > 0)
    u.rows.push_back({"speculative: tokens per sequence and step (k = " + std::to_string(c.spec.tokens) + ")",
                      fixed(1.0 + static_cast<double>(r.spec_accepted) / r.spec_verifications, 3)});
  if (c.prefix_cache) {
    const double hit = r.prefix_lookup_blocks ? static_cast<double>(r.prefix_hit_blocks) / static_cast<double>(r.prefix_lookup_blocks) : 0;
    u.rows.push_back({"prefix cache: hit rate (blocks)", fixed(100 * hit, 1) + " %"});
    u.rows.push_back({"prefix cache: prefill tokens saved", report::group_thousands(static_cast<double>(r.prefix_hit_blocks * sim::kKvBlockTokens))});
    u.rows.push_back({"prefix cache: evictions (blocks)", report::group_thousands(static_cast<double>(r.prefix_evictions))});
  }
  if (c.workload.sessions.on) u.rows.push_back({"sessions started", report::group_thousands(static_cast<double>(r.sessions_started))});
  if (r.requests_rejected > 0)
    u.rows.push_back({"rejected (larger than a replica's KV cache)", report::group_thousands(static_cast<double>(r.requests_rejected))});
  out += u.render();
  for (const auto& n : m.notes) out += "note: " + n + "\n";
  return out;
}

void run(Flags f, Context& ctx) {
  app::SimulateRequest& q = f.request;
  if (!f.scenario.empty()) q.scenario = app::ScenarioSource::named(f.scenario);
  for (const auto& [flag, text] : f.keys) q.overrides.push_back({key_of_flag(flag), text, flag});
  for (auto& o : overrides_of(f.sets)) q.overrides.push_back(std::move(o));
  const char* env = std::getenv("HIPPO_DETERMINISTIC");
  q.deterministic = f.deterministic || (env && *env && std::string(env) != "0");
  // Ctrl-C stops the simulation at its next progress call (every 16,384 completed requests),
  // before any output; main() then exits 130 with one line.
  const app::SimulateResult x = [&] {
    ProgressLine progress(ctx.err, "simulate", ProgressLine::stderr_is_terminal());
    return app::simulate(q, ctx.catalog, progress.callback());
  }();
  print(ctx, f.json ? x.json.dump(2) + "\n" : result_text(x));
}

}  // namespace

void register_simulate(CLI::App& app, Action& chosen) {
  auto* cmd = app.add_subcommand("simulate", "Simulate a fleet of replicas serving a workload, request by request");
  auto f = std::make_shared<Flags>();
  auto& q = f->request;
  cmd->add_option("scenario", f->scenario, "Scenario file or shipped name: its service, workload and slo sections are the defaults");
  // A flag that sets a scenario key keeps its text; the scenario layer reads it as the key's value.
  // `type` names a number's kind, so that the CLI reads it as strictly as its other number flags (app.cpp).
  auto key_flag = [&](const char* flag, const char* help, const char* type = "TEXT") {
    return cmd->add_option_function<std::string>(flag, [f, flag](const std::string& v) { f->keys.emplace_back(flag, v); }, help)
        ->type_name(type);
  };
  key_flag("--model", "Model id (hippo catalog models)");
  key_flag("--gpu", "GPU id (hippo catalog gpus)");
  key_flag("--tp", "Tensor parallelism: GPUs per replica", "INT");
  key_flag("--weights", "Weight data type: bf16 | fp8 | int8 | int4 | fp4 (NVFP4)");
  key_flag("--ep", "Expert parallelism (MoE): the experts spread over ep of the tp GPUs", "INT");
  cmd->add_flag_function("--dp-attention", [f](std::int64_t) { f->keys.emplace_back("--dp-attention", "dp"); },
                         "Attention data-parallel over the tp GPUs");
  cmd->add_flag("--strict", q.strict, "Refuse FP4 on a GPU without FP4 math instead of falling back");
  key_flag("--kv", "KV-cache data type: bf16 | fp8");
  key_flag("--engine", "Engine profile id (hippo catalog engines)");
  cmd->add_option("--replicas", q.replicas, "Replicas behind the router (default 1)");
  key_flag("--router", "round_robin | least_outstanding | power_of_two");
  key_flag("--scheduler", "chunked | prefill_first");
  key_flag("--max-batch", "Most sequences running in one replica", "INT");
  key_flag("--token-budget", "Most tokens in one engine step", "INT");
  auto* rate = cmd->add_option("--rate", q.rate_req_s, "Mean arrival rate, requests/s");
  cmd->add_option("--load", q.load, "Arrival rate as a share of the fleet's peak throughput (e.g. 0.7)")->excludes(rate);
  key_flag("--arrival", "poisson | gamma | constant");
  key_flag("--cv", "Gamma arrivals: coefficient of variation of the gaps", "FLOAT");
  auto* requests = cmd->add_option("--requests", q.requests, "Requests to simulate (default 10,000)");
  cmd->add_option("--concurrency", q.concurrency,
                  "Closed loop: C clients, each sending its next request when its last completes "
                  "(as vllm bench serve --max-concurrency); with --requests N");
  cmd->add_option("--duration", q.duration_s, "Seconds of arrivals to simulate")->excludes(requests);
  key_flag("--input", "Prompt tokens: N or a distribution (lognormal:mean=800,cv=1.2, uniform:A,B, fixed:N, trace:FILE.csv)");
  key_flag("--output", "Output tokens: N or a distribution");
  cmd->add_option("--trace", q.trace, "Replay a CSV trace (arrival_s,input_tokens,output_tokens)");
  key_flag("--seed", "Seed of every random stream", "UINT");
  key_flag("--slo-ttft", "SLO on time to first token, seconds (for goodput)", "FLOAT");
  key_flag("--slo-tpot", "SLO on time per output token, seconds (for goodput)", "FLOAT");
  key_flag("--spec", "Speculative decoding: mtp (the model's multi-token-prediction layer) or draft:MODEL");
  key_flag("--spec-tokens", "Draft tokens verified per sequence and step, 1-16 (default 1)", "INT");
  key_flag("--spec-acceptance", "Chance a draft token is accepted given those before it were, in [0, 1): one rate, or one "
                                "per position (0.9,0.8)");
  add_set_flag(*cmd, f->sets);
  cmd->add_flag("--json", f->json, "Print one JSON document");
  cmd->add_flag("--deterministic", f->deterministic, "Report wall_s as 0, so that output is byte-identical (also HIPPO_DETERMINISTIC=1)");
  cmd->callback([f, &chosen] { chosen = [f](Context& ctx) { run(*f, ctx); }; });
}

}  // namespace hippo::cli
