// The speculative-decoding part of a replica's step (docs/simulator.md, "Speculative decoding"):
// every decoder verifies its own token and k drafts, then advances by the accepted drafts + 1.
// Advances are random, so the decoders are walked each step: O(batch) per step, where the
// one-token path is O(1).
#include <algorithm>
#include <cassert>

#include "sim/replica.hpp"

namespace hippo::sim {

Speculation::Speculation(const SpecConfig& c, const perf::StepTimeModel& draft_step, std::uint64_t seed)
    : tokens(c.tokens), draft(draft_step), rng(seed, Stream::speculation) {
  assert(tokens >= 1 && tokens <= kMaxSpecTokens);
  at_least[0] = 1;
  for (int i = 1; i <= tokens; ++i)
    at_least[i] = at_least[i - 1] * c.acceptance[c.acceptance.size() == 1 ? 0 : static_cast<std::size_t>(i - 1)];
}

void Replica::remove_spec_decoder(std::int32_t i) {
  Seq& s = pool_.seqs[i];
  const std::int32_t last = spec_decoders_.back();
  spec_decoders_[static_cast<std::size_t>(s.spec_slot)] = last;
  pool_.seqs[last].spec_slot = s.spec_slot;
  spec_decoders_.pop_back();
  s.spec_slot = -1;
}

bool Replica::plan_spec_decode(perf::StepLoad& load) {
  const int k = spec_->tokens;
  // A decoder writes positions context … context + k: it needs the blocks of context + k + 1
  // tokens. Pre-empt the most recently admitted sequences while the free blocks do not cover them.
  bool preempted = false;
  std::int64_t need = 0;
  for (;;) {
    need = 0;
    for (const std::int32_t i : spec_decoders_) {
      const Seq& s = pool_.seqs[i];
      need += blocks_for(static_cast<std::int64_t>(s.context) + k + 1) + s.window_blocks - s.blocks;  // window: held since admission
    }
    if (make_room(need)) break;
    preempt_latest();
    preempted = true;
  }
  blocks_used_ += need;
  std::int64_t context = 0;
  for (const std::int32_t i : spec_decoders_) {
    Seq& s = pool_.seqs[i];
    s.blocks = blocks_for(static_cast<std::int64_t>(s.context) + k + 1) + s.window_blocks;
    context += static_cast<std::int64_t>(s.context) + k + 1;  // each of its k + 1 queries reads them once
  }
  if (decoding_ > 0) {
    step_decodes_ = true;
    load.decode_seqs = decoding_;
    load.spec_tokens = decoding_ * k;
    load.decode_context_tokens = context;
    load.sampling_seqs = decoding_ * (k + 1);  // logits at every verified position
  }
  return preempted;
}

int Replica::end_spec_decode(Nanoseconds now) {
  int completed = 0;
  SimResult& r = *m_.r;
  for (std::size_t t = 0; t < spec_decoders_.size();) {
    const std::int32_t i = spec_decoders_[t];
    Seq& s = pool_.seqs[i];
    const int accepted = spec_->draw_accepted();
    ++r.spec_verifications;
    r.spec_accepted += accepted;
    // The accepted drafts and the target's own next token, up to the output's end.
    const std::int32_t advance = std::min(accepted + 1, s.output - s.generated);
    s.generated += advance;
    s.context += advance;
    r.tokens_sampled += advance;
    if (s.generated < s.output) {
      ++t;
      continue;
    }
    blocks_used_ -= s.blocks - s.shared_blocks;
    release_prefix(s, true);
    remove_spec_decoder(i);  // the last decoder moves into slot t
    --decoding_;
    finish(i, now);
    ++completed;
  }
  return completed;
}

}  // namespace hippo::sim
