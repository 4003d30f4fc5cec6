// Printing of simulated time for logs, progress lines and error messages.
#include "sim/time.h"

#include <limits>
#include <string>

#include <fmt/format.h>

namespace fmsim::sim {

namespace {
// `v` (in [1, 1000)) to three significant digits in fixed notation, trailing zeros dropped.
// Not fmt's {:.3g}: that prints 999.7 as "1e+03". Returns "1000" when rounding carries over, so
// the caller can move up one unit.
std::string three_significant(double v) {
  const int decimals = v >= 99.95 ? 0 : (v >= 9.995 ? 1 : 2);
  std::string s = fmt::format("{:.{}f}", v, decimals);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string scaled(const char* sign, double v, const char* unit, const char* next_unit) {
  const std::string digits = three_significant(v);
  if (digits == "1000") return fmt::format("{}1{}", sign, next_unit);
  return fmt::format("{}{}{}", sign, digits, unit);
}
}  // namespace

std::string to_string(Duration d) {
  std::int64_t ns = d.ns();
  if (ns == 0) return "0s";
  // A C string, not std::string: assigning "-" to a std::string trips a known GCC 12 -Wrestrict
  // false positive in the sanitizer build.
  const char* sign = "";
  if (ns < 0) {
    sign = "-";
    // -INT64_MIN overflows; one nanosecond is invisible at the day scale it prints at.
    ns = ns == std::numeric_limits<std::int64_t>::min() ? std::numeric_limits<std::int64_t>::max() : -ns;
  }
  constexpr std::int64_t kSec = 1'000'000'000;
  if (ns < kSec) {
    if (ns % 1'000'000 == 0) return fmt::format("{}{}ms", sign, ns / 1'000'000);
    if (ns >= 1'000'000) return scaled(sign, static_cast<double>(ns) / 1e6, "ms", "s");
    if (ns % 1'000 == 0) return fmt::format("{}{}us", sign, ns / 1'000);
    if (ns >= 1'000) return scaled(sign, static_cast<double>(ns) / 1e3, "us", "ms");
    return fmt::format("{}{}ns", sign, ns);
  }
  if (ns < 60 * kSec) {
    if (ns % kSec == 0) return fmt::format("{}{}s", sign, ns / kSec);
    return fmt::format("{}{:.4g}s", sign, static_cast<double>(ns) / 1e9);
  }
  // Minutes and above: largest units first, dropping zero parts and sub-second detail.
  std::int64_t s = ns / kSec;
  const std::int64_t days = s / 86400;
  s %= 86400;
  const std::int64_t hours = s / 3600;
  s %= 3600;
  const std::int64_t mins = s / 60;
  s %= 60;
  std::string out(sign);
  if (days) out += fmt::format("{}d", days);
  if (hours) out += fmt::format("{}h", hours);
  if (mins) out += fmt::format("{}min", mins);
  if (s) out += fmt::format("{}s", s);
  return out;
}

std::string to_string(SimTime t) { return to_string(t.since_start()); }

}  // namespace fmsim::sim
