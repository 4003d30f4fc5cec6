// The future-event list: pending events ordered by (time, insertion sequence).
//
// Ordering contract: events pop in increasing time; events with equal time pop in the order they
// were pushed (FIFO), so a run is deterministic whatever the internal layout. Times are monotone,
// as in any discrete-event run: push(t) requires t >= the time of the last popped event
// (std::logic_error otherwise). The Simulator guarantees it (it refuses events in the past).
//
// Layout: a radix heap (Ahuja, Mehlhorn, Orlin & Tarjan 1990) with 16-way digits over the 64-bit
// time key. `base_` is the key of the last popped event. Bucket 0 holds the entries whose key
// equals base_; any other key goes to the bucket of (L, d), where L is the 4-bit digit position of
// the highest bit in which it differs from base_ and d its own digit there (16 levels x 16 digits).
// Buckets in (L, d) order hold increasing keys. A push appends to one bucket. A pop takes the
// front of bucket 0; when bucket 0 is empty, the first non-empty bucket's minimum (tracked on
// append) becomes the new base_ and that bucket's entries are redistributed: they share the new
// base's digits from L up, so each lands in a lower level. An entry thus moves at most 16 times
// in its life (3-5 times in the hold-model benchmark), always in sequential scans, against the
// log2(n) data-dependent, mispredicted comparisons of each binary-heap pop.
//
// FIFO without a sequence number: a bucket is a function of (key, base_) only, so entries with
// equal times always share a bucket, and every operation (append, redistribution, compaction)
// keeps the relative order of a bucket's entries; bucket 0 is read from the front.
//
// Storage: entries (40 bytes: key, function, target, argument, slot, generation) carry the payload,
// so the pop path reads no side table except the slot. Buckets are chains of 32-entry blocks from
// one pool with a LIFO free list (a block released by a redistribution is reused by it while
// still in cache). Storage is O(entries + one partial block per non-empty bucket) whatever the
// bucket sizes were in the past, and once the pool has reached its peak nothing is allocated.
//
// Cancellation is lazy: the slot table (8 bytes per pending event: generation, free-list link)
// gives each event a generation; `cancel` bumps it, and the stale entry is dropped when met (at
// the front of bucket 0, or while redistributing). So that timeouts which almost never fire cannot
// pile up, all buckets are compacted once stale entries outnumber live ones and number at least
// kCompactMin: memory stays O(live events + kCompactMin).
//
// Complexity (n = entries held, live + stale): push O(1); pop O(1) amortised plus at most 16 entry
// moves over each entry's life (log16 of the span between a pop and the event's time); cancel O(1)
// amortised (compaction O(n + 257) once per >= n/2 cancels); next_time O(size of the first
// non-empty bucket), cached until the queue changes; size/empty O(1).
//
// Handles: a slot's generation is 32 bits, so a handle could in principle match again after 2^32
// reuses of its slot; only a handle kept that long after its event ran could then cancel a
// stranger.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <vector>

#include "sim/time.h"

namespace fmsim::sim {

using EventFn = void (*)(void* target, std::uint64_t arg);

// Identifies one scheduled event. Stays safe to cancel after the event ran or was cancelled
// (the generation no longer matches, so cancel is a no-op).
struct EventHandle {
  static constexpr std::uint32_t kNone = 0xffffffffu;
  std::uint32_t slot = kNone;
  std::uint32_t gen = 0;
  constexpr bool empty() const { return slot == kNone; }
};

struct PoppedEvent {
  SimTime time;
  EventFn fn = nullptr;
  void* target = nullptr;
  std::uint64_t arg = 0;
};

class EventQueue {
 public:
  EventQueue() = default;

