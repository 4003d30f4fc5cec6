// LocalCalendar: local-hour segments from the tz database (see local_calendar.h).
#include "models/workload/local_calendar.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <date/tz.h>

namespace fmsim::models {
namespace {

constexpr std::int64_t kNsPerS = 1'000'000'000;
constexpr std::int64_t kSecondsPerHour = 3600;
constexpr std::int64_t kSecondsPerDay = 86400;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

std::string normalise(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c == ' ') ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

// Runs only on error paths (~600 names x a short edit distance: well under a millisecond).
std::string nearest_time_zone(const std::string& bad) {
  const std::string key = normalise(bad);
  std::vector<std::string> names;
  try {
    const auto& db = date::get_tzdb();
    // With the system tz database (USE_OS_TZDB) links are files too, so `zones` lists them.
    for (const auto& z : db.zones) names.push_back(z.name());
  } catch (const std::exception&) {
    return {};
  }
  std::string best;
  std::size_t best_d = std::numeric_limits<std::size_t>::max();
  for (const auto& n : names) {
    const std::string nn = normalise(n);
    // "new_york" names the city of "America/New_York": treat a matching last component as close.
    const auto slash = nn.rfind('/');
    std::size_t d = edit_distance(key, nn);
    if (slash != std::string::npos && key.find('/') == std::string::npos)
      d = std::min(d, edit_distance(key, std::string_view(nn).substr(slash + 1)));
    if (d < best_d) best_d = d, best = n;
  }
  const std::size_t limit = std::max<std::size_t>(2, key.size() / 4);
  return best_d <= limit ? best : std::string();
}

bool is_time_zone(const std::string& name) {
  try {
    date::locate_zone(name);
    return true;
  } catch (const std::runtime_error&) {
    return false;
  }
}

namespace {

// Seconds relative to t = 0 -> SimTime, saturating (the tz database's "no further transition"
// sentinel lies far beyond int64 nanoseconds).
sim::SimTime to_sim(std::int64_t rel_s) {
  constexpr std::int64_t lim = std::numeric_limits<std::int64_t>::max() / kNsPerS;
  if (rel_s >= lim) return sim::SimTime::max();
  if (rel_s <= -lim) return sim::SimTime::from_ns(std::numeric_limits<std::int64_t>::min());
  return sim::SimTime::from_ns(rel_s * kNsPerS);
}

}  // namespace

LocalCalendar::LocalCalendar(const CalendarSpec& spec)
    : zone_name_(spec.time_zone), start_utc_s_(spec.start_utc.time_since_epoch().count()) {
  try {
    zone_ = date::locate_zone(spec.time_zone);
  } catch (const std::runtime_error&) {
    std::string msg = "unknown time zone '" + spec.time_zone + "'";
    if (const std::string s = nearest_time_zone(spec.time_zone); !s.empty()) msg += " (did you mean '" + s + "'?)";
    msg += "; expected an IANA name such as 'America/New_York' or 'UTC'";
    throw std::invalid_argument(msg);
  }
  const auto info = zone_->get_info(date::sys_seconds{std::chrono::seconds{start_utc_s_}});
  base_local_day_ = floor_div(start_utc_s_ + info.offset.count(), kSecondsPerDay);
}

LocalCalendar::LocalTime LocalCalendar::local(sim::SimTime t) const {
  const Segment& s = segment(t);
  const double ns_of_day = static_cast<double>(s.ns_of_day_at_start + (t - s.start).ns());
  return LocalTime{s.weekday, s.hour, ns_of_day / 3.6e12, s.day_index};
}

void LocalCalendar::load(sim::SimTime t) const {
  using date::sys_seconds;
  using std::chrono::seconds;
  const std::int64_t utc_s = start_utc_s_ + floor_div(t.ns(), kNsPerS);
  const auto info = zone_->get_info(sys_seconds{seconds{utc_s}});
  const auto offset = info.offset;
  std::int64_t begin = info.begin.time_since_epoch().count();
  std::int64_t end = info.end.time_since_epoch().count();

  // The local hour mark at or before t, and the next one, as UTC seconds under this offset.
  const std::int64_t hour_start = utc_s - floor_mod(utc_s + offset.count(), kSecondsPerHour);
  const std::int64_t hour_end = hour_start + kSecondsPerHour;
  // A transition that keeps the offset (an abbreviation change) is not a boundary: look through
  // it, but only when it falls inside this hour, so the sentinels far in the past and future are
  // never probed.
  while (begin > hour_start) {
    const auto prev = zone_->get_info(sys_seconds{seconds{begin - 1}});
    if (prev.offset != offset) break;
    begin = prev.begin.time_since_epoch().count();
  }
  while (end < hour_end) {
    const auto next = zone_->get_info(sys_seconds{seconds{end}});
    if (next.offset != offset) break;
    end = next.end.time_since_epoch().count();
  }
  const std::int64_t seg_start = std::max(hour_start, begin);
  const std::int64_t seg_end = std::min(hour_end, end);

  const std::int64_t local_start = seg_start + offset.count();
  const std::int64_t day = floor_div(local_start, kSecondsPerDay);
  const std::int64_t sod = local_start - day * kSecondsPerDay;
  cache_.start = to_sim(seg_start - start_utc_s_);
  cache_.end = to_sim(seg_end - start_utc_s_);
  cache_.hour = static_cast<int>(sod / kSecondsPerHour);
  cache_.weekday = static_cast<int>(floor_mod(day + 3, 7));  // 1970-01-01 was a Thursday (3)
  cache_.day_index = day - base_local_day_;
  cache_.ns_of_day_at_start = sod * kNsPerS;
}

}  // namespace fmsim::models
