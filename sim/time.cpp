// Printing of simulated time for logs, progress lines and error messages.
#include "sim/time.h"

#include <fmt/format.h>

namespace fmsim::sim {

std::string to_string(Duration d) {
  std::int64_t ns = d.ns();
  if (ns == 0) return "0s";
  std::string sign;
  if (ns < 0) {
    sign = "-";
    ns = -ns;
  }
  constexpr std::int64_t kSec = 1'000'000'000;
  if (ns < kSec) {
    if (ns % 1'000'000 == 0) return fmt::format("{}{}ms", sign, ns / 1'000'000);
    if (ns >= 1'000'000) return fmt::format("{}{:.3g}ms", sign, static_cast<double>(ns) / 1e6);
    if (ns % 1'000 == 0) return fmt::format("{}{}us", sign, ns / 1'000);
    if (ns >= 1'000) return fmt::format("{}{:.3g}us", sign, static_cast<double>(ns) / 1e3);
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
  std::string out = sign;
  if (days) out += fmt::format("{}d", days);
  if (hours) out += fmt::format("{}h", hours);
  if (mins) out += fmt::format("{}min", mins);
  if (s) out += fmt::format("{}s", s);
  return out;
}

std::string to_string(SimTime t) { return to_string(t.since_start()); }

}  // namespace fmsim::sim
