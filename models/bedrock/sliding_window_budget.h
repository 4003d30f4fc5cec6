// A token budget over a sliding window, exact: a call's tokens count from the instant it is
// admitted until one window length later, and a call is admitted only if the tokens counted at
// that instant plus its own fit the budget. Hence the tokens admitted in ANY half-open window
// [a, a + window) never exceed the budget (when the budget is constant over it): both ends of such
// a window lie less than one window apart, so the earlier admissions were still counted when the
// last one was checked. Provisioned Throughput's model units are sold as tokens per minute; this
// is that budget with no burst allowance beyond it (unlike a token bucket, which admits up to
// twice its rate in a window that starts full).
//
// Entries are kept in admission order in a ring, so expiry pops from the front, O(1) each, and
// nothing is allocated once the ring has reached its peak.
#pragma once

#include <cstdint>

#include "sim/ring_queue.h"
#include "sim/time.h"

namespace fmsim::models {

class SlidingWindowBudget {
 public:
  explicit SlidingWindowBudget(sim::Duration window) : window_(window) {}

  // Forgets the admissions that no longer count at t (those at s <= t - window).
  void expire(sim::SimTime t) {
    while (!entries_.empty() && entries_.front().at + window_ <= t) used_ -= entries_.pop_front().tokens;
  }
  // Tokens counted now (after expire(now)).
  std::int64_t used() const { return used_; }
  // Admission times must not decrease.
  void add(sim::SimTime t, std::int64_t tokens) {
    entries_.push_back(Entry{t, tokens});
    used_ += tokens;
  }
  bool empty() const { return entries_.empty(); }
  // When the oldest admission stops counting; SimTime::max() when none counts.
  sim::SimTime next_expiry() const { return entries_.empty() ? sim::SimTime::max() : entries_.front().at + window_; }
  sim::Duration window() const { return window_; }

 private:
  struct Entry {
    sim::SimTime at;
    std::int64_t tokens;
  };
  sim::Duration window_;
  sim::RingQueue<Entry> entries_;
  std::int64_t used_ = 0;
};

}  // namespace fmsim::models
