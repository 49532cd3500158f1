// The simulator's one event order, (time ns, sequence number). A small fleet's events sit in one
// binary min-heap (a few levels, in cache). A large fleet's are kept by a calendar queue: events
// fall into buckets of 2^shift ns on a ring that spans a few steps ahead; the bucket being
// served is sorted, the others are filled unsorted and sorted when their turn comes, and events
// beyond the ring wait in a heap. A push or pop costs O(1) plus the sort of a bucket of a few
// dozen events, whatever the fleet's size, where one binary heap over thousands of replicas' step
// ends cost O(log R) cache misses. The simulator's own few slots (the next arrival, the next
// turn) are kept aside in a short sorted list, so that the buckets hold only step ends. The
// bucket width follows the events' mean lead time (checked
// every 2^16 pops), which changes how fast the queue runs but never the order it gives: every
// event is unique by its sequence number.
#pragma once
#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <queue>
#include <vector>

#include "hippo/units.hpp"

namespace hippo::sim {

struct Event {
  Nanoseconds time;
  std::uint64_t seq;  // insertion order: breaks ties between events at the same time
  int slot;           // a replica's step end, or one of the simulator's own slots
  bool operator<(const Event& o) const { return time != o.time ? time < o.time : seq < o.seq; }
  bool operator>(const Event& o) const { return o < *this; }
};

class EventQueue {
 public:
  // Slots [0, replicas) are replicas' step ends (at most one event each); slots from `replicas`
  // on are the simulator's own, a few.
  explicit EventQueue(int replicas)
      : calendar_(replicas >= kCalendarFrom), expected_(std::max(replicas, 1)), first_own_slot_(replicas) {
    if (calendar_) resize(20);
  }

  void push(Nanoseconds t, int slot) {
    assert(t >= now_ && "events are never scheduled in the past");
    const Event e{t, next_seq_++, slot};
    if (!calendar_) {
      heap_push(e);
      return;
    }
    if (slot >= first_own_slot_) {
      own_.insert(std::upper_bound(own_.begin(), own_.end(), e, std::greater<Event>()), e);
      return;
    }
    lead_sum_ += static_cast<double>(t - now_);
    ++pushes_;
    insert(e);
  }
  bool empty() const { return calendar_ ? size_ == 0 && own_.empty() : heap_.empty(); }
  // The next event; the simulated time becomes its time.
  const Event& top() {
    if (!calendar_) {
      assert(heap_.front().time >= now_ && "simulated time never goes backwards");
      now_ = heap_.front().time;
      return heap_.front();
    }
    if (ready_.empty() && size_ > 0) advance();
    top_is_own_ = ready_.empty() || (!own_.empty() && own_.back() < ready_.back());
    const Event& e = top_is_own_ ? own_.back() : ready_.back();
    assert(e.time >= now_ && "simulated time never goes backwards");
    now_ = e.time;
    return e;
  }
  // Pops the event top() returned (with no push in between that comes before it: none can).
  void pop() {
    if (!calendar_) {
      heap_.front() = heap_.back();
      heap_.pop_back();
      if (!heap_.empty()) sift_down();
      return;
    }
    if (top_is_own_) {
      own_.pop_back();
      return;
    }
    ready_.pop_back();
    --size_;
    if (++pops_ % kRetuneEvery == 0) retune();
  }
  // Pops the top and pushes its slot's next event at t.
  void replace_top(Nanoseconds t) {
    if (!calendar_) {  // the top stays in place and sinks: one sift instead of two
      assert(t >= now_ && "events are never scheduled in the past");
      heap_.front().time = t;
      heap_.front().seq = next_seq_++;
      sift_down();
      return;
    }
    const int slot = top_is_own_ ? own_.back().slot : ready_.back().slot;
    pop();
    push(t, slot);
  }
  // The slot of the event `ahead` places after the top within the bucket being served, or -1: a
  // hint of what comes next (to fetch its memory early), not an exact order.
  int slot_ahead(std::size_t ahead) const {
    return !calendar_ ? -1 : ahead < ready_.size() ? ready_[ready_.size() - 1 - ahead].slot : -1;
  }

 private:
  static constexpr int kCalendarFrom = 512;  // replicas from which the calendar beats the heap
  static constexpr std::uint64_t kRetuneEvery = 1 << 16;

  // The heap of a small fleet. The event being handled stays at the top until it is popped or
  // replaced by its slot's next event: anything scheduled meanwhile comes later, since it has a
  // time ≥ now and a larger sequence number.
  void heap_push(const Event& e) {
    heap_.push_back(e);
    std::size_t i = heap_.size() - 1;
    while (i > 0 && e < heap_[(i - 1) / 2]) {
      heap_[i] = heap_[(i - 1) / 2];
      i = (i - 1) / 2;
    }
    heap_[i] = e;
  }
  void sift_down() {
    const Event e = heap_.front();
    const std::size_t n = heap_.size();
    std::size_t i = 0;
    for (;;) {
      std::size_t c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && heap_[c + 1] < heap_[c]) ++c;
      if (!(heap_[c] < e)) break;
      heap_[i] = heap_[c];
      i = c;
    }
    heap_[i] = e;
  }

