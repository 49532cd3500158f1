#include "sim/prefix_cache.hpp"

#include <cassert>

namespace hippo::sim {

void PrefixCache::lru_remove(std::int32_t e) {
  Entry& x = entries_[static_cast<std::size_t>(e)];
  (x.prev >= 0 ? entries_[static_cast<std::size_t>(x.prev)].next : lru_head_) = x.next;
  (x.next >= 0 ? entries_[static_cast<std::size_t>(x.next)].prev : lru_tail_) = x.prev;
  x.prev = x.next = -1;
  --idle_;
}

void PrefixCache::lru_push_recent(std::int32_t e) {
  Entry& x = entries_[static_cast<std::size_t>(e)];
  x.prev = lru_tail_;
  x.next = -1;
  (lru_tail_ >= 0 ? entries_[static_cast<std::size_t>(lru_tail_)].next : lru_head_) = e;
  lru_tail_ = e;
  ++idle_;
}

void PrefixCache::ref(std::int32_t e) {
  if (entries_[static_cast<std::size_t>(e)].refs++ == 0) lru_remove(e);
}

void PrefixCache::unref(std::int32_t e) {
  assert(entries_[static_cast<std::size_t>(e)].refs > 0);
  if (--entries_[static_cast<std::size_t>(e)].refs == 0) lru_push_recent(e);
}

std::int32_t PrefixCache::acquire(const PrefixIdentity& id, std::int32_t most, int block_tokens) {
  std::uint64_t k = kChainStart;
  std::int32_t n = 0;
  for (; n < most; ++n) {
    k = key(k, id, n, block_tokens);
    const std::int32_t e = k ? find(k) : -1;
    if (e < 0) break;
    ref(e);
  }
  return n;
}

void PrefixCache::release(const PrefixIdentity& id, std::int32_t held, int block_tokens) {
  scratch_.clear();
  std::uint64_t k = kChainStart;
  for (std::int32_t b = 0; b < held; ++b) {
    k = key(k, id, b, block_tokens);
    scratch_.push_back(find(k));
  }
  for (std::size_t b = scratch_.size(); b-- > 0;) {
    assert(scratch_[b] >= 0 && "a referenced block is never evicted");
    unref(scratch_[b]);
  }
}

std::int32_t PrefixCache::insert(const PrefixIdentity& id, std::int32_t from, std::int32_t full, int block_tokens,
                                 bool keep_refs) {
  std::uint64_t k = kChainStart;
  std::int32_t b = 0;
  for (; b < from; ++b) k = key(k, id, b, block_tokens);
  scratch_.clear();
  for (; b < full; ++b) {
    k = key(k, id, b, block_tokens);
    if (k == 0) break;
    std::int32_t e = find(k);
    if (e < 0) {
      if (!free_.empty()) {
        e = free_.back();
        free_.pop_back();
      } else {
        e = static_cast<std::int32_t>(entries_.size());
        entries_.emplace_back();
      }
      entries_[static_cast<std::size_t>(e)] = Entry{k, 0, -1, -1};
      map_.emplace(k, e);
      if (keep_refs) ++entries_[static_cast<std::size_t>(e)].refs;
      else scratch_.push_back(e);
    } else if (keep_refs) {
      ref(e);
    } else if (entries_[static_cast<std::size_t>(e)].refs == 0) {
      lru_remove(e);  // made recent again below
      scratch_.push_back(e);
    }
  }
  for (std::size_t t = scratch_.size(); t-- > 0;) lru_push_recent(scratch_[t]);
  return b;
}

bool PrefixCache::evict_one() {
  if (lru_head_ < 0) return false;
  const std::int32_t e = lru_head_;
  lru_remove(e);
  map_.erase(entries_[static_cast<std::size_t>(e)].key);
  free_.push_back(e);
  ++evictions;
  return true;
}

}  // namespace hippo::sim
