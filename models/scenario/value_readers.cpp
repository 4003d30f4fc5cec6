// Shared value readers (see value_readers.h).
#include "models/scenario/value_readers.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string>

#include "models/scenario/mapping_reader.h"

namespace fmsim::models {

bool read_bool(const FieldReader& f) {
  const std::string& w = f.scalar("true or false");
  if (w == "true") return true;
  if (w == "false") return false;
  f.fail(fmt::format("expected true or false, got '{}'", w));
}

std::optional<std::int32_t> parse_clock_minute(std::string_view text) {
  int h = -1, m = -1;
  const char* p = text.data();
  const char* end = p + text.size();
  auto r1 = std::from_chars(p, end, h);
  if (r1.ec != std::errc() || r1.ptr == p || r1.ptr == end || *r1.ptr != ':') return std::nullopt;
  auto r2 = std::from_chars(r1.ptr + 1, end, m);
  if (r2.ec != std::errc() || r2.ptr != end || r2.ptr - r1.ptr != 3) return std::nullopt;
  if (h < 0 || m < 0 || m >= 60 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

double read_clock_hour(const FieldReader& f) {
  const std::string& text = f.scalar("a local time such as 09:30");
  if (const auto minute = parse_clock_minute(text)) return *minute / 60.0;
  f.fail(fmt::format("expected a local time from 00:00 to 24:00 such as 09:30, got '{}'", text));
}

double read_percentage(const FieldReader& f) {
  const std::string& text = f.scalar("a percentage such as 95%");
  std::string_view number = text;
  while (!number.empty() && number.back() == ' ') number.remove_suffix(1);
  const bool has_sign = !number.empty() && number.back() == '%';
  if (has_sign) number.remove_suffix(1);
  double v = 0;
  try {
    v = parse_number(number);
  } catch (const UnitError&) {
    f.fail(fmt::format("expected a percentage such as 95%, got '{}'", text));
  }
  if (!has_sign) {
    // Say both readings: 0.95 is most likely a fraction, 95 most likely meant 95%.
    const std::string as_written = fmt::format("{:g}%", v);
    if (v > 0 && v <= 1)
      f.fail(fmt::format("a percentage needs its '%' sign: write {:g}% for the fraction {} (or {} if you meant that)",
                         v * 100, text, as_written));
    f.fail(fmt::format("a percentage needs its '%' sign: write {} instead of '{}'", as_written, text));
  }
  if (!std::isfinite(v)) f.fail(fmt::format("must be finite, got '{}'", text));
  return v / 100;
}

namespace {

double read_level(const FieldReader& f, Bound bound, bool integral) {
  const double v = f.number(bound);
  if (integral && v != std::floor(v)) f.fail(fmt::format("expected a whole number, got '{}'", f.node().Scalar()));
  return v;
}

std::int32_t minute_of(double hour) { return static_cast<std::int32_t>(std::lround(hour * 60)); }

// Minutes of the week [start, end) a window covers, as up to 14 intervals (one or two per day).
bool overlaps(const DailyScheduleSpec::Window& a, const DailyScheduleSpec::Window& b) {
  auto intervals = [](const DailyScheduleSpec::Window& w) {
    std::vector<std::pair<int, int>> v;
    for (int d = 0; d < 7; ++d) {
      if (!w.weekdays[d]) continue;
      const int base = d * 1440;
      if (w.from_minute < w.to_minute) {
        v.emplace_back(base + w.from_minute, base + w.to_minute);
      } else {
        v.emplace_back(base + w.from_minute, base + 1440);
        const int next = ((d + 1) % 7) * 1440;
        v.emplace_back(next, next + w.to_minute);
      }
    }
    return v;
  };
  for (auto [s1, e1] : intervals(a))
    for (auto [s2, e2] : intervals(b))
      if (s1 < e2 && s2 < e1) return true;
  return false;
}

}  // namespace

DailyScheduleSpec read_daily_schedule(const FieldReader& f, Bound value_bound, bool integral) {
  if (f.is_scalar()) return DailyScheduleSpec::constant(read_level(f, value_bound, integral));
  const MappingReader m(f, schema::kDailySchedule);
  DailyScheduleSpec s;
  if (auto b = m.optional("base")) s.base = read_level(*b, value_bound, integral);
  const auto windows = m.required("windows", "a list of {from: \"18:00\", to: \"24:00\", value: 2}");
  const std::vector<FieldReader> elements = windows.elements("a list of {from, to, value} windows");
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const MappingReader w(elements[i], schema::kScheduleWindow);
    DailyScheduleSpec::Window win;
    const auto from = w.required("from", "a local time such as 18:00");
    const auto to = w.required("to", "a local time such as 24:00");
    win.from_minute = minute_of(read_clock_hour(from));
    win.to_minute = minute_of(read_clock_hour(to));
    if (win.from_minute == 1440) from.fail("a window cannot start at 24:00 (use 00:00)");
    if (win.to_minute == 0) win.to_minute = 1440;
    if (win.from_minute == win.to_minute) to.fail("a window must not be empty (from equals to)");
    win.value = read_level(w.required("value", "the level inside the window"), value_bound, integral);
    if (auto days = w.optional("weekdays")) {
      static constexpr std::array<std::string_view, 7> kNames{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
      win.weekdays.fill(false);
      for (const FieldReader& d : days->elements("a list of weekdays such as [mon, tue, wed]")) {
        std::vector<std::pair<std::string_view, int>> words;
        for (int k = 0; k < 7; ++k) words.emplace_back(kNames[k], k);
        const int day = choose_word<int>(d, "weekday", words);
        if (win.weekdays[day]) d.fail(fmt::format("weekday '{}' is listed twice", kNames[day]));
        win.weekdays[day] = true;
      }
    }
    for (std::size_t j = 0; j < s.windows.size(); ++j)
      if (overlaps(s.windows[j], win))
        elements[i].fail(fmt::format("overlaps window {} of the same schedule", j));
    s.windows.push_back(win);
  }
  return s;
}

}  // namespace fmsim::models
