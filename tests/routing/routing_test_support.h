// Fakes for the router's tests: a target that answers each call with a chosen status after a
// chosen delay (0: inside call(), as a throttle does), says whether it has free capacity, charges
// a fixed price per answered call, and records what it was sent.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "models/core/service.h"
#include "models/metrics/cost_ledger.h"
#include "models/metrics/service_metrics.h"
#include "models/workload/workload_spec.h"
#include "sim/simulator.h"

namespace fmsim::testing {

class FakeTarget final : public models::Service {
 public:
  explicit FakeTarget(sim::Simulator& sim) : sim_(sim) {}
  // Charges `usd_per_call` to the ledger line `line_name` when each call is answered.
  FakeTarget(sim::Simulator& sim, models::CostLedger& cost, const std::string& line_name, double usd_per_call)
      : sim_(sim), cost_(&cost), line_(cost.add_line(line_name)), usd_per_call_(usd_per_call) {}

  void call(const models::CallInput& in, models::CallListener& l, models::CallTag tag) override {
    received.push_back(in);
    received_at.push_back(sim_.now());
    models::CallStatus s = status;
    if (!script.empty()) {
      s = script.front();
      script.pop_front();
    }
    pending_.push_back({&l, tag, s});
    if (delay == sim::Duration::zero())
      answer(pending_.size() - 1);
    else
      sim_.schedule_in<&FakeTarget::answer>(delay, this, pending_.size() - 1);
  }
  bool has_free_capacity(const models::CallInput& in) override {
    probed.push_back(in);
    return free;
  }

  models::CallStatus status = models::CallStatus::ok;  // the answer when the script is empty
  std::deque<models::CallStatus> script;              // answers in call order, first
  sim::Duration delay = sim::Duration::seconds(1);
  bool free = true;
  std::uint32_t attempts = 1;  // what each answer reports
  std::vector<models::CallInput> received;
  std::vector<sim::SimTime> received_at;
  std::vector<models::CallInput> probed;  // what has_free_capacity was asked about

 private:
  struct Pending {
    models::CallListener* listener;
    models::CallTag tag;
    models::CallStatus status;
  };
  void answer(std::uint64_t i) {
    const Pending p = pending_[i];
    models::CallResult r;
    r.status = p.status;
    r.attempts = attempts;
    if (p.status == models::CallStatus::ok) r.first_token_at = sim_.now();
    if (cost_ && usd_per_call_ > 0) cost_->charge(sim_.now(), line_, usd_per_call_);
    p.listener->on_call_done(p.tag, r);
  }
  sim::Simulator& sim_;
  models::CostLedger* cost_ = nullptr;
  models::CostLedger::LineId line_ = 0;
  double usd_per_call_ = 0;
  std::vector<Pending> pending_;
};

}  // namespace fmsim::testing

namespace fmsim::testing {

// A service metrics counter's whole-run total (after finish), or -1 when there is no such column.
inline double counter_total(const models::ServiceMetrics& m, const std::string& component, const std::string& name) {
  for (const auto& c : m.counter_totals())
    if (c.component == component && c.name == name) return c.total;
  return -1;
}

inline bool has_component(const models::ServiceMetrics& m, const std::string& component) {
  for (const auto& c : m.columns())
    if (c.component == component) return true;
  return false;
}

// UTC instants and calendars for the zone tests.
inline std::chrono::sys_seconds utc(int y, unsigned m, unsigned d, int h = 0, int min = 0) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}} + hours{h} + minutes{min};
}
inline models::CalendarSpec calendar(std::string zone, std::chrono::sys_seconds start) {
  models::CalendarSpec c;
  c.time_zone = std::move(zone);
  c.start_utc = start;
  return c;
}

}  // namespace fmsim::testing
