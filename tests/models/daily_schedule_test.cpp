// DailyScheduleSpec / DailySchedule (models/core/daily_schedule.h): levels by local weekday and
// time of day (plain windows, windows that wrap past midnight, weekday filters), and next_change:
// exact instants, never missing a change (checked minute by minute over whole weeks), and local
// edges that move with the UTC offset across America/New_York's daylight-saving changes.
#include "models/core/daily_schedule.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "models/workload/local_calendar.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;

constexpr int kMon = 0, kTue = 1, kFri = 4, kSat = 5, kSun = 6;

DailyScheduleSpec::Window window(int from_minute, int to_minute, double value,
                                 std::array<bool, 7> weekdays = {true, true, true, true, true, true, true}) {
  DailyScheduleSpec::Window w;
  w.from_minute = from_minute;
  w.to_minute = to_minute;
  w.value = value;
  w.weekdays = weekdays;
  return w;
}

// Base 1; 10 on weekdays 09:00-17:30; 3 from Friday 22:00 to Saturday 02:00 (wraps, Friday's).
DailyScheduleSpec office() {
  DailyScheduleSpec s;
  s.base = 1;
  s.windows.push_back(window(9 * 60, 17 * 60 + 30, 10, {true, true, true, true, true, false, false}));
  s.windows.push_back(window(22 * 60, 2 * 60, 3, {false, false, false, false, true, false, false}));
  return s;
}

CalendarSpec calendar(const std::string& zone, std::chrono::sys_seconds start) { return CalendarSpec{zone, start}; }

// 2024-01-01 was a Monday: t = 0 is Monday 00:00 UTC.
const std::chrono::sys_seconds kMonday2024 = std::chrono::sys_days{std::chrono::year{2024} / 1 / 1};

SimTime at(Duration d) { return SimTime::zero() + d; }
SimTime at_minute(std::int64_t m) { return at(Duration::minutes(m)); }

TEST(DailyScheduleSpec, ConstantAndMaxValue) {
  const DailyScheduleSpec c = DailyScheduleSpec::constant(4);
  EXPECT_TRUE(c.is_constant());
  EXPECT_EQ(c.max_value(), 4.0);
  EXPECT_EQ(c.value_at(kSun, 1439.5), 4.0);
  EXPECT_FALSE(office().is_constant());
  EXPECT_EQ(office().max_value(), 10.0);
  DailyScheduleSpec night_off = DailyScheduleSpec::constant(2);
  night_off.windows.push_back(window(0, 6 * 60, 0));
  EXPECT_EQ(night_off.max_value(), 2.0);  // the base, when every window is lower
}

TEST(DailyScheduleSpec, WindowsAreHalfOpenAndFilteredByWeekday) {
  const DailyScheduleSpec s = office();
  EXPECT_EQ(s.value_at(kMon, 9 * 60 - 0.001), 1.0);
  EXPECT_EQ(s.value_at(kMon, 9 * 60), 10.0);
  EXPECT_EQ(s.value_at(kMon, 17 * 60 + 29.999), 10.0);
  EXPECT_EQ(s.value_at(kMon, 17 * 60 + 30), 1.0);
  EXPECT_EQ(s.value_at(kFri, 12 * 60), 10.0);
  EXPECT_EQ(s.value_at(kSat, 12 * 60), 1.0);  // not a listed weekday
  EXPECT_EQ(s.value_at(kSun, 12 * 60), 1.0);
}

TEST(DailyScheduleSpec, AWrappingWindowBelongsToTheDayItStarts) {
  const DailyScheduleSpec s = office();
  EXPECT_EQ(s.value_at(kFri, 21 * 60 + 59), 1.0);
  EXPECT_EQ(s.value_at(kFri, 22 * 60), 3.0);
  EXPECT_EQ(s.value_at(kFri, 1439.99), 3.0);
  EXPECT_EQ(s.value_at(kSat, 0), 3.0);  // Friday's window, continued past midnight
  EXPECT_EQ(s.value_at(kSat, 119.99), 3.0);
  EXPECT_EQ(s.value_at(kSat, 120), 1.0);
  EXPECT_EQ(s.value_at(kSat, 22 * 60), 1.0);  // Saturday is not listed: no window starts then
  EXPECT_EQ(s.value_at(kFri, 60), 1.0);       // ... nor did one start on Thursday
  // A window to 24:00 (1440) does not wrap.
  DailyScheduleSpec evening;
  evening.windows.push_back(window(18 * 60, 1440, 2, {true, false, false, false, false, false, false}));
  EXPECT_EQ(evening.value_at(kMon, 1439.99), 2.0);
  EXPECT_EQ(evening.value_at(kTue, 0), 0.0);
  // Sunday's wrapping window continues into Monday (the week wraps too).
  DailyScheduleSpec sunday;
  sunday.windows.push_back(window(23 * 60, 60, 5, {false, false, false, false, false, false, true}));
  EXPECT_EQ(sunday.value_at(kMon, 30), 5.0);
  EXPECT_EQ(sunday.value_at(kSun, 30), 0.0);
}

