// A downstream for the entry-tier tests: answers every call after a latency the test chooses
// (fixed, or a function of the call number), with a status the test chooses, and records when
// each call started and ended — so a test can see that a call its caller abandoned still ran to
// the end.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "models/core/service.h"
#include "sim/simulator.h"
#include "sim/slot_pool.h"

namespace fmsim::testing {

class ScriptedService final : public models::Service {
 public:
  ScriptedService(sim::Simulator& sim, sim::Duration latency) : sim_(sim), latency_(latency) {}

  // Per call number n (0, 1, ...): how long it takes and how it ends.
  std::function<sim::Duration(std::uint64_t n)> latency_of;
  std::function<models::CallStatus(std::uint64_t n)> status_of;
  // When set, ok answers carry first_token_at = start + this.
  std::optional<sim::Duration> first_token_after;
  // Answer at once, inside call(), with this status (a downstream throttle).
  bool immediate = false;

  void call(const models::CallInput&, models::CallListener& listener, models::CallTag tag) override {
    const std::uint64_t n = calls++;
    starts.push_back(sim_.now());
    const models::CallStatus status = status_of ? status_of(n) : models::CallStatus::ok;
    if (immediate) {
      ends.push_back(sim_.now());
      models::CallResult r;
      r.status = status;
      listener.on_call_done(tag, r);
      return;
    }
    const std::uint32_t id = pending_.acquire();
    pending_[id] = Pending{&listener, tag, status, sim_.now()};
    sim_.schedule_in<&ScriptedService::on_done>(latency_of ? latency_of(n) : latency_, this, id);
  }

  std::uint64_t calls = 0;
  std::vector<sim::SimTime> starts;
  std::vector<sim::SimTime> ends;

 private:
  struct Pending {
    models::CallListener* listener = nullptr;
    models::CallTag tag = 0;
    models::CallStatus status = models::CallStatus::ok;
    sim::SimTime start;
  };
  void on_done(std::uint64_t raw) {
    const auto id = static_cast<std::uint32_t>(raw);
    const Pending p = pending_[id];
    pending_.release(id);
    ends.push_back(sim_.now());
    models::CallResult r;
    r.status = p.status;
    if (p.status == models::CallStatus::ok && first_token_after) r.first_token_at = p.start + *first_token_after;
    p.listener->on_call_done(p.tag, r);
  }

  sim::Simulator& sim_;
  sim::Duration latency_;
  sim::SlotPool<Pending> pending_;
};

// Calls `target` at the given times (or at Poisson times), each with tag = its index.
class CallDriver {
 public:
  CallDriver(sim::Simulator& sim, models::Service& target, models::CallListener& listener)
      : sim_(sim), target_(target), listener_(listener) {}

  void at(sim::SimTime t) { sim_.schedule_at<&CallDriver::on_call>(t, this); }
  void every(sim::Duration gap, std::uint64_t n, sim::SimTime first = sim::SimTime::zero()) {
    for (std::uint64_t i = 0; i < n; ++i) at(first + gap * static_cast<std::int64_t>(i));
  }

  models::CallInput input;
  std::uint64_t sent = 0;

 private:
  void on_call(std::uint64_t) {
    input.arrival = sim_.now();
    target_.call(input, listener_, sent++);
  }
  sim::Simulator& sim_;
  models::Service& target_;
  models::CallListener& listener_;
};

}  // namespace fmsim::testing
