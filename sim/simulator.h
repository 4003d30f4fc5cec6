// One simulation run's clock and event loop. An instance, never a global: runs go side by side
// in threads, each with its own Simulator.
//
// Events are plain (function pointer, target, 64-bit argument) triples; member functions of the
// form `void T::f(std::uint64_t)` are scheduled through a compile-time trampoline, so scheduling
// allocates nothing:
//
//     sim.schedule_in<&Station::on_departure>(service_time, this, request_id);
//
// run_until(t) runs every event with time < t (half-open), then sets now() = t, so consecutive
// calls cover the horizon without gaps or double counting.
#pragma once

#include <cstdint>

#include "sim/event_queue.h"
#include "sim/time.h"

namespace fmsim::sim {

template <auto Method>
struct MemberEvent;

template <class T, void (T::*Method)(std::uint64_t)>
struct MemberEvent<Method> {
  static void fire(void* target, std::uint64_t arg) { (static_cast<T*>(target)->*Method)(arg); }
};

class Simulator {
 public:
  Simulator() = default;
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  SimTime now() const { return now_; }

  // Throws std::logic_error for a time in the past: a model bug, never a silent clamp.
  EventHandle schedule_at(SimTime t, EventFn fn, void* target, std::uint64_t arg = 0);
  EventHandle schedule_in(Duration d, EventFn fn, void* target, std::uint64_t arg = 0) {
    return schedule_at(now_ + d, fn, target, arg);
  }
  template <auto Method, class T>
  EventHandle schedule_at(SimTime t, T* target, std::uint64_t arg = 0) {
    return schedule_at(t, &MemberEvent<Method>::fire, target, arg);
  }
  template <auto Method, class T>
  EventHandle schedule_in(Duration d, T* target, std::uint64_t arg = 0) {
    return schedule_at(now_ + d, &MemberEvent<Method>::fire, target, arg);
  }

  bool cancel(EventHandle h) { return queue_.cancel(h); }
  bool is_pending(EventHandle h) const { return queue_.is_pending(h); }

  // Runs events with time < until, then advances now() to `until` (unless stop() was called).
  void run_until(SimTime until);
  // Makes the current run_until return after the event being processed.
  void stop() { stopped_ = true; }
  bool stopped() const { return stopped_; }

  std::uint64_t events_processed() const { return events_; }
  std::size_t pending() const { return queue_.size(); }
  // Order-sensitive hash of (time, argument) of every event run: two runs with the same
  // fingerprint executed the same event sequence.
  std::uint64_t fingerprint() const { return fingerprint_; }
  EventQueue& queue() { return queue_; }
  const EventQueue& queue() const { return queue_; }

 private:
  EventQueue queue_;
  SimTime now_ = SimTime::zero();
  std::uint64_t events_ = 0;
  std::uint64_t fingerprint_ = 0xcbf29ce484222325ull;
  bool stopped_ = false;
};

}  // namespace fmsim::sim
