// The shared fleet's load factor: how much slower than its median figures an on-demand model is
// at a local hour and weekday (the scenario's zone). Time to first token is multiplied by it and
// output speed divided by it, so a factor of 1.3 makes a whole call 30 % slower.
#pragma once

#include <array>

#include "models/deployment/deployment_spec.h"
#include "models/workload/local_calendar.h"
#include "sim/time.h"

namespace fmsim::models {

class FleetLoad {
 public:
  // Throws std::invalid_argument unless there are 24 hourly values and every value is > 0.
  FleetLoad(const FleetLoadSpec& spec, const LocalCalendar& calendar);

  double factor(sim::SimTime t) const {
    const LocalCalendar::Segment& s = calendar_.segment(t);
    return hourly_[static_cast<std::size_t>(s.hour)] * weekdays_[static_cast<std::size_t>(s.weekday)];
  }
  // weekday 0 = Monday, hour 0..23.
  double factor_at(int weekday, int hour) const {
    return hourly_[static_cast<std::size_t>(hour)] * weekdays_[static_cast<std::size_t>(weekday)];
  }

 private:
  std::array<double, 24> hourly_{};
  std::array<double, 7> weekdays_{};
  const LocalCalendar& calendar_;
};

}  // namespace fmsim::models
