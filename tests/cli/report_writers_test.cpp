// Unit tests of the report's pieces: local wall-clock text (offsets east and west of UTC, half-hour
// zones, both daylight-saving changes, instants visited out of order), the grouping of cost lines
// by target, the SLO window tally, and targets.csv rows.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <date/date.h>
#include <gtest/gtest.h>

#include "tools/cost_by_target.h"
#include "tools/local_time_text.h"
#include "tools/slo_windows.h"
#include "tools/targets_csv.h"

using namespace fmsim;

namespace {

models::CalendarSpec calendar(const char* zone, int y, unsigned m, unsigned d, int utc_hour) {
  models::CalendarSpec c;
  c.time_zone = zone;
  c.start_utc = date::sys_days(date::year(y) / m / d) + std::chrono::hours(utc_hour);
  return c;
}

sim::SimTime at_s(double s) { return sim::SimTime::zero() + sim::Duration::nanoseconds(std::llround(s * 1e9)); }

std::string text_of(std::FILE* f) {
  std::rewind(f);
  std::string s;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) s.append(buf, n);
  return s;
}

}  // namespace

TEST(LocalTimeText, FormatsWallClockWithTheOffset) {
  cli::LocalTimeText utc(models::CalendarSpec{});
  EXPECT_EQ(utc(sim::SimTime::zero()), "1970-01-01T00:00:00+00:00");
  // Whole seconds, rounded down.
  EXPECT_EQ(utc(at_s(86400 + 3661.999)), "1970-01-02T01:01:01+00:00");

  // 2026-03-10T00:00 in Tokyo is 2026-03-09T15:00Z.
  cli::LocalTimeText tokyo(calendar("Asia/Tokyo", 2026, 3, 9, 15));
  EXPECT_EQ(tokyo(at_s(18 * 3600)), "2026-03-10T18:00:00+09:00");
  EXPECT_EQ(tokyo(at_s(24 * 3600 - 1)), "2026-03-10T23:59:59+09:00");
  EXPECT_EQ(tokyo(at_s(24 * 3600)), "2026-03-11T00:00:00+09:00");

  cli::LocalTimeText kolkata(calendar("Asia/Kolkata", 2026, 1, 1, 0));
  EXPECT_EQ(kolkata(sim::SimTime::zero()), "2026-01-01T05:30:00+05:30");
  cli::LocalTimeText st_johns(calendar("America/St_Johns", 2026, 1, 1, 12));
  EXPECT_EQ(st_johns(sim::SimTime::zero()), "2026-01-01T08:30:00-03:30");
}

TEST(LocalTimeText, FollowsDaylightSavingBothWays) {
  // New York, 2026-03-08: 02:00 EST becomes 03:00 EDT (07:00Z). t = 0 at 05:00Z = 00:00 EST.
  cli::LocalTimeText spring(calendar("America/New_York", 2026, 3, 8, 5));
  EXPECT_EQ(spring(at_s(2 * 3600 - 1)), "2026-03-08T01:59:59-05:00");
  EXPECT_EQ(spring(at_s(2 * 3600)), "2026-03-08T03:00:00-04:00");
  // Back before the change after the cache moved past it.
  EXPECT_EQ(spring(at_s(3600)), "2026-03-08T01:00:00-05:00");
  EXPECT_EQ(spring(at_s(3 * 3600)), "2026-03-08T04:00:00-04:00");

  // 2026-11-01: 02:00 EDT becomes 01:00 EST (06:00Z): the hour 01:00-02:00 twice. t = 0 at 04:00Z.
  cli::LocalTimeText autumn(calendar("America/New_York", 2026, 11, 1, 4));
  EXPECT_EQ(autumn(at_s(3600 + 1800)), "2026-11-01T01:30:00-04:00");
  EXPECT_EQ(autumn(at_s(2 * 3600 + 1800)), "2026-11-01T01:30:00-05:00");
  EXPECT_EQ(autumn(at_s(3 * 3600)), "2026-11-01T02:00:00-05:00");
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>(autumn.utc(at_s(3600.5)).time_since_epoch()).count(),
            std::chrono::duration_cast<std::chrono::seconds>(
                (date::sys_days(date::year(2026) / 11 / 1) + std::chrono::hours(5)).time_since_epoch())
                .count());

  // Sydney is south: 2026-04-05 03:00 AEDT becomes 02:00 AEST (16:00Z on the 4th).
  cli::LocalTimeText sydney(calendar("Australia/Sydney", 2026, 4, 4, 15));
  EXPECT_EQ(sydney(sim::SimTime::zero()), "2026-04-05T02:00:00+11:00");
  EXPECT_EQ(sydney(at_s(3600)), "2026-04-05T02:00:00+10:00");
}