  // Throws std::logic_error if t is before the last popped event's time.
  EventHandle push(SimTime t, EventFn fn, void* target, std::uint64_t arg);
  // Returns true when the event was pending and is now cancelled.
  bool cancel(EventHandle h);
  bool is_pending(EventHandle h) const;
  // Pops the earliest live event into `out`; returns false when no live event is left.
  bool pop(PoppedEvent& out);
  // Pops the earliest live event if its time is < until; otherwise returns false, and no live
  // event nor the last popped time changes. The simulator's loop: one call, and unlike
  // next_time() it never scans a bucket (it uses the tracked bucket minimum).
  bool pop_before(SimTime until, PoppedEvent& out);
  // Time of the earliest live event, or SimTime::max() when there is none.
  SimTime next_time();
  // Time of the last popped event: the earliest time push() accepts (the most negative time
  // before the first pop).
  SimTime last_popped_time() const;

  std::size_t size() const { return live_; }  // live (not cancelled) events
  bool empty() const { return live_ == 0; }
  std::uint64_t pushed() const { return pushed_; }
  void reserve(std::size_t n);
  // Entries the internal storage can hold without reallocating. Stays O(peak live events) under
  // any mix of pushes and cancellations; exposed so tests can check that bound.
  std::size_t capacity() const;
  // Number of compactions so far (diagnostics and tests).
  std::uint64_t compactions() const { return compactions_; }

  // Stale entries needed before a compaction (which also needs stale > live).
  static constexpr std::size_t kCompactMin = 1024;

 private:
  static constexpr std::uint32_t kNil = 0xffffffffu;
  static constexpr std::uint32_t kBlockEntries = 32;
  // Radix 2^kDigitBits: a level per digit of the 64-bit key, a bucket per digit value.
  static constexpr int kDigitBits = 4;
  static constexpr int kDigits = 1 << kDigitBits;
  static constexpr int kLevels = 64 / kDigitBits;
  static constexpr int kBuckets = 1 + kLevels * kDigits;
  static constexpr int kMaskWords = (kBuckets - 1 + 63) / 64;

  struct Entry {
    std::uint64_t key;  // time with the sign bit flipped, so unsigned order = time order
    EventFn fn;
    void* target;
    std::uint64_t arg;
    std::uint32_t slot;
    std::uint32_t gen;  // the slot's generation when pushed; differs once cancelled
  };
  struct Block {
    Entry e[kBlockEntries];
    std::uint32_t next;  // next block of the same bucket, kNil for the tail
  };
  // A chain of blocks; every block but the tail is full, `count` is the tail's fill. An empty
  // bucket holds no block (tail == kNil) and has count == kBlockEntries, so the append path's
  // single "tail full?" test covers it. Bucket 0 keeps its one block when read empty.
  struct Bucket {
    std::uint32_t head = kNil;
    std::uint32_t tail = kNil;
    std::uint32_t count = kBlockEntries;
    std::uint64_t min = ~std::uint64_t{0};  // smallest key appended since the bucket was emptied
  };
  struct Slot {
    std::uint32_t gen;        // bumped when the event runs or is cancelled
    std::uint32_t next_free;  // free-list link while unused
  };

  static constexpr std::uint64_t kSignBit = std::uint64_t{1} << 63;
  static std::uint64_t key_of(SimTime t) { return static_cast<std::uint64_t>(t.ns()) ^ kSignBit; }
  static SimTime time_of(std::uint64_t key) { return SimTime::from_ns(static_cast<std::int64_t>(key ^ kSignBit)); }
  // 0 when key == base; else, with L the digit position of the highest bit where key and base
  // differ, 1 + L * kDigits + (key's digit L). Bucket order is key order.
  static int bucket_of(std::uint64_t key, std::uint64_t base) {
    const std::uint64_t x = key ^ base;
    if (x == 0) return 0;
    const int level = (63 - std::countl_zero(x)) / kDigitBits;
    const int digit = static_cast<int>((key >> (level * kDigitBits)) & (kDigits - 1));
    return 1 + level * kDigits + digit;
  }
  void mark(int b) { occupied_[(b - 1) >> 6] |= std::uint64_t{1} << ((b - 1) & 63); }
  void unmark(int b) { occupied_[(b - 1) >> 6] &= ~(std::uint64_t{1} << ((b - 1) & 63)); }
  // First non-empty bucket above 0, or 0 when there is none.
  int first_occupied() const {
    for (int w = 0; w < kMaskWords; ++w) {
      if (occupied_[w] != 0) return 1 + 64 * w + std::countr_zero(occupied_[w]);
    }
    return 0;
  }
  static std::uint32_t entries_in(const Bucket& bk, std::uint32_t block) {
    return block == bk.tail ? bk.count : kBlockEntries;
  }