TEST(DailySchedule, ValueFollowsTheLocalCalendar) {
  const LocalCalendar cal(calendar("UTC", kMonday2024));
  const DailyScheduleSpec spec = office();
  const DailySchedule s(spec, cal);
  EXPECT_EQ(s.value(at_minute(9 * 60) - Duration::nanoseconds(1)), 1.0);
  EXPECT_EQ(s.value(at_minute(9 * 60)), 10.0);
  EXPECT_EQ(s.value(at_minute(4 * 1440 + 23 * 60)), 3.0);  // Friday 23:00
  EXPECT_EQ(s.value(at_minute(5 * 1440 + 60)), 3.0);       // Saturday 01:00
  EXPECT_EQ(s.value(at_minute(7 * 1440 + 10 * 60)), 10.0); // the next Monday 10:00
  // The same instants in Tokyo (UTC+9) read nine hours later on the wall clock.
  const LocalCalendar tokyo(calendar("Asia/Tokyo", kMonday2024));
  const DailySchedule t(spec, tokyo);
  EXPECT_EQ(t.value(at_minute(0)), 10.0);        // Monday 09:00 JST
  EXPECT_EQ(t.value(at_minute(8 * 60 + 30)), 1.0);  // Monday 17:30 JST
}

TEST(DailySchedule, NextChangeIsTheNextEdgeOrLocalHour) {
  const LocalCalendar cal(calendar("UTC", kMonday2024));
  DailyScheduleSpec spec;
  spec.windows.push_back(window(9 * 60 + 20, 9 * 60 + 40, 1));
  const DailySchedule s(spec, cal);
  EXPECT_EQ(s.next_change(at_minute(9 * 60)), at_minute(9 * 60 + 20));
  EXPECT_EQ(s.next_change(at_minute(9 * 60 + 20) - Duration::nanoseconds(1)), at_minute(9 * 60 + 20));
  // Strictly after t.
  EXPECT_EQ(s.next_change(at_minute(9 * 60 + 20)), at_minute(9 * 60 + 40));
  // No edge left in this local hour: the hour boundary (an offset change could move the edges).
  EXPECT_EQ(s.next_change(at_minute(9 * 60 + 40)), at_minute(10 * 60));
  EXPECT_EQ(s.next_change(at_minute(23 * 60 + 30)), at_minute(24 * 60));

  const DailyScheduleSpec constant = DailyScheduleSpec::constant(3);
  EXPECT_EQ(DailySchedule(constant, cal).next_change(at_minute(5)), SimTime::max());
  EXPECT_EQ(DailySchedule(constant, cal).value(at_minute(5)), 3.0);
}

// Walks next_change from t = 0 for `days` and checks, minute by minute, that the level is constant
// between consecutive change points (so no change is ever missed), and that the walk ends.
void expect_changes_found(const DailySchedule& s, int days) {
  const SimTime end = at_minute(static_cast<std::int64_t>(days) * 1440);
  SimTime change = SimTime::zero();
  SimTime next = s.next_change(change);
  double level = s.value(change);
  int steps = 0;
  for (SimTime t = SimTime::zero(); t < end; t = t + Duration::minutes(1)) {
    while (next <= t) {
      ASSERT_GT(next, change);
      change = next;
      level = s.value(change);
      next = s.next_change(change);
      ASSERT_LT(++steps, days * 40) << "next_change does not advance";
    }
    ASSERT_EQ(s.value(t), level) << "the level changed at minute " << (t - SimTime::zero()).ns() / 60'000'000'000
                                 << " without a change point since minute "
                                 << (change - SimTime::zero()).ns() / 60'000'000'000;
  }
}

