// Fleet load factor: validation of the profile.
#include "models/bedrock/fleet_load.h"

#include <cmath>
#include <stdexcept>

namespace fmsim::models {

FleetLoad::FleetLoad(const FleetLoadSpec& spec, const LocalCalendar& calendar) : calendar_(calendar) {
  if (spec.hourly.size() != 24) throw std::invalid_argument("fleet load: 24 hourly values are needed");
  for (std::size_t h = 0; h < 24; ++h) {
    if (!(spec.hourly[h] > 0) || !std::isfinite(spec.hourly[h]))
      throw std::invalid_argument("fleet load: hourly values must be finite and > 0");
    hourly_[h] = spec.hourly[h];
  }
  for (std::size_t d = 0; d < 7; ++d) {
    if (!(spec.weekdays[d] > 0) || !std::isfinite(spec.weekdays[d]))
      throw std::invalid_argument("fleet load: weekday values must be finite and > 0");
    weekdays_[d] = spec.weekdays[d];
  }
}

}  // namespace fmsim::models
