// A replica's KV prefix cache (docs/simulator.md, "Prefix caching"): full 16-token blocks keyed by
// a hash chain — block i's key mixes block i − 1's key with the block's identity, (system prompt
// id, i) inside a shared system prompt and (session id, i) after it — each with a reference count.
// Blocks no sequence references stay cached and are evicted least recently used first when the
// KV cache needs room. A lookup walks a prompt's blocks until the first miss: O(blocks).
#pragma once
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "sim/random.hpp"

namespace hippo::sim {

// What a prompt's blocks are: its shared system prompt (id 0: none) and its conversation
// (session 0: none, and then nothing after the system prompt is shared).
struct PrefixIdentity {
  std::uint64_t session = 0;
  std::uint32_t system_prompt = 0;
  std::int32_t system_prompt_tokens = 0;
};

class PrefixCache {
 public:
  // The key of block i given the key of block i − 1 (kChainStart for block 0); 0 when the block
  // is shared by nothing (a request's own content), which ends the chain.
  static constexpr std::uint64_t kChainStart = 0x243F6A8885A308D3ULL;
  static std::uint64_t key(std::uint64_t prev, const PrefixIdentity& id, std::int64_t block, int block_tokens) {
    const bool system = id.system_prompt != 0 && (block + 1) * block_tokens <= id.system_prompt_tokens;
    if (!system && id.session == 0) return 0;
    const std::uint64_t what = system ? mix64((static_cast<std::uint64_t>(id.system_prompt) << 1) | 1)
                                      : mix64(id.session << 1);
    const std::uint64_t k = mix64(prev ^ mix64(what + static_cast<std::uint64_t>(block) * kGolden));
    return k == 0 ? 1 : k;
  }

  // Takes a reference on each cached block of the chain from block 0, up to `most` blocks, and
  // returns how many (they run from block 0 without a gap).
  std::int32_t acquire(const PrefixIdentity& id, std::int32_t most, int block_tokens);
  // Releases the references of blocks [0, held), last block first, so that eviction takes a
  // chain's tail before its head.
  void release(const PrefixIdentity& id, std::int32_t held, int block_tokens);
  // Caches a sequence's own computed blocks [from, full) (already cached ones are shared, their
  // private copy freed), with a reference each if `keep_refs`, else unreferenced and most recent
  // last-first; stops at a block that nothing shares. Returns the end of what is now cached.
  std::int32_t insert(const PrefixIdentity& id, std::int32_t from, std::int32_t full, int block_tokens, bool keep_refs);
  // Evicts the least recently used unreferenced block; false if there is none.
  bool evict_one();

  std::int64_t blocks() const { return static_cast<std::int64_t>(map_.size()); }  // cached, referenced or not
  std::int64_t idle() const { return idle_; }                                     // cached, unreferenced
  std::int64_t evictions = 0;

 private:
  struct Entry {
    std::uint64_t key = 0;
    std::int32_t refs = 0;
    std::int32_t prev = -1, next = -1;  // LRU list of unreferenced entries (head: least recent)
  };
  std::int32_t find(std::uint64_t key) const {
    const auto it = map_.find(key);
    return it == map_.end() ? -1 : it->second;
  }
  void lru_remove(std::int32_t e);
  void lru_push_recent(std::int32_t e);
  void ref(std::int32_t e);
  void unref(std::int32_t e);

  std::unordered_map<std::uint64_t, std::int32_t> map_;
  std::vector<Entry> entries_;
  std::vector<std::int32_t> free_;
  std::int32_t lru_head_ = -1, lru_tail_ = -1;
  std::int64_t idle_ = 0;
  std::vector<std::int32_t> scratch_;
};

}  // namespace hippo::sim
