// econ::CapacityCache: an answer from the cache is the one computed afresh, a change to any input of
// the capacity misses it, a money key does not, a scenario's own catalog records are never mixed
// up with another's, threads may share it, and threads asking at once for a capacity not yet known
// compute it once (single flight) unless that computation fails.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "econ/capacity_cache.hpp"
#include "hippo/app.hpp"
#include "hippo/report.hpp"

namespace hippo {
namespace {

const Catalog& shipped() {
  static const Catalog c = load_builtin_catalog();
  return c;
}

Scenario scenario(const app::Overrides& set, const std::string& yaml = "") {
  const app::ScenarioSource source = yaml.empty() ? app::ScenarioSource::named("default") : app::ScenarioSource::text(yaml);
  return app::load_scenario(source, set, shipped());
}

// The results document (what `hippo run --json` prints) of a scenario with this capacity.
std::string document(const Scenario& s, const econ::FleetCapacity& c) {
  return report::results_json(s, econ::evaluate(s, c)).dump(2);
}

std::string afresh(const Scenario& s) { return document(s, econ::fleet_capacity(s, catalog_of(s, shipped()))); }

TEST(FleetCapacityCache, CachedAnswerIsTheFreshOne) {
  econ::CapacityCache cache(shipped());
  const Scenario a = scenario({{"demand.paying_share", "0.03"}});
  EXPECT_EQ(document(a, *cache.get(a)), afresh(a));
  EXPECT_EQ(cache.misses(), 1);
  // A what-if of money keys only: the same capacity, from the cache.
  const Scenario b = scenario({{"demand.paying_share", "0.05"}, {"fleet.gpu_price", "19250"}, {"finance.discount_rate_annual", "0.12"}});
  EXPECT_EQ(document(b, *cache.get(b)), afresh(b));
  EXPECT_EQ(cache.hits(), 1);
  EXPECT_EQ(cache.misses(), 1);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(FleetCapacityCache, EveryCapacityInputMissesIt) {
  const Scenario base = scenario({});
  const std::string key = econ::capacity_key(base);
  const std::vector<app::Override> changes = {
      {"service.tp", "4"}, {"service.ep", "2"}, {"service.attention", "dp"}, {"service.kv", "bf16"},
      {"service.weights", "bf16"}, {"service.gpu", "h200-sxm"}, {"service.model", "llama-3.1-8b"},
      {"service.max_batch", "64"}, {"workload.input", "fixed:2000"}, {"workload.output", "fixed:100"},
      {"slo.tpot_p99_s", "0.06"}, {"slo.ttft_p99_s", "1.5"}, {"demand.api_input_share", "0.5"},
      {"fleet.sizing", "throughput"}, {"seed", "7"}, {"demand.api_mtok_month_start", "0"}};
  for (const auto& o : changes) {
    Scenario s;
    try {
      s = scenario({o});
    } catch (const InputError& e) {
      ADD_FAILURE() << o.key << ": " << e.what();
      continue;
    }
    EXPECT_NE(econ::capacity_key(s), key) << o.key;
  }
  for (const app::Override& o : std::vector<app::Override>{{"demand.paying_share", "0.05"}, {"fleet.gpu_price", "19250"}})
    EXPECT_EQ(econ::capacity_key(scenario({o})), key) << o.key;
  // And through the cache: a miss whose answer is the fresh one.
  econ::CapacityCache cache(shipped());
  cache.get(base);
  const Scenario tp4 = scenario({{"service.tp", "4"}});
  EXPECT_EQ(document(tp4, *cache.get(tp4)), afresh(tp4));
  EXPECT_EQ(cache.misses(), 2);
  EXPECT_EQ(cache.hits(), 0);
}

TEST(FleetCapacityCache, ScenariosRecordsAreTheirOwn) {
  // Two scenarios add a GPU of the same id with different figures: each gets its own capacity.
  auto with_gpu = [](int tflops) {
    return "name: ours\nservice:\n  model: llama-3.1-8b\n  gpu: our-gpu\ngpus:\n  - id: our-gpu\n    name: Our GPU\n    vendor: Us\n"
           "    bf16_tflops: " + std::to_string(tflops) +
           "\n    hbm_gb: 96\n    hbm_tb_s: 4\n    link_gb_s: 900\n    tdp_w: 600\n    idle_w: 60\n"
           "    price_usd: 20000\n    rental_usd_per_gpu_hour: 2\n    sources:\n"
           "      bf16_tflops, hbm_gb, hbm_tb_s, link_gb_s, tdp_w, idle_w, price_usd, rental_usd_per_gpu_hour: \"a test, 2026\"\n";
  };
  econ::CapacityCache cache(shipped());
  const Scenario slow = scenario({}, with_gpu(100)), fast = scenario({}, with_gpu(2000));
  EXPECT_EQ(econ::capacity_key(slow), econ::capacity_key(fast));  // the key names ids, not records
  EXPECT_EQ(document(slow, *cache.get(slow)), afresh(slow));
  EXPECT_EQ(document(fast, *cache.get(fast)), afresh(fast));
  EXPECT_NE(afresh(slow), afresh(fast));
  EXPECT_EQ(cache.misses(), 2);
  // A copy of a scenario shares its records: that one is a hit.
  Scenario again = fast;
  again.demand.paying_share = 0.05;
  EXPECT_EQ(document(again, *cache.get(again)), afresh(again));
  EXPECT_EQ(cache.hits(), 1);
}

TEST(FleetCapacityCache, ThreadsShareItAndItStaysBounded) {
  econ::CapacityCache cache(shipped(), 2);
  const std::vector<Scenario> scenarios = {scenario({}), scenario({{"service.tp", "4"}}), scenario({{"service.tp", "8"}})};
  std::vector<std::string> expected;
  for (const auto& s : scenarios) expected.push_back(afresh(s));
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 6; ++i) {
        const std::size_t k = static_cast<std::size_t>(i + t) % scenarios.size();
        if (document(scenarios[k], *cache.get(scenarios[k])) != expected[k]) ++wrong[static_cast<std::size_t>(t)];
      }
    });
  for (auto& t : threads) t.join();
  for (int w : wrong) EXPECT_EQ(w, 0);
  EXPECT_LE(cache.size(), 2u);
  EXPECT_EQ(cache.hits() + cache.misses(), 24);
}

