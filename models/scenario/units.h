// Parsing of the values users write with units in scenario files and on the command line:
// durations (`300ms`), rates (`0.8/s`), money (`$0.003`), counts (`10k`) and plain numbers.
//
// Each parser takes the text alone and throws UnitError whose message says what is wrong with
// that text; the loader prefixes file, line, column and key. Parsers return signed values
// (`-5s` parses): whether a key needs >= 0 or > 0 is the loader's decision, so that the message
// can say "must be > 0" rather than "bad duration".
//
// Decisions, also documented in docs/scenarios.md:
// - Durations: a decimal number and a unit from ns, us, µs (or μs), ms, s, sec, min, h, hour,
//   hours, d, day, days. `m` is refused (minutes or milli?): the message says to use `min`.
//   The decimal is converted exactly to whole nanoseconds (`0.1s` is 100000000 ns, never
//   99999999); a value finer than 1 ns is an error rather than silently rounded.
// - Rates: number, optional SI multiplier k/M/G, `/`, period s, sec, min, h, hour, d, day.
// - Money: `$` then a decimal number, in USD.
// - Thousands separators (`1,000`) are refused everywhere: in YAML flow context (`{a: $1,000}`)
//   a comma splits the value, so one rule everywhere is safer than one that works only in some
//   places.
// - Whitespace between the number and its unit is allowed (`300 ms`); no exponents in values
//   with units, so that durations stay exact.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/time.h"

namespace fmsim::models {

// What is wrong with one value's text, e.g. "missing unit in '300', e.g. 300ms".
class UnitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "1.5s" -> 1'500'000'000 ns, exactly.
sim::Duration parse_duration(std::string_view text);

// "720/min" -> 12.0 per second.
double parse_rate_per_second(std::string_view text);

// "$0.003" -> 0.003 USD.
double parse_money_usd(std::string_view text);

// Whether a count may carry an SI suffix (`10k`, `1.5M`); allowed only where a key says so.
enum class CountSuffix { forbidden, allowed };

// "10" -> 10; with suffixes allowed, "1.5k" -> 1500. The result must be a whole number.
std::int64_t parse_count(std::string_view text, CountSuffix suffix);

// An unsigned 64-bit integer in decimal, such as a seed.
std::uint64_t parse_unsigned(std::string_view text);

// A plain number such as `0.5` or `1e-3`. YAML's `.inf`, `-.inf` and `.nan` (and `inf`, `nan`)
// parse to the corresponding values so that the caller can say "must be finite".
double parse_number(std::string_view text);

}  // namespace fmsim::models
