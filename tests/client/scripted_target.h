// A target for testing callers: answers each call with the next status of a script (the last one
// repeats), synchronously or after a fixed delay, and records when each call arrived.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/core/service.h"
#include "sim/simulator.h"

namespace fmsim::testing {

class ScriptedTarget final : public models::Service {
 public:
  ScriptedTarget(sim::Simulator& sim, std::vector<models::CallStatus> script, sim::Duration delay = sim::Duration::zero())
      : sim_(sim), script_(std::move(script)), delay_(delay) {}

  void call(const models::CallInput&, models::CallListener& listener, models::CallTag tag) override {
    calls.push_back({tag, sim_.now()});
    const models::CallStatus s = script_[std::min(next_, script_.size() - 1)];
    ++next_;
    if (delay_ == sim::Duration::zero()) {
      answer(listener, tag, s);
      return;
    }
    pending_.push_back({&listener, tag, s});
    sim_.schedule_in<&ScriptedTarget::on_due>(delay_, this, pending_.size() - 1);
  }
  struct Arrival {
    models::CallTag tag;
    sim::SimTime at;
  };
  std::vector<Arrival> calls;

 private:
  struct Pending {
    models::CallListener* listener;
    models::CallTag tag;
    models::CallStatus status;
  };
  void answer(models::CallListener& l, models::CallTag tag, models::CallStatus s) {
    models::CallResult r;
    r.status = s;
    if (s == models::CallStatus::ok) r.first_token_at = sim_.now();
    l.on_call_done(tag, r);
  }
  void on_due(std::uint64_t i) { answer(*pending_[i].listener, pending_[i].tag, pending_[i].status); }
  sim::Simulator& sim_;
  std::vector<models::CallStatus> script_;
  sim::Duration delay_;
  std::size_t next_ = 0;
  std::vector<Pending> pending_;
};

}  // namespace fmsim::testing
