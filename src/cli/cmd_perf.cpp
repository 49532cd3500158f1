// `hippo perf`: the time of one engine step, where it goes, what fits in memory, and the peak
// throughput for a request shape (design.md, "`hippo perf`").
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "hippo/app.hpp"
#include "hippo/errors.hpp"
#include "report/table.hpp"

namespace hippo::cli {

namespace {

struct PerfFlags {
  app::PerfRequest request;
  bool json = false, frontier = false, simulate = false;
};

std::string ms(double s) { return fmt::format("{:.4f}", s * 1e3); }

void run_frontier(Context& ctx, const PerfFlags& f) {
  const app::PerfRequest& q = f.request;
  const app::FrontierResult r = app::perf_frontier(q, f.simulate, ctx.catalog);
  if (f.json) return print(ctx, r.json.dump(2));
  const perf::DeploymentModel& m = r.model;
  const char* calibration = perf::calibration_label(*m.engine, m.gpu->id);
  const char* size_key = f.simulate ? "concurrency" : "batch";
  std::string out = fmt::format("{} on {} × {} (tp {}), {} weights, engine '{}' ({}): {} in + {} out tokens, {} at "
                                "${:.2f} per GPU-hour\n\n",
                                m.model->id, m.gpus_per_replica(), m.gpu->id, m.deployment.tp,
                                dtype_name(m.deployment.weights), m.engine->id, calibration, *q.input, *q.output,
                                f.simulate ? "closed-loop clients (simulated)" : "steady state by batch",
                                m.gpu->rental_usd_per_gpu_hour);
  report::Table t{{size_key, "output tok/s per GPU", "tok/s per user", "$ per M output tokens"}, {}, {true, true, true, true}};
  for (const auto& p : r.points)
    t.rows.push_back({std::to_string(p.batch), report::group_thousands(p.output_tok_s_per_gpu), fmt::format("{:.1f}", p.tok_s_per_user),
                      fmt::format("{:.3f}", p.cost_usd_per_mtok)});
  out += t.render();
  for (const auto& n : m.notes) out += "note: " + n + "\n";
  print(ctx, out);
}

void run_perf(Context& ctx, const PerfFlags& f) {
  const app::PerfRequest& q = f.request;
  if ((f.frontier || f.simulate) && !q.input)
    throw InputError({"", 0, "--frontier"}, "expected --input N --output N: the request shape the frontier is for");
  if (f.simulate && !f.frontier) throw InputError({"", 0, "--simulate"}, "goes with --frontier");
  if (f.frontier) return run_frontier(ctx, f);
  const app::PerfResult r = app::perf(q, ctx.catalog);
  const char* calibration = perf::calibration_label(*r.model.engine, r.model.gpu->id);
  if (f.json) return print(ctx, r.json.dump(2));
  const perf::DeploymentModel& m = r.model;
  const perf::Deployment& d = m.deployment;
  const perf::StepBreakdown& b = r.breakdown;
  const perf::LayerTimes& L = b.per_layer;
  const std::string& mode = r.mode;
  const int batch = r.batch;
  const auto& load = r.load;
  const auto& pk = r.peak;
  std::string out = fmt::format("{} on {} × {} (tp {}, pp {}{}{}), {} weights, {} KV cache, engine '{}' ({})\n",
                                m.model->id, m.gpus_per_replica(), m.gpu->id, d.tp, d.pp,
                                d.ep > 1 ? fmt::format(", ep {}", d.ep) : "", d.dp_attention ? ", dp attention" : "",
                                dtype_name(d.weights), dtype_name(d.kv), m.engine->id, calibration);
  if (mode == "decode")
    out += fmt::format("decode step: {} sequences × {} tokens of context\n", batch, q.context.value_or(1024));
  else if (mode == "prefill")
    out += fmt::format("prefill: {} prompt(s) × {} tokens{}\n", batch, *q.prefill,
                       q.context ? fmt::format(" over {} cached", *q.context) : "");
  else
    out += fmt::format("peak throughput for {} input + {} output tokens: batch {}, {} prompt tokens per step\n",
                       *q.input, *q.output, batch, load.prefill_tokens);
  out += "\n";
  report::Table t{{"operator", "per layer ms", "whole step ms", "share"}, {}, {false, true, true, true}};
  auto row = [&](const char* name, double per_layer, double all) {
    t.rows.push_back({name, per_layer >= 0 ? ms(per_layer) : "", ms(all), fmt::format("{:.1f}%", 100 * all / b.step_s)});
  };
  row("qkv_proj", L.qkv_proj, L.qkv_proj * b.layers);
  row("attention", L.attention, L.attention * b.layers);
  row("o_proj", L.o_proj, L.o_proj * b.layers);
  row("mlp_up_gate", L.mlp_up_gate, L.mlp_up_gate * b.layers);
  row("mlp_down", L.mlp_down, L.mlp_down * b.layers);
  if (m.model->is_moe()) row("moe_router", L.moe_router, L.moe_router * b.layers);
  row("allreduce", L.allreduce, L.allreduce * b.layers);
  row("other", L.other, L.other * b.layers);
  row("lm_head", -1, b.lm_head_s);
  row("embedding", -1, b.embedding_s);
  if (d.pp > 1) row("pipeline", -1, b.pipeline_s);
  row("overhead", -1, b.overhead_s);
  t.rows.push_back({"step", "", ms(r.step_s), ""});
  out += t.render();
  out += fmt::format("\nstep {:.3f} ms ({}-bound), {} tokens/s per replica\n", r.step_s * 1e3, perf::bound_name(b.bound),
                     report::group_thousands(r.tokens_per_s));
  out += fmt::format("memory per GPU: weights {:.2f} GB; KV cache {:.0f} B per token (replica), holds {} tokens: "
                     "largest batch {} at {} tokens each\n",
                     m.memory.weights_bytes_per_gpu / kBytesPerGB, m.memory.kv_bytes_per_token,
                     report::group_thousands(m.memory.kv_capacity_tokens), r.max_batch, r.kv_tokens_per_seq);
  if (m.memory.window_tokens > 0)
    out += fmt::format("windowed layers: {:.0f} B per token more, for at most {} tokens of each sequence (reserved by the "
                       "window)\n",
                       m.memory.window_kv_share * m.memory.kv_bytes_per_token, m.memory.window_tokens);
  if (pk)
    out += fmt::format("peak: {} output tokens/s per GPU at batch {} ({:.2f} requests/s per replica)\n",
                       report::group_thousands(pk->tokens_per_s_per_gpu), pk->batch, pk->requests_per_s_per_replica);
  for (const auto& n : m.notes) out += "note: " + n + "\n";
  if (const std::string w = perf::calibration_warning(*m.engine, m.gpu->id); !w.empty()) out += "note: " + w + "\n";
  print(ctx, out);
}

}  // namespace

void register_perf(CLI::App& app, Action& chosen) {
  auto* cmd = app.add_subcommand("perf", "Time of one engine step, where it goes, what fits, peak throughput");
  auto f = std::make_shared<PerfFlags>();
  cmd->add_option("--model", f->request.model, "Model id (hippo catalog models)")->required();
  cmd->add_option("--gpu", f->request.gpu, "GPU id (hippo catalog gpus)")->required();
  cmd->add_option("--tp", f->request.tp, "Tensor parallelism (GPUs a layer is split over)")->capture_default_str();
  cmd->add_option("--pp", f->request.pp, "Pipeline parallelism (stages the layers are split into)")->capture_default_str();
  cmd->add_option("--weights", f->request.weights, "Weight type: bf16 | fp8 | int8 | int4 | fp4 (NVFP4)")->capture_default_str();
  cmd->add_option("--ep", f->request.ep, "Expert parallelism (MoE): the experts spread over ep of the tp GPUs")->capture_default_str();
  cmd->add_flag("--dp-attention", f->request.dp_attention, "Attention data-parallel over the tp GPUs (1/tp of the sequences each)");
  cmd->add_flag("--strict", f->request.strict, "Refuse FP4 on a GPU without FP4 math instead of falling back with a note");
  cmd->add_option("--kv", f->request.kv, "KV-cache type: bf16 | fp8")->capture_default_str();
  cmd->add_option("--engine", f->request.engine, "Engine profile (hippo catalog engines); default: the catalog's default");
  cmd->add_option("--batch", f->request.batch, "Sequences in the step (decode, prefill: default 1; peak: a cap on the batch)");
  cmd->add_option("--context", f->request.context, "Decode: tokens of context per sequence (default 1024); prefill: tokens already cached");
  cmd->add_option("--prefill", f->request.prefill, "Prefill prompts of this many tokens instead of a decode step");
  cmd->add_option("--input", f->request.input, "Peak throughput: input tokens per request (with --output)");
  cmd->add_option("--output", f->request.output, "Peak throughput: output tokens per request (with --input)");
  cmd->add_flag("--frontier", f->frontier,
                "With --input/--output: output tokens/s per GPU against tokens/s per user over batch sizes, and $ per M tokens");
  cmd->add_flag("--simulate", f->simulate, "With --frontier: over closed-loop concurrency, simulated (hippo simulate)");
  cmd->add_flag("--json", f->json, "Print one JSON document");
  cmd->callback([f, &chosen] { chosen = [f](Context& ctx) { run_perf(ctx, *f); }; });
}

}  // namespace hippo::cli
