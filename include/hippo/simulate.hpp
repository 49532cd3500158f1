// The serving simulator (src/sim): a fleet of replicas, each running an iteration-level scheduler
// over the performance model's step times, fed by a workload through a router. Event-driven, time in
// integer nanoseconds, one seed for every random stream; the same config and seed give the same
// result, bit for bit. Memory is bounded by replicas and requests in flight, not by requests
// simulated: per-request metrics stream into fixed-size quantile sketches.
//
// The capacity planner calls simulate() many times; it neither prints nor reads a clock. Progress
// is reported through an optional callback.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hippo/ddsketch.hpp"
#include "hippo/perf.hpp"
#include "hippo/scenario.hpp"
#include "hippo/units.hpp"

namespace hippo::sim {

constexpr int kKvBlockTokens = 16;  // paged KV cache block, as vLLM's default
// Latest arrival and longest duration the clock takes: int64 nanoseconds end at 9.2e9 s, and the
// fleet needs room to drain after the last arrival. Beyond it a time would overflow (undefined).
constexpr double kMaxArrivalS = 1e9;  // about 31.7 years

// One latency's distribution, in seconds: the shared quantile sketch (hippo/ddsketch.hpp) plus the
// sum for the mean. A quantile q is a value within `relative_accuracy` of an element whose rank is
// that of q: the bucket's value, not clamped to the extremes. Memory is fixed by the range of
// values, not by how many are added.
class QuantileSketch {
 public:
  explicit QuantileSketch(double relative_accuracy = 0.005) : sketch_(relative_accuracy) {}
  void add(double value);                     // value ≥ 0; values below 1e-12 count as zero
  void merge(const QuantileSketch& other);    // requires the same accuracy
  double quantile(double q) const { return sketch_.bucket_quantile(q); }  // q in [0, 1]; 0 when empty
  std::int64_t count() const { return sketch_.count(); }
  double mean() const { return count() ? sum_ / static_cast<double>(count()) : 0.0; }
  double sum() const { return sum_; }
  double relative_accuracy() const { return sketch_.relative_accuracy(); }