  static constexpr double kPerBucket = 64;  // events per bucket the width aims at

  std::int64_t bucket_of(Nanoseconds t) const { return t >> shift_; }

  void insert(const Event& e) {
    ++size_;
    const std::int64_t b = bucket_of(e.time);
    if (b <= current_) {
      // The bucket being served, sorted with the earliest event last.
      ready_.insert(std::upper_bound(ready_.begin(), ready_.end(), e, std::greater<Event>()), e);
    } else if (b < current_ + static_cast<std::int64_t>(ring_.size())) {
      const std::size_t i = static_cast<std::size_t>(b) & mask_;
      ring_[i].push_back(e);
      used_[i >> 6] |= 1ULL << (i & 63);
    } else {
      later_.push(e);
    }
  }

  // Moves to the next bucket that holds events and sorts it into ready_.
  void advance() {
    assert(size_ > 0);
    const std::size_t n = ring_.size();
    std::int64_t next = -1;
    // The first used bucket after current_ on the ring (the bitmap, one word at a time).
    const std::size_t start = static_cast<std::size_t>(current_ + 1) & mask_;
    for (std::size_t scanned = 0; scanned < n;) {
      const std::size_t i = (start + scanned) & mask_;
      const std::uint64_t word = used_[i >> 6] >> (i & 63);
      if (word) {
        const std::size_t d = scanned + static_cast<std::size_t>(__builtin_ctzll(word));
        if (d < n) next = current_ + 1 + static_cast<std::int64_t>(d);
        break;
      }
      scanned += 64 - (i & 63);
    }
    if (next < 0 || (!later_.empty() && bucket_of(later_.top().time) < next)) next = bucket_of(later_.top().time);
    current_ = next;
    const std::size_t i = static_cast<std::size_t>(current_) & mask_;
    ready_.swap(ring_[i]);
    ring_[i].clear();
    used_[i >> 6] &= ~(1ULL << (i & 63));
    // Events of the heap that the ring now reaches.
    while (!later_.empty() && bucket_of(later_.top().time) < current_ + static_cast<std::int64_t>(n)) {
      const Event e = later_.top();
      later_.pop();
      --size_;
      if (bucket_of(e.time) == current_) {
        ++size_;
        ready_.push_back(e);
      } else {
        insert(e);
      }
    }
    std::sort(ready_.begin(), ready_.end(), std::greater<Event>());
  }

  // A width of 2^shift ns for kPerBucket events a bucket at the pending events' density, and a
  // ring spanning twice the mean lead time; rebuilt when the width is off by 4× or more.
  void retune() {
    const double lead = pushes_ ? lead_sum_ / static_cast<double>(pushes_) : 0;
    lead_sum_ = 0;
    pushes_ = 0;
    const double pending = static_cast<double>(std::max<std::int64_t>(size_, expected_ / 4));
    const double width = std::max(1.0, lead * kPerBucket / std::max(pending, 1.0));
    int shift = 0;
    while (shift < 40 && static_cast<double>(1LL << (shift + 1)) <= width) ++shift;
    if (std::abs(shift - shift_) >= 2) resize(shift);
  }

  void resize(int shift) {
    std::vector<Event> all;
    all.swap(ready_);
    for (auto& b : ring_) all.insert(all.end(), b.begin(), b.end());
    while (!later_.empty()) {
      all.push_back(later_.top());
      later_.pop();
    }
    shift_ = shift;
    std::size_t n = 64;
    while (n < 2 * static_cast<std::size_t>(expected_) / static_cast<std::size_t>(kPerBucket)) n *= 2;
    ring_.assign(n, {});
    mask_ = n - 1;
    used_.assign(n / 64, 0);
    current_ = bucket_of(now_);
    size_ = 0;
    for (const Event& e : all) insert(e);
  }

  bool calendar_;
  std::vector<Event> heap_;               // a small fleet's events
  std::vector<Event> ready_;              // the bucket being served (and any earlier), earliest last
  std::vector<std::vector<Event>> ring_;  // bucket b at ring_[b & mask_], for current_ < b < current_ + ring size
  std::vector<std::uint64_t> used_;       // a bit per ring bucket: holds events
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> later_;  // beyond the ring
  std::vector<Event> own_;                // the simulator's own slots' events, earliest last
  bool top_is_own_ = false;
  std::size_t mask_ = 0;
  int shift_ = 0;
  std::int64_t current_ = 0;
  std::int64_t size_ = 0;
  int expected_, first_own_slot_;
  std::uint64_t next_seq_ = 0, pops_ = 0, pushes_ = 0;
  double lead_sum_ = 0;
  Nanoseconds now_ = 0;
};

}  // namespace hippo::sim
