// The roofline of one operator: max(FLOPs / achievable FLOP/s, bytes / achievable bandwidth) plus
// the engine's fixed cost per kernel. Units: seconds, bytes, FLOPs.
#include "perf/roofline.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "hippo/units.hpp"

namespace hippo::perf {

double weight_bytes(DType w) {
  if (w == DType::int4) return dtype_bytes(w) + dtype_bytes(DType::bf16) / kInt4GroupSize;
  if (w == DType::fp4) return dtype_bytes(w) + dtype_bytes(DType::fp8) / kFp4BlockSize;
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

double math_peak_flops(const Gpu& gpu, DType w, bool& low_precision) {
  double low = 0;
  if (w == DType::fp8) low = gpu.fp8_tflops * kFlopsPerTflop;
  if (w == DType::int8) low = gpu.int8_tops * kFlopsPerTflop;
  if (w == DType::fp4) low = gpu.fp4_tflops * kFlopsPerTflop;  // none: dequantised to bf16 (W4A16)
  const double bf16 = gpu.bf16_tflops * kFlopsPerTflop;
  low_precision = low > bf16;
  return low_precision ? low : bf16;
}

double achievable_bandwidth(const Gpu& gpu, const EngineProfile& engine, double tokens) {
  return gpu.hbm_tb_s * kBytesPerTB * efficiency_at(engine.memory_efficiency, tokens);
}

double activation_in_bytes(const Gpu& gpu, DType w) {
  bool low = false;
  math_peak_flops(gpu, w, low);
  return low ? 1.0 : kActivationBytes;
}

namespace {

// The power mean (c^p + m^p)^(1/p) of compute and memory time; p ≤ 0: max.
double overlapped(double c, double m, double p) {
  const double hi = std::max(c, m), lo = std::min(c, m);
  if (p <= 0 || hi <= 0) return hi;
  return hi * std::pow(1.0 + std::pow(lo / hi, p), 1.0 / p);
}

double tile_efficiency(const Tile& t, double exponent) {
  if (exponent == 0) return 1.0;
  auto reuse = [](const Tile& x) { return static_cast<double>(x.m) * x.n / (x.m + x.n); };
  return std::pow(reuse(t) / reuse(kGemmTiles[std::size(kGemmTiles) - 1]), exponent);
}

}  // namespace

Cost grouped_gemm(const Gpu& gpu, const EngineProfile& engine, double m_total, double groups, double k, double n,
                  DType w, double bytes_per_weight) {
  if (m_total <= 0 || groups <= 0) return {};
  const double rows = m_total / groups;  // the M each group's GEMM sees
  bool low = false;
  const double peak = math_peak_flops(gpu, w, low);
  const double flops = 2.0 * m_total * k * n;
  const double bytes = groups * k * n * (bytes_per_weight > 0 ? bytes_per_weight : weight_bytes(w)) +
                       m_total * k * activation_in_bytes(gpu, w) +
                       m_total * n * kActivationBytes;
  const double memory_s = bytes / achievable_bandwidth(gpu, engine, rows);
  const double eff = low ? engine.fp8_mma_efficiency : engine.mma_efficiency;
  Cost c;
  c.fixed_s = engine.kernel_overhead_s;
  c.memory_s = memory_s;
  if (!engine.tile_quantization || gpu.sms <= 0) {
    c.compute_s = flops / (peak * eff);
    return c;
  }
  // The fastest tile: waves of tiles over the SMs, each at the SM's share of the peak.
  const double sm_flops = peak * eff / gpu.sms;
  double best = -1, best_compute = 0;
  for (const Tile& t : kGemmTiles) {
    const double tiles = groups * std::ceil(rows / t.m) * std::ceil(n / t.n);
    const double waves = std::ceil(tiles / gpu.sms);
    const double tile_s = 2.0 * t.m * t.n * k / (sm_flops * tile_efficiency(t, engine.tile_efficiency_exponent));
    const double compute = waves * (tile_s + engine.wave_overhead_s);
    const double time = overlapped(compute, memory_s, engine.overlap_exponent);
    if (best < 0 || time < best || (time == best && compute < best_compute)) {  // ties: the least compute
      best = time;
      best_compute = compute;
    }
  }
  // The overlapped time goes to the side that bounds it, so that Cost::time() is that time.
  if (best_compute >= memory_s) {
    c.compute_s = best;
  } else {
    c.compute_s = best_compute;
    c.memory_s = best;
  }
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
// One direction of the fabric a collective over `group` GPUs runs on: the scale-up link within a
// domain (NVLink, up to 72 GPUs on NVL72), the scale-out network beyond it where listed.
double link_bytes_per_s(const Gpu& gpu, const EngineProfile& engine, int group = 1) {
  const double gb_s = group > gpu.scale_up_domain && gpu.scale_out_gb_s > 0 ? gpu.scale_out_gb_s : gpu.link_gb_s;
  return gb_s * kBytesPerGB / 2.0 * engine.link_efficiency;
}
}  // namespace

Cost allreduce(const Gpu& gpu, const EngineProfile& engine, double bytes, int tp) {
  if (tp <= 1 || bytes <= 0) return {};
  Cost c;
  c.memory_s = 2.0 * (tp - 1) / tp * bytes / link_bytes_per_s(gpu, engine, tp);
  c.fixed_s = engine.allreduce_latency_s;
  return c;
}

Cost all_to_all(const Gpu& gpu, const EngineProfile& engine, double bytes, int ep) {
  if (ep <= 1 || bytes <= 0) return {};
  Cost c;
  c.memory_s = (ep - 1.0) / ep * bytes / link_bytes_per_s(gpu, engine, ep);
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
