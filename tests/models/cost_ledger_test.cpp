// models::CostLedger: piecewise-constant rate lines integrated exactly across window boundaries
// (16 servers × $1.515/h over 2.5 h in 1 h windows -> 24.24, 24.24, 12.12 to the cent), rate
// changes mid-window and on a boundary, one-off charges attributed to the window of their time,
// empty windows emitted as zero rows, several independent lines, a month-long run keeping its
// cents, and line totals / total() equal to the sums of the window rows.
#include "models/metrics/cost_ledger.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/money.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;

SimTime minutes(std::int64_t m) { return SimTime::from_ns(Duration::minutes(m).ns()); }

using fmsim::testing::cents;

struct CostRow {
  SimTime start;
  SimTime end;
  std::vector<double> by_line;
};

struct CostSink final : CostWindowSink {
  std::vector<CostRow> rows;
  void on_cost_window(SimTime start, SimTime end, std::span<const double> by_line) override {
    rows.push_back(CostRow{start, end, std::vector<double>(by_line.begin(), by_line.end())});
  }
  double column_sum(std::size_t line) const {
    double s = 0;
    for (const auto& r : rows) s += r.by_line.at(line);
    return s;
  }
};

TEST(CostLedger, RateIntegratedAcrossWindowBoundaries) {
  CostSink sink;
  CostLedger ledger(Duration::hours(1), &sink);
  const auto servers = ledger.add_line("servers");
  ledger.set_rate(SimTime::zero(), servers, 16 * 1.515);  // $24.24/h
  ledger.finish(minutes(150));

  ASSERT_EQ(sink.rows.size(), 3u);
  EXPECT_EQ(sink.rows[0].start, minutes(0));
  EXPECT_EQ(sink.rows[1].start, minutes(60));
  EXPECT_EQ(sink.rows[2].start, minutes(120));
  EXPECT_EQ(sink.rows[2].end, minutes(150));
  EXPECT_EQ(cents(sink.rows[0].by_line[0]), 2424);
  EXPECT_EQ(cents(sink.rows[1].by_line[0]), 2424);
  EXPECT_EQ(cents(sink.rows[2].by_line[0]), 1212);
  // Far tighter than a cent: the integral is exact up to floating-point rounding.
  EXPECT_NEAR(sink.rows[0].by_line[0], 24.24, 1e-9);
  EXPECT_NEAR(sink.rows[1].by_line[0], 24.24, 1e-9);
  EXPECT_NEAR(sink.rows[2].by_line[0], 12.12, 1e-9);
  EXPECT_EQ(cents(ledger.line_total(servers)), 6060);
  EXPECT_EQ(cents(ledger.total()), 6060);
  EXPECT_EQ(ledger.line_names(), (std::vector<std::string>{"servers"}));
}

TEST(CostLedger, RateChangesMidWindowAndOnABoundary) {
  // $10/h from 0, $20/h from 0:30, $0/h from 1:15, $6/h from exactly 2:00; finish at 3:00.
  //   [0,1h):  0.5 h × 10 + 0.5 h × 20 = 15
  //   [1h,2h): 0.25 h × 20 + 0.75 h × 0 = 5
  //   [2h,3h): 1 h × 6 = 6
  CostSink sink;
  CostLedger ledger(Duration::hours(1), &sink);
  const auto line = ledger.add_line("instances");
  ledger.set_rate(minutes(0), line, 10);
  ledger.set_rate(minutes(30), line, 20);
  ledger.set_rate(minutes(75), line, 0);
  ledger.set_rate(minutes(120), line, 6);
  ledger.finish(minutes(180));
  ASSERT_EQ(sink.rows.size(), 3u);
  EXPECT_NEAR(sink.rows[0].by_line[0], 15.0, 1e-9);
  EXPECT_NEAR(sink.rows[1].by_line[0], 5.0, 1e-9);
  EXPECT_NEAR(sink.rows[2].by_line[0], 6.0, 1e-9);
  EXPECT_NEAR(ledger.line_total(line), 26.0, 1e-9);
}

TEST(CostLedger, RateStartingLateLeavesEarlierWindowsAtZero) {
  CostSink sink;
  CostLedger ledger(Duration::hours(1), &sink);
  const auto line = ledger.add_line("late");
  ledger.set_rate(minutes(150), line, 12);  // 2:30
  ledger.finish(minutes(240));
  ASSERT_EQ(sink.rows.size(), 4u);
  EXPECT_EQ(sink.rows[0].by_line[0], 0.0);
  EXPECT_EQ(sink.rows[1].by_line[0], 0.0);
  EXPECT_NEAR(sink.rows[2].by_line[0], 6.0, 1e-9);
  EXPECT_NEAR(sink.rows[3].by_line[0], 12.0, 1e-9);
}

TEST(CostLedger, OneOffChargesGoToTheWindowOfTheirTime) {
  CostSink sink;
  CostLedger ledger(Duration::hours(1), &sink);
  const auto rate = ledger.add_line("servers");
  const auto requests = ledger.add_line("requests");
  ledger.set_rate(SimTime::zero(), rate, 3.0);
  ledger.charge(minutes(12), requests, 1.0);
  ledger.charge(minutes(60) - Duration::nanoseconds(1), requests, 2.0);  // last instant of window 0
  ledger.charge(minutes(60), requests, 4.0);                             // first instant of window 1
  // Nothing at all in window 2.
  ledger.charge(minutes(200), requests, 8.0);
  ledger.charge(minutes(201), requests, 0.5);
  ledger.finish(minutes(240));

  ASSERT_EQ(sink.rows.size(), 4u);
  const std::vector<double> expected_requests = {3.0, 4.0, 0.0, 8.5};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(sink.rows[i].by_line[requests], expected_requests[i], 1e-12) << i;
    EXPECT_NEAR(sink.rows[i].by_line[rate], 3.0, 1e-9) << i;  // the rate line is independent
    ASSERT_EQ(sink.rows[i].by_line.size(), 2u);
  }
  EXPECT_NEAR(ledger.line_total(requests), 15.5, 1e-12);
  EXPECT_NEAR(ledger.line_total(rate), 12.0, 1e-9);
  EXPECT_NEAR(ledger.total(), 27.5, 1e-9);
  EXPECT_EQ(ledger.line_names(), (std::vector<std::string>{"servers", "requests"}));
}

