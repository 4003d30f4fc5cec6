// The next local midnight, across time zones and DST rules: the budget guard resets there.
#include <gtest/gtest.h>

#include <chrono>

#include "models/routing/local_midnight.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;

LocalCalendar calendar(const char* zone, std::chrono::sys_seconds start) {
  CalendarSpec s;
  s.time_zone = zone;
  s.start_utc = start;
  return LocalCalendar(s);
}
std::chrono::sys_seconds utc(int y, unsigned m, unsigned d, int h) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}} + hours{h};
}

TEST(LocalMidnight, TokyoMidnightIsThreePmUtc) {
  // t = 0 is 2024-03-11 09:00 JST (00:00 UTC).
  const LocalCalendar c = calendar("Asia/Tokyo", utc(2024, 3, 11, 0));
  EXPECT_EQ(next_local_midnight(c, SimTime::zero()), SimTime::zero() + Duration::hours(15));
  // From a midnight, the next one a day later; never the midnight itself.
  EXPECT_EQ(next_local_midnight(c, SimTime::zero() + Duration::hours(15)), SimTime::zero() + Duration::hours(39));
  EXPECT_EQ(next_local_midnight(c, SimTime::zero() + Duration::hours(15) - Duration::nanoseconds(1)),
            SimTime::zero() + Duration::hours(15));
}

TEST(LocalMidnight, ASpringForwardDayHas23Hours) {
  // New York, 2024-03-10 00:00 EST (05:00 UTC); clocks skip 02:00-03:00.
  const LocalCalendar c = calendar("America/New_York", utc(2024, 3, 10, 5));
  EXPECT_EQ(next_local_midnight(c, SimTime::zero()), SimTime::zero() + Duration::hours(23));
}

TEST(LocalMidnight, AFallBackDayHas25Hours) {
  // New York, 2024-11-03 00:00 EDT (04:00 UTC); 01:00-02:00 is lived twice.
  const LocalCalendar c = calendar("America/New_York", utc(2024, 11, 3, 4));
  EXPECT_EQ(next_local_midnight(c, SimTime::zero()), SimTime::zero() + Duration::hours(25));
}

TEST(LocalMidnight, ADayWhoseMidnightDoesNotExistStartsAtOne) {
  // Havana, 2024-03-09 12:00 CST (17:00 UTC); at 24:00 the clocks jump to 01:00 CDT (05:00 UTC).
  const LocalCalendar c = calendar("America/Havana", utc(2024, 3, 9, 17));
  EXPECT_EQ(next_local_midnight(c, SimTime::zero()), SimTime::zero() + Duration::hours(12));
}

TEST(LocalMidnight, AFallBackAtMidnightKeepsTheRepeatedHourInTheOldDay) {
  // Santiago, 2024-04-06 12:00 -03 (15:00 UTC); at 24:00 -03 the clocks go back to 23:00 -04, and
  // the date moves on at 00:00 -04 (04:00 UTC on the 7th), 13 h later, not 12.
  const LocalCalendar c = calendar("America/Santiago", utc(2024, 4, 6, 15));
  EXPECT_EQ(next_local_midnight(c, SimTime::zero()), SimTime::zero() + Duration::hours(13));
}

}  // namespace
}  // namespace fmsim::models