// Holds the computing thread (in its first simulation's callback) until `n` other callers wait for
// it: then every one of them has asked while the capacity was being computed. The deadline only
// stops a broken cache from hanging the test; the counts below fail it then.
void await_waiters(const econ::CapacityCache& cache, std::int64_t n) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (cache.waiting() < n && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
}

// Simulated sizing: the only capacity that calls back while it is computed.
Scenario simulated() { return scenario({{"fleet.sizing", "simulated"}}); }

constexpr int kCallers = 6;

TEST(FleetCapacityCache, CallersAtOnceWaitForOneComputation) {
  econ::CapacityCache cache(shipped());
  const Scenario s = simulated();
  const std::string expected = afresh(s);
  std::atomic<int> computing{0};
  std::vector<std::string> got(kCallers);
  std::vector<std::thread> threads;
  for (int t = 0; t < kCallers; ++t)
    threads.emplace_back([&, t] {
      bool first = true;
      const auto c = cache.get(s, [&] {
        if (first) ++computing, await_waiters(cache, kCallers - 1);
        first = false;
      });
      got[static_cast<std::size_t>(t)] = document(s, *c);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(computing.load(), 1);
  EXPECT_EQ(cache.misses(), 1);
  EXPECT_EQ(cache.hits(), kCallers - 1);
  EXPECT_EQ(cache.waiting(), 0);
  for (const auto& g : got) EXPECT_EQ(g, expected);
}

TEST(FleetCapacityCache, AFailedComputationHandsOverToOneWaiter) {
  // The computing caller is interrupted (its own progress callback throws) while the others wait:
  // it alone gets the error; one waiter computes the capacity again and the rest wait for that.
  econ::CapacityCache cache(shipped());
  const Scenario s = simulated();
  const std::string expected = afresh(s);
  std::atomic<bool> interrupted_one{false};
  std::atomic<int> interrupted{0}, answered{0};
  std::vector<std::string> got(kCallers);
  std::vector<std::thread> threads;
  for (int t = 0; t < kCallers; ++t)
    threads.emplace_back([&, t] {
      try {
        const auto c = cache.get(s, [&] {
          if (interrupted_one.exchange(true)) return;
          await_waiters(cache, kCallers - 1);
          throw Interrupted();
        });
        got[static_cast<std::size_t>(t)] = document(s, *c);
        ++answered;
      } catch (const Interrupted&) {
        ++interrupted;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(interrupted.load(), 1);
  EXPECT_EQ(answered.load(), kCallers - 1);
  EXPECT_EQ(cache.misses(), 2);
  EXPECT_EQ(cache.hits(), kCallers - 2);
  EXPECT_EQ(cache.size(), 1u);
  for (const auto& g : got)
    if (!g.empty()) EXPECT_EQ(g, expected);
}

TEST(FleetCapacityCache, ErrorsAreEachCallersOwn) {
  // The same capacity inputs from two files: each error names its own file, and none is kept.
  const std::string text =
      "name: tight\nservice: {model: llama-3.1-70b, gpu: h100-sxm, tp: 2, weights: fp8, kv: fp8}\nslo:\n  ttft_p99_s: 0.001\n";
  econ::CapacityCache cache(shipped());
  for (const std::string file : {"a.yaml", "b.yaml"}) {
    const Scenario s = app::load_scenario(app::ScenarioSource::text(text, file), {}, shipped());
    try {
      cache.get(s);
      ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
      EXPECT_EQ(e.where().file, file);
      EXPECT_EQ(e.where().line, 4);
      EXPECT_EQ(e.where().key, "slo.ttft_p99_s");
    }
  }
  EXPECT_EQ(cache.misses(), 2);
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace hippo
