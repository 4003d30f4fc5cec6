// A token bucket refilled continuously, the shape of Bedrock's account quotas (requests per
// minute, tokens per minute): `capacity` tokens at most, `rate_per_s` added per second, starting
// full. The level is brought up to date lazily at each use, so the bucket schedules no events.
//
// The level may fall below zero: Bedrock reserves a call's tokens at its start and settles them
// at its end, and a settlement may charge more than was reserved (output counted 5x for some
// models). The debt is then repaid by the refill before another call passes, so over any span the
// tokens charged never exceed what the bucket held at its start plus the refill.
#pragma once

#include <algorithm>

#include "sim/time.h"

namespace fmsim::models {

class TokenBucket {
 public:
  TokenBucket(double capacity, double rate_per_s) : capacity_(capacity), rate_per_s_(rate_per_s), level_(capacity) {}

  double level(sim::SimTime t) {
    refill(t);
    return level_;
  }
  // The level at t without bringing the bucket up to date (a look that changes nothing).
  double level_at(sim::SimTime t) const {
    return t <= last_ ? level_ : std::min(capacity_, level_ + (t - last_).seconds_f() * rate_per_s_);
  }
  // Takes n tokens if the bucket holds at least n at t.
  bool try_take(sim::SimTime t, double n) {
    refill(t);
    if (level_ < n) return false;
    level_ -= n;
    return true;
  }
  // Settles: returns n tokens (n < 0 charges -n more, possibly into debt). Never above capacity.
  void give_back(sim::SimTime t, double n) {
    refill(t);
    level_ = std::min(capacity_, level_ + n);
  }
  double capacity() const { return capacity_; }
  double rate_per_s() const { return rate_per_s_; }

 private:
  void refill(sim::SimTime t) {
    if (t <= last_) return;
    level_ = std::min(capacity_, level_ + (t - last_).seconds_f() * rate_per_s_);
    last_ = t;
  }
  double capacity_;
  double rate_per_s_;
  double level_;
  sim::SimTime last_ = sim::SimTime::zero();
};

}  // namespace fmsim::models
