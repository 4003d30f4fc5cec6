// Time-of-day levels over the local calendar.
#include "models/core/daily_schedule.h"

#include <algorithm>

namespace fmsim::models {

namespace {
constexpr std::int64_t kNsPerMinute = 60'000'000'000;
}

double DailyScheduleSpec::max_value() const {
  double m = base;
  for (const auto& w : windows) m = std::max(m, w.value);
  return m;
}

double DailyScheduleSpec::value_at(int weekday, double minute) const {
  const int yesterday = (weekday + 6) % 7;
  for (const auto& w : windows) {
    if (w.from_minute < w.to_minute) {
      if (w.weekdays[weekday] && minute >= w.from_minute && minute < w.to_minute) return w.value;
    } else {  // wraps: [from, 24:00) today, or [00:00, to) of a window that started yesterday
      if (w.weekdays[weekday] && minute >= w.from_minute) return w.value;
      if (w.weekdays[yesterday] && minute < w.to_minute) return w.value;
    }
  }
  return base;
}

double DailySchedule::value(sim::SimTime t) const {
  if (spec_.is_constant()) return spec_.base;
  const auto& seg = calendar_.segment(t);
  const std::int64_t ns_of_day = seg.ns_of_day_at_start + (t - seg.start).ns();
  return spec_.value_at(seg.weekday, static_cast<double>(ns_of_day) / kNsPerMinute);
}

sim::SimTime DailySchedule::next_change(sim::SimTime t) const {
  if (spec_.is_constant()) return sim::SimTime::max();
  const auto& seg = calendar_.segment(t);
  const std::int64_t ns_now = seg.ns_of_day_at_start + (t - seg.start).ns();
  sim::SimTime best = seg.end;
  auto consider = [&](std::int64_t minute) {
    const std::int64_t edge_ns = minute * kNsPerMinute;
    if (edge_ns <= ns_now) return;
    const sim::SimTime at = seg.start + sim::Duration::nanoseconds(edge_ns - seg.ns_of_day_at_start);
    if (at < best) best = at;
  };
  for (const auto& w : spec_.windows) {
    consider(w.from_minute);
    consider(w.to_minute);
  }
  return best;
}

}  // namespace fmsim::models
