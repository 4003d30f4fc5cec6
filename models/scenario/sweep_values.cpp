// Which unit parser a text is for, and writing numbers back in a unit. Durations are written with
// integer arithmetic so that a label always reads back to the nanosecond it stands for.
#include "models/scenario/sweep_values.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "models/scenario/units.h"

namespace fmsim::models {

namespace {

__extension__ using Int128 = __int128;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string without_spaces(std::string_view s) {
  std::string out;
  for (const char c : s)
    if (!is_space(c)) out += c;
  return out;
}

// Where the leading decimal number ([sign] digits [. digits]) of `s` ends.
std::size_t number_end(std::string_view s) {
  std::size_t p = 0;
  if (p < s.size() && (s[p] == '-' || s[p] == '+')) ++p;
  while (p < s.size() && (is_digit(s[p]) || s[p] == '.')) ++p;
  return p;
}

std::optional<double> plain_number(std::string_view text) {
  try {
    return parse_number(text);
  } catch (const UnitError&) {
    return std::nullopt;
  }
}

std::optional<double> si_multiplier(std::string_view m) {
  if (m == "k") return 1e3;
  if (m == "M") return 1e6;
  if (m == "G") return 1e9;
  return std::nullopt;
}

// The unit word after the last number of a duration ("min" in "2h30min").
std::string last_unit_word(std::string_view text) {
  std::size_t start = text.size();
  while (start > 0) {
    const char c = text[start - 1];
    if (is_digit(c) || c == '.' || is_space(c)) break;
    --start;
  }
  return std::string(text.substr(start));
}

// How many decimals of `unit_ns` still give whole nanoseconds: 9 for seconds, 10 for minutes.
int exact_fraction_digits(std::int64_t unit_ns) {
  int digits = 0;
  while (unit_ns % 10 == 0) {
    unit_ns /= 10;
    ++digits;
  }
  return digits;
}

std::string int128_text(Int128 v) {
  if (v == 0) return "0";
  const bool negative = v < 0;
  if (negative) v = -v;
  std::string digits;
  while (v > 0) {
    digits += static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  }
  if (negative) digits += '-';
  std::reverse(digits.begin(), digits.end());
  return digits;
}

// `ns` / `unit_ns` as a terminating decimal with at most `max_digits` fraction digits, if it is one.
std::optional<std::string> exact_decimal(std::int64_t ns, std::int64_t unit_ns, int max_digits) {
  Int128 power = 1;
  for (int f = 0; f <= max_digits; ++f, power *= 10) {
    const Int128 scaled = static_cast<Int128>(ns) * power;
    if (scaled % unit_ns != 0) continue;
    const Int128 q = scaled / unit_ns;
    const bool negative = q < 0;
    std::string digits = int128_text(negative ? -q : q);
    if (f > 0) {
      const auto fraction = static_cast<std::size_t>(f);
      if (digits.size() <= fraction) digits = fmt::format("{}{}", std::string(fraction + 1 - digits.size(), '0'), digits);
      digits = fmt::format("{}.{}", digits.substr(0, digits.size() - fraction), digits.substr(digits.size() - fraction));
    }
    return fmt::format("{}{}", negative ? "-" : "", digits);
  }
  return std::nullopt;
}

}  // namespace

std::string_view family_name(UnitFamily family) {
  switch (family) {
    case UnitFamily::number:
      return "a plain number";
    case UnitFamily::duration:
      return "a duration";
    case UnitFamily::rate:
      return "a rate";
    case UnitFamily::money:
      return "an amount of money";
    case UnitFamily::percentage:
      return "a percentage";
  }
  return "a value";
}

UnitValue parse_unit_value(std::string_view raw) {
  const std::string_view text = trim(raw);
  constexpr std::string_view kExpected = "expected a number or a value with a unit such as 10, 10k, 300ms, 2/s, $0.5 or 5%";
  if (text.empty()) throw UnitError(fmt::format("{}, got an empty text", kExpected));
  UnitValue v;
  if (text.find('$') != std::string_view::npos) {
    v.family = UnitFamily::money;
    v.base = parse_money_usd(text);
  } else if (text.back() == '%') {
    v.family = UnitFamily::percentage;
    const auto number = plain_number(trim(text.substr(0, text.size() - 1)));
    if (!number) throw UnitError(fmt::format("expected a percentage such as 5%, got '{}'", text));
    v.base = *number / 100;
    v.unit = "";
    v.scale = 0.01;
  } else if (text.find('/') != std::string_view::npos) {
    v.family = UnitFamily::rate;
    v.base = parse_rate_per_second(text);
    v.unit = without_spaces(text.substr(number_end(text)));
    v.scale = parse_rate_per_second("1" + v.unit);
  } else if (const auto number = plain_number(text)) {
    v.base = *number;
  } else if (const auto end = number_end(text); end > 0 && si_multiplier(trim(text.substr(end)))) {
    const auto number_part = plain_number(text.substr(0, end));
    if (!number_part) throw UnitError(fmt::format("{}, got '{}'", kExpected, text));
    v.unit = std::string(trim(text.substr(end)));
    v.scale = *si_multiplier(v.unit);
    v.base = *number_part * v.scale;
  } else if (is_digit(text.front()) || text.front() == '.' || text.front() == '-' || text.front() == '+') {
    v.family = UnitFamily::duration;
    v.ns = parse_duration(text).ns();
    v.base = static_cast<double>(v.ns) / 1e9;
    v.unit = last_unit_word(text);
    v.unit_ns = parse_duration("1" + v.unit).ns();
    v.scale = static_cast<double>(v.unit_ns) / 1e9;
  } else {
    throw UnitError(fmt::format("{}, got '{}'", kExpected, text));
  }
  if (!std::isfinite(v.base)) throw UnitError(fmt::format("must be finite, got '{}'", text));
  return v;
}

std::optional<UnitValue> try_unit_value(std::string_view text) {
  try {
    return parse_unit_value(text);
  } catch (const UnitError&) {
    return std::nullopt;
  }
}

std::string decimal_text(double number, int max_fraction_digits) {
  if (number == 0 || !std::isfinite(number)) return number == 0 ? "0" : fmt::format("{}", number);
  const int exponent = static_cast<int>(std::floor(std::log10(std::abs(number))));
  const int fraction = std::clamp(11 - exponent, 0, std::max(max_fraction_digits, 0));
  std::string s = fmt::format("{:.{}f}", number, fraction);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string text_in_unit(double number, const UnitValue& like) {
  switch (like.family) {
    case UnitFamily::money:
      return fmt::format("{}${}", number < 0 ? "-" : "", decimal_text(std::abs(number)));
    case UnitFamily::percentage:
      return fmt::format("{}%", decimal_text(number));
    case UnitFamily::duration:
      return fmt::format("{}{}", decimal_text(number, exact_fraction_digits(like.unit_ns)), like.unit);
    case UnitFamily::rate:
    case UnitFamily::number:
      break;
  }
  return fmt::format("{}{}", decimal_text(number), like.unit);
}

std::string text_like(double base, const UnitValue& like) {
  // Percentages: multiply rather than divide by 0.01, which is not exact in binary.
  if (like.family == UnitFamily::percentage) return text_in_unit(base * 100, like);
  return text_in_unit(base / like.scale, like);
}

std::string exact_duration_text(std::int64_t ns, const UnitValue& like) {
  if (auto text = exact_decimal(ns, like.unit_ns, exact_fraction_digits(like.unit_ns)))
    return fmt::format("{}{}", *text, like.unit);
  struct Named {
    std::string_view name;
    std::int64_t ns;
  };
  constexpr std::array<Named, 4> kSmaller{{{"s", 1'000'000'000}, {"ms", 1'000'000}, {"us", 1'000}, {"ns", 1}}};
  for (const Named& u : kSmaller) {
    if (u.ns >= like.unit_ns) continue;
    if (auto text = exact_decimal(ns, u.ns, exact_fraction_digits(u.ns))) return fmt::format("{}{}", *text, u.name);
  }
  return fmt::format("{}ns", ns);  // unreachable: every duration is whole nanoseconds
}

}  // namespace fmsim::models
