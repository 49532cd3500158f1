// The calendar queue of a large fleet gives the one order (time, sequence) that a plain ordered
// set gives, whatever the spread of the lead times (events in the bucket being served, on the
// ring, beyond it; bucket widths re-tuned on the way), with the simulator's pattern of use: at
// most one event per replica, the simulator's own slots kept aside, the top replaced or popped
// after pushes made while it is handled.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <vector>

#include "sim/event_queue.hpp"
#include "sim/random.hpp"

namespace hippo::sim {
namespace {

// A lead time: mostly a step (milliseconds), sometimes far (seconds), sometimes none.
Nanoseconds draw_lead(Rng& rng, int phase) {
  const std::uint64_t kind = rng.below(20);
  if (kind == 0) return 0;
  if (kind == 1) return static_cast<Nanoseconds>(rng.below(20'000'000'000ULL));
  const Nanoseconds step = phase == 0 ? 15'000'000 : phase == 1 ? 40'000 : 900'000'000;  // the width re-tunes
  return static_cast<Nanoseconds>(rng.below(static_cast<std::uint64_t>(step))) + 1;
}

void check_order(int replicas, std::uint64_t seed, int events) {
  Rng rng(seed, Stream::arrivals);
  EventQueue q(replicas);
  std::set<Event> reference;
  std::uint64_t seq = 0;
  Nanoseconds now = 0;
  auto push = [&](Nanoseconds t, int slot) {
    q.push(t, slot);
    reference.insert({t, seq++, slot});
  };
  for (int k = 0; k < replicas; ++k) push(draw_lead(rng, 0), k);
  push(draw_lead(rng, 0), replicas);  // an arrival slot
  std::vector<bool> idle(static_cast<std::size_t>(replicas), false);
  for (int n = 0; n < events && !q.empty(); ++n) {
    const int phase = n < events / 3 ? 0 : n < 2 * events / 3 ? 1 : 2;
    const Event e = q.top();
    const Event want = *reference.begin();
    ASSERT_EQ(e.time, want.time) << "event " << n;
    ASSERT_EQ(e.seq, want.seq) << "event " << n;
    ASSERT_EQ(e.slot, want.slot) << "event " << n;
    ASSERT_GE(e.time, now);
    now = e.time;
    reference.erase(reference.begin());
    // While it is handled: wake an idle replica now or later, sometimes a turn slot.
    if (rng.below(4) == 0) {
      const int k = static_cast<int>(rng.below(static_cast<std::uint64_t>(replicas)));
      if (idle[k]) {
        idle[k] = false;
        push(now + (rng.below(3) == 0 ? 0 : draw_lead(rng, phase)), k);
      }
    }
    const bool again = rng.below(8) != 0;
    if (again) {
      const Nanoseconds t = now + draw_lead(rng, phase);
      q.replace_top(t);
      reference.insert({t, seq++, e.slot});
    } else {
      q.pop();
      if (e.slot < replicas) idle[e.slot] = true;
    }
  }
}

TEST(EventQueue, CalendarGivesTheOrderOfTimeThenSequence) {
  check_order(700, 1, 300'000);    // the calendar (from 512 replicas), re-tuned twice
  check_order(4096, 2, 200'000);
}

TEST(EventQueue, HeapGivesTheOrderOfTimeThenSequence) { check_order(20, 3, 50'000); }

}  // namespace
}  // namespace hippo::sim
