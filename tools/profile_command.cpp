// Fitting a workload to a trace. One streaming pass: counts per local hour of day, the time each
// hour of day was observed (so a trace covering part of an hour or part of a day is normalised
// by what it covers, not by the clock), and the token values per class (kept in memory, 16 bytes
// a row, for exact quantiles).
#include "tools/profile_command.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>
#include <sstream>
#include <vector>

#include <date/tz.h>
#include <fmt/format.h>

#include "models/workload/local_calendar.h"
#include "models/workload/trace_reader.h"

namespace fmsim::cli {

namespace {

struct ClassValues {
  std::vector<double> input, output;
};

double quantile_sorted(const std::vector<double>& v, double p) {
  if (v.empty()) return NAN;
  const double pos = p * static_cast<double>(v.size() - 1);
  const auto i = static_cast<std::size_t>(pos);
  const double frac = pos - static_cast<double>(i);
  return i + 1 < v.size() ? v[i] + frac * (v[i + 1] - v[i]) : v[i];
}

// Lognormal maximum-likelihood fit on the positive values: median e^mean(ln x), sigma sd(ln x).
std::pair<double, double> lognormal_fit(const std::vector<double>& v) {
  double s = 0, s2 = 0;
  std::size_t n = 0;
  for (double x : v) {
    if (x <= 0) continue;
    const double l = std::log(x);
    s += l;
    s2 += l * l;
    ++n;
  }
  if (n < 2) return {NAN, NAN};
  const double mean = s / static_cast<double>(n);
  const double var = std::max(0.0, s2 / static_cast<double>(n) - mean * mean);
  return {std::exp(mean), std::sqrt(var)};
}

void print_tokens(std::FILE* out, const char* key, std::vector<double>& v) {
  std::sort(v.begin(), v.end());
  const auto [median, sigma] = lognormal_fit(v);
  fmt::print(out, "      # lognormal fit: {{distribution: lognormal, median: {:.4g}, sigma: {:.4g}}}\n", median, sigma);
  fmt::print(out, "      {}:\n        distribution: empirical\n        quantiles: {{", key);
  const std::array<double, 12> ps{0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1};
  double last = -1;
  bool first = true;
  for (double p : ps) {
    // Quantiles must not decrease; interpolation of sorted data guarantees it, rounding may not.
    const double q = std::max(last, std::round(quantile_sorted(v, p)));
    last = q;
    fmt::print(out, "{}{}: {}", first ? "" : ", ", p, q);
    first = false;
  }
  fmt::print(out, "}}\n");
}

}  // namespace

int profile_command(const ProfileOptions& o) {
  models::TraceSpec spec;
  spec.path = o.trace_path;
  if (o.format == "azure") spec.format = models::TraceFormat::azure;
  else if (o.format == "burstgpt") spec.format = models::TraceFormat::burstgpt;
  else if (o.format == "generic") spec.format = models::TraceFormat::generic;
  else {
    fmt::print(stderr, "--format: unknown trace format '{}' (azure, burstgpt, generic)\n", o.format);
    return 2;
  }
  spec.timestamp_column = o.timestamp_column;
  spec.input_tokens_column = o.input_tokens_column;
  spec.output_tokens_column = o.output_tokens_column;
  spec.class_column = o.class_column;
  spec.timestamp_zone = o.timestamp_zone;

  if (!models::is_time_zone(o.time_zone)) {
    const std::string near = models::nearest_time_zone(o.time_zone);
    fmt::print(stderr, "--time-zone: unknown time zone '{}'{}\n", o.time_zone,
               near.empty() ? std::string(" (IANA names such as Asia/Tokyo, UTC)") : fmt::format(", did you mean '{}'?", near));
    return 2;
  }

  try {
    models::TraceReader reader(spec);
    models::TraceRow row;
    std::array<double, 24> counts{};
    std::vector<ClassValues> classes;
    std::uint64_t rows = 0;
    std::int64_t last_ns = 0;
    std::optional<models::LocalCalendar> calendar;
    std::int64_t first_sub_second_ns = 0;
    while (reader.next(row)) {
      if (!calendar) {
        models::CalendarSpec cal;
        cal.time_zone = o.time_zone;
        std::int64_t first_unix_ns = 0;
        if (auto abs = reader.first_row_unix_ns()) {
          first_unix_ns = *abs;
        } else if (!o.start.empty()) {
          std::istringstream in(o.start);
          date::sys_seconds s;
          in >> date::parse("%FT%T%Ez", s);
          if (in.fail()) {
            fmt::print(stderr, "--start: expected an ISO 8601 instant with offset such as 2026-03-09T00:00:00+00:00, got '{}'\n",
                       o.start);
            return 2;
          }
          first_unix_ns = s.time_since_epoch().count() * 1'000'000'000LL;
        }
        const std::int64_t whole_s = first_unix_ns >= 0 ? first_unix_ns / 1'000'000'000 : -((-first_unix_ns + 999'999'999) / 1'000'000'000);
        cal.start_utc = date::sys_seconds{std::chrono::seconds{whole_s}};
        first_sub_second_ns = first_unix_ns - whole_s * 1'000'000'000;
        calendar.emplace(cal);
      }
      const auto t = sim::SimTime::from_ns(first_sub_second_ns + row.t_ns);
      counts[static_cast<std::size_t>(calendar->local(t).hour)] += 1;
      const std::size_t c = row.class_index < 0 ? 0 : static_cast<std::size_t>(row.class_index);
      if (classes.size() <= c) classes.resize(c + 1);
      if (row.input_tokens >= 0) classes[c].input.push_back(static_cast<double>(row.input_tokens));
      if (row.output_tokens >= 0) classes[c].output.push_back(static_cast<double>(row.output_tokens));
      last_ns = row.t_ns;
      ++rows;
    }
    if (rows == 0) {
      fmt::print(stderr, "{}: no data rows\n", o.trace_path);
      return 2;
    }
    // Seconds each local hour of day was observed, walking the calendar's hour segments.
    std::array<double, 24> exposure{};
    const auto begin = sim::SimTime::from_ns(first_sub_second_ns);
    const auto end = sim::SimTime::from_ns(first_sub_second_ns + last_ns);
    for (sim::SimTime a = begin; a < end;) {
      const sim::SimTime b = std::min(calendar->next_local_hour(a), end);
      exposure[static_cast<std::size_t>(calendar->local(a).hour)] += (b - a).seconds_f();
      a = b;
    }
    const double span_s = (end - begin).seconds_f();
    std::array<double, 24> rate{};
    double rate_sum = 0;
    int covered = 0;
    for (std::size_t h = 0; h < 24; ++h) {
      // An hour seen for under a minute gives no usable rate.
      if (exposure[h] >= 60) {
        rate[h] = counts[h] / exposure[h];
        rate_sum += rate[h];
        ++covered;
      }
    }

    std::FILE* out = stdout;
    fmt::print(out, "# fmsim profile of {}: {} rows over {:.1f} h; hourly profile in {}.\n", o.trace_path, rows,
               span_s / 3600, o.time_zone);
    if (covered < 24)
      fmt::print(out, "# Only {} of 24 local hours were observed for a minute or more; the others get weight 0.\n",
                 covered);
    fmt::print(out, "workload:\n  arrivals:\n    process: diurnal\n");
    // Each hour keeps its observed rate: daily_total x weight_h = rate_h x 3600, so the total is
    // what the observed hours bring (hours never observed carry none).
    const double per_day = rate_sum * 3600.0;
    fmt::print(out, "    daily_total: {:.0f}/day  # the observed hours' rates over a day\n", per_day);
    fmt::print(out, "    hourly_weights: [");
    for (std::size_t h = 0; h < 24; ++h)
      fmt::print(out, "{}{:.4g}", h ? ", " : "", rate_sum > 0 ? rate[h] / rate_sum : 0.0);
    fmt::print(out, "]\n  classes:\n");
    const auto& names = reader.class_names();
    for (std::size_t c = 0; c < classes.size(); ++c) {
      const std::size_t n = std::max(classes[c].input.size(), classes[c].output.size());
      if (n == 0) continue;
      const std::string name = c < names.size() ? names[c] : (names.empty() ? "all" : fmt::format("class{}", c));
      fmt::print(out, "    - name: \"{}\"\n      weight: {:.4g}  # {} rows\n", name,
                 static_cast<double>(n) / static_cast<double>(rows), n);
      if (!classes[c].input.empty()) print_tokens(out, "input_tokens", classes[c].input);
      if (!classes[c].output.empty()) print_tokens(out, "output_tokens", classes[c].output);
    }
    return 0;
  } catch (const models::TraceError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 2;
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 2;
  }
}

}  // namespace fmsim::cli
