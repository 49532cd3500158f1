// One replica's iteration-level scheduler and paged KV cache. The cost of a step does not grow with
// the batch: decoding sequences sit in a min-heap by the decode step at which they finish (known
// when they start decoding), and the scheduler keeps the aggregates the step-time model needs
// (decoding sequences, Σ of their contexts, KV blocks in use, how many cross a block boundary at
// each step) up to date by known amounts. Work per request is O(log batch); per step O(1) plus
// the sequences that finish or whose prefill is touched.
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "hippo/simulate.hpp"
#include "sim/prefix_cache.hpp"
#include "sim/random.hpp"
#include "sim/workload.hpp"

namespace hippo::sim {

// A request on a replica, from routing to completion. Decoding state is stored at the step it
// began decoding, so that advancing a step touches no sequence.
struct Seq {
  enum class State : std::uint8_t { waiting, prefilling, decoding };
  Nanoseconds arrival_ns = 0;
  Nanoseconds first_token_ns = -1;  // -1: none yet
  std::int32_t input = 0, output = 0;
  std::int32_t generated = 0;       // output tokens sampled, as of the last state change
  std::int32_t prefill_tokens = 0;  // the prompt of the current prefill: input + generated
  std::int32_t prefill_done = 0;
  std::int32_t blocks = 0;          // KV blocks held while waiting/prefilling (speculative: also decoding; window_blocks included)
  std::int32_t context = 0;         // speculative decoding: tokens in its KV cache
  std::int32_t spec_slot = -1;      // speculative decoding: its index in the replica's decoders
  std::int32_t window_blocks = 0;   // its windowed layers' cache, reserved by the window from admission
  std::int64_t decode_start = 0;    // decode step index of its first decode step
  PrefixIdentity prefix;            // prefix caching: what its blocks are
  std::int32_t shared_blocks = 0;   // prefix caching: its blocks [0, shared) are the cache's (referenced), not its own
  std::int32_t session = -1;        // sessions workload: the simulator's session slot, or -1
  std::uint32_t generation = 0;     // invalidates heap entries of a pre-empted sequence
  bool admitted_once = false;
  State state = State::waiting;
  std::int32_t prev = -1, next = -1;  // admission-order list of the replica
};

// Sequences of all replicas in one pool: memory grows with requests in flight only.
struct SeqPool {
  std::vector<Seq> seqs;
  std::vector<std::int32_t> free_slots;
  std::int32_t acquire() {
    if (!free_slots.empty()) {
      const std::int32_t i = free_slots.back();
      free_slots.pop_back();
      return i;
    }
    seqs.emplace_back();
    return static_cast<std::int32_t>(seqs.size() - 1);
  }
  void release(std::int32_t i) { free_slots.push_back(i); }
};

// What the fleet accumulates from completions (per-request figures) and steps.
struct Metrics {
  SimResult* r = nullptr;
  double slo_ttft_s = 0, slo_tpot_s = 0;
  Nanoseconds last_completion_ns = 0;
  std::vector<std::int32_t> turns_done;  // sessions workload: session slots whose turn completed, for the driver
};

// Speculative decoding, shared by a fleet's replicas: how many drafts each step verifies, the
// draft's step model, and the draws of accepted drafts from their own stream (so that turning it
// on changes no other stream). P(accepted ≥ i) = Π_{j ≤ i} acceptance_j.
struct Speculation {
  Speculation(const SpecConfig& c, const perf::StepTimeModel& draft_step, std::uint64_t seed);
  int tokens;
  std::array<double, kMaxSpecTokens + 1> at_least{};  // at_least[i] = P(accepted ≥ i); at_least[0] = 1
  const perf::StepTimeModel& draft;
  Rng rng;
  int draw_accepted() {
    const double u = rng.uniform();
    int a = 0;
    while (a < tokens && u < at_least[a + 1]) ++a;
    return a;
  }
};

struct ReplicaLimits {
  Scheduler scheduler = Scheduler::chunked;
  int max_batch = 1;
  int token_budget = 1;
  std::int64_t total_blocks = 0;
};

// A prefetch the compiler keeps: GCC 12 drops __builtin_prefetch behind a test of loaded data.
inline void fetch(const void* p) {
#if defined(__x86_64__)
  asm volatile("prefetcht0 (%0)" : : "r"(p));
#else
  __builtin_prefetch(p);
#endif
}

class Replica {
 public:
  // `spec`: speculative decoding, or null (one token per decode step, the O(1) path).
  Replica(const ReplicaLimits& limits, const perf::StepTimeModel& step, SeqPool& pool, Metrics& metrics,
          Speculation* spec = nullptr, bool prefix_cache = false)
      : lim_(limits), step_(step), pool_(pool), m_(metrics), spec_(spec),
        cache_(prefix_cache ? std::make_unique<PrefixCache>() : nullptr) {}

