// The simulator's standard workload (docs/benchmarks.md): llama-3.1-8b on h100-sxm, tp 1,
// 16 replicas, least outstanding, chunked, Poisson arrivals at 70 % of the fleet's peak
// throughput, input lognormal mean 1000 cv 1, output lognormal mean 250 cv 1, seed 1.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "hippo/catalog.hpp"
#include "hippo/perf.hpp"
#include "hippo/simulate.hpp"
#include "sim/random.hpp"
#include "sim/replica.hpp"

namespace {

using namespace hippo;

// The benchmarks' deployment: Llama-3.1-8B on one H100 (it points into `catalog`).
perf::DeploymentModel standard_deployment(const Catalog& catalog) {
  perf::Deployment d;
  d.model = "llama-3.1-8b";
  d.gpu = "h100-sxm";
  return perf::build_deployment(catalog, d);
}

// The standard workload: lognormal 1,000 in / 250 out at 70 % of the fleet's peak throughput,
// chunked prefill, least-outstanding routing.
sim::SimConfig standard_workload(const perf::DeploymentModel& m, int replicas, std::int64_t requests) {
  sim::SimConfig c;
  c.replicas = replicas;
  c.router = sim::Router::least_outstanding;
  c.scheduler = sim::Scheduler::chunked;
  c.workload.input = parse_length_dist("lognormal:mean=1000,cv=1", {});
  c.workload.output = parse_length_dist("lognormal:mean=250,cv=1", {});
  c.workload.rate_req_s = 0.7 * c.replicas * perf::peak_throughput(m, 1000, 250, c.max_batch).requests_per_s_per_replica;
  c.requests = requests;
  c.seed = 1;
  return c;
}

void BM_SimulateStandardWorkload(benchmark::State& state) {
  const Catalog catalog = load_builtin_catalog();
  const perf::DeploymentModel m = standard_deployment(catalog);
  const sim::SimConfig c = standard_workload(m, 16, state.range(0));
  std::int64_t completed = 0;
  for (auto _ : state) {
    const sim::SimResult r = sim::simulate(c, m);
    completed += r.requests_completed;
    benchmark::DoNotOptimize(r.ttft_s.count());
  }
  state.SetItemsProcessed(completed);  // items/s = simulated requests per second
}
BENCHMARK(BM_SimulateStandardWorkload)->Arg(200'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// The standard workload on fleets of 16 to 16,384 replicas (issue 16): the same load per replica
// and 500 requests per replica, so the runs differ only in the fleet's size. cpu_per_request is
// CPU time per simulated request; its ratio across the sizes is what must stay near 1.
void BM_SimulateFleetScale(benchmark::State& state) {
  const Catalog catalog = load_builtin_catalog();
  const perf::DeploymentModel m = standard_deployment(catalog);
  const sim::SimConfig c = standard_workload(m, static_cast<int>(state.range(0)), 500LL * state.range(0));
  std::int64_t completed = 0;
  for (auto _ : state) {
    const sim::SimResult r = sim::simulate(c, m);
    completed += r.requests_completed;
    benchmark::DoNotOptimize(r.ttft_s.count());
  }
  state.SetItemsProcessed(completed);  // per CPU second: this benchmark does not use real time
  state.counters["cpu_per_request"] =
      benchmark::Counter(static_cast<double>(completed), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_SimulateFleetScale)->Arg(16)->Arg(4096)->Arg(16384)->Unit(benchmark::kMillisecond);

// The machine's memory, which sets what a large fleet costs (docs/benchmarks.md): reads of 64-byte
// lines in a random order over 64 MB (about the state of 4,096 replicas), each followed by a
// little dependent work, with the line `range(0)` reads ahead prefetched (0: none).
void BM_MemoryRandomRead(benchmark::State& state) {
  struct alignas(64) Line { std::uint64_t v[8]; };
  const std::size_t n = std::size_t{1} << 20;
  std::vector<Line> lines(n);
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) {
    lines[i].v[0] = i;
    order[i] = static_cast<std::uint32_t>(i);
  }
  sim::Rng rng(1, sim::Stream::arrivals);
  for (std::size_t i = n - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
  const std::size_t ahead = static_cast<std::size_t>(state.range(0));
  std::uint64_t sum = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < n; ++i) {
      if (ahead > 0 && i + ahead < n) sim::fetch(&lines[order[i + ahead]]);
      sum += lines[order[i]].v[0];
      for (int k = 0; k < 20; ++k) sum = sum * 6364136223846793005ULL + 1;
    }
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_MemoryRandomRead)->Arg(0)->Arg(8)->Unit(benchmark::kMillisecond);

// Sessions and prefix caching on (docs/simulator.md): the standard deployment and lengths as turns'
// messages and answers, conversations of 1–8 turns (10 s think time) over one of 8 system prompts
// of 1,000 tokens; the session rate gives about half the fleet's peak in turns. Items/s: turns
// simulated per second, to set beside the standard workload's requests per second.
void BM_SimulateSessionsPrefixCache(benchmark::State& state) {
  const Catalog catalog = load_builtin_catalog();
  const perf::DeploymentModel m = standard_deployment(catalog);
  sim::SimConfig c;
  c.replicas = 16;
  c.workload.input = parse_length_dist("lognormal:mean=200,cv=1", {});
  c.workload.output = parse_length_dist("lognormal:mean=250,cv=1", {});
  c.workload.sessions.on = true;
  c.workload.sessions.turns = parse_length_dist("uniform:1,8", {});
  c.workload.sessions.think_s = 10;
  c.workload.sessions.system_prompt_tokens = 1000;
  c.workload.sessions.system_prompts = 8;
  c.prefix_cache = true;
  c.workload.rate_req_s = 0.5 * c.replicas * perf::peak_throughput(m, 2000, 250, c.max_batch).requests_per_s_per_replica / 4.5;
  c.requests = state.range(0);
  c.seed = 1;
  std::int64_t completed = 0;
  sim::SimResult r;
  for (auto _ : state) {
    r = sim::simulate(c, m);
    completed += r.requests_completed;
  }
  state.SetItemsProcessed(completed);
  state.counters["hit_rate"] = static_cast<double>(r.prefix_hit_blocks) / static_cast<double>(r.prefix_lookup_blocks);
  state.counters["evictions"] = static_cast<double>(r.prefix_evictions);
}
BENCHMARK(BM_SimulateSessionsPrefixCache)->Arg(200'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// A step's cost does not grow with the batch: the same 50,000 requests at a low and a high rate
// (mean batch several times larger, far fewer steps) cost no more in total; the counters show the
// steps and the mean batch of each.
void BM_SimulateBatchSizes(benchmark::State& state) {
  perf::DeploymentModel m;
  m.step.overhead_ns = 5'000'000;
  for (int t = 0; t < 8192; ++t) m.step.linear_ns.push_back(20'000LL * t);
  m.step.decode_attention_ns_per_token = 40;
  m.memory.kv_capacity_tokens = 5e5;
  sim::SimConfig c;
  c.workload.input = parse_length_dist("fixed:200", {});
  c.workload.output = parse_length_dist("fixed:500", {});
  c.workload.rate_req_s = static_cast<double>(state.range(0));
  c.requests = 50'000;
  sim::SimResult r;
  for (auto _ : state) r = sim::simulate(c, m);
  state.SetItemsProcessed(state.iterations() * c.requests);
  state.counters["steps"] = static_cast<double>(r.steps);
  state.counters["mean_batch"] = r.mean_batch;
}
BENCHMARK(BM_SimulateBatchSizes)->Arg(5)->Arg(40)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
