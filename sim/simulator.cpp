// The event loop.
#include "sim/simulator.h"

#include <stdexcept>
#include <string>

namespace fmsim::sim {

EventHandle Simulator::schedule_at(SimTime t, EventFn fn, void* target, std::uint64_t arg) {
  if (t < now_) {
    throw std::logic_error("event scheduled in the past: at " + to_string(t) + ", now " +
                           to_string(now_));
  }
  return queue_.push(t, fn, target, arg);
}

void Simulator::run_until(SimTime until) {
  stopped_ = false;
  PoppedEvent ev;
  while (!stopped_ && queue_.pop_before(until, ev)) {
    now_ = ev.time;
    ++events_;
    // FNV-style mix; cheap enough to keep on in every run.
    fingerprint_ = (fingerprint_ ^ static_cast<std::uint64_t>(ev.time.ns())) * 0x100000001b3ull;
    fingerprint_ = (fingerprint_ ^ ev.arg) * 0x100000001b3ull;
    ev.fn(ev.target, ev.arg);
  }
  if (!stopped_ && now_ < until) now_ = until;
}

}  // namespace fmsim::sim
