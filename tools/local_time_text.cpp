// Local wall-clock text of simulated instants.
#include "tools/local_time_text.h"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

namespace fmsim::cli {

LocalTimeText::LocalTimeText(const models::CalendarSpec& calendar)
    : zone_(date::locate_zone(calendar.time_zone)), start_utc_(calendar.start_utc) {}

std::chrono::sys_seconds LocalTimeText::utc(sim::SimTime t) const {
  return start_utc_ + std::chrono::floor<std::chrono::seconds>(std::chrono::nanoseconds((t - sim::SimTime::zero()).ns()));
}

std::string_view LocalTimeText::operator()(sim::SimTime t) {
  const auto u = utc(t);
  // A zone lookup only when t leaves the cached offset period (months long, between DST changes).
  if (!(u >= period_begin_ && u < period_end_)) {
    const date::sys_info info = zone_->get_info(u);
    period_begin_ = info.begin;
    period_end_ = info.end;
    offset_ = info.offset;
  }
  const auto local = u + offset_;
  const auto day = std::chrono::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> tod{local - day};
  const auto off_min = offset_.count() / 60;
  const auto abs_min = off_min < 0 ? -off_min : off_min;
  const auto r = fmt::format_to_n(text_, sizeof text_, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
                                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                                  static_cast<unsigned>(ymd.day()), tod.hours().count(), tod.minutes().count(),
                                  tod.seconds().count(), off_min < 0 ? '-' : '+', abs_min / 60, abs_min % 60);
  return {text_, r.size < sizeof text_ ? r.size : sizeof text_};
}

}  // namespace fmsim::cli