TEST(CostByTarget, GroupsLinesByTheTargetBeforeTheDot) {
  const std::vector<std::string> lines{"function.requests", "haiku.input_tokens", "haiku_pt.model_units",
                                       "haiku.output_tokens", "api_gateway.requests"};
  const cli::CostByTarget g(lines, {"haiku", "haiku_pt", "sonnet"});
  EXPECT_EQ(g.groups(), (std::vector<std::string>{"haiku", "haiku_pt", "sonnet", "entry"}));
  std::vector<double> sums;
  g.sum(std::vector<double>{1, 20, 300, 4000, 50000}, sums);
  EXPECT_EQ(sums, (std::vector<double>{4020, 300, 0, 50001}));

  // No entry group without lines of no target.
  const cli::CostByTarget only_targets({"a.x", "b.y"}, {"a", "b"});
  EXPECT_EQ(only_targets.groups(), (std::vector<std::string>{"a", "b"}));
}

TEST(SloWindowTally, CountsWindowsWhoseQuantileIsOverTheBound) {
  models::SloSpec slo;
  slo.p50 = sim::Duration::seconds(1);
  slo.p99 = sim::Duration::seconds(2);
  cli::SloWindowTally tally(slo, nullptr);
  auto window = [&](std::vector<double> latencies_s) {
    models::RequestWindow w;
    for (double l : latencies_s) w.latency.record(sim::Duration::nanoseconds(std::llround(l * 1e9)));
    tally.on_request_window({sim::SimTime::zero(), at_s(60), &w, 0, 0});
  };
  window({0.5, 0.6, 0.7});          // both under
  window({0.5, 0.6, 3.0});          // p99 over
  window({1.5, 1.6, 1.7});          // p50 over
  window({});                       // nothing served: not counted
  window({2.5, 2.6, 2.7});          // both over
  EXPECT_EQ(tally.counts().windows, 4u);
  EXPECT_EQ(tally.counts().windows_over, 3u);
  EXPECT_EQ(tally.counts().over_by_quantile[0], 2u);  // p50
  EXPECT_EQ(tally.counts().over_by_quantile[2], 2u);  // p99
  EXPECT_EQ(tally.counts().over_by_quantile[1], 0u);  // p90 unbounded
}

TEST(TargetsCsv, WritesOneRowPerTargetWithEmptyCellsForNoValue) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  cli::TargetsCsv::write_header(f);
  cli::LocalTimeText local(calendar("Asia/Tokyo", 2026, 3, 9, 15));
  cli::TargetsCsv csv(f, 1, local, {"a", "b"});
  std::vector<models::TargetWindow> w(2);
  w[0].counts.routed = 4;
  w[0].counts.served = 3;
  w[0].counts.calls = 4;
  w[0].counts.ended = {3, 1, 0, 0, 0};
  w[0].counts.fallbacks = {1, 0, 0, 0};
  w[0].call_latency.record(sim::Duration::seconds(2));
  w[1].counts.served = 1;
  w[1].counts.calls = 1;
  w[1].counts.ended = {1, 0, 0, 0, 0};
  w[1].call_latency.record(sim::Duration::seconds(2));
  csv.on_target_window(at_s(60), at_s(120), w);
  std::vector<models::TargetWindow> idle(2);
  csv.on_target_window(at_s(120), at_s(180), idle);
  const std::string text = text_of(f);
  std::fclose(f);
  EXPECT_EQ(text,
            "replication,window_start_s,window_end_s,local_time,target,requests_routed,requests_served,served_share,"
            "calls,calls_ok,calls_throttled,calls_timed_out,calls_error,calls_rejected,fallbacks_throttle,"
            "fallbacks_capacity,fallbacks_error,fallbacks_timeout,call_latency_p50_s,call_latency_p99_s\n"
            "1,60,120,2026-03-10T00:01:00+09:00,a,4,3,0.75,4,3,1,0,0,0,1,0,0,0,2,2\n"
            "1,60,120,2026-03-10T00:01:00+09:00,b,0,1,0.25,1,1,0,0,0,0,0,0,0,0,2,2\n"
            "1,120,180,2026-03-10T00:02:00+09:00,a,0,0,,0,0,0,0,0,0,0,0,0,0,,\n"
            "1,120,180,2026-03-10T00:02:00+09:00,b,0,0,,0,0,0,0,0,0,0,0,0,0,,\n");
}