TEST(DailySchedule, NextChangeNeverMissesAChange) {
  DailyScheduleSpec spec = office();
  spec.windows.push_back(window(1 * 60 + 15, 1 * 60 + 45, 7, {false, false, true, false, false, false, false}));
  const LocalCalendar utc(calendar("UTC", kMonday2024));
  expect_changes_found(DailySchedule(spec, utc), 8);
  // Across both 2026 daylight-saving changes in New York (8 March, 1 November), t = 0 at local
  // midnight so that minutes of t are local minutes.
  using namespace std::chrono;
  const LocalCalendar spring(calendar("America/New_York", sys_days{year{2026} / 3 / 5} + hours{5}));
  expect_changes_found(DailySchedule(spec, spring), 8);
  const LocalCalendar fall(calendar("America/New_York", sys_days{year{2026} / 10 / 29} + hours{4}));
  expect_changes_found(DailySchedule(spec, fall), 8);
}

// Spring forward: on Sunday 2026-03-08 New York goes from 01:59:59 EST (UTC-5) to 03:00 EDT
// (UTC-4). t = 0 is Saturday 2026-03-07 00:00 EST = 05:00 UTC. A window from 05:45 to 18:00 local:
//   Saturday 05:45 EST = t + 5 h 45 min;
//   Sunday   05:45 EDT = 2026-03-08 09:45 UTC = t + 28 h 45 min (not 29 h 45 min: the day had 23 h).
TEST(DailySchedule, NextChangeAcrossSpringForwardInNewYork) {
  using namespace std::chrono;
  const LocalCalendar ny(calendar("America/New_York", sys_days{year{2026} / 3 / 7} + hours{5}));
  DailyScheduleSpec spec;
  spec.windows.push_back(window(5 * 60 + 45, 18 * 60, 1));
  const DailySchedule s(spec, ny);

  EXPECT_EQ(s.next_change(at(Duration::hours(5))), at(Duration::minutes(5 * 60 + 45)));
  EXPECT_EQ(s.value(at(Duration::minutes(5 * 60 + 45))), 1.0);
  EXPECT_EQ(s.next_change(at(Duration::hours(17))), at(Duration::hours(18)));
  EXPECT_EQ(s.value(at(Duration::hours(18))), 0.0);

  // Sunday 01:00 EST (t + 25 h): the next local hour is 03:00 EDT, one real hour later.
  EXPECT_EQ(s.next_change(at(Duration::hours(25))), at(Duration::hours(26)));
  EXPECT_EQ(ny.local(at(Duration::hours(26))).hour, 3);
  // From there the walk reaches the window's start at 05:45 EDT.
  SimTime t = at(Duration::hours(26));
  while (s.value(t) == 0.0) t = s.next_change(t);
  EXPECT_EQ(t, at(Duration::minutes(28 * 60 + 45)));
  EXPECT_EQ(s.value(t - Duration::nanoseconds(1)), 0.0);
  // And it ends at 18:00 EDT = 22:00 UTC = t + 41 h.
  while (s.value(t) == 1.0) t = s.next_change(t);
  EXPECT_EQ(t, at(Duration::hours(41)));
}

// Fall back: on Sunday 2026-11-01 01:00-02:00 is lived twice (EDT, then EST). A window 01:15-01:45
// is open during both: 30 minutes twice. t = 0 is Sunday 00:00 EDT = 04:00 UTC.
TEST(DailySchedule, TheRepeatedHourOpensAWindowTwice) {
  using namespace std::chrono;
  const LocalCalendar ny(calendar("America/New_York", sys_days{year{2026} / 11 / 1} + hours{4}));
  DailyScheduleSpec spec;
  spec.windows.push_back(window(60 + 15, 60 + 45, 1));
  const DailySchedule s(spec, ny);
  std::vector<SimTime> opens;  // where the level goes from 0 to 1
  std::int64_t open_ns = 0;
  double previous = 0;
  for (SimTime t = SimTime::zero(); t < at(Duration::hours(6));) {
    const SimTime next = s.next_change(t);
    const double level = s.value(t);
    if (level == 1.0 && previous != 1.0) opens.push_back(t);
    if (level == 1.0) open_ns += (next - t).ns();
    previous = level;
    t = next;
  }
  EXPECT_EQ(open_ns, Duration::minutes(60).ns());
  ASSERT_EQ(opens.size(), 2u);
  EXPECT_EQ(opens[0], at(Duration::minutes(75)));   // 01:15 EDT
  EXPECT_EQ(opens[1], at(Duration::minutes(135)));  // 01:15 EST, an hour later
}

}  // namespace
}  // namespace fmsim::models
