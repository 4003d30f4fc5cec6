// The `local_time` cells of the output files: a simulated instant as ISO 8601 wall-clock time in
// the scenario's zone with its UTC offset, e.g. 2026-03-10T18:00:00+09:00 (whole seconds, the
// extended offset form that pandas, Python's datetime.fromisoformat and spreadsheets all read).
// One formatter per replication (it caches the zone's current offset period, so it is not for
// sharing between threads); every file of the replication formats through it, so events.csv,
// timeseries.csv, cost.csv, services.csv and targets.csv agree to the character.
#pragma once

#include <chrono>
#include <string_view>

#include "models/workload/workload_spec.h"
#include "sim/time.h"

namespace date {
class time_zone;
}

namespace fmsim::cli {

class LocalTimeText {
 public:
  explicit LocalTimeText(const models::CalendarSpec& calendar);

  // Valid until the next call.
  std::string_view operator()(sim::SimTime t);
  // The UTC instant of simulated time t (whole seconds, rounded down).
  std::chrono::sys_seconds utc(sim::SimTime t) const;

 private:
  const date::time_zone* zone_;
  std::chrono::sys_seconds start_utc_;
  // The offset period holding the last instant formatted: [begin, end) with one UTC offset.
  std::chrono::sys_seconds period_begin_{std::chrono::sys_seconds::max()};
  std::chrono::sys_seconds period_end_{std::chrono::sys_seconds::min()};
  std::chrono::seconds offset_{0};
  char text_[48];
};

}  // namespace fmsim::cli
