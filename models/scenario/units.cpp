// Parsers for values with units. Durations are converted with integer arithmetic on the
// decimal digits so that every value a user can write in whole nanoseconds is exact.
#include "models/scenario/units.h"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <system_error>

#include <fmt/format.h>

namespace fmsim::models {

namespace {

// 128-bit intermediates keep `digits x unit` exact before the range check against int64.
__extension__ using Int128 = __int128;

struct NamedScale {
  std::string_view name;
  std::int64_t ns;
};

constexpr std::int64_t kNsPerSecond = 1'000'000'000;
constexpr std::array<NamedScale, 14> kDurationUnits{{
    {"ns", 1},
    {"us", 1'000},
    {"\xC2\xB5s", 1'000},  // µs, U+00B5 MICRO SIGN
    {"\xCE\xBCs", 1'000},  // μs, U+03BC GREEK SMALL LETTER MU (what many keyboards give)
    {"ms", 1'000'000},
    {"s", kNsPerSecond},
    {"sec", kNsPerSecond},
    {"min", 60 * kNsPerSecond},
    {"h", 3'600 * kNsPerSecond},
    {"hour", 3'600 * kNsPerSecond},
    {"hours", 3'600 * kNsPerSecond},
    {"d", 86'400 * kNsPerSecond},
    {"day", 86'400 * kNsPerSecond},
    {"days", 86'400 * kNsPerSecond},
}};
constexpr std::string_view kDurationUnitList = "ns, us, \xC2\xB5s, ms, s, sec, min, h, hour, hours, d, day, days";

struct NamedSeconds {
  std::string_view name;
  double seconds;
};
constexpr std::array<NamedSeconds, 7> kRatePeriods{{
    {"s", 1},
    {"sec", 1},
    {"min", 60},
    {"h", 3'600},
    {"hour", 3'600},
    {"d", 86'400},
    {"day", 86'400},
}};
constexpr std::string_view kRatePeriodList = "s, sec, min, h, hour, d, day";

std::optional<double> si_multiplier(std::string_view m) {
  if (m.empty()) return 1.0;
  if (m == "k") return 1e3;
  if (m == "M") return 1e6;
  if (m == "G") return 1e9;
  return std::nullopt;
}
constexpr std::string_view kMultiplierList = "k, M, G";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

void skip_spaces(std::string_view s, std::size_t& pos) {
  while (pos < s.size() && is_space(s[pos])) ++pos;
}

// A decimal number without exponent: [sign] digits [. digits] or [sign] . digits.
struct Decimal {
  bool negative = false;
  std::string_view whole;     // digits before the point, possibly empty
  std::string_view fraction;  // digits after the point, possibly empty
  std::string_view text;      // the number as written, sign included
};

std::optional<Decimal> scan_decimal(std::string_view s, std::size_t& pos, bool allow_sign) {
  const std::size_t start = pos;
  std::size_t p = pos;
  Decimal d;
  if (allow_sign && p < s.size() && (s[p] == '-' || s[p] == '+')) {
    d.negative = s[p] == '-';
    ++p;
  }
  const std::size_t whole_start = p;
  while (p < s.size() && is_digit(s[p])) ++p;
  d.whole = s.substr(whole_start, p - whole_start);
  if (p < s.size() && s[p] == '.') {
    const std::size_t frac_start = ++p;
    while (p < s.size() && is_digit(s[p])) ++p;
    d.fraction = s.substr(frac_start, p - frac_start);
  }
  if (d.whole.empty() && d.fraction.empty()) return std::nullopt;
  d.text = s.substr(start, p - start);
  pos = p;
  return d;
}

// The decimal's value as a double; from_chars rounds correctly, and a decimal of bounded
// length cannot overflow to infinity in practice (checked anyway by the callers' finiteness).
double to_double(const Decimal& d) {
  std::string digits(d.whole.empty() ? "0" : d.whole);
  if (!d.fraction.empty()) {
    digits += '.';
    digits += d.fraction;
  }
  double v = 0;
  const auto res = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (res.ec == std::errc::result_out_of_range) v = std::numeric_limits<double>::infinity();
  return d.negative ? -v : v;
}

// Commas are refused with a fix-it, before any other check would give a confusing message
// ("unknown unit ',000ms'").
void reject_thousands_separators(std::string_view text) {
  if (text.find(',') == std::string_view::npos) return;
  std::string fixed;
  for (char c : text)
    if (c != ',') fixed += c;
  throw UnitError(fmt::format("thousands separators are not accepted in '{}'; write {}", text, fixed));
}

// The run of characters forming a unit or multiplier name: anything up to a digit, point,
// sign, slash or space.
std::string_view scan_word(std::string_view s, std::size_t& pos) {
  const std::size_t start = pos;
  while (pos < s.size()) {
    const char c = s[pos];
    if (is_digit(c) || c == '.' || c == '+' || c == '-' || c == '/' || is_space(c)) break;
    ++pos;
  }
  return s.substr(start, pos - start);
}

// Exact nanoseconds of `d` (sign ignored) in a unit of `unit_ns`; nullopt if not whole.
// Trailing zeros of the fraction are dropped first. A fraction of more than 16 significant
// digits can never give whole nanoseconds: the largest unit, a day, is 2^16 * 3^3 * 5^11 ns,
// and the fraction's numerator is not divisible by 10.
struct Exact {
  bool whole_ns;
  bool too_long;
  Int128 ns;
};
Exact exact_ns(const Decimal& d, std::int64_t unit_ns) {
  std::string_view frac = d.fraction;
  while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
  std::string_view whole = d.whole;
  while (!whole.empty() && whole.front() == '0') whole.remove_prefix(1);
  if (whole.size() > 20) return {true, true, 0};
  if (frac.size() > 16) return {false, false, 0};
  Int128 w = 0;
  for (char c : whole) w = w * 10 + (c - '0');
  Int128 f = 0;
  Int128 denom = 1;
  for (char c : frac) {
    f = f * 10 + (c - '0');
    denom *= 10;
  }
  const Int128 frac_scaled = f * unit_ns;
  if (frac_scaled % denom != 0) return {false, false, 0};
  const Int128 total = w * unit_ns + frac_scaled / denom;
  return {true, total > std::numeric_limits<std::int64_t>::max(), total};
}

}  // namespace

sim::Duration parse_duration(std::string_view raw) {
  const std::string_view text = trim(raw);
  reject_thousands_separators(text);
  // One or more "number unit" parts ("2h30min" is how sim::to_string prints durations), with
  // a sign allowed only at the front.
  std::size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
    negative = text[pos] == '-';
    ++pos;
  }
  Int128 total = 0;
  bool first = true;
  while (first || pos < text.size()) {
    skip_spaces(text, pos);
    const auto number = scan_decimal(text, pos, /*allow_sign=*/false);
    if (!number) {
      if (first) throw UnitError(fmt::format("expected a duration such as 300ms, got '{}'", text));
      throw UnitError(fmt::format("unexpected '{}' in duration '{}'", text.substr(pos), text));
    }
    first = false;
    skip_spaces(text, pos);
    const std::string_view unit = scan_word(text, pos);
    if (unit.empty()) {
      if (pos < text.size()) throw UnitError(fmt::format("unexpected '{}' in duration '{}'", text.substr(pos), text));
      throw UnitError(fmt::format("missing unit in '{}', e.g. 300ms", text));
    }
    if (unit == "m")
      throw UnitError(fmt::format("'m' is not a unit in '{}': use 'min' for minutes, 'ms' for milliseconds", text));
    std::int64_t unit_ns = 0;
    for (const auto& u : kDurationUnits)
      if (u.name == unit) unit_ns = u.ns;
    if (unit_ns == 0)
      throw UnitError(fmt::format("unknown unit '{}' in '{}'; valid units: {}", unit, text, kDurationUnitList));
    const Exact part = exact_ns(*number, unit_ns);
    if (part.too_long) throw UnitError(fmt::format("'{}' is too long (the limit is about 292 years)", text));
    if (!part.whole_ns) throw UnitError(fmt::format("'{}' is finer than the 1 ns resolution", text));
    total += part.ns;
    if (total > std::numeric_limits<std::int64_t>::max())
      throw UnitError(fmt::format("'{}' is too long (the limit is about 292 years)", text));
    skip_spaces(text, pos);
  }
  const auto ns = static_cast<std::int64_t>(total);
  return sim::Duration::nanoseconds(negative ? -ns : ns);
}

double parse_rate_per_second(std::string_view raw) {
  const std::string_view text = trim(raw);
  reject_thousands_separators(text);
  std::size_t pos = 0;
  const auto number = scan_decimal(text, pos, /*allow_sign=*/true);
  if (!number) throw UnitError(fmt::format("expected a rate such as 0.8/s, got '{}'", text));
  skip_spaces(text, pos);
  const std::string_view multiplier_name = scan_word(text, pos);
  skip_spaces(text, pos);
  if (pos == text.size()) {
    if (multiplier_name.empty() || si_multiplier(multiplier_name))
      throw UnitError(fmt::format("missing period in '{}', e.g. {}/s", text, text));
    // "5min" or "2h" without a slash: most likely a period written without its '/'.
    throw UnitError(fmt::format("expected a rate such as 0.8/s, got '{}'", text));
  }
  if (text[pos] != '/') throw UnitError(fmt::format("expected a rate such as 0.8/s, got '{}'", text));
  const auto multiplier = si_multiplier(multiplier_name);
  if (!multiplier)
    throw UnitError(
        fmt::format("unknown multiplier '{}' in '{}'; valid multipliers: {}", multiplier_name, text, kMultiplierList));
  ++pos;
  const std::string_view period = trim(text.substr(pos));
  if (period.empty()) throw UnitError(fmt::format("missing period after '/' in '{}', e.g. 0.8/s", text));
  for (const auto& p : kRatePeriods)
    if (p.name == period) return to_double(*number) * *multiplier / p.seconds;
  throw UnitError(fmt::format("unknown period '{}' in '{}'; valid periods: {}", period, text, kRatePeriodList));
}

double parse_money_usd(std::string_view raw) {
  const std::string_view text = trim(raw);
  reject_thousands_separators(text);
  std::size_t pos = 0;
  bool negative = false;
  // Both "-$1" and "$-1" read as minus one dollar so that the loader can say "must be >= 0".
  if (pos < text.size() && text[pos] == '-') {
    negative = true;
    ++pos;
  }
  if (pos == text.size() || text[pos] != '$') {
    std::size_t probe = pos;
    if (scan_decimal(text, probe, /*allow_sign=*/true) && probe == text.size())
      throw UnitError(fmt::format("money needs a currency sign: write ${} instead of '{}'", text.substr(pos), text));
    throw UnitError(fmt::format("expected an amount of money such as $0.003, got '{}'", text));
  }
  ++pos;
  skip_spaces(text, pos);
  const auto number = scan_decimal(text, pos, /*allow_sign=*/!negative);
  if (!number) throw UnitError(fmt::format("expected an amount of money such as $0.003, got '{}'", text));
  skip_spaces(text, pos);
  if (pos != text.size())
    throw UnitError(fmt::format("unexpected '{}' after the amount in '{}'", text.substr(pos), text));
  const double v = to_double(*number);
  return negative ? -v : v;
}

std::int64_t parse_count(std::string_view raw, CountSuffix suffix) {
  const std::string_view text = trim(raw);
  reject_thousands_separators(text);
  const std::string_view expected =
      suffix == CountSuffix::allowed ? "expected an integer such as 10 or 10k" : "expected an integer";
  std::size_t pos = 0;
  const auto number = scan_decimal(text, pos, /*allow_sign=*/true);
  if (!number) throw UnitError(fmt::format("{}, got '{}'", expected, text));
  skip_spaces(text, pos);
  const std::string_view multiplier_name = scan_word(text, pos);
  if (pos != text.size()) throw UnitError(fmt::format("{}, got '{}'", expected, text));
  std::int64_t scale = 1;
  if (!multiplier_name.empty()) {
    if (suffix == CountSuffix::forbidden) throw UnitError(fmt::format("{}, got '{}'", expected, text));
    if (multiplier_name == "k") {
      scale = 1'000;
    } else if (multiplier_name == "M") {
      scale = 1'000'000;
    } else if (multiplier_name == "G") {
      scale = 1'000'000'000;
    } else {
      throw UnitError(fmt::format("unknown multiplier '{}' in '{}'; valid multipliers: {}", multiplier_name, text,
                                  kMultiplierList));
    }
  } else if (!number->fraction.empty() && number->fraction.find_first_not_of('0') != std::string_view::npos) {
    throw UnitError(fmt::format("{}, got '{}'", expected, text));
  }
  // The same exact arithmetic as durations, with the multiplier as the "unit".
  const Exact exact = exact_ns(*number, scale);
  if (!exact.whole_ns) throw UnitError(fmt::format("'{}' is not a whole number", text));
  if (exact.too_long) throw UnitError(fmt::format("'{}' is too large", text));
  const auto v = static_cast<std::int64_t>(exact.ns);
  return number->negative ? -v : v;
}

std::uint64_t parse_unsigned(std::string_view raw) {
  const std::string_view text = trim(raw);
  reject_thousands_separators(text);
  std::uint64_t v = 0;
  const char* end = text.data() + text.size();
  const auto res = std::from_chars(text.data(), end, v);
  if (text.empty() || !is_digit(text.front()) || res.ptr != end) {
    if (!text.empty() && text.front() == '-') throw UnitError(fmt::format("must be >= 0, got '{}'", text));
    throw UnitError(fmt::format("expected an integer >= 0, got '{}'", text));
  }
  if (res.ec == std::errc::result_out_of_range)
    throw UnitError(fmt::format("'{}' is too large (the limit is 18446744073709551615)", text));
  return v;
}

double parse_number(std::string_view raw) {
  std::string_view text = trim(raw);
  constexpr double kInf = std::numeric_limits<double>::infinity();
  // YAML 1.2's spellings of the special values, which from_chars does not know.
  if (text == ".inf" || text == ".Inf" || text == ".INF" || text == "+.inf" || text == "+.Inf" || text == "+.INF")
    return kInf;
  if (text == "-.inf" || text == "-.Inf" || text == "-.INF") return -kInf;
  if (text == ".nan" || text == ".NaN" || text == ".NAN") return std::numeric_limits<double>::quiet_NaN();
  if (text.find(',') != std::string_view::npos) reject_thousands_separators(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double v = 0;
  const char* end = text.data() + text.size();
  const auto res = std::from_chars(text.data(), end, v);
  if (text.empty() || res.ptr != end || (res.ec != std::errc() && res.ec != std::errc::result_out_of_range))
    throw UnitError(fmt::format("expected a number, got '{}'", trim(raw)));
  if (res.ec == std::errc::result_out_of_range) {
    // Overflow becomes infinity so that the caller reports "must be finite"; underflow is 0.
    const bool tiny = text.find("e-") != std::string_view::npos || text.find("E-") != std::string_view::npos;
    return tiny ? 0.0 : (text.front() == '-' ? -kInf : kInf);
  }
  return v;
}

}  // namespace fmsim::models
