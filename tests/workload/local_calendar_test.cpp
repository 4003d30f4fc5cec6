// LocalCalendar: local hours, weekdays and day indices in real zones, across DST changes.
#include "models/workload/local_calendar.h"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <vector>

#include "tests/workload/diurnal_test_support.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;
using testing::at;
using testing::calendar;
using testing::utc;

// The local-hour segments from `from` up to and including the first boundary >= `to`.
std::vector<SimTime> boundaries(const LocalCalendar& cal, SimTime from, SimTime to) {
  std::vector<SimTime> out;
  for (SimTime t = from; t < to;) {
    t = cal.next_local_hour(t);
    out.push_back(t);
  }
  return out;
}

TEST(LocalCalendar, NewYorkSpringForwardDayHas23LocalHours) {
  // 2026-03-08 is the second Sunday of March: 02:00 EST (07:00 UTC) becomes 03:00 EDT.
  const auto spec = calendar("America/New_York", utc(2026, 3, 8, 5));  // local midnight, EST
  const LocalCalendar cal(spec);
  const SimTime next_midnight = at(spec, utc(2026, 3, 9, 4));          // local midnight, EDT
  const auto b = boundaries(cal, SimTime::zero(), next_midnight);
  ASSERT_EQ(b.size(), 23u);
  EXPECT_EQ(b.back(), next_midnight);
  std::vector<int> hours{cal.local(SimTime::zero()).hour};
  for (std::size_t i = 0; i + 1 < b.size(); ++i) hours.push_back(cal.local(b[i]).hour);
  std::vector<int> want{0, 1};
  for (int h = 3; h < 24; ++h) want.push_back(h);
  EXPECT_EQ(hours, want);

  const SimTime jump = at(spec, utc(2026, 3, 8, 7));
  EXPECT_EQ(cal.local(jump - Duration::nanoseconds(1)).hour, 1);
  EXPECT_EQ(cal.local(jump).hour, 3);
  EXPECT_DOUBLE_EQ(cal.local(jump + Duration::minutes(30)).hour_of_day, 3.5);
  const auto first = cal.local(SimTime::zero());
  EXPECT_EQ(first.weekday, 6);  // Sunday
  EXPECT_EQ(first.day_index, 0);
  const auto monday = cal.local(next_midnight);
  EXPECT_EQ(monday.weekday, 0);
  EXPECT_EQ(monday.hour, 0);
  EXPECT_EQ(monday.day_index, 1);
  EXPECT_EQ(cal.local(next_midnight - Duration::nanoseconds(1)).day_index, 0);
}

TEST(LocalCalendar, NewYorkFallBackDayHas25LocalHours) {
  // 2026-11-01 is the first Sunday of November: 02:00 EDT (06:00 UTC) becomes 01:00 EST.
  const auto spec = calendar("America/New_York", utc(2026, 11, 1, 4));  // local midnight, EDT
  const LocalCalendar cal(spec);
  const SimTime next_midnight = at(spec, utc(2026, 11, 2, 5));          // local midnight, EST
  const auto b = boundaries(cal, SimTime::zero(), next_midnight);
  ASSERT_EQ(b.size(), 25u);
  EXPECT_EQ(b.back(), next_midnight);
  std::vector<int> hours{cal.local(SimTime::zero()).hour};
  for (std::size_t i = 0; i + 1 < b.size(); ++i) hours.push_back(cal.local(b[i]).hour);
  std::vector<int> want{0, 1, 1};
  for (int h = 2; h < 24; ++h) want.push_back(h);
  EXPECT_EQ(hours, want);
  // The repeated hour: 05:00-06:00 UTC is 01:xx EDT, 06:00-07:00 UTC is 01:xx EST.
  EXPECT_EQ(b[0], at(spec, utc(2026, 11, 1, 5)));
  EXPECT_EQ(b[1], at(spec, utc(2026, 11, 1, 6)));
  EXPECT_EQ(b[2], at(spec, utc(2026, 11, 1, 7)));
  EXPECT_DOUBLE_EQ(cal.local(at(spec, utc(2026, 11, 1, 6, 15))).hour_of_day, 1.25);
  EXPECT_EQ(cal.local(next_midnight).weekday, 0);
}

