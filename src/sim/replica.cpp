#include "sim/replica.hpp"

#include <algorithm>
#include <cassert>
#include <functional>

namespace hippo::sim {

void Replica::unlink(std::int32_t i) {
  Seq& s = pool_.seqs[i];
  (s.prev >= 0 ? pool_.seqs[s.prev].next : head_) = s.next;
  (s.next >= 0 ? pool_.seqs[s.next].prev : tail_) = s.prev;
  s.prev = s.next = -1;
  --admitted_;
}

void Replica::admit(std::int32_t i, Nanoseconds now) {
  Seq& s = pool_.seqs[i];
  if (!s.admitted_once) {
    s.admitted_once = true;
    m_.r->queue_delay_s.add(ns_to_seconds(now - s.arrival_ns));
  }
  s.state = Seq::State::prefilling;
  s.prefill_done = 0;
  s.blocks = blocks_for(s.prefill_tokens) + s.window_blocks;
  if (cache_) {
    // Cached full blocks of the prompt skip their prefill; at least its last token is computed
    // (it samples the first token).
    const std::int32_t most = (s.prefill_tokens - 1) / kKvBlockTokens;
    s.shared_blocks = cache_->acquire(s.prefix, most, kKvBlockTokens);
    s.prefill_done = s.shared_blocks * kKvBlockTokens;
    m_.r->prefix_lookup_blocks += most;
    m_.r->prefix_hit_blocks += s.shared_blocks;
    [[maybe_unused]] const bool fits = make_room(s.blocks - s.shared_blocks);
    assert(fits && "admission checked the free and evictable blocks");
  }
  blocks_used_ += s.blocks - s.shared_blocks;
  s.prev = tail_;
  s.next = -1;
  (tail_ >= 0 ? pool_.seqs[tail_].next : head_) = i;
  tail_ = i;
  ++admitted_;
  prefill_.push_back(i);
}

std::int32_t Replica::plan_chunk(std::int32_t i, std::int32_t budget, perf::StepLoad& load) {
  Seq& s = pool_.seqs[i];
  const std::int32_t n = std::min(s.prefill_tokens - s.prefill_done, budget);
  // Causal attention of n new tokens over c cached ones: n·(c + n/2) (query, key) pairs.
  load.prefill_attention_pairs += static_cast<double>(n) * (s.prefill_done + 0.5 * n);
  load.prefill_tokens += n;
  s.prefill_done += n;
  if (s.prefill_done == s.prefill_tokens) ++load.sampling_seqs;
  ++prefills_touched_;
  return n;
}

void Replica::start_decoding(std::int32_t i) {
  Seq& s = pool_.seqs[i];
  s.state = Seq::State::decoding;
  ++decoding_;
  if (spec_) {
    s.context = s.prefill_tokens;  // its blocks stay those of the prompt until a step needs more
    s.spec_slot = static_cast<std::int32_t>(spec_decoders_.size());
    spec_decoders_.push_back(i);
    return;
  }
  s.decode_start = decode_step_;
  const std::int64_t key = s.prefill_tokens - s.decode_start;  // c0 − k0
  sum_c0_minus_k0_ += key;
  ++by_residue_[residue(key)];
  // Tokens generated+1 … output, one per decode step.
  heap_.push_back({s.decode_start + (s.output - s.generated) - 1, i, ++s.generation});
  std::push_heap(heap_.begin(), heap_.end(), std::greater<>{});
}

void Replica::preempt_latest() {
  const std::int32_t i = tail_;
  assert(i >= 0);
  Seq& s = pool_.seqs[i];
  ++m_.r->preemptions;
  if (s.state == Seq::State::prefilling) {
    assert(prefill_.back() == i);
    prefill_.pop_back();
    blocks_used_ -= s.blocks - s.shared_blocks;
    m_.r->recomputed_tokens += s.prefill_done - s.shared_blocks * kKvBlockTokens;  // the chunks computed are lost
    release_prefix(s, false);
  } else if (spec_) {
    assert(s.state == Seq::State::decoding);
    blocks_used_ -= s.blocks - s.shared_blocks;
    release_prefix(s, false);
    remove_spec_decoder(i);
    --decoding_;
    s.prefill_tokens = s.input + s.generated;  // recomputation, as below
    m_.r->recomputed_tokens += s.prefill_tokens;
  } else {
    assert(s.state == Seq::State::decoding);
    const std::int64_t steps_done = decode_step_ - s.decode_start;
    blocks_used_ -= blocks_for(s.prefill_tokens + steps_done) + s.window_blocks - s.shared_blocks;
    release_prefix(s, false);
    const std::int64_t key = s.prefill_tokens - s.decode_start;
    sum_c0_minus_k0_ -= key;
    --by_residue_[residue(key)];
    --decoding_;
    ++s.generation;  // its heap entry is now stale
    s.generated += static_cast<std::int32_t>(steps_done);
    // Recomputation: the prompt and every token generated so far are prefilled again.
    s.prefill_tokens = s.input + s.generated;
    m_.r->recomputed_tokens += s.prefill_tokens;
  }
  s.prefill_done = 0;
  s.blocks = 0;
  s.state = Seq::State::waiting;
  unlink(i);
  waiting_.push_front(i);
}

Nanoseconds Replica::begin_step(Nanoseconds now) {
  assert(!busy_ && has_work());
  perf::StepLoad load;
  prefills_touched_ = 0;
  step_decodes_ = false;
  bool preempted = false;
  // With prefix caching, unreferenced cached blocks can be evicted for it (as if every hit were one
  // of them: O(1), never more than it needs).
  const auto can_admit_front = [&] {
    return !waiting_.empty() && admitted_ < lim_.max_batch &&
           free_blocks() + (cache_ ? cache_->idle() : 0) >=
               blocks_for(pool_.seqs[waiting_.front()].prefill_tokens) + pool_.seqs[waiting_.front()].window_blocks;
  };
  const bool chunked = lim_.scheduler == Scheduler::chunked;
  // prefill_first: a step of new prefills whenever one can be admitted, else a step of decodes.
  const bool decode_now = decoding_ > 0 && (chunked || !can_admit_front());
  if (decode_now && spec_) {
    preempted = plan_spec_decode(load);
  } else if (decode_now) {
    // Sequences whose next KV position starts a block need one; pre-empt the most recently
    // admitted sequences while the free blocks do not cover them.
    const int r = residue(-decode_step_);
    while (!make_room(by_residue_[r])) {
      preempt_latest();
      preempted = true;
    }
    blocks_used_ += by_residue_[r];
    if (decoding_ > 0) {
      step_decodes_ = true;
      load.decode_seqs = decoding_;
      // Σ (p + 1) over decoders, p = c0 + (k − k0): the context each one attends to.
      load.decode_context_tokens = sum_c0_minus_k0_ + static_cast<std::int64_t>(decoding_) * (decode_step_ + 1);
      load.sampling_seqs = decoding_;
    }
  }
  if (chunked) {
    std::int32_t budget = lim_.token_budget - decoding_ * (spec_ ? spec_->tokens + 1 : 1);
    for (std::size_t k = 0; k < prefill_.size() && budget > 0; ++k) budget -= plan_chunk(prefill_[k], budget, load);
    const bool may_admit = !preempted || admitted_ == 0;  // as vLLM: no admission in a step that pre-empted
    while (may_admit && budget > 0 && can_admit_front()) {
      const std::int32_t i = waiting_.front();
      waiting_.pop_front();
      admit(i, now);
      budget -= plan_chunk(i, budget, load);
    }
  } else if (!decode_now) {
    // Whole prompts while they fit the budget; the first one always runs, alone if it must.
    std::int64_t budget = lim_.token_budget;
    while (can_admit_front() &&
           (prefills_touched_ == 0 || pool_.seqs[waiting_.front()].prefill_tokens <= budget)) {
      const std::int32_t i = waiting_.front();
      waiting_.pop_front();
      admit(i, now);
      budget -= plan_chunk(i, pool_.seqs[i].prefill_tokens, load);
    }
  }
  const Nanoseconds d =
      step_.step_ns(load) + (spec_ ? perf::draft_step_ns(spec_->draft, load, spec_->tokens) : 0);
  assert(d >= 0);
  step_seqs_ = (step_decodes_ ? decoding_ : 0) + prefills_touched_;
  assert(step_seqs_ > 0 || preempted);
  ++steps;
  batch_sum += step_seqs_;
  busy_ns += d;
  // In use: sequences' own blocks and the cached ones they reference (not the idle cached ones).
  const std::int64_t in_use = blocks_used_ + (cache_ ? cache_->blocks() - cache_->idle() : 0);
  kv_block_ns += static_cast<double>(in_use) * static_cast<double>(d);
  // Speculative decoders' tokens are counted when the step's outcome is drawn (end_spec_decode).
  m_.r->tokens_sampled += load.sampling_seqs - (spec_ && step_decodes_ ? load.decode_seqs + load.spec_tokens : 0);
  m_.r->prefill_tokens_computed += load.prefill_tokens;
  busy_ = true;
  return d;
}

void Replica::release_prefix(Seq& s, bool completed) {
  if (!cache_) return;
  // Its context holds input + output − 1 tokens at the end (the last sampled token has no KV).
  if (completed)
    cache_->insert(s.prefix, s.shared_blocks, (s.input + s.output - 1) / kKvBlockTokens, kKvBlockTokens, false);
  cache_->release(s.prefix, s.shared_blocks, kKvBlockTokens);
  s.shared_blocks = 0;
}

void Replica::finish(std::int32_t i, Nanoseconds now) {
  Seq& s = pool_.seqs[i];
  SimResult& r = *m_.r;
  const double ttft = ns_to_seconds(s.first_token_ns - s.arrival_ns);
  const double e2e = ns_to_seconds(now - s.arrival_ns);
  r.e2e_s.add(e2e);
  bool tpot_ok = true;
  if (s.output > 1) {
    const double tpot = ns_to_seconds(now - s.first_token_ns) / (s.output - 1);
    r.tpot_s.add(tpot);
    tpot_ok = m_.slo_tpot_s <= 0 || tpot <= m_.slo_tpot_s;
  }
  if (tpot_ok && (m_.slo_ttft_s <= 0 || ttft <= m_.slo_ttft_s)) ++r.slo_met;
  ++r.requests_completed;
  r.output_tokens_completed += s.output;
  m_.last_completion_ns = std::max(m_.last_completion_ns, now);
  if (s.session >= 0) m_.turns_done.push_back(s.session);
  unlink(i);
  pool_.release(i);
}

int Replica::end_step(Nanoseconds now) {
  assert(busy_);
  busy_ = false;
  int completed = 0;
  if (step_decodes_ && spec_) {
    completed += end_spec_decode(now);
  } else if (step_decodes_) {
    const std::int64_t k = decode_step_;
    while (!heap_.empty() && heap_.front().finish_step == k) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<>{});
      const HeapEntry e = heap_.back();
      heap_.pop_back();
      Seq& s = pool_.seqs[e.seq];
      if (s.generation != e.generation || s.state != Seq::State::decoding) continue;  // pre-empted
      const std::int64_t key = s.prefill_tokens - s.decode_start;
      sum_c0_minus_k0_ -= key;
      --by_residue_[residue(key)];
      --decoding_;
      blocks_used_ -= blocks_for(s.prefill_tokens + (k - s.decode_start) + 1) + s.window_blocks - s.shared_blocks;
      s.generated = s.output;
      release_prefix(s, true);
      finish(e.seq, now);
      ++completed;
    }
    assert(heap_.empty() || heap_.front().finish_step > k);
    ++decode_step_;
  }
  // The touched prefills are a prefix of the queue; all but possibly the last completed.
  for (std::int32_t t = 0; t < prefills_touched_; ++t) {
    const std::int32_t i = prefill_.front();
    Seq& s = pool_.seqs[i];
    if (s.prefill_done < s.prefill_tokens) break;
    prefill_.pop_front();
    if (cache_) {
      // Its prompt's full blocks join the cache at once (later prompts share them while it runs).
      const std::int32_t reached =
          cache_->insert(s.prefix, s.shared_blocks, s.prefill_tokens / kKvBlockTokens, kKvBlockTokens, true);
      blocks_used_ -= reached - s.shared_blocks;
      s.shared_blocks = reached;
    }
    ++s.generated;  // the prefill's last position samples a token
    if (s.first_token_ns < 0) {
      s.first_token_ns = now;
      m_.r->ttft_s.add(ns_to_seconds(now - s.arrival_ns));
    }
    if (s.generated >= s.output) {
      blocks_used_ -= s.blocks - s.shared_blocks;
      release_prefix(s, true);
      finish(i, now);
      ++completed;
    } else {
      start_decoding(i);
    }
  }
  return completed;
}

}  // namespace hippo::sim
