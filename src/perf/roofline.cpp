// The roofline of one operator: max(FLOPs / achievable FLOP/s, bytes / achievable bandwidth) plus
// the engine's fixed cost per kernel. Units: seconds, bytes, FLOPs.
#include "perf/roofline.hpp"

#include <algorithm>
#include <cmath>

#include "hippo/units.hpp"

namespace hippo::perf {

double weight_bytes(DType w) {
  if (w == DType::int4) return dtype_bytes(w) + dtype_bytes(DType::bf16) / kInt4GroupSize;
  return dtype_bytes(w);
}

double efficiency_at(const std::vector<EfficiencyPoint>& curve, double tokens) {
  if (curve.empty()) return 1.0;
  if (tokens <= curve.front().tokens) return curve.front().fraction;
  if (tokens >= curve.back().tokens) return curve.back().fraction;
  for (std::size_t i = 1; i < curve.size(); ++i) {
    if (tokens <= curve[i].tokens) {
      const auto& a = curve[i - 1];
      const auto& b = curve[i];
      const double t = std::log(tokens / a.tokens) / std::log(b.tokens / a.tokens);
      return a.fraction + t * (b.fraction - a.fraction);
    }
  }
  return curve.back().fraction;
}

namespace {

// Peak FLOP/s of the 8-bit tensor math weights of type `w` would use; 0 when there is none.
double low_precision_peak(const Gpu& gpu, DType w) {
  if (w == DType::fp8) return gpu.fp8_tflops * kFlopsPerTflop;
  if (w == DType::int8) return gpu.int8_tops * kFlopsPerTflop;
  return 0;
}

const std::vector<EfficiencyPoint>& fp8_curve(const EngineProfile& e) {
  return e.fp8_compute_efficiency.empty() ? e.compute_efficiency : e.fp8_compute_efficiency;
}

}  // namespace

double achievable_flops(const Gpu& gpu, const EngineProfile& engine, DType w, double tokens) {
  const double bf16 = gpu.bf16_tflops * kFlopsPerTflop * efficiency_at(engine.compute_efficiency, tokens);
  const double low = low_precision_peak(gpu, w) * efficiency_at(fp8_curve(engine), tokens);
  return std::max(bf16, low);
}

double achievable_bandwidth(const Gpu& gpu, const EngineProfile& engine, double tokens) {
  return gpu.hbm_tb_s * kBytesPerTB * efficiency_at(engine.memory_efficiency, tokens);
}

double activation_in_bytes(const Gpu& gpu, DType w) {
  return low_precision_peak(gpu, w) > 0 ? 1.0 : kActivationBytes;
}

Cost gemm(const Gpu& gpu, const EngineProfile& engine, double m, double k, double n, DType w) {
  return grouped_gemm(gpu, engine, m, 1.0, k, n, w);
}

Cost grouped_gemm(const Gpu& gpu, const EngineProfile& engine, double m_total, double experts, double k, double n,
                  DType w) {
  if (m_total <= 0 || experts <= 0) return {};
  const double rows_per_expert = m_total / experts;  // the M each expert's GEMM sees
  const double flops = 2.0 * m_total * k * n;
  const double bytes = experts * k * n * weight_bytes(w) + m_total * k * activation_in_bytes(gpu, w) +
                       m_total * n * kActivationBytes;
  Cost c;
  c.compute_s = flops / achievable_flops(gpu, engine, w, rows_per_expert);
  c.memory_s = bytes / achievable_bandwidth(gpu, engine, rows_per_expert);
  c.fixed_s = engine.kernel_overhead_s;
  return c;
}

double experts_touched(int experts, int active, double tokens) {
  if (experts <= 1) return tokens > 0 ? 1.0 : 0.0;
  const double miss = 1.0 - static_cast<double>(active) / experts;
  return experts * (1.0 - std::pow(miss, tokens));
}

Cost elementwise(const Gpu& gpu, const EngineProfile& engine, double bytes, int kernels) {
  if (bytes <= 0) return {};
  Cost c;
  c.memory_s = bytes / achievable_bandwidth(gpu, engine, 1e9);  // streaming: the large-size bandwidth
  c.fixed_s = kernels * engine.kernel_overhead_s;
  return c;
}

namespace {
double link_bytes_per_s(const Gpu& gpu, const EngineProfile& engine) {
  return gpu.link_gb_s * kBytesPerGB / 2.0 * engine.link_efficiency;
}
}  // namespace

Cost allreduce(const Gpu& gpu, const EngineProfile& engine, double bytes, int tp) {
  if (tp <= 1 || bytes <= 0) return {};
  Cost c;
  c.memory_s = 2.0 * (tp - 1) / tp * bytes / link_bytes_per_s(gpu, engine);
  c.fixed_s = engine.allreduce_latency_s;
  return c;
}

Cost p2p(const Gpu& gpu, const EngineProfile& engine, double bytes) {
  if (bytes <= 0) return {};
  Cost c;
  c.memory_s = bytes / link_bytes_per_s(gpu, engine);
  c.fixed_s = engine.allreduce_latency_s;
  return c;
}

}  // namespace hippo::perf
