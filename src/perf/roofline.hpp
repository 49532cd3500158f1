// The roofline of one operator on one GPU under one engine profile (internal to src/perf).
// Every function returns seconds and splits its time into the part limited by compute, by memory
// and by fixed costs (launches, latencies), so that a step can say what bounds it.
#pragma once
#include <vector>

#include "hippo/catalog.hpp"

namespace hippo::perf {

// Bytes one element of int4 weights occupies with its scales: 0.5 B plus one bf16 scale per group of
// 128 weights (the common AWQ / GPTQ group size). FP4 is NVFP4: E2M1 values with one FP8 (E4M3)
// scale per 16 (4.5 bits; MXFP4's E8M0 scale per 32 would be 4.25).
constexpr int kInt4GroupSize = 128;
constexpr int kFp4BlockSize = 16;
// MXFP4 (OCP microscaling, GPT-OSS's routed experts): E2M1 values with one E8M0 scale byte per 32.
constexpr int kMxfp4BlockSize = 32;
constexpr double kMxfp4WeightBytes = 0.5 + 1.0 / kMxfp4BlockSize;  // 4.25 bits
constexpr double kActivationBytes = 2.0;  // activations, outputs and logits in bf16
constexpr double kLogitBytes = 4.0;       // fp32 logits for sampling
// Element-wise kernels per layer a tuned engine still launches beside its GEMMs and attention
// (the two RMSNorms, each fused with its residual add; rotary and SiLU·mul fuse into neighbours).
constexpr int kOtherKernelsPerLayer = 2;

// Bytes per weight element as stored, scales included.
double weight_bytes(DType w);

// A cost split by what limits it. `time()` is what the operator takes.
struct Cost {
  double compute_s = 0;  // time the FLOPs take at the achievable rate
  double memory_s = 0;   // time the bytes take at the achievable bandwidth
  double fixed_s = 0;    // launches and latencies, added on top
  double time() const { return (compute_s > memory_s ? compute_s : memory_s) + fixed_s; }
  Cost scaled(double f) const { return {compute_s * f, memory_s * f, fixed_s * f}; }
};

// Time of several operators by what bounds each: an operator's max(compute, memory) goes to the
// side that is larger, its fixed cost to `fixed_s`. total() is the sum of the operators' times.
struct Attribution {
  double compute_s = 0, memory_s = 0, fixed_s = 0;
  void add(const Cost& c) {
    if (c.compute_s >= c.memory_s) compute_s += c.compute_s;
    else memory_s += c.memory_s;
    fixed_s += c.fixed_s;
  }
  double total() const { return compute_s + memory_s + fixed_s; }
};

// Efficiency at `tokens` rows: linear in log(tokens) between the curve's points, flat outside.
double efficiency_at(const std::vector<EfficiencyPoint>& curve, double tokens);

// Peak FLOP/s of the math a GEMM with weights of type `w` runs on `gpu`: FP8 weights use the FP8
// peak where the GPU has one, int8 the INT8 peak; weight-only int4 (and 8-bit on GPUs without such
// math) dequantises and computes in bf16. `low_precision` says which (for the engine's efficiency).
double math_peak_flops(const Gpu& gpu, DType w, bool& low_precision);
// HBM bytes/s achievable at M = `tokens`.
double achievable_bandwidth(const Gpu& gpu, const EngineProfile& engine, double tokens);
// Bytes per element of a GEMM's input activations: 1 when it runs 8-bit math, else 2.
double activation_in_bytes(const Gpu& gpu, DType w);

// The CTA tiles (rows × columns of the output) a GEMM library chooses among on the GPUs hippo
// knows: Hopper's and Blackwell's warpgroup MMA works on 64-row slabs, Ampere's CUTLASS kernels use
// the same 64-256 tiles. M is rounded up to the tile's rows, so 1-64 tokens cost one 64-row tile.
struct Tile {
  int m, n;
};
inline constexpr Tile kGemmTiles[] = {{64, 64}, {64, 128}, {64, 256}, {128, 128}, {128, 256}};

// A GEMM [M,K]×[K,N] with weights of type `w`, computed as `groups` independent GEMMs of M/groups
// rows each in one launch (groups = 1: a plain GEMM; the experts of a MoE layer: a grouped GEMM).
// Bytes = groups·K·N·weight_bytes + M·K·in_bytes + M·N·2 at the achievable bandwidth. Compute: for
// each tile of kGemmTiles, tiles = groups·⌈(M/groups)/m⌉·⌈N/n⌉ spread over the SMs in
// waves = ⌈tiles / SMs⌉, each wave taking 2·m·n·K FLOPs at the SM's share of the peak times the
// engine's MMA and tile efficiency, plus its wave overhead; memory and compute overlap as the
// engine's power mean; the library takes the fastest tile. Plus one kernel launch. With
// tile_quantization off (or no SM count) it is the plain roofline max(FLOPs/peak, bytes/bw).
// M = 0 costs nothing.
// `bytes_per_weight` > 0 replaces weight_bytes(w) (MXFP4 experts: FP4 math, MXFP4's scales).
Cost grouped_gemm(const Gpu& gpu, const EngineProfile& engine, double m_total, double groups, double k, double n,
                  DType w, double bytes_per_weight = 0);
inline Cost gemm(const Gpu& gpu, const EngineProfile& engine, double m, double k, double n, DType w) {
  return grouped_gemm(gpu, engine, m, 1.0, k, n, w);
}

// Expected experts of E that T tokens touch when each picks k of them uniformly: E·(1 − (1 − k/E)^T).
double experts_touched(int experts, int active, double tokens);

// Element-wise work streaming `bytes` through HBM in `kernels` launches.
Cost elementwise(const Gpu& gpu, const EngineProfile& engine, double bytes, int kernels);

// A ring all-reduce of `bytes` over `tp` GPUs: latency + 2(tp−1)/tp · bytes / link bandwidth.
// link_gb_s in the catalog is both directions together; a ring sends one way, at half of it.
Cost allreduce(const Gpu& gpu, const EngineProfile& engine, double bytes, int tp);

// An all-to-all over `ep` GPUs in which each sends `bytes` in all, (ep − 1)/ep of them to others
// (MoE dispatch and combine): latency + (ep − 1)/ep · bytes / link bandwidth.
Cost all_to_all(const Gpu& gpu, const EngineProfile& engine, double bytes, int ep);

// One point-to-point hand-off of `bytes` between pipeline stages.
Cost p2p(const Gpu& gpu, const EngineProfile& engine, double bytes);

}  // namespace hippo::perf
