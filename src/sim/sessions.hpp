// The sessions workload (docs/simulator.md, "Sessions"): conversations that arrive by the arrival
// process, each a closed loop of turns. Turn t's input is the system prompt, every earlier turn's
// input and output, and a new message; the next turn arrives a fixed think time after the last
// completes, so pending turns are due in the order their predecessors completed (a FIFO).
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "hippo/simulate.hpp"
#include "sim/random.hpp"
#include "sim/workload.hpp"

namespace hippo::sim {

class SessionDriver {
 public:
  explicit SessionDriver(const SimConfig& c);
  // The first turn of the next session, arriving by the arrival process; false when no session
  // starts any more (the arrivals ended, or `--requests` turns are planned).
  bool next_session(Request& first);
  // A turn of session `slot` completed (or was rejected: `ended`) at `now`: its next turn, if any,
  // becomes due think time later.
  void turn_done(std::int32_t slot, Nanoseconds now, bool ended);
  bool has_due() const { return !due_.empty(); }
  Nanoseconds next_due_ns() const { return due_.front().at_ns; }
  Request pop_due();

 private:
  struct Session {
    std::uint64_t id = 0;
    std::uint32_t system_prompt = 0;
    std::int32_t turn = 0, turns = 0;
    std::int64_t context = 0;  // tokens of the last turn's input and output: the next turn's history
    std::int32_t last_output = 0;
  };
  struct Due {
    Nanoseconds at_ns;
    std::int32_t slot;
  };
  Request turn_request(std::int32_t slot, Nanoseconds at_ns);

  SessionsConfig cfg_;
  std::unique_ptr<RequestSource> arrivals_;  // times only; the lengths are drawn here
  LengthSampler message_, output_, turns_;
  Rng system_prompts_;
  std::int64_t limit_;     // turns in all (--requests), 0: until the arrivals end
  std::int64_t planned_ = 0;
  std::uint64_t started_ = 0;
  Nanoseconds think_ns_;
  std::vector<Session> sessions_;
  std::vector<std::int32_t> free_;
  std::deque<Due> due_;
};

}  // namespace hippo::sim
