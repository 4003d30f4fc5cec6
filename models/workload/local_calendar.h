// Local wall-clock time of simulated instants in an IANA time zone: which local hour, weekday and
// local day a simulated time t falls in, and where the next local hour begins. The diurnal rate
// profile reads its 24-hour shape through this, so traffic stays aligned to LOCAL time across
// daylight-saving changes. Zone rules come from Howard Hinnant's date/tz over the system tz
// database (Debian `tzdata`), never from a hand-made offset table.
//
// A "local-hour segment" is a maximal interval of simulated time over which the UTC offset is
// constant and the wall clock stays within one hour mark: it ends at the next HH:00:00 on the
// local wall clock or at the next offset change, whichever comes first. So a spring-forward day in
// America/New_York has 23 segments (01:59:59 EST is followed by 03:00 EDT) and a fall-back day 25
// (the hour 01:00-02:00 is lived twice, once in EDT and once in EST). Offset changes that do not
// change the offset (only the abbreviation) are not boundaries.
//
// Cost: one tz lookup (a binary search over the zone's transitions) when t leaves the cached
// segment; calls inside the current segment are a comparison and a few arithmetic operations.
// The cache makes the const methods unsafe to call from several threads on one object: give each
// replication its own copy (copies are cheap: a pointer into the shared, immutable tz database).
#pragma once

#include <cstdint>
#include <string>

#include "models/workload/workload_spec.h"
#include "sim/time.h"

namespace date {
class time_zone;  // date/tz stays an implementation detail (linked PRIVATE to fmsim::models)
}

namespace fmsim::models {

class LocalCalendar {
 public:
  struct LocalTime {
    int weekday;             // 0 = Monday ... 6 = Sunday
    int hour;                // 0..23, the wall-clock hour (the repeated fall-back hour reads 1 twice)
    double hour_of_day;      // [0, 24), fractional wall-clock hour
    std::int64_t day_index;  // local calendar days since the local day containing t = 0
  };

  // One local-hour segment [start, end) (see above) and the local time at its start.
  struct Segment {
    sim::SimTime start;
    sim::SimTime end;
    int weekday;
    int hour;
    std::int64_t day_index;
    std::int64_t ns_of_day_at_start;  // local wall-clock nanoseconds since local midnight, at `start`
  };

  // Throws std::invalid_argument("unknown time zone 'X'...") with a did-you-mean suggestion when
  // the name is not in the tz database (links such as "US/Eastern" are accepted).
  explicit LocalCalendar(const CalendarSpec& spec);

  LocalTime local(sim::SimTime t) const;
  // First instant > t at which a new local hour begins (an hour mark or an offset change).
  sim::SimTime next_local_hour(sim::SimTime t) const { return segment(t).end; }
  // The local-hour segment containing t.
  const Segment& segment(sim::SimTime t) const {
    if (!(t >= cache_.start && t < cache_.end)) load(t);
    return cache_;
  }
  const std::string& zone_name() const { return zone_name_; }

 private:
  void load(sim::SimTime t) const;

  std::string zone_name_;
  const date::time_zone* zone_ = nullptr;  // owned by the process-wide tz database
  std::int64_t start_utc_s_ = 0;           // the UTC instant of t = 0, seconds since 1970
  std::int64_t base_local_day_ = 0;        // local day (days since 1970-01-01) containing t = 0
  mutable Segment cache_{sim::SimTime::max(), sim::SimTime::zero(), 0, 0, 0, 0};  // empty: start > end
};

// Whether `name` is a zone (or link) of the system tz database.
bool is_time_zone(const std::string& name);
// The closest zone name to a misspelt one ("Asia/Tokio" -> "Asia/Tokyo", "new_york" ->
// "America/New_York"), or "" when nothing is close. For error messages only: it scans the database.
std::string nearest_time_zone(const std::string& name);

}  // namespace fmsim::models
