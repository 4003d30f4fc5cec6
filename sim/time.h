// Simulated time: a signed 64-bit count of nanoseconds behind strong types.
//
// `Duration` is a span, `SimTime` a point measured from the start of the run (t = 0). Integer
// nanoseconds do not drift: a 30-day run is 2.6e15 ns, far inside int64's 9.2e18. `double`
// seconds appear only at the edges (parsing, printing, statistics).
#pragma once

#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

namespace fmsim::sim {

class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration nanoseconds(std::int64_t ns) { return Duration(ns); }
  static constexpr Duration microseconds(std::int64_t us) { return Duration(us * 1'000); }
  static constexpr Duration milliseconds(std::int64_t ms) { return Duration(ms * 1'000'000); }
  static constexpr Duration seconds(std::int64_t s) { return Duration(s * 1'000'000'000); }
  static constexpr Duration minutes(std::int64_t m) { return seconds(m * 60); }
  static constexpr Duration hours(std::int64_t h) { return seconds(h * 3600); }
  static constexpr Duration days(std::int64_t d) { return seconds(d * 86400); }
  // Rounds to the nearest nanosecond (halves away from zero); saturates instead of overflowing
  // for absurd inputs. NaN throws std::invalid_argument: converting it to an integer is undefined.
  static Duration from_seconds(double s) {
    if (std::isnan(s)) throw std::invalid_argument("Duration::from_seconds: NaN");
    const double ns = s * 1e9;
    if (ns >= 9.2e18) return max();
    if (ns <= -9.2e18) return Duration(std::numeric_limits<std::int64_t>::min() + 1);
    // Half away from zero, inline: this runs for every random gap and service time, and libm's
    // round() showed in profiles. From 2^52 on every double is already a whole number.
    if (std::abs(ns) >= 4503599627370496.0) return Duration(static_cast<std::int64_t>(ns));
    return Duration(static_cast<std::int64_t>(ns + (ns >= 0 ? 0.5 : -0.5)));
  }
  static constexpr Duration zero() { return Duration(0); }
  static constexpr Duration max() { return Duration(std::numeric_limits<std::int64_t>::max()); }

  constexpr std::int64_t ns() const { return ns_; }
  constexpr double seconds_f() const { return static_cast<double>(ns_) / 1e9; }  // division: exact for whole ns multiples of a second

  constexpr Duration operator+(Duration o) const { return Duration(ns_ + o.ns_); }
  constexpr Duration operator-(Duration o) const { return Duration(ns_ - o.ns_); }
  constexpr Duration operator-() const { return Duration(-ns_); }
  constexpr Duration operator*(std::int64_t k) const { return Duration(ns_ * k); }
  constexpr Duration operator/(std::int64_t k) const { return Duration(ns_ / k); }
  constexpr std::int64_t operator/(Duration o) const { return ns_ / o.ns_; }
  constexpr Duration operator%(Duration o) const { return Duration(ns_ % o.ns_); }
  constexpr Duration& operator+=(Duration o) { ns_ += o.ns_; return *this; }
  constexpr Duration& operator-=(Duration o) { ns_ -= o.ns_; return *this; }
  constexpr auto operator<=>(const Duration&) const = default;

 private:
  constexpr explicit Duration(std::int64_t ns) : ns_(ns) {}
  std::int64_t ns_ = 0;
};

class SimTime {
 public:
  constexpr SimTime() = default;
  static constexpr SimTime from_ns(std::int64_t ns) { return SimTime(ns); }
  static constexpr SimTime zero() { return SimTime(0); }
  static constexpr SimTime max() { return SimTime(std::numeric_limits<std::int64_t>::max()); }
  static SimTime from_seconds(double s) { return SimTime(Duration::from_seconds(s).ns()); }

  constexpr std::int64_t ns() const { return ns_; }
  constexpr double seconds_f() const { return static_cast<double>(ns_) / 1e9; }  // division: exact for whole ns multiples of a second
  constexpr Duration since_start() const { return Duration::nanoseconds(ns_); }

  constexpr SimTime operator+(Duration d) const { return SimTime(ns_ + d.ns()); }
  constexpr SimTime operator-(Duration d) const { return SimTime(ns_ - d.ns()); }
  constexpr Duration operator-(SimTime o) const { return Duration::nanoseconds(ns_ - o.ns_); }
  constexpr SimTime& operator+=(Duration d) { ns_ += d.ns(); return *this; }
  constexpr auto operator<=>(const SimTime&) const = default;

 private:
  constexpr explicit SimTime(std::int64_t ns) : ns_(ns) {}
  std::int64_t ns_ = 0;
};

// Human-readable forms: "250ms", "1.5s", "2h30min", "3d4h". Exact for whole units, three
// significant decimals below a second.
std::string to_string(Duration d);
std::string to_string(SimTime t);

}  // namespace fmsim::sim
