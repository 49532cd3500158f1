// `perf --frontier`: output tokens/s per GPU against tokens/s per user over batch sizes (or, simulated,
// closed-loop clients), with the cost per million output tokens at the GPU's hourly price, and the
// document `hippo perf --frontier --json` prints (moved from cmd_perf).
#include <algorithm>
#include <string>

#include "hippo/app.hpp"

namespace hippo::app {

namespace {

using nlohmann::ordered_json;

std::vector<FrontierPoint> frontier_points(const perf::DeploymentModel& m, int input, int output, int cap, bool simulate) {
  const int fit = std::max(1, static_cast<int>(m.memory.kv_capacity_tokens / m.memory.kv_tokens_for(static_cast<double>(input) + output)));
  const int largest = cap > 0 ? std::min(cap, fit) : fit;
  std::vector<int> sizes;
  for (int b = 1; b < largest; b *= 2) sizes.push_back(b);
  sizes.push_back(largest);
  const double price = m.gpu->rental_usd_per_gpu_hour;
  const int gpus = m.gpus_per_replica();
  std::vector<FrontierPoint> out;
  for (int b : sizes) {
    FrontierPoint p;
    if (simulate) {
      sim::SimConfig c;
      c.concurrency = b;
      c.requests = 10LL * b;
      c.max_batch = std::max(b, c.max_batch);
      c.token_budget = std::max(c.token_budget, c.max_batch);
      c.workload.input = parse_length_dist("fixed:" + std::to_string(input), {});
      c.workload.output = parse_length_dist("fixed:" + std::to_string(output), {});
      c.progress_every = 0;
      const sim::SimResult r = sim::simulate(c, m);
      p.batch = b;
      p.step_s = r.tpot_s.quantile(0.5);
      p.output_tok_s_per_gpu = r.throughput_tok_s() / gpus;
    } else {
      const perf::PeakThroughput pk = perf::peak_throughput(m, input, output, b);
      if (!out.empty() && pk.batch == out.back().batch) continue;
      p.batch = pk.batch;
      p.step_s = pk.step_s;
      p.output_tok_s_per_gpu = pk.tokens_per_s_per_gpu;
    }
    p.tok_s_per_user = p.step_s > 0 ? 1.0 / p.step_s : 0;
    p.cost_usd_per_mtok = p.output_tok_s_per_gpu > 0 ? price / (p.output_tok_s_per_gpu * 3600) * 1e6 : 0;
    out.push_back(p);
  }
  return out;
}

ordered_json frontier_json(const FrontierResult& f, int input, int output) {
  const perf::DeploymentModel& m = f.model;
  ordered_json doc;
  doc["model"] = m.model->id;
  doc["gpu"] = m.gpu->id;
  doc["engine"] = m.engine->id;
  doc["tp"] = m.deployment.tp;
  doc["ep"] = m.deployment.ep;
  doc["weights"] = dtype_name(m.deployment.weights);
  doc["kv"] = dtype_name(m.deployment.kv);
  doc["calibration"] = perf::calibration_label(*m.engine, m.gpu->id);
  doc["input_tokens"] = input;
  doc["output_tokens"] = output;
  doc["price_usd_per_gpu_hour"] = m.gpu->rental_usd_per_gpu_hour;
  doc["mode"] = f.simulated ? "simulated" : "steady_state";
  ordered_json rows = ordered_json::array();
  for (const auto& p : f.points)
    rows.push_back({{f.simulated ? "concurrency" : "batch", p.batch}, {f.simulated ? "tpot_p50_s" : "step_time_s", p.step_s},
                    {"output_tok_s_per_gpu", p.output_tok_s_per_gpu}, {"tok_s_per_user", p.tok_s_per_user},
                    {"cost_usd_per_mtok", p.cost_usd_per_mtok}});
  doc["frontier"] = rows;
  if (!m.notes.empty()) doc["notes"] = m.notes;
  return doc;
}

}  // namespace

FrontierResult perf_frontier(const PerfRequest& q, bool simulated, const Catalog& catalog) {
  if (!q.input) throw InputError({"", 0, "input"}, "expected `input` N `output` N: the request shape the frontier is for");
  FrontierResult f;
  f.model = perf(q, catalog).model;  // every check of the deployment and the shape (an output with the input)
  f.simulated = simulated;
  f.points = frontier_points(f.model, *q.input, *q.output, q.batch.value_or(0), simulated);
  f.json = frontier_json(f, *q.input, *q.output);
  return f;
}

}  // namespace hippo::app
