// Compiling a rule's conditions: hour ranges become a bit per minute of the day (wrapping ranges
// set both ends), classes a lookup table by class index.
#include "models/routing/route_condition.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace fmsim::models {

RouteCondition::RouteCondition(const RouteConditionSpec& spec)
    : weekdays_(spec.weekdays), any_minute_(spec.hours.empty()), any_class_(!spec.classes.has_value()) {
  for (const HourRange& r : spec.hours) {
    if (r.start_minute < 0 || r.start_minute >= kMinutesPerDay || r.end_minute < 0 || r.end_minute > kMinutesPerDay ||
        r.start_minute == r.end_minute)
      throw std::invalid_argument("RouteCondition: hour range " + std::to_string(r.start_minute) + "-" +
                                  std::to_string(r.end_minute) + " is not a non-empty range of minutes of the day");
    if (r.start_minute < r.end_minute) {
      for (std::int32_t m = r.start_minute; m < r.end_minute; ++m) minutes_.set(static_cast<std::size_t>(m));
    } else {  // wraps past midnight: [start, 24:00) and [00:00, end)
      for (std::int32_t m = r.start_minute; m < kMinutesPerDay; ++m) minutes_.set(static_cast<std::size_t>(m));
      for (std::int32_t m = 0; m < r.end_minute; ++m) minutes_.set(static_cast<std::size_t>(m));
    }
  }
  if (spec.classes) {
    for (const std::int32_t c : *spec.classes) {
      if (c < 0) throw std::invalid_argument("RouteCondition: class index " + std::to_string(c) + " is negative");
      if (static_cast<std::size_t>(c) >= classes_.size()) classes_.resize(static_cast<std::size_t>(c) + 1, 0);
      classes_[static_cast<std::size_t>(c)] = 1;
    }
  }
  if (spec.complexity_at_least) complexity_at_least_ = *spec.complexity_at_least;
  if (spec.complexity_below) complexity_below_ = *spec.complexity_below;
  if (spec.prompt_tokens_at_least) prompt_at_least_ = *spec.prompt_tokens_at_least;
  if (spec.prompt_tokens_below) prompt_below_ = *spec.prompt_tokens_below;
}

}  // namespace fmsim::models
