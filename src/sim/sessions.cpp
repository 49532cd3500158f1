#include "sim/sessions.hpp"

#include <algorithm>
#include <cassert>

namespace hippo::sim {

namespace {
// A conversation whose history passes this ends (its inputs stay within 32 bits; no KV holds it).
constexpr std::int64_t kMaxTurnInputTokens = 100'000'000;
}  // namespace

SessionDriver::SessionDriver(const SimConfig& c)
    : cfg_(c.workload.sessions),
      arrivals_(make_request_source(c)),
      message_(c.workload.input, c.seed, Stream::input_lengths),
      output_(c.workload.output, c.seed, Stream::output_lengths),
      turns_(c.workload.sessions.turns, c.seed, Stream::session_turns),
      system_prompts_(c.seed, Stream::system_prompts),
      limit_(c.requests),
      think_ns_(seconds_to_ns(c.workload.sessions.think_s)) {}

Request SessionDriver::turn_request(std::int32_t slot, Nanoseconds at_ns) {
  Session& s = sessions_[static_cast<std::size_t>(slot)];
  Request q;
  q.arrival_ns = at_ns;
  q.input_tokens = static_cast<std::int32_t>(s.context + message_.draw());
  q.output_tokens = output_.draw();
  q.session_id = s.id;
  q.turn = ++s.turn;
  q.system_prompt_id = s.system_prompt;
  q.system_prompt_tokens = cfg_.system_prompt_tokens;
  q.session_slot = slot;
  s.context = static_cast<std::int64_t>(q.input_tokens) + q.output_tokens;
  return q;
}

bool SessionDriver::next_session(Request& first) {
  if (limit_ > 0 && planned_ >= limit_) return false;
  Request arrival;
  if (!arrivals_->next(arrival)) return false;
  std::int32_t slot = 0;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    slot = static_cast<std::int32_t>(sessions_.size());
    sessions_.emplace_back();
  }
  Session& s = sessions_[static_cast<std::size_t>(slot)];
  s = Session{};
  s.id = ++started_;
  s.system_prompt = cfg_.system_prompt_tokens > 0
                        ? 1 + static_cast<std::uint32_t>(system_prompts_.below(static_cast<std::uint64_t>(cfg_.system_prompts)))
                        : 0;
  s.turns = std::min(turns_.draw(), kMaxSessionTurns);
  if (limit_ > 0) s.turns = static_cast<std::int32_t>(std::min<std::int64_t>(s.turns, limit_ - planned_));
  planned_ += s.turns;
  s.context = cfg_.system_prompt_tokens;
  first = turn_request(slot, arrival.arrival_ns);
  return true;
}

void SessionDriver::turn_done(std::int32_t slot, Nanoseconds now, bool ended) {
  const Session& s = sessions_[static_cast<std::size_t>(slot)];
  // A conversation longer than a request's longest input ends there (its KV would not fit anyway).
  if (ended || s.turn >= s.turns || s.context > kMaxTurnInputTokens / 2) {
    free_.push_back(slot);
    return;
  }
  assert(due_.empty() || due_.back().at_ns <= now + think_ns_);
  due_.push_back({now + think_ns_, slot});
}

Request SessionDriver::pop_due() {
  const Due d = due_.front();
  due_.pop_front();
  return turn_request(d.slot, d.at_ns);
}

}  // namespace hippo::sim
