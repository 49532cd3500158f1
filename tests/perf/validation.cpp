#include "perf/validation.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <fmt/format.h>

#include "hippo/perf.hpp"
#include "perf/operators.hpp"

namespace hippo::test {

double Figure::error() const {
  if (predicted >= measured && predicted <= measured_hi) return 0;
  const double ref = predicted < measured ? measured : measured_hi;
  return (predicted - ref) / ref;
}

namespace {

using perf::Deployment;

// calibration.md, "GEMM time per transformer layer: H100 SXM, Llama-2-7B, tensor parallelism 1" (ms).
struct GemmRow {
  int tokens;
  double qkv, o, up_gate, down;
};
constexpr GemmRow kGemmTable[] = {
    {1, 0.0380, 0.0160, 0.0640, 0.0380},    {16, 0.0410, 0.0160, 0.0665, 0.0370},
    {128, 0.0410, 0.0200, 0.0710, 0.0480},  {512, 0.0900, 0.0290, 0.1340, 0.0755},
    {2048, 0.2805, 0.0950, 0.4925, 0.2155}, {4096, 0.5885, 0.1940, 0.9930, 0.4380},
};

Figure fig(std::string set, std::string what, std::string unit, double measured, double predicted, bool scored = true,
           std::string note = "") {
  return {std::move(set), std::move(what), std::move(unit), measured, measured, predicted, scored, std::move(note)};
}

}  // namespace

std::vector<Figure> validation_figures(const Catalog& c, const std::string& engine_id) {
  std::vector<Figure> out;
  const EngineProfile& e = c.engine(engine_id);

  // Per-layer GEMMs of Llama-2-7B (fp16 = bf16 in size and peak) on one H100.
  {
    Deployment d{"llama-2-7b", "h100-sxm", 1, 1, DType::bf16, DType::bf16, engine_id};
    const perf::OperatorModel ops(c.model(d.model), c.gpu(d.gpu), e, d);
    for (const auto& r : kGemmTable) {
      const perf::LayerCosts l = ops.layer(r.tokens, perf::LayerKind::dense);
      const std::string t = fmt::format("{} tokens", r.tokens);
      for (const auto& [name, measured, cost] :
           {std::tuple{"qkv_proj", r.qkv, l.qkv_proj}, {"o_proj", r.o, l.o_proj}, {"mlp_up_gate", r.up_gate, l.mlp_up_gate},
            {"mlp_down", r.down, l.mlp_down}}) {
        Figure f = fig("gemm", std::string(name) + ", " + t, "ms", measured, cost.time() * 1e3);
        f.gpu = d.gpu;
        f.tokens = r.tokens;
        out.push_back(f);
      }
    }
  }

  // One H200 measured directly: a bf16 8192³ product and a device-to-device copy.
  {
    const Gpu& g = c.gpu("h200-sxm");
    const double n = 8192;
    const double s = perf::gemm(g, e, n, n, n, DType::bf16).time();
    Figure f = fig("h200", "8192³ bf16 matrix product", "TFLOP/s", 769, 2 * n * n * n / s / 1e12);
    f.measured_hi = 798;
    f.gpu = g.id;
    f.tokens = static_cast<int>(n);
    out.push_back(f);
    const double bytes = 8.6e9;  // read and written
    out.push_back(fig("h200", "device-to-device copy (8.6 GB read + written)", "TB/s", 4.3,
                      bytes / perf::elementwise(g, e, bytes, 1).time() / 1e12));
  }

  // End to end: peak output throughput, FP8 weights and activations, FP8 KV cache.
  {
    Deployment d{"llama-2-70b", "h200-sxm", 1, 1, DType::fp8, DType::fp8, engine_id};
    const perf::DeploymentModel m = perf::build_deployment(c, d);
    const perf::PeakThroughput p = perf::peak_throughput(m, kMlperfInputTokens, kMlperfOutputTokens);
    out.push_back(fig("e2e", "MLPerf v4.0 Llama-2-70B, 8× H200, offline (per GPU; tp 1, 290 in / 290 out)",
                      "tok/s", 3467, p.tokens_per_s_per_gpu, true, fmt::format("batch {}", p.batch)));
    out.push_back(fig("context", "MLPerf server, TPOT p50 (hippo: step time at the peak batch)", "ms", 170,
                      p.step_s * 1e3, false, "server batch unknown; the simulator's to predict"));
    out.push_back(fig("context", "MLPerf server, TPOT p99", "ms", 195, p.step_s * 1e3, false, "as above"));
    out.push_back(fig("context", "MLPerf server, 26,485.43 tok/s = per GPU", "tok/s", 26485.43 / 8,
                      p.tokens_per_s_per_gpu, false, "under TTFT/TPOT limits: the simulator's to predict"));
    Deployment d8{"llama-3.1-8b", "h100-sxm", 1, 1, DType::fp8, DType::fp8, engine_id};
    const perf::DeploymentModel m8 = perf::build_deployment(c, d8);
    const perf::PeakThroughput p8 = perf::peak_throughput(m8, 1000, 1000);
    out.push_back(fig("e2e", "TensorRT-LLM Llama-3.1-8B, 1× H100, 1000 in / 1000 out", "tok/s", 15220,
                      p8.tokens_per_s_per_gpu, true, fmt::format("batch {}", p8.batch)));
  }

  // The public calibration's fitted model-FLOP utilisations: context, not measurements.
  {
    Deployment d{"llama-3.1-8b", "h100-sxm", 1, 1, DType::bf16, DType::bf16, engine_id};
    const perf::DeploymentModel m = perf::build_deployment(c, d);
    const int n = 2048;
    const double prefill_s = ns_to_seconds(m.step.step_ns(perf::prefill_load(1, n)));
    const double peak = c.gpu(d.gpu).bf16_tflops * 1e12;
    const double flops = 2.0 * m.model->active_params() * n;
    out.push_back(fig("context", "H100 prefill MFU (hippo: Llama-3.1-8B, one 2,048-token prompt, bf16)", "",
                      0.45, flops / prefill_s / peak, false, "a fitted value of another simulator"));
    const int b = 256;
    const double decode_s = ns_to_seconds(m.step.step_ns(perf::decode_load(b, 1024)));
    out.push_back(fig("context", "H100 decode MFU (hippo: batch 256 × 1,024 context, bf16)", "", 0.30,
                      2.0 * m.model->active_params() * b / decode_s / peak, false, "depends on the batch; not comparable"));
  }
  return out;
}

ErrorSummary summarize(const std::vector<Figure>& figures, const std::string& set) {
  std::vector<double> errs;
  for (const auto& f : figures)
    if (f.set == set && f.scored) errs.push_back(std::fabs(f.error()));
  ErrorSummary s;
  s.count = static_cast<int>(errs.size());
  if (errs.empty()) return s;
  std::sort(errs.begin(), errs.end());
  const std::size_t k = errs.size();
  s.median = k % 2 ? errs[k / 2] : (errs[k / 2 - 1] + errs[k / 2]) / 2;
  s.worst = errs.back();
  return s;
}

ErrorSummary summarize_gemm(const std::vector<Figure>& figures, const std::string& gpu, int lo, int hi) {
  std::vector<Figure> picked;
  for (const auto& f : figures)
    if (f.scored && f.tokens >= lo && f.tokens <= hi && (gpu.empty() || f.gpu == gpu) &&
        (f.set == "gemm" || (f.set == "h200" && f.tokens > 0))) {
      picked.push_back(f);
      picked.back().set = "picked";
    }
  return summarize(picked, "picked");
}

std::string validation_markdown(const Catalog& c, const std::string& engine) {
  const auto figures = validation_figures(c, engine);
  std::string out = fmt::format("Engine profile: `{}`.\n\n", engine);
  out += "| set | figure | unit | measured | hippo | error |\n|---|---|---|---:|---:|---:|\n";
  auto num = [](double v) {
    const double a = std::fabs(v);
    return a >= 100 ? fmt::format("{:.0f}", v) : a >= 1 ? fmt::format("{:.2f}", v) : fmt::format("{:.4f}", v);
  };
  for (const auto& f : figures) {
    const std::string measured = f.measured_hi != f.measured ? num(f.measured) + "–" + num(f.measured_hi) : num(f.measured);
    const std::string err = fmt::format("{:+.1f} %{}", f.error() * 100, f.scored ? "" : " (not scored)");
    out += fmt::format("| {} | {}{} | {} | {} | {} | {} |\n", f.set, f.what, f.note.empty() ? "" : " — " + f.note,
                       f.unit, measured, num(f.predicted), err);
  }
  out += "\n| set | figures | median error | worst error |\n|---|---:|---:|---:|\n";
  for (const char* set : {"gemm", "h200", "e2e"}) {
    const ErrorSummary s = summarize(figures, set);
    out += fmt::format("| {} | {} | {:.1f} % | {:.1f} % |\n", set, s.count, s.median * 100, s.worst * 100);
  }
  out += "\nThe GEMM figures (the per-layer table and the 8192³ product) by GPU and by M:\n\n"
         "| GPU | tokens (M) | figures | median error | worst error |\n|---|---|---:|---:|---:|\n";
  for (const auto& [gpu, lo, hi, label] :
       {std::tuple{"h100-sxm", 1, 256, "1–256"}, {"h100-sxm", 512, 4096, "512–4,096"}, {"h100-sxm", 1, 4096, "all"},
        {"h200-sxm", 8192, 8192, "8,192 (M = N = K)"}, {"", 1, 8192, "all GPUs, all M"}}) {
    const ErrorSummary s = summarize_gemm(figures, gpu, lo, hi);
    out += fmt::format("| {} | {} | {} | {:.1f} % | {:.1f} % |\n", *gpu ? gpu : "all", label, s.count, s.median * 100,
                       s.worst * 100);
  }
  return out;
}

}  // namespace hippo::test
