// `hippo perf`: the time of one engine step, where it goes, what fits in memory, and the peak
// throughput for a request shape (design.md, "`hippo perf`").
#include <algorithm>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "hippo/errors.hpp"
#include "hippo/perf.hpp"
#include "report/table.hpp"
#include "util/suggest.hpp"

namespace hippo::cli {

namespace {

using nlohmann::ordered_json;

struct PerfFlags {
  std::string model, gpu, engine;
  int tp = 1, pp = 1;
  std::string weights = "bf16", kv = "bf16";
  std::optional<int> batch, context, prefill, input, output;
  bool json = false;
};

DType dtype_flag(const std::string& value, const std::string& flag, const std::vector<std::string>& allowed) {
  DType t;
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end() || !parse_dtype(value, t))
    throw InputError({"", 0, flag}, "unknown data type '" + value + "'" + util::suggestion_suffix(value, allowed));
  return t;
}

void require_positive(const std::optional<int>& v, const char* flag) {
  if (v && *v <= 0) throw InputError({"", 0, flag}, fmt::format("expected a whole number ≥ 1, got {}", *v));
}

std::string ms(double s) { return fmt::format("{:.4f}", s * 1e3); }

void run_perf(Context& ctx, const PerfFlags& f) {
  require_positive(f.batch, "--batch");
  require_positive(f.context, "--context");
  require_positive(f.prefill, "--prefill");
  require_positive(f.input, "--input");
  require_positive(f.output, "--output");
  if (f.input.has_value() != f.output.has_value())
    throw InputError({"", 0, f.input ? "--output" : "--input"}, "--input and --output go together");
  const bool peak = f.input.has_value();
  if (peak && f.prefill) throw InputError({"", 0, "--prefill"}, "not used with --input/--output (give one or the other)");

  perf::Deployment d;
  d.model = f.model;
  d.gpu = f.gpu;
  d.tp = f.tp;
  d.pp = f.pp;
  d.weights = dtype_flag(f.weights, "--weights", {"bf16", "fp16", "fp8", "int8", "int4"});
  d.kv = dtype_flag(f.kv, "--kv", {"bf16", "fp16", "fp8"});
  d.engine = f.engine;
  const perf::DeploymentModel m = perf::build_deployment(ctx.catalog, d);

  // The step to explain, and the tokens it produces (decode, peak: output tokens; prefill: prompt
  // tokens). A decode or prefill batch must fit in the KV cache; checked before any arithmetic on it.
  std::string mode = peak ? "peak_throughput" : f.prefill ? "prefill" : "decode";
  int batch = f.batch.value_or(1);
  const std::int64_t cached = f.prefill ? f.context.value_or(0) : 0;
  const std::int64_t kv_per_seq = peak ? static_cast<std::int64_t>(*f.input) + *f.output
                                  : f.prefill ? cached + *f.prefill
                                              : static_cast<std::int64_t>(f.context.value_or(1024)) + 1;
  const double kv_capacity = m.memory.kv_capacity_tokens;
  const int max_batch = static_cast<int>(std::min(kv_capacity / static_cast<double>(kv_per_seq), 2e9));
  // The flags that set a sequence's length: what to lower when even one does not fit.
  const std::string length_flags = !f.prefill ? "--context" : f.context ? "--prefill or --context" : "--prefill";
  if (!peak && max_batch < 1)
    throw InputError({"", 0, f.prefill && cached < kv_capacity ? "--prefill" : "--context"},
                     fmt::format("{} needs {} tokens of KV cache, but the replica holds {:.0f}; lower {}, or raise --tp",
                                 !f.prefill  ? fmt::format("one sequence decoding at {} tokens of context", f.context.value_or(1024))
                                 : f.context ? fmt::format("a prompt of {} tokens over {} cached", *f.prefill, cached)
                                             : fmt::format("a prompt of {} tokens", *f.prefill),
                                 kv_per_seq, kv_capacity, length_flags));
  if (!peak && batch > max_batch)
    throw InputError({"", 0, "--batch"},
                     fmt::format("{} sequences of {} tokens need {:.0f} tokens of KV cache, but the replica holds {:.0f} "
                                 "(largest batch {}); lower {}, or raise --tp",
                                 batch, kv_per_seq, static_cast<double>(batch) * kv_per_seq, kv_capacity, max_batch,
                                 !f.prefill  ? "--batch or --context"
                                 : f.context ? "--batch, --prefill or --context"
                                             : "--batch or --prefill"));
  perf::StepLoad load;
  double step_tokens = 0;
  std::optional<perf::PeakThroughput> pk;
  if (peak) {
    pk = perf::peak_throughput(m, *f.input, *f.output, f.batch.value_or(0));
    load = pk->load;
    batch = pk->batch;
    step_tokens = load.decode_seqs;
  } else if (f.prefill) {
    load = perf::prefill_load(batch, *f.prefill, cached);
    step_tokens = static_cast<double>(batch) * *f.prefill;
  } else {
    load = perf::decode_load(batch, f.context.value_or(1024));
    step_tokens = batch;
  }

  const perf::StepBreakdown b = perf::step_breakdown(m, load);
  const double step_s = ns_to_seconds(m.step.step_ns(load));
  const double tokens_per_s = peak ? pk->tokens_per_s_per_replica : step_tokens / step_s;
  const perf::LayerTimes& L = b.per_layer;

  if (f.json) {
    ordered_json doc;
    doc["model"] = m.model->id;
    doc["gpu"] = m.gpu->id;
    doc["engine"] = m.engine->id;
    doc["tp"] = d.tp;
    doc["pp"] = d.pp;
    doc["weights"] = dtype_name(d.weights);
    doc["kv"] = dtype_name(d.kv);
    doc["mode"] = mode;
    doc["batch"] = batch;
    doc["step_time_s"] = step_s;
    doc["tokens_per_s"] = tokens_per_s;
    doc["bound"] = perf::bound_name(b.bound);
    doc["weights_bytes_per_gpu"] = m.memory.weights_bytes_per_gpu;
    doc["kv_bytes_per_token"] = m.memory.kv_bytes_per_token;
    doc["kv_capacity_tokens"] = kv_capacity;
    doc["max_batch"] = max_batch;
    ordered_json per_layer = {{"qkv_proj", L.qkv_proj}, {"attention", L.attention}, {"o_proj", L.o_proj},
                              {"mlp_up_gate", L.mlp_up_gate}, {"mlp_down", L.mlp_down}};
    if (m.model->is_moe()) per_layer["moe_router"] = L.moe_router;
    per_layer["allreduce"] = L.allreduce;
    per_layer["other"] = L.other;
    doc["layers"] = b.layers;
    doc["breakdown_per_layer_s"] = per_layer;
    doc["per_step_s"] = {{"lm_head", b.lm_head_s}, {"overhead", b.overhead_s}, {"embedding", b.embedding_s},
                         {"pipeline", b.pipeline_s}};
    if (peak) {
      doc["max_throughput_tok_s_per_gpu"] = pk->tokens_per_s_per_gpu;
      doc["max_throughput_batch"] = pk->batch;
      doc["max_throughput_req_s_per_replica"] = pk->requests_per_s_per_replica;
    }
    return print(ctx, doc.dump(2));
  }

  std::string out = fmt::format("{} on {} × {} (tp {}, pp {}), {} weights, {} KV cache, engine '{}'\n", m.model->id,
                                m.gpus_per_replica(), m.gpu->id, d.tp, d.pp, dtype_name(d.weights), dtype_name(d.kv),
                                m.engine->id);
  if (mode == "decode")
    out += fmt::format("decode step: {} sequences × {} tokens of context\n", batch, f.context.value_or(1024));
  else if (mode == "prefill")
    out += fmt::format("prefill: {} prompt(s) × {} tokens{}\n", batch, *f.prefill,
                       f.context ? fmt::format(" over {} cached", *f.context) : "");
  else
    out += fmt::format("peak throughput for {} input + {} output tokens: batch {}, {} prompt tokens per step\n",
                       *f.input, *f.output, batch, load.prefill_tokens);
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
  t.rows.push_back({"step", "", ms(step_s), ""});
  out += t.render();
  out += fmt::format("\nstep {:.3f} ms ({}-bound), {} tokens/s per replica\n", step_s * 1e3, perf::bound_name(b.bound),
                     report::group_thousands(tokens_per_s));
  out += fmt::format("memory per GPU: weights {:.2f} GB; KV cache {:.0f} B per token (replica), holds {} tokens: "
                     "largest batch {} at {} tokens each\n",
                     m.memory.weights_bytes_per_gpu / kBytesPerGB, m.memory.kv_bytes_per_token,
                     report::group_thousands(kv_capacity), max_batch, kv_per_seq);
  if (peak)
    out += fmt::format("peak: {} output tokens/s per GPU at batch {} ({:.2f} requests/s per replica)\n",
                       report::group_thousands(pk->tokens_per_s_per_gpu), pk->batch, pk->requests_per_s_per_replica);
  print(ctx, out);
}

}  // namespace

