// A level that follows the local time of day: provisioned concurrency 10 by day and 2 by night,
// 2 model units of Sonnet from 18:00 to 24:00 JST, two instances for 20 hours a day. Windows are
// [from, to) in local wall-clock time (the scenario's zone), optionally on some weekdays only;
// outside every window the level is `base`. A window with to <= from wraps past midnight, and
// belongs to the weekday on which it starts.
//
// Models ask `value(t)` and schedule themselves at `next_change(t)`; the level is a pure function
// of local time, so a run sliced anywhere sees the same changes.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/workload/local_calendar.h"
#include "sim/time.h"

namespace fmsim::models {

struct DailyScheduleSpec {
  struct Window {
    std::int32_t from_minute = 0;  // minutes after local midnight, 0..1439
    std::int32_t to_minute = 1440;  // 1..1440; <= from_minute wraps past midnight
    double value = 0;
    std::array<bool, 7> weekdays{true, true, true, true, true, true, true};  // Monday ... Sunday
  };
  double base = 0;
  std::vector<Window> windows;  // the loader rejects windows that overlap

  static DailyScheduleSpec constant(double v) { return DailyScheduleSpec{v, {}}; }
  bool is_constant() const { return windows.empty(); }
  // The largest level it ever takes (for validation against caps).
  double max_value() const;
  // The level at a local weekday and minute of the day (fractional minutes allowed).
  double value_at(int weekday, double minute_of_day) const;
};

class DailySchedule {
 public:
  DailySchedule(const DailyScheduleSpec& spec, const LocalCalendar& calendar) : spec_(spec), calendar_(calendar) {}

  double value(sim::SimTime t) const;
  // The first instant > t at which the level may change: the next window edge, or the next local
  // hour boundary (an offset change can move the edges); SimTime::max() for a constant schedule.
  // The level may be unchanged there; callers compare.
  sim::SimTime next_change(sim::SimTime t) const;
  const DailyScheduleSpec& spec() const { return spec_; }

 private:
  const DailyScheduleSpec& spec_;
  const LocalCalendar& calendar_;
};

}  // namespace fmsim::models
