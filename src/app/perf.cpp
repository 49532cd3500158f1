// `perf`: one engine step of one replica — its time, where it goes, what fits in memory — or the
// peak throughput for a request shape, and the document `hippo perf --json` prints.
#include <algorithm>

#include <fmt/format.h>

#include "hippo/app.hpp"
#include "util/suggest.hpp"

namespace hippo::app {

namespace {

using nlohmann::ordered_json;

DType dtype_of(const std::string& value, const std::string& key, const std::vector<std::string>& allowed) {
  DType t;
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end() || !parse_dtype(value, t))
    throw InputError({"", 0, key}, "unknown data type '" + value + "'" + util::suggestion_suffix(value, allowed));
  return t;
}

// A count of sequences or tokens: at least 1 and at most `most` (the scenario's ranges: a batch as
// service.max_batch, a length as a length distribution's 1e8 tokens).
void require_count(const std::optional<int>& v, const char* key, int most, const char* unit) {
  if (v && *v <= 0) throw InputError({"", 0, key}, fmt::format("expected a whole number ≥ 1, got {}", *v));
  if (v && *v > most) throw InputError({"", 0, key}, fmt::format("expected at most {} {}, got {}", most, unit, *v));
}
constexpr int kMaxBatch = 1'000'000, kMaxTokens = 100'000'000;

ordered_json perf_json(const PerfResult& p) {
  const perf::DeploymentModel& m = p.model;
  const perf::Deployment& d = m.deployment;
  const perf::StepBreakdown& b = p.breakdown;
  const perf::LayerTimes& L = b.per_layer;
  ordered_json doc;
  doc["model"] = m.model->id;
  doc["gpu"] = m.gpu->id;
  doc["engine"] = m.engine->id;
  doc["tp"] = d.tp;
  doc["pp"] = d.pp;
  doc["ep"] = d.ep;
  doc["attention"] = d.dp_attention ? "dp" : "tp";
  doc["weights"] = dtype_name(d.weights);
  doc["kv"] = dtype_name(d.kv);
  doc["calibration"] = perf::calibration_label(*m.engine, m.gpu->id);
  doc["mode"] = p.mode;
  doc["batch"] = p.batch;
  doc["step_time_s"] = p.step_s;
  doc["tokens_per_s"] = p.tokens_per_s;
  doc["bound"] = perf::bound_name(b.bound);
  doc["weights_bytes_per_gpu"] = m.memory.weights_bytes_per_gpu;
  doc["kv_bytes_per_token"] = m.memory.kv_bytes_per_token;
  doc["kv_capacity_tokens"] = m.memory.kv_capacity_tokens;
  if (m.memory.window_tokens > 0) {  // windowed layers: held apart, at most the window of each sequence
    doc["kv_window_tokens"] = m.memory.window_tokens;
    doc["kv_windowed_bytes_per_token"] = m.memory.window_kv_share * m.memory.kv_bytes_per_token;
  }
  doc["max_batch"] = p.max_batch;
  ordered_json per_layer = {{"qkv_proj", L.qkv_proj}, {"attention", L.attention}, {"o_proj", L.o_proj},
                            {"mlp_up_gate", L.mlp_up_gate}, {"mlp_down", L.mlp_down}};
  if (m.model->is_moe()) per_layer["moe_router"] = L.moe_router;
  per_layer["allreduce"] = L.allreduce;
  per_layer["other"] = L.other;
  doc["layers"] = b.layers;
  doc["breakdown_per_layer_s"] = per_layer;
  doc["per_step_s"] = {{"lm_head", b.lm_head_s}, {"overhead", b.overhead_s}, {"embedding", b.embedding_s},
                       {"pipeline", b.pipeline_s}};
  if (p.peak) {
    doc["max_throughput_tok_s_per_gpu"] = p.peak->tokens_per_s_per_gpu;
    doc["max_throughput_batch"] = p.peak->batch;
    doc["max_throughput_req_s_per_replica"] = p.peak->requests_per_s_per_replica;
  }
  if (!m.notes.empty()) doc["notes"] = m.notes;
  return doc;
}

}  // namespace

