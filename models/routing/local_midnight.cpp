// next_local_midnight: segment by segment, never by adding 24 h (wrong on DST days).
#include "models/routing/local_midnight.h"

namespace fmsim::models {

sim::SimTime next_local_midnight(const LocalCalendar& calendar, sim::SimTime t) {
  const std::int64_t today = calendar.segment(t).day_index;
  sim::SimTime s = t;
  // A local day has at most 25 segments (one per hour, plus the repeated hour of a fall-back);
  // a few more allow for zones with two changes in a day.
  for (int i = 0; i < 32; ++i) {
    s = calendar.next_local_hour(s);
    if (s == sim::SimTime::max()) return s;
    if (calendar.segment(s).day_index > today) return s;
  }
  return sim::SimTime::max();
}

}  // namespace fmsim::models