  void enqueue(std::int32_t seq) { waiting_.push_back(seq); }
  bool has_work() const { return admitted_ > 0 || !waiting_.empty(); }
  bool busy() const { return busy_; }
  // Plans the next step at `now` and returns its duration.
  Nanoseconds begin_step(Nanoseconds now);
  // Applies the step that ends at `now`: samples tokens, finishes sequences. Returns how many
  // requests completed.
  int end_step(Nanoseconds now);

  // Fetch, ahead of the step end, what end_step reads first, so that a fleet larger than the
  // caches does not wait on memory at each step (a hint: it changes no state). In three stages,
  // each reading what the one before fetched: the replica itself, then its decode heap's front
  // and prefill queue's front, then the sequences they name.
  void prefetch(int stage) const {
    const char* p = reinterpret_cast<const char*>(this);
    if (stage == 0) {
      for (std::size_t b = 0; b < sizeof(Replica) + 63; b += 64) fetch(p + b);
    } else if (stage == 1) {
      if (!heap_.empty()) fetch(heap_.data());
      if (!prefill_.empty()) fetch(&prefill_.front());
    } else {
      if (!heap_.empty()) fetch(&pool_.seqs[static_cast<std::size_t>(heap_.front().seq)]);
      if (!prefill_.empty()) fetch(&pool_.seqs[static_cast<std::size_t>(prefill_.front())]);
    }
  }

  double kv_block_ns = 0;         // ∫ blocks in use dt over steps
  Nanoseconds busy_ns = 0;
  std::int64_t steps = 0;
  std::int64_t batch_sum = 0;     // Σ over steps of sequences in the step
  std::int64_t prefix_evictions() const { return cache_ ? cache_->evictions : 0; }

 private:
  struct HeapEntry {
    std::int64_t finish_step;
    std::int32_t seq;
    std::uint32_t generation;
    bool operator>(const HeapEntry& o) const { return finish_step > o.finish_step; }
  };

  void admit(std::int32_t i, Nanoseconds now);
  void unlink(std::int32_t i);
  void preempt_latest();
  void start_decoding(std::int32_t i);
  void finish(std::int32_t i, Nanoseconds now);
  std::int64_t free_blocks() const { return lim_.total_blocks - blocks_used_ - (cache_ ? cache_->blocks() : 0); }
  // Frees blocks for `need` new ones, evicting unreferenced cached blocks; false if they do not fit.
  bool make_room(std::int64_t need) {
    while (free_blocks() < need)
      if (!cache_ || !cache_->evict_one()) return false;
    return true;
  }
  // Prefix caching: a sequence's blocks go back to the cache — on completion its computed full
  // blocks are kept there (unreferenced), on pre-emption only its references are dropped.
  void release_prefix(Seq& s, bool completed);
  int residue(std::int64_t key) const { return static_cast<int>(((key % kKvBlockTokens) + kKvBlockTokens) % kKvBlockTokens); }
  static std::int32_t blocks_for(std::int64_t tokens) { return static_cast<std::int32_t>((tokens + kKvBlockTokens - 1) / kKvBlockTokens); }
  // Plans a prefill chunk of sequence i within `budget` tokens; returns the tokens taken.
  std::int32_t plan_chunk(std::int32_t i, std::int32_t budget, perf::StepLoad& load);
  // Speculative decoding: the decode part of a step (pre-empting while the blocks of the k + 1
  // positions each decoder writes do not fit), and its outcome (random advances, completions).
  bool plan_spec_decode(perf::StepLoad& load);
  int end_spec_decode(Nanoseconds now);
  void remove_spec_decoder(std::int32_t i);

  ReplicaLimits lim_;
  const perf::StepTimeModel& step_;
  SeqPool& pool_;
  Metrics& m_;
  Speculation* spec_;
  std::unique_ptr<PrefixCache> cache_;  // null: prefix caching off

  std::deque<std::int32_t> waiting_;   // routed, not admitted; pre-empted ones return to the front
  std::deque<std::int32_t> prefill_;   // admitted, prefill not complete, in admission order
  std::int32_t head_ = -1, tail_ = -1; // admission order of every admitted sequence
  int admitted_ = 0;

  // Decoding sequences: heap by finishing decode step and O(1) aggregates. A sequence that starts
  // decoding at step k0 with c0 tokens in its KV cache writes position c0 + (k − k0) at step k.
  std::vector<HeapEntry> heap_;
  std::int32_t decoding_ = 0;
  std::int64_t sum_c0_minus_k0_ = 0;
  std::array<std::int32_t, kKvBlockTokens> by_residue_{};  // decoding sequences by (c0 − k0) mod 16
  std::int64_t decode_step_ = 0;       // index of the next decode step
  std::int64_t blocks_used_ = 0;
  // Speculative decoding: decoders walked every step (advances are random, so neither a finishing
  // step nor a block crossing is known ahead); each holds `blocks` for context + k + 1 positions.
  std::vector<std::int32_t> spec_decoders_;

  // The step in flight.
  bool busy_ = false;
  bool step_decodes_ = false;
  std::int32_t prefills_touched_ = 0;  // prefix of prefill_ that got a chunk this step
  std::int32_t step_seqs_ = 0;
};

}  // namespace hippo::sim