PerfResult perf(const PerfRequest& q, const Catalog& catalog) {
  require_count(q.batch, "batch", kMaxBatch, "sequences");
  require_count(q.context, "context", kMaxTokens, "tokens");
  require_count(q.prefill, "prefill", kMaxTokens, "tokens");
  require_count(q.input, "input", kMaxTokens, "tokens");
  require_count(q.output, "output", kMaxTokens, "tokens");
  if (q.input.has_value() != q.output.has_value())
    throw InputError({"", 0, q.input ? "output" : "input"}, "`input` and `output` go together");
  const bool peak = q.input.has_value();
  if (peak && q.prefill) throw InputError({"", 0, "prefill"}, "not used with `input`/`output` (give one or the other)");

  perf::Deployment d;
  d.model = q.model;
  d.gpu = q.gpu;
  d.tp = q.tp;
  d.pp = q.pp;
  d.weights = dtype_of(q.weights, "weights", {"bf16", "fp16", "fp8", "int8", "int4", "fp4", "nvfp4"});
  d.kv = dtype_of(q.kv, "kv", {"bf16", "fp16", "fp8"});
  d.engine = q.engine;
  d.ep = q.ep;
  d.dp_attention = q.dp_attention;
  d.strict = q.strict;
  PerfResult r;
  r.model = perf::build_deployment(catalog, d);
  const perf::DeploymentModel& m = r.model;

  // The step to explain, and the tokens it produces (decode, peak: output tokens; prefill: prompt
  // tokens). A decode or prefill batch must fit in the KV cache; checked before any arithmetic on it.
  r.mode = peak ? "peak_throughput" : q.prefill ? "prefill" : "decode";
  r.batch = q.batch.value_or(1);
  r.cached_tokens = q.prefill ? q.context.value_or(0) : 0;
  const std::int64_t cached = r.cached_tokens;
  r.kv_tokens_per_seq = peak ? static_cast<std::int64_t>(*q.input) + *q.output
                        : q.prefill ? cached + *q.prefill
                                    : static_cast<std::int64_t>(q.context.value_or(1024)) + 1;
  const std::int64_t kv_per_seq = r.kv_tokens_per_seq;
  const double kv_capacity = m.memory.kv_capacity_tokens;
  const double kv_needed = m.memory.kv_tokens_for(static_cast<double>(kv_per_seq));  // windowed layers: by the window
  r.max_batch = static_cast<int>(std::min(kv_capacity / kv_needed, 2e9));
  // The fields that set a sequence's length: what to lower when even one does not fit (in backquotes:
  // the CLI writes them as its flags, errors.hpp).
  const std::string length_fields = !q.prefill ? "`context`" : q.context ? "`prefill` or `context`" : "`prefill`";
  if (!peak && r.max_batch < 1)
    throw InputError({"", 0, q.prefill && cached < kv_capacity ? "prefill" : "context"},
                     fmt::format("{} needs {} tokens of KV cache, but the replica holds {:.0f}; lower {}, or raise `tp`",
                                 !q.prefill  ? fmt::format("one sequence decoding at {} tokens of context", q.context.value_or(1024))
                                 : q.context ? fmt::format("a prompt of {} tokens over {} cached", *q.prefill, cached)
                                             : fmt::format("a prompt of {} tokens", *q.prefill),
                                 kv_needed, kv_capacity, length_fields));
  if (!peak && r.batch > r.max_batch)
    throw InputError({"", 0, "batch"},
                     fmt::format("{} sequences of {} tokens need {:.0f} tokens of KV cache, but the replica holds {:.0f} "
                                 "(largest batch {}); lower {}, or raise `tp`",
                                 r.batch, kv_per_seq, r.batch * kv_needed, kv_capacity, r.max_batch,
                                 !q.prefill  ? "`batch` or `context`"
                                 : q.context ? "`batch`, `prefill` or `context`"
                                             : "`batch` or `prefill`"));
  double step_tokens = 0;
  if (peak) {
    r.peak = perf::peak_throughput(m, *q.input, *q.output, q.batch.value_or(0));
    r.load = r.peak->load;
    r.batch = r.peak->batch;
    step_tokens = r.load.decode_seqs;
  } else if (q.prefill) {
    r.load = perf::prefill_load(r.batch, *q.prefill, cached);
    step_tokens = static_cast<double>(r.batch) * *q.prefill;
  } else {
    r.load = perf::decode_load(r.batch, q.context.value_or(1024));
    step_tokens = r.batch;
  }
  r.breakdown = perf::step_breakdown(m, r.load);
  r.step_s = ns_to_seconds(m.step.step_ns(r.load));
  r.tokens_per_s = peak ? r.peak->tokens_per_s_per_replica : step_tokens / r.step_s;
  r.json = perf_json(r);
  return r;
}

}  // namespace hippo::app