  std::uint32_t take_slot() {
    if (free_slot_ == kNil) return grow_slots();
    const std::uint32_t s = free_slot_;
    free_slot_ = slots_[s].next_free;
    return s;
  }
  std::uint32_t grow_slots();
  void release_slot(std::uint32_t s) {
    slots_[s].next_free = free_slot_;
    free_slot_ = s;
  }
  void release_block(std::uint32_t b) {
    blocks_[b].next = free_block_;
    free_block_ = b;
  }
  // Appends e to bucket b and keeps the bucket's minimum, the bucket-0 size and the occupancy
  // mask up to date. An empty bucket always takes the new-block path (its count is the "full"
  // sentinel), so that path is the only one that needs to mark the bucket occupied.
  void append(int b, const Entry& e) {
    Bucket& bk = buckets_[b];
    if (bk.count == kBlockEntries) {
      if (free_block_ == kNil) [[unlikely]] {
        // Growing the pool may move the entry `e` points into: copy it first.
        const Entry copy = e;
        add_free_block();
        append(b, copy);
        return;
      }
      link_free_block(b);
    }
    bk.min = e.key < bk.min ? e.key : bk.min;
    blocks_[bk.tail].e[bk.count++] = e;
    if (b == 0) ++size0_;
  }
  // Moves the first free block to the end of bucket b's chain (free list must be non-empty).
  void link_free_block(int b) {
    const std::uint32_t nb = free_block_;
    free_block_ = blocks_[nb].next;
    blocks_[nb].next = kNil;
    Bucket& bk = buckets_[b];
    if (bk.tail == kNil) {
      bk.head = nb;
      if (b != 0) mark(b);
    } else {
      blocks_[bk.tail].next = nb;
    }
    bk.tail = nb;
    bk.count = 0;
  }
  void add_free_block();
  // Marks the front entry of bucket 0 read.
  void consume0();
  template <bool kBounded>
  bool pop_impl(std::uint64_t limit, PoppedEvent& out);
  // Refills bucket 0 from the first bucket holding a live entry, unless kBounded and that
  // bucket's minimum live key is >= limit; false when nothing was refilled.
  template <bool kBounded>
  bool refill(std::uint64_t limit);
  std::uint64_t min_live_key();
  void compact();

  std::vector<Block> blocks_;
  std::uint32_t free_block_ = kNil;
  std::array<Bucket, kBuckets> buckets_{};
  std::uint32_t head0_ = 0;     // read position in bucket 0's head block
  std::size_t size0_ = 0;       // entries in bucket 0 not yet read
  std::array<std::uint64_t, kMaskWords> occupied_{};  // bit b-1 set when bucket b >= 1 is non-empty
  std::uint64_t base_ = 0;      // key of the last popped event (0 = most negative time before any pop)
  std::vector<Slot> slots_;
  std::uint32_t free_slot_ = kNil;
  std::size_t live_ = 0;
  std::size_t stale_ = 0;
  std::uint64_t pushed_ = 0;
  std::uint64_t compactions_ = 0;
  std::uint64_t cached_next_ = 0;  // valid when has_cached_next_
  bool has_cached_next_ = false;
};

}  // namespace fmsim::sim
