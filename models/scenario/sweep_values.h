// Values with units in sweep, plan and break-even files (range bounds, constraint constants,
// requirement bounds, half-widths): one number of one unit family, kept together with the unit it
// was written in, so that generated range values are labelled the way the user wrote `from`, and a
// label read back gives exactly the value it stands for.
//
// The parsing itself is models/scenario/units.h; this file only decides which parser a text is
// for and remembers its unit. Plain numbers and counts (`10k`) are one family: both are
// dimensionless, so `from: 1k, step: 500` is a valid range.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fmsim::models {

enum class UnitFamily { number, duration, rate, money, percentage };

struct UnitValue {
  UnitFamily family = UnitFamily::number;
  // In base units: seconds, per second, USD, the number itself, a fraction for percentages.
  double base = 0;
  std::int64_t ns = 0;  // durations only: the exact value
  // The unit as written, spaces removed: "min", "k/day", "/s", "k", "" (the '$' of money and the
  // '%' of percentages are implied by the family).
  std::string unit;
  // Base units per one `unit` (durations: unit_ns / 1e9). A label's number is base / scale.
  double scale = 1;
  std::int64_t unit_ns = 0;  // durations only: nanoseconds per one `unit`
};

// "a duration", "a rate", ... for messages.
std::string_view family_name(UnitFamily family);

// Throws UnitError (models/scenario/units.h) saying what is wrong with the text; the value is
// finite.
UnitValue parse_unit_value(std::string_view text);

// nullopt for a text that is not a finite number with a unit (an instance type, `unlimited`).
std::optional<UnitValue> try_unit_value(std::string_view text);

// `number` with up to 12 significant digits and at most `max_fraction_digits` after the point,
// never in exponent form, without trailing zeros ("1.5", "0.0003", "2000").
std::string decimal_text(double number, int max_fraction_digits = 40);

// `number`, a quantity already in `like`'s unit, written with it: 1.5 -> "1.5/s" for a rate in /s.
std::string text_in_unit(double number, const UnitValue& like);

// `base` (in base units) written in `like`'s unit: "1.5/s", "$0.25", "2.5k", "5%", "90min".
// Durations are rounded to what the unit can hold in whole nanoseconds.
std::string text_like(double base, const UnitValue& like);

// A duration written exactly: in `like`'s unit when the value is a terminating decimal of it,
// else in the largest smaller standard unit (s, ms, us, ns) that writes it exactly ("80s" for
// 4/3 min).
std::string exact_duration_text(std::int64_t ns, const UnitValue& like);

}  // namespace fmsim::models