 private:
  DDSketch sketch_;
  double sum_ = 0;
};

// {mean, p50, p90, p99} of one latency, in seconds.
struct LatencySummary {
  double mean = 0, p50 = 0, p90 = 0, p99 = 0;
};
LatencySummary summarize(const QuantileSketch& s);

using hippo::Arrival;  // the scenario's policies (hippo/policies.hpp)
using hippo::Router;
using hippo::Scheduler;

// Conversations (docs/simulator.md, "Sessions"): sessions arrive by the arrival process; each is a
// closed loop of turns, the next one `think_s` after the last completes; the input of turn t is
// the system prompt, every earlier turn's input and output, and a new message (`input`).
constexpr int kMaxSessionTurns = 10'000;
constexpr int kMaxSystemPromptTokens = 1'000'000;
constexpr int kMaxSystemPrompts = 1'000'000;
constexpr double kMaxThinkS = 86'400;
struct SessionsConfig {
  bool on = false;
  LengthDist turns = parse_length_dist("fixed:1", {});  // turns per session (at most kMaxSessionTurns)
  double think_s = 0;                 // from a turn's completion to the next turn's arrival
  int system_prompt_tokens = 0;       // the shared system prompt, at the start of every turn's input
  int system_prompts = 1;             // distinct system prompts, one drawn uniformly per session
};

struct SimWorkload {
  // Generated arrivals (used when trace_path is empty).
  Arrival arrival = Arrival::poisson;
  double rate_req_s = 1.0;              // mean arrival rate
  double cv = 1.0;                      // gamma: coefficient of variation of the gaps
  std::vector<double> hourly_profile;   // 24 relative rates (mean 1) repeating every day, or empty
  LengthDist input = parse_length_dist("fixed:512", {});
  LengthDist output = parse_length_dist("fixed:128", {});
  // Replay of a CSV trace `arrival_s,input_tokens,output_tokens` (header first), read line by line.
  std::string trace_path;
  SessionsConfig sessions;
};

// Speculative decoding (docs/simulator.md): each decode step verifies k drafts and the sequence's own
// token; draft i is accepted, given those before it were, with probability acceptance[i − 1] (one
// value: every position). The draft's cost is the deployment's (perf::add_speculative).
constexpr int kMaxSpecTokens = 16;
struct SpecConfig {
  int tokens = 0;                  // k drafts per sequence and step; 0: off
  std::vector<double> acceptance;  // in [0, 1): one value, or k
};

struct SimConfig {
  int replicas = 1;
  Router router = Router::least_outstanding;
  Scheduler scheduler = Scheduler::chunked;
  int max_batch = 256;        // most sequences admitted (prefilling or decoding) per replica
  int token_budget = 8192;    // most tokens per engine step (chunked: decodes + prefill chunks)
  SimWorkload workload;
  // Stop: after `requests` arrivals, or (if requests is 0) after arrivals up to `duration_s`; the
  // fleet then drains. A trace with neither set is replayed whole.
  std::int64_t requests = 0;
  double duration_s = 0;
  // Closed loop: `concurrency` clients, each sending its next request the moment its last one
  // completes (`vllm bench serve --max-concurrency C` with --request-rate inf), `requests` in all;
  // the arrival process and duration are then unused. 0: open loop (arrivals from the workload).
  int concurrency = 0;
  // SLOs for goodput (a request counts when its TTFT and its TPOT are both within them); 0: none.
  double slo_ttft_s = 0;
  double slo_tpot_s = 0;
  SpecConfig spec;
  // A KV prefix cache in each replica (docs/simulator.md, "Prefix caching"); off: no block is shared.
  bool prefix_cache = false;
  std::uint64_t seed = 1;
  // KV capacity per replica in tokens; negative: the deployment model's memory.kv_capacity_tokens.
  double kv_capacity_tokens = -1;
  // Called about every `progress_every` completed requests (0: never).
  std::int64_t progress_every = 1 << 16;
  std::function<void(std::int64_t completed, std::int64_t target, double simulated_s)> on_progress;
  // Called every kCheckpointEvery events and replicas set up, however few requests complete (a
  // fleet still being built, requests all rejected): where the caller's Ctrl-C check throws.
  std::function<void()> checkpoint;
};

// Events (or replicas set up) between two calls of SimConfig::checkpoint: a few milliseconds.
constexpr std::int64_t kCheckpointEvery = 1 << 16;

// Memory one replica holds before it serves anything (its scheduler's queues and heaps, measured
// at 10^6 idle replicas); simulate() refuses a fleet whose idle replicas alone exceed the machine.
constexpr double kBytesPerIdleReplica = 1600;

struct SimResult {
  std::int64_t requests_arrived = 0;
  std::int64_t requests_completed = 0;
  std::int64_t requests_rejected = 0;        // needed more KV than a whole replica holds
  std::int64_t input_tokens_arrived = 0;     // Σ input of arrived requests
  std::int64_t output_tokens_completed = 0;  // Σ output of completed requests
  std::int64_t tokens_sampled = 0;           // Σ over steps of sequences that sampled a token
  std::int64_t prefill_tokens_computed = 0;  // Σ over steps of prefill tokens (recomputation included)
  std::int64_t recomputed_tokens = 0;        // prefill tokens redone after pre-emption
  std::int64_t preemptions = 0;
  std::int64_t steps = 0;
  std::int64_t slo_met = 0;                  // completed requests within both SLOs
  std::int64_t spec_verifications = 0;       // speculative: sequence-steps verified
  std::int64_t spec_accepted = 0;            // speculative: drafts accepted in them (before truncation at the output's end)
  std::int64_t prefix_lookup_blocks = 0;     // prefix caching: full prompt blocks looked up at admissions
  std::int64_t prefix_hit_blocks = 0;        // prefix caching: of them, found cached (their prefill skipped)
  std::int64_t prefix_evictions = 0;         // prefix caching: unreferenced cached blocks evicted for room
  std::int64_t sessions_started = 0;         // sessions workload: conversations begun
  Nanoseconds simulated_ns = 0;              // from 0 to the last completion
  QuantileSketch ttft_s, tpot_s, e2e_s, queue_delay_s;
  double mean_batch = 0;          // sequences per step (decodes + prefill chunks), over all steps
  double kv_utilization = 0;      // time-averaged share of KV blocks in use, over replicas
  double busy_fraction = 0;       // share of replica time spent in steps
  double simulated_s() const { return ns_to_seconds(simulated_ns); }
  double throughput_tok_s() const;   // output tokens per simulated second
  double throughput_req_s() const;
  double goodput_req_s() const;
};

// Runs one simulation. Throws InputError for an invalid config (key: the scenario key behind the
// field, e.g. "service.max_batch", or the field's own name: "replicas", "rate_req_s", "requests",
// "duration_s"), and for a malformed trace line (file and line number).
SimResult simulate(const SimConfig& config, const perf::DeploymentModel& model);

// The upper ends of the ranges validate() enforces (docs/errors.md lists each with its flag): those
// of the scenario keys that set the same fields (service.max_batch, service.token_budget,
// workload.concurrency, slo.*, demand.peak_rate_req_s, workload.cv); requests such that the sums of
// their tokens (≤ 1e8 each) stay exact in 64-bit counters; replicas beyond any machine's memory.
constexpr int kMaxBatchSeqs = 1'000'000;
constexpr int kMaxTokenBudget = 10'000'000;
constexpr int kMaxConcurrency = 1'000'000;
constexpr std::int64_t kMaxRequests = 10'000'000'000;
constexpr double kMaxRateReqS = 1e9;
constexpr double kMaxCv = 100;
constexpr double kMaxSloTtftS = 3600, kMaxSloTpotS = 60;
constexpr int kMaxReplicas = 100'000'000;

// Checks a config without running it (simulate() calls it); `where` locates the keys its errors name.
void validate(const SimConfig& config, const KeyLocator& where = {});

}  // namespace hippo::sim
