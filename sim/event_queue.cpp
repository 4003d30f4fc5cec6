// 4-ary heap with hole-based sifting (moves, not swaps) and lazy cancellation.
#include "sim/event_queue.h"

#include <algorithm>
#include <stdexcept>

namespace fmsim::sim {

namespace {
constexpr std::size_t kArity = 4;
}

void EventQueue::reserve(std::size_t n) {
  heap_.reserve(n);
  slots_.reserve(n);
}

std::uint32_t EventQueue::take_slot() {
  if (free_head_ != EventHandle::kNone) {
    const std::uint32_t s = free_head_;
    free_head_ = slots_[s].next_free;
    return s;
  }
  if (slots_.size() >= EventHandle::kNone) throw std::length_error("EventQueue: too many pending events");
  slots_.push_back(Slot{nullptr, nullptr, 0, 0, EventHandle::kNone});
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

void EventQueue::release_slot(std::uint32_t s) {
  slots_[s].next_free = free_head_;
  free_head_ = s;
}

EventHandle EventQueue::push(SimTime t, EventFn fn, void* target, std::uint64_t arg) {
  const std::uint32_t s = take_slot();
  Slot& slot = slots_[s];
  slot.fn = fn;
  slot.target = target;
  slot.arg = arg;
  heap_.push_back(Key{t.ns(), next_seq_++, s, slot.gen});
  sift_up(heap_.size() - 1);
  ++live_;
  return EventHandle{s, slot.gen};
}

bool EventQueue::is_pending(EventHandle h) const {
  // A slot's generation moves on when its event runs or is cancelled, so a match means pending.
  return !h.empty() && h.slot < slots_.size() && slots_[h.slot].gen == h.gen &&
         slots_[h.slot].fn != nullptr;
}

bool EventQueue::cancel(EventHandle h) {
  if (!is_pending(h)) return false;
  Slot& slot = slots_[h.slot];
  ++slot.gen;
  slot.fn = nullptr;
  --live_;
  ++stale_;
  // The slot stays owned by its stale key until that key leaves the heap.
  if (stale_ > live_ && stale_ >= 1024) compact();
  return true;
}

void EventQueue::sift_up(std::size_t i) {
  const Key k = heap_[i];
  while (i > 0) {
    const std::size_t parent = (i - 1) / kArity;
    if (!before(k, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = k;
}

void EventQueue::sift_down(std::size_t i) {
  const std::size_t n = heap_.size();
  const Key k = heap_[i];
  for (;;) {
    const std::size_t first = i * kArity + 1;
    if (first >= n) break;
    std::size_t best = first;
    const std::size_t last = std::min(first + kArity, n);
    for (std::size_t c = first + 1; c < last; ++c) {
      if (before(heap_[c], heap_[best])) best = c;
    }
    if (!before(heap_[best], k)) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = k;
}

void EventQueue::pop_top() {
  heap_.front() = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) sift_down(0);
}

void EventQueue::drop_stale_top() {
  while (!heap_.empty() && is_stale(heap_.front())) {
    release_slot(heap_.front().slot);
    --stale_;
    pop_top();
  }
}

bool EventQueue::pop(PoppedEvent& out) {
  drop_stale_top();
  if (heap_.empty()) return false;
  const Key top = heap_.front();
  Slot& slot = slots_[top.slot];
  out.time = SimTime::from_ns(top.time);
  out.fn = slot.fn;
  out.target = slot.target;
  out.arg = slot.arg;
  ++slot.gen;
  slot.fn = nullptr;
  release_slot(top.slot);
  --live_;
  pop_top();
  return true;
}

SimTime EventQueue::next_time() {
  drop_stale_top();
  return heap_.empty() ? SimTime::max() : SimTime::from_ns(heap_.front().time);
}

void EventQueue::compact() {
  std::size_t w = 0;
  for (std::size_t r = 0; r < heap_.size(); ++r) {
    if (is_stale(heap_[r])) {
      release_slot(heap_[r].slot);
    } else {
      heap_[w++] = heap_[r];
    }
  }
  heap_.resize(w);
  stale_ = 0;
  // Floyd's bottom-up heap construction: O(n).
  if (heap_.size() > 1) {
    for (std::size_t i = (heap_.size() - 2) / kArity + 1; i-- > 0;) sift_down(i);
  }
}

}  // namespace fmsim::sim