TEST(CostLedger, TotalsEqualSumsOfWindowRows) {
  // Irregular rates and charges on 7-minute windows, finishing off-grid: for every line the total
  // is the sum of its column, and total() the sum of the lines.
  CostSink sink;
  CostLedger ledger(Duration::minutes(7), &sink);
  const auto a = ledger.add_line("a");
  const auto b = ledger.add_line("b");
  const auto c = ledger.add_line("c");
  for (std::int64_t m = 0; m < 100; m += 3) {
    ledger.set_rate(minutes(m), a, static_cast<double>(m % 11) * 0.37);
    if (m % 2 == 0) ledger.charge(minutes(m), b, 0.013 * static_cast<double>(m));
    if (m % 5 == 0) ledger.set_rate(minutes(m), c, 100.0 - static_cast<double>(m));
  }
  ledger.finish(minutes(101));
  ASSERT_EQ(sink.rows.size(), 15u);  // 14 full windows of 7 min + [98, 101)
  EXPECT_EQ(sink.rows.back().end, minutes(101));
  double sum_lines = 0;
  for (auto line : {a, b, c}) {
    EXPECT_NEAR(ledger.line_total(line), sink.column_sum(line), 1e-9) << line;
    sum_lines += ledger.line_total(line);
  }
  EXPECT_NEAR(ledger.total(), sum_lines, 1e-12);
  EXPECT_GT(ledger.line_total(a), 0.0);
  EXPECT_GT(ledger.line_total(b), 0.0);
  EXPECT_GT(ledger.line_total(c), 0.0);
}

TEST(CostLedger, MonthLongRateKeepsItsCents) {
  // 30 days of a $24.24/h line in 1 h windows: 720 rows of 24.24 and a total of 17452.80.
  CostSink sink;
  CostLedger ledger(Duration::hours(1), &sink);
  const auto line = ledger.add_line("servers");
  ledger.set_rate(SimTime::zero(), line, 16 * 1.515);
  ledger.finish(SimTime::zero() + Duration::days(30));
  ASSERT_EQ(sink.rows.size(), 720u);
  for (const auto& r : sink.rows) ASSERT_EQ(cents(r.by_line[0]), 2424);
  EXPECT_EQ(cents(ledger.total()), 1745280);
  EXPECT_NEAR(ledger.total(), 17452.80, 1e-6);
}

TEST(CostLedger, NullSinkStillTotals) {
  CostLedger ledger(Duration::hours(1), nullptr);
  const auto line = ledger.add_line("x");
  ledger.set_rate(SimTime::zero(), line, 2.0);
  ledger.charge(minutes(30), line, 1.0);
  ledger.finish(minutes(90));
  EXPECT_NEAR(ledger.line_total(line), 4.0, 1e-9);
}

// spent(t), line_spent(t) and a group's spend read mid-run: charges so far plus rates integrated
// up to t, across window boundaries, and a group made late starts from what its lines had spent.
TEST(CostLedger, SpendSoFarByLineByGroupAndInAll) {
  CostLedger ledger(Duration::hours(1), nullptr);
  const auto units = ledger.add_line("pt.units");
  const auto tokens = ledger.add_line("haiku.tokens");
  const auto other = ledger.add_line("sonnet.tokens");
  ledger.set_rate(SimTime::zero(), units, 6.0);    // $0.10 a minute
  ledger.charge(minutes(10), tokens, 0.25);
  ledger.charge(minutes(20), other, 4.0);
  EXPECT_NEAR(ledger.line_spent(minutes(30), units), 3.0, 1e-12);
  EXPECT_NEAR(ledger.spent(minutes(30)), 7.25, 1e-12);
  const auto group = ledger.add_group(minutes(30), {units, tokens});
  EXPECT_NEAR(ledger.group_spent(minutes(30), group), 3.25, 1e-12);
  ledger.charge(minutes(70), tokens, 1.0);  // the next window
  ledger.charge(minutes(75), other, 2.0);   // not in the group
  ledger.set_rate(minutes(90), units, 12.0);
  const SimTime t = minutes(100);           // 9 + 2 = $11 of units, $1.25 of tokens
  EXPECT_NEAR(ledger.line_spent(t, units), 11.0, 1e-12);
  EXPECT_NEAR(ledger.group_spent(t, group), 12.25, 1e-12);
  EXPECT_NEAR(ledger.group_spent(t, group), ledger.line_spent(t, units) + ledger.line_spent(t, tokens), 1e-12);
  EXPECT_NEAR(ledger.spent(t), 12.25 + 6.0, 1e-12);
  ledger.finish(minutes(120));
  EXPECT_NEAR(ledger.total(), 15.0 + 1.25 + 6.0, 1e-12);  // units 9 + 30 min at $0.20
}

}  // namespace
}  // namespace fmsim::models
