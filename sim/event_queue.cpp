// Radix heap of block-chained buckets with lazy cancellation (see event_queue.h for the layout,
// the ordering argument and the complexity).
#include "sim/event_queue.h"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

namespace fmsim::sim {

void EventQueue::reserve(std::size_t n) {
  slots_.reserve(n);
  // Full blocks for n entries plus a partly filled block per bucket.
  blocks_.reserve(n / kBlockEntries + kBuckets);
}

std::size_t EventQueue::capacity() const {
  return std::max(blocks_.capacity() * kBlockEntries, slots_.capacity());
}

SimTime EventQueue::last_popped_time() const { return time_of(base_); }

std::uint32_t EventQueue::grow_slots() {
  if (slots_.size() >= kNil) throw std::length_error("EventQueue: too many pending events");
  slots_.push_back(Slot{0, kNil});
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void EventQueue::add_free_block() {
  if (blocks_.size() >= kNil) throw std::length_error("EventQueue: too many blocks");
  blocks_.emplace_back();
  release_block(static_cast<std::uint32_t>(blocks_.size() - 1));
}

EventHandle EventQueue::push(SimTime t, EventFn fn, void* target, std::uint64_t arg) {
  const std::uint64_t key = key_of(t);
  if (key < base_) {
    throw std::logic_error("EventQueue: push at " + to_string(t) + ", before the last popped event at " +
                           to_string(time_of(base_)));
  }
  const std::uint32_t s = take_slot();
  const std::uint32_t gen = slots_[s].gen;
  append(bucket_of(key, base_), Entry{key, fn, target, arg, s, gen});
  ++live_;
  ++pushed_;
  if (has_cached_next_ && key < cached_next_) cached_next_ = key;
  return EventHandle{s, gen};
}

bool EventQueue::is_pending(EventHandle h) const {
  // A slot's generation moves on when its event runs or is cancelled, and a free slot's
  // generation has not been handed out yet, so a match means pending.
  return !h.empty() && h.slot < slots_.size() && slots_[h.slot].gen == h.gen;
}

bool EventQueue::cancel(EventHandle h) {
  if (!is_pending(h)) return false;
  // The slot stays owned by its stale entry until that entry leaves the queue.
  ++slots_[h.slot].gen;
  --live_;
  ++stale_;
  has_cached_next_ = false;
  if (stale_ > live_ && stale_ >= kCompactMin) compact();
  return true;
}

void EventQueue::consume0() {
  ++head0_;
  if (--size0_ == 0) {
    // All read, so the read position is in the tail block: keep that block for the next refill.
    head0_ = 0;
    buckets_[0].count = 0;
    buckets_[0].min = ~std::uint64_t{0};
  }
}

template <bool kBounded>
bool EventQueue::pop_impl(std::uint64_t limit, PoppedEvent& out) {
  for (;;) {
    while (size0_ != 0) {
      Bucket& b0 = buckets_[0];
      if (head0_ == kBlockEntries) {
        // Head block read through; entries remain, so there is a next block.
        const std::uint32_t next = blocks_[b0.head].next;
        release_block(b0.head);
        b0.head = next;
        head0_ = 0;
      }
      const Entry& e = blocks_[b0.head].e[head0_];
      Slot& slot = slots_[e.slot];  // touched anyway to retire the handle
      if (slot.gen != e.gen) {
        release_slot(e.slot);  // cancelled: its generation already moved on
        --stale_;
        consume0();
        continue;
      }
      // Everything in bucket 0 has the key base_, the minimum.
      if (kBounded && e.key >= limit) return false;
      out.time = time_of(e.key);
      out.fn = e.fn;
      out.target = e.target;
      out.arg = e.arg;
      ++slot.gen;
      release_slot(e.slot);
      --live_;
      has_cached_next_ = false;
      consume0();
      return true;
    }
    if (!refill<kBounded>(limit)) return false;
  }
}

template <bool kBounded>
bool EventQueue::refill(std::uint64_t limit) {
  for (int b = first_occupied(); b != 0; b = first_occupied()) {
    const Bucket src = buckets_[b];
    // Minimum live key: tracked on append while nothing is cancelled; otherwise a scan that
    // skips stale entries (it reads the slot table).
    std::uint64_t m = src.min;
    bool found = true;
    if (stale_ != 0) {
      m = ~std::uint64_t{0};
      found = false;
      for (std::uint32_t blk = src.head; blk != kNil; blk = blocks_[blk].next) {
        const std::uint32_t n = entries_in(src, blk);
        for (std::uint32_t j = 0; j < n; ++j) {
          const Entry& e = blocks_[blk].e[j];
          if (e.key <= m && slots_[e.slot].gen == e.gen) {
            m = e.key;
            found = true;
          }
        }
      }
    }
    if (kBounded && found && m >= limit) return false;
    // Detach the bucket, then move its live entries below the new base: they share its digits
    // from level L up, so they land in lower levels and never in the chain being read. Each
    // source block is released once read, so the appends reuse it while it is still in cache.
    buckets_[b] = Bucket{};
    unmark(b);
    if (found) base_ = m;
    const std::uint64_t base = base_;
    const bool check_stale = stale_ != 0;
    for (std::uint32_t blk = src.head; blk != kNil;) {
      const std::uint32_t n = entries_in(src, blk);
      for (std::uint32_t j = 0; j < n; ++j) {
        const Entry& e = blocks_[blk].e[j];
        if (check_stale && slots_[e.slot].gen != e.gen) {
          release_slot(e.slot);
          --stale_;
          continue;
        }
        append(bucket_of(e.key, base), e);
      }
      const std::uint32_t next = blocks_[blk].next;
      release_block(blk);
      blk = next;
    }
    if (found) return true;  // else: the bucket held only cancelled entries; try the next one
  }
  return false;
}

bool EventQueue::pop(PoppedEvent& out) { return pop_impl<false>(0, out); }

bool EventQueue::pop_before(SimTime until, PoppedEvent& out) { return pop_impl<true>(key_of(until), out); }

std::uint64_t EventQueue::min_live_key() {
  // Bucket order is key order: the first bucket holding a live entry holds the minimum.
  for (int b = 0; b < kBuckets; ++b) {
    const Bucket& bk = buckets_[b];
    std::uint32_t start = b == 0 ? head0_ : 0;
    std::uint64_t m = ~std::uint64_t{0};
    bool found = false;
    for (std::uint32_t blk = bk.head; blk != kNil; blk = blocks_[blk].next) {
      const std::uint32_t n = entries_in(bk, blk);
      for (std::uint32_t j = start; j < n; ++j) {
        const Entry& e = blocks_[blk].e[j];
        if (e.key <= m && slots_[e.slot].gen == e.gen) {
          m = e.key;
          found = true;
        }
      }
      start = 0;
    }
    if (found) return m;
  }
  throw std::logic_error("EventQueue: live count says non-empty but no live entry found");
}

SimTime EventQueue::next_time() {
  if (live_ == 0) return SimTime::max();
  if (!has_cached_next_) {
    cached_next_ = min_live_key();
    has_cached_next_ = true;
  }
  return time_of(cached_next_);
}

void EventQueue::compact() {
  ++compactions_;
  for (int b = 0; b < kBuckets; ++b) {
    const Bucket src = buckets_[b];
    if (src.head == kNil) continue;
    std::uint32_t start = b == 0 ? head0_ : 0;
    // Rebuild the chain in order without its stale entries. The old chain is detached first
    // and each of its blocks released once read, so at most one extra block is in use.
    buckets_[b] = Bucket{};
    if (b == 0) {
      head0_ = 0;
      size0_ = 0;
    } else {
      unmark(b);  // append() marks it again if anything is kept
    }
    for (std::uint32_t blk = src.head; blk != kNil;) {
      const std::uint32_t n = entries_in(src, blk);
      for (std::uint32_t j = start; j < n; ++j) {
        const Entry e = blocks_[blk].e[j];
        if (slots_[e.slot].gen != e.gen) {
          release_slot(e.slot);
        } else {
          append(b, e);
        }
      }
      start = 0;
      const std::uint32_t next = blocks_[blk].next;
      release_block(blk);
      blk = next;
    }
  }
  stale_ = 0;
}

}  // namespace fmsim::sim