TEST(LocalCalendar, NewYorkYearHas8760LocalHoursAndDstDaysCancel) {
  const auto spec = calendar("America/New_York", utc(2026, 1, 1, 5));
  const LocalCalendar cal(spec);
  const SimTime end = at(spec, utc(2027, 1, 1, 5));  // EST again
  EXPECT_EQ(boundaries(cal, SimTime::zero(), end).size(), 8760u);
  EXPECT_EQ(cal.local(end).day_index, 365);
}

TEST(LocalCalendar, TokyoIsUtcPlusNineAllYear) {
  const auto spec = calendar("Asia/Tokyo", utc(2026, 1, 1));  // a Thursday, 09:00 JST
  const LocalCalendar cal(spec);
  EXPECT_EQ(cal.zone_name(), "Asia/Tokyo");
  const auto t0 = cal.local(SimTime::zero());
  EXPECT_EQ(t0.hour, 9);
  EXPECT_DOUBLE_EQ(t0.hour_of_day, 9.0);
  EXPECT_EQ(t0.weekday, 3);
  EXPECT_EQ(t0.day_index, 0);
  const auto midnight = cal.local(SimTime::zero() + Duration::hours(15));
  EXPECT_EQ(midnight.hour, 0);
  EXPECT_EQ(midnight.weekday, 4);
  EXPECT_EQ(midnight.day_index, 1);
  // Every boundary of 2026 is a whole UTC hour and consecutive ones are 1 h apart.
  const auto b = boundaries(cal, SimTime::zero(), at(spec, utc(2027, 1, 1)));
  ASSERT_EQ(b.size(), 8760u);
  for (std::size_t i = 0; i < b.size(); ++i)
    ASSERT_EQ(b[i], SimTime::zero() + Duration::hours(static_cast<std::int64_t>(i) + 1)) << i;
  // Mid-summer as in winter (no DST): 2026-07-01 00:00 UTC is 09:00 JST.
  EXPECT_EQ(cal.local(at(spec, utc(2026, 7, 1))).hour, 9);
}

TEST(LocalCalendar, HalfHourOffsetPutsBoundariesAtHalfPastUtc) {
  const auto spec = calendar("Asia/Kolkata", utc(2026, 1, 1));  // 05:30 IST
  const LocalCalendar cal(spec);
  EXPECT_DOUBLE_EQ(cal.local(SimTime::zero()).hour_of_day, 5.5);
  EXPECT_EQ(cal.next_local_hour(SimTime::zero()), SimTime::zero() + Duration::minutes(30));
  EXPECT_EQ(cal.next_local_hour(SimTime::zero() + Duration::minutes(30)), SimTime::zero() + Duration::minutes(90));
}

TEST(LocalCalendar, CachedAndFreshAnswersAgreeInAnyOrder) {
  const auto spec = calendar("America/New_York", utc(2026, 3, 1));
  const LocalCalendar cached(spec);
  std::mt19937_64 pick(7);
  std::uniform_int_distribution<std::int64_t> ns(0, Duration::days(300).ns());
  for (int i = 0; i < 2000; ++i) {
    // Mostly nearby instants (cache hits), sometimes far jumps back and forth.
    const SimTime t = SimTime::from_ns(i % 5 == 0 ? ns(pick) : ns(pick) % Duration::hours(3).ns());
    const LocalCalendar fresh(spec);
    const auto a = cached.local(t);
    const auto f = fresh.local(t);
    ASSERT_EQ(a.hour, f.hour);
    ASSERT_EQ(a.weekday, f.weekday);
    ASSERT_EQ(a.day_index, f.day_index);
    ASSERT_EQ(a.hour_of_day, f.hour_of_day);
    ASSERT_EQ(cached.next_local_hour(t), fresh.next_local_hour(t));
  }
}

TEST(LocalCalendar, UnknownZoneThrowsWithSuggestion) {
  try {
    LocalCalendar cal(calendar("America/New_Yrok", utc(2026, 1, 1)));
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("unknown time zone 'America/New_Yrok'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("did you mean 'America/New_York'"), std::string::npos) << msg;
  }
  try {
    LocalCalendar cal(calendar("Mars/Olympus_Mons", utc(2026, 1, 1)));
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("unknown time zone 'Mars/Olympus_Mons'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(LocalCalendar(calendar("", utc(2026, 1, 1))), std::invalid_argument);
}

}  // namespace
}  // namespace fmsim::models
