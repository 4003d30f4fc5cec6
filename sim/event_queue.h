// The future-event list: pending events ordered by (time, insertion sequence).
//
// Ordering contract: events pop in increasing time; events with equal time pop in the order they
// were pushed (FIFO), so a run is deterministic whatever the heap's internal layout.
//
// Layout: an implicit 4-ary min-heap of 24-byte keys {time, seq, slot, gen}; the event payload
// (function, target, argument) lives in a slot table indexed by `slot`, reused through a free
// list. After warm-up nothing is allocated per event: the heap and slot vectors only grow to the
// peak number of pending events.
//
// Cancellation is lazy: `cancel` bumps the slot's generation and the stale key is skipped when
// it reaches the top. So that timeouts which almost never fire cannot pile up (memory must stay
// bounded by the live events), the heap is compacted once stale keys outnumber live ones.
//
// Complexity (n = keys in the heap): push O(log4 n), pop O(log4 n) amortised (including skipped
// stale keys), cancel O(1) amortised, size/empty O(1). Memory O(peak live events).
#pragma once

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

  EventHandle push(SimTime t, EventFn fn, void* target, std::uint64_t arg);
  // Returns true when the event was pending and is now cancelled.
  bool cancel(EventHandle h);
  bool is_pending(EventHandle h) const;
  // Pops the earliest live event into `out`; returns false when no live event is left.
  bool pop(PoppedEvent& out);
  // Time of the earliest live event, or SimTime::max() when there is none.
  SimTime next_time();

  std::size_t size() const { return live_; }  // live (not cancelled) events
  bool empty() const { return live_ == 0; }
  std::uint64_t pushed() const { return next_seq_; }
  void reserve(std::size_t n);

 private:
  struct Key {
    std::int64_t time;
    std::uint64_t seq;
    std::uint32_t slot;
    std::uint32_t gen;
  };
  struct Slot {
    EventFn fn;
    void* target;
    std::uint64_t arg;
    std::uint32_t gen;        // bumped when the event runs or is cancelled
    std::uint32_t next_free;  // free-list link while unused
  };

  static bool before(const Key& a, const Key& b) {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }
  bool is_stale(const Key& k) const { return slots_[k.slot].gen != k.gen; }
  std::uint32_t take_slot();
  void release_slot(std::uint32_t s);
  void sift_up(std::size_t i);
  void sift_down(std::size_t i);
  void pop_top();
  void drop_stale_top();
  void compact();

  std::vector<Key> heap_;
  std::vector<Slot> slots_;
  std::uint32_t free_head_ = EventHandle::kNone;
  std::size_t live_ = 0;
  std::size_t stale_ = 0;
  std::uint64_t next_seq_ = 0;
};

}  // namespace fmsim::sim