void register_perf(CLI::App& app, Action& chosen) {
  auto* cmd = app.add_subcommand("perf", "Time of one engine step, where it goes, what fits, peak throughput");
  auto f = std::make_shared<PerfFlags>();
  cmd->add_option("--model", f->model, "Model id (hippo catalog models)")->required();
  cmd->add_option("--gpu", f->gpu, "GPU id (hippo catalog gpus)")->required();
  cmd->add_option("--tp", f->tp, "Tensor parallelism (GPUs a layer is split over)")->capture_default_str();
  cmd->add_option("--pp", f->pp, "Pipeline parallelism (stages the layers are split into)")->capture_default_str();
  cmd->add_option("--weights", f->weights, "Weight type: bf16 | fp8 | int8 | int4")->capture_default_str();
  cmd->add_option("--kv", f->kv, "KV-cache type: bf16 | fp8")->capture_default_str();
  cmd->add_option("--engine", f->engine, "Engine profile (hippo catalog engines); default: the catalog's default");
  cmd->add_option("--batch", f->batch, "Sequences in the step (decode, prefill: default 1; peak: a cap on the batch)");
  cmd->add_option("--context", f->context, "Decode: tokens of context per sequence (default 1024); prefill: tokens already cached");
  cmd->add_option("--prefill", f->prefill, "Prefill prompts of this many tokens instead of a decode step");
  cmd->add_option("--input", f->input, "Peak throughput: input tokens per request (with --output)");
  cmd->add_option("--output", f->output, "Peak throughput: output tokens per request (with --input)");
  cmd->add_flag("--json", f->json, "Print one JSON document");
  cmd->callback([f, &chosen] { chosen = [f](Context& ctx) { run_perf(ctx, *f); }; });
}

}  // namespace hippo::cli
