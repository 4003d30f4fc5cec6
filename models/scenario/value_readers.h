// Small value readers every part of the loader needs: a word from a fixed list (with a
// did-you-mean), a boolean, a local clock time, a percentage, a time-of-day schedule.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "models/core/daily_schedule.h"
#include "models/scenario/did_you_mean.h"
#include "models/scenario/field_reader.h"

namespace fmsim::models {

template <class T>
T choose_word(const FieldReader& f, std::string_view what, const std::vector<std::pair<std::string_view, T>>& words) {
  const std::string& w = f.scalar(what);
  std::vector<std::string_view> names;
  for (const auto& [name, value] : words) {
    if (name == w) return value;
    names.push_back(name);
  }
  const std::string hint = did_you_mean(w, names);
  f.fail(hint.empty() ? fmt::format("unknown {} '{}' (expected one of: {})", what, w, join_words(names))
                      : fmt::format("unknown {} '{}'{}", what, w, hint));
}

bool read_bool(const FieldReader& f);

// "HH:MM" (00:00 to 24:00) as a fractional hour.
double read_clock_hour(const FieldReader& f);

// The text "HH:MM" (00:00 to 24:00, two digits for the minutes) as minutes since midnight, or
// nullopt; for values that embed clock times (hour ranges "18:00-24:00").
std::optional<std::int32_t> parse_clock_minute(std::string_view text);

// "95%" as the fraction 0.95 (finite; the caller checks the range). A percentage must carry its
// '%': a bare `0.95` or `95` is refused with the spelling to use, since either could be meant.
double read_percentage(const FieldReader& f);

// A level by local time of day, written either as a plain number (constant) or as
//   {base: 0, windows: [{from: "18:00", to: "24:00", value: 2, weekdays: [mon, tue]}]}
// `value_bound` checks every level; `integral` requires whole numbers (instances, units).
// Overlapping windows are an error naming both.
DailyScheduleSpec read_daily_schedule(const FieldReader& f, Bound value_bound, bool integral);

}  // namespace fmsim::models
