// The performance model's costs: one StepTimeModel::step_ns (the simulator calls it once per
// engine step, millions of times; the goal is < 100 ns), building a deployment (tables included),
// and a peak-throughput search. Figures in docs/benchmarks.md.
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "hippo/perf.hpp"

namespace {

using namespace hippo;

// Loads like a chunked scheduler's: a few hundred decodes, now and then a prefill chunk; drawn
// once so that the loop measures step_ns alone, cycling through them so that no value is constant.
std::vector<perf::StepLoad> loads(int n) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> batch(1, 512), ctx(100, 4000), chunk(0, 4096);
  std::vector<perf::StepLoad> out;
  for (int i = 0; i < n; ++i) {
    perf::StepLoad l;
    l.decode_seqs = batch(rng);
    l.decode_context_tokens = static_cast<std::int64_t>(l.decode_seqs) * ctx(rng);
    if (i % 4 == 0) {
      l.prefill_tokens = chunk(rng);
      l.prefill_attention_pairs = l.prefill_tokens * (500.0 + l.prefill_tokens / 2.0);
    }
    l.sampling_seqs = l.decode_seqs + (l.prefill_tokens > 0 ? 1 : 0);
    out.push_back(l);
  }
  return out;
}

void step_ns_of(benchmark::State& state, const perf::Deployment& d) {
  const Catalog c = load_builtin_catalog();
  const perf::DeploymentModel m = perf::build_deployment(c, d);
  const auto ls = loads(1024);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(m.step.step_ns(ls[i]));
    i = (i + 1) & 1023;
  }
  state.SetItemsProcessed(state.iterations());
}
void BM_StepNs(benchmark::State& state) {
  step_ns_of(state, perf::Deployment{"llama-3.1-70b", "h100-sxm", 4, 1, DType::fp8, DType::fp8, ""});
}
BENCHMARK(BM_StepNs);
// The same for a 2026 MoE with latent attention (DeepSeek-R1 FP8, tp 8 on H200, SGLang profile,
// 3 dense + 58 MoE layers) and for GPT-OSS-120B's sliding-window layers: still table look-ups.
void BM_StepNsMoeMla(benchmark::State& state) {
  step_ns_of(state, perf::Deployment{"deepseek-r1", "h200-sxm", 8, 1, DType::fp8, DType::fp8, "sglang"});
}
BENCHMARK(BM_StepNsMoeMla);
void BM_StepNsWindowed(benchmark::State& state) {
  step_ns_of(state, perf::Deployment{"gpt-oss-120b", "h100-sxm", 2, 1, DType::fp8, DType::fp8, ""});
}
BENCHMARK(BM_StepNsWindowed);

void BM_BuildDeployment(benchmark::State& state) {
  const Catalog c = load_builtin_catalog();
  for (auto _ : state) {
    auto m = perf::build_deployment(c, perf::Deployment{"llama-3.1-70b", "h100-sxm", 4, 1, DType::fp8, DType::fp8, ""});
    benchmark::DoNotOptimize(m.step.linear_ns.data());
  }
}
BENCHMARK(BM_BuildDeployment)->Unit(benchmark::kMillisecond);

void BM_PeakThroughput(benchmark::State& state) {
  const Catalog c = load_builtin_catalog();
  const perf::DeploymentModel m =
      perf::build_deployment(c, perf::Deployment{"llama-3.1-8b", "h100-sxm", 1, 1, DType::fp8, DType::fp8, ""});
  for (auto _ : state) benchmark::DoNotOptimize(perf::peak_throughput(m, 1000, 1000).tokens_per_s_per_gpu);
}
BENCHMARK(BM_PeakThroughput)->Unit(benchmark::kMicrosecond);

}  // namespace
