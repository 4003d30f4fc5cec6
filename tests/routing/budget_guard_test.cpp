// THE budget guard test: a deployment in Tokyo sends everything to an expensive model until the
// day's spend reaches 95 % of a $100 daily budget; from that request on the guard rule sends
// requests to the cheap model; at local midnight (00:00 JST, 15:00 UTC, not UTC midnight) the
// guard resets and requests go back, until the next day's spend trips it again. Both happenings
// are lines of events.csv, written here through the real writer.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "models/deployment/model_client.h"
#include "models/routing/budget_guard.h"
#include "tests/routing/routing_test_support.h"
#include "tests/support/service_harness.h"
#include "tools/local_time_text.h"
#include "tools/services_csv.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;
using testing::FakeTarget;

struct LoggedEvent {
  SimTime time;
  std::string kind;
  double from, to;
  std::string reason;
};

// Keeps every event and writes it to events.csv as the run command does.
class EventCapture final : public EventLogSink {
 public:
  EventCapture(std::FILE* csv, cli::LocalTimeText& local) : csv_(csv, 0, local) {}
  void on_service_event(const ServiceEvent& e) override {
    events.push_back({e.time, std::string(e.kind), e.from, e.to, std::string(e.reason)});
    csv_.on_service_event(e);
  }
  std::vector<LoggedEvent> events;

 private:
  cli::EventsCsv csv_;
};

// One request a minute from t = 0, each a single call.
class MinuteDriver {
 public:
  MinuteDriver(sim::Simulator& sim, Service& client, CallListener& listener)
      : sim_(sim), client_(client), listener_(listener) {}
  void start() { sim_.schedule_at<&MinuteDriver::tick>(SimTime::zero(), this); }

 private:
  void tick(std::uint64_t n) {
    CallInput in;
    in.input_tokens = 100;
    in.output_tokens = 100;
    client_.call(in, listener_, n);
    sim_.schedule_in<&MinuteDriver::tick>(Duration::minutes(1), this, n + 1);
  }
  sim::Simulator& sim_;
  Service& client_;
  CallListener& listener_;
};

class BudgetGuardDay : public ::testing::Test {
 protected:
  // t = 0 is Monday 2024-03-11 09:00 JST (00:00 UTC); local midnight is at t = 15 h and 39 h.
  BudgetGuardDay()
      : cal(testing::calendar("Asia/Tokyo", testing::utc(2024, 3, 11, 0))),
        h(1, cal),
        local_time(cal),
        csv(std::tmpfile()),
        capture(csv, local_time),
        events(&capture),
        ctx{h.sim, h.streams, h.cost, h.metrics, events, h.calendar},
        // Prices in exact binary fractions, so the day's sums are exact.
        sonnet(h.sim, h.cost, "sonnet.tokens", 1.00),
        haiku(h.sim, h.cost, "haiku.tokens", 0.25) {}
  ~BudgetGuardDay() override { std::fclose(csv); }

  RouterSpec guarded() const {
    RouterSpec spec;
    spec.default_index = 0;  // sonnet
    RouteRuleSpec guard;
    guard.name = "budget_guard";
    guard.when.budget = BudgetGuardSpec{100, 0.95, {}};
    guard.targets = {1};  // haiku
    spec.rules = {guard};
    return spec;
  }
  std::string csv_text() {
    std::fflush(csv);
    std::rewind(csv);
    std::string out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, csv)) > 0) out.append(buf, n);
    return out;
  }
  // Sonnet calls sent in [from, to).
  std::size_t sonnet_calls(SimTime from, SimTime to) const {
    std::size_t n = 0;
    for (const SimTime t : sonnet.received_at) n += (t >= from && t < to);
    return n;
  }
  static SimTime minute(std::int64_t m) { return SimTime::zero() + Duration::minutes(m); }

  CalendarSpec cal;
  testing::ServiceHarness h;
  cli::LocalTimeText local_time;
  std::FILE* csv;
  EventCapture capture;
  EventLog events;
  ServiceContext ctx;
  FakeTarget sonnet, haiku;
};

TEST_F(BudgetGuardDay, SwitchesToTheCheapModelAt95PercentAndBackAtTokyoMidnight) {
  ModelClient client(ctx, {&sonnet, &haiku}, guarded(), nullptr);
  client.start();
  MinuteDriver driver(h.sim, client, h.listener);
  driver.start();

  // Each sonnet call is billed $1 when it ends, 1 s after it was sent; at the request of minute k
  // the k earlier ones are billed. Spend reaches $95 at minute 95 (10:35 JST): that request and
  // every later one of the day go to haiku.
  h.sim.run_until(minute(95));
  EXPECT_EQ(sonnet.received_at.size(), 95u);
  EXPECT_TRUE(haiku.received_at.empty());
  EXPECT_TRUE(capture.events.empty());
  h.sim.run_until(minute(96));
  ASSERT_EQ(haiku.received_at.size(), 1u);
  EXPECT_EQ(haiku.received_at[0], minute(95));
  ASSERT_EQ(capture.events.size(), 1u);
  const LoggedEvent& trip = capture.events[0];
  EXPECT_EQ(trip.kind, "budget_guard_tripped");
  EXPECT_EQ(trip.time, minute(95));
  EXPECT_EQ(trip.from, 100);
  EXPECT_EQ(trip.to, 95);
  EXPECT_EQ(trip.reason,
            "spent $95.00 of $100.00 (95% threshold) since the start of the run; rule 'budget_guard' now matches");

  // Up to local midnight (t = 15 h = minute 900) nothing goes back to sonnet.
  h.sim.run_until(minute(900));
  EXPECT_EQ(sonnet.received_at.size(), 95u);
  EXPECT_EQ(haiku.received_at.size(), 900u - 95u);
  ASSERT_EQ(capture.events.size(), 1u);

  // 00:00 JST: the guard resets (the day spent 95 x $1 + 805 x $0.25) and requests go to sonnet.
  h.sim.run_until(minute(901));
  ASSERT_EQ(capture.events.size(), 2u);
  const LoggedEvent& reset = capture.events[1];
  EXPECT_EQ(reset.kind, "budget_guard_reset");
  EXPECT_EQ(reset.time, SimTime::zero() + Duration::hours(15));
  EXPECT_EQ(reset.from, 95 + 805 * 0.25);
  EXPECT_EQ(reset.to, 0);
  EXPECT_EQ(sonnet_calls(minute(900), minute(901)), 1u);

  // The new day trips again after 95 more sonnet calls: at minute 995 (01:35 JST).
  h.sim.run_until(minute(995));
  EXPECT_EQ(sonnet_calls(minute(900), minute(995)), 95u);
  EXPECT_EQ(capture.events.size(), 2u);
  h.sim.run_until(minute(996));
  ASSERT_EQ(capture.events.size(), 3u);
  EXPECT_EQ(capture.events[2].kind, "budget_guard_tripped");
  EXPECT_EQ(capture.events[2].time, minute(995));
  EXPECT_EQ(capture.events[2].to, 95);
  EXPECT_EQ(capture.events[2].reason,
            "spent $95.00 of $100.00 (95% threshold) since 00:00 local; rule 'budget_guard' now matches");

  // UTC midnight (t = 24 h, 09:00 JST) is not a reset: haiku still takes every request.
  h.sim.run_until(minute(24 * 60 + 10));
  EXPECT_EQ(sonnet_calls(minute(995), minute(24 * 60 + 10)), 0u);
  EXPECT_EQ(capture.events.size(), 3u);

  // The next local midnight (t = 39 h) resets it again.
  h.sim.run_until(minute(39 * 60 + 1));
  ASSERT_EQ(capture.events.size(), 4u);
  EXPECT_EQ(capture.events[3].kind, "budget_guard_reset");
  EXPECT_EQ(capture.events[3].time, SimTime::zero() + Duration::hours(39));
  EXPECT_EQ(sonnet_calls(minute(39 * 60), minute(39 * 60 + 1)), 1u);

  // events.csv: local times in JST.
  const std::string text = csv_text();
  EXPECT_NE(text.find("0,5700,2024-03-11T10:35:00+09:00,router,budget_guard_tripped,100,95,spent $95.00 of $100.00"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("0,54000,2024-03-12T00:00:00+09:00,router,budget_guard_reset,296.25,0,local midnight: "
                      "$296.25 spent that day against $100.00; rule 'budget_guard' stops matching"),
            std::string::npos)
      << text;
}

TEST_F(BudgetGuardDay, AMidnightWithoutATripLogsNothing) {
  RouterSpec spec = guarded();
  spec.rules[0].when.budget = BudgetGuardSpec{1'000'000, 1.0, {}};  // never reached
  ModelClient client(ctx, {&sonnet, &haiku}, spec, nullptr);
  client.start();
  MinuteDriver driver(h.sim, client, h.listener);
  driver.start();
  h.sim.run_until(SimTime::zero() + Duration::hours(40));
  EXPECT_TRUE(capture.events.empty());
  EXPECT_TRUE(haiku.received_at.empty());
}

TEST_F(BudgetGuardDay, NoBudgetRuleSchedulesNoMidnightEvent) {
  RouterSpec spec = guarded();
  spec.rules[0].when.budget.reset();
  ModelClient client(ctx, {&sonnet, &haiku}, spec, nullptr);
  client.start();
  EXPECT_EQ(h.sim.pending(), 0u);
}

TEST_F(BudgetGuardDay, ABudgetRuleSchedulesOneMidnightEvent) {
  ModelClient client(ctx, {&sonnet, &haiku}, guarded(), nullptr);
  client.start();
  EXPECT_EQ(h.sim.pending(), 1u);
}

TEST_F(BudgetGuardDay, SpendIncludesRatesIntegratedUpToNow) {
  // A line billed by the hour (an endpoint's instances): $10/h crosses $95 at 9.5 h, with no
  // charge event anywhere near.
  const auto line = h.cost.add_line("endpoint.instances");
  h.cost.set_rate(SimTime::zero(), line, 10.0);
  BudgetGuard guard(ctx, "g", BudgetGuardSpec{100, 0.95, {}});
  EXPECT_FALSE(guard.holds(SimTime::zero() + Duration::hours(9)));
  EXPECT_FALSE(guard.holds(SimTime::zero() + Duration::minutes(569)));
  EXPECT_TRUE(guard.holds(SimTime::zero() + Duration::minutes(571)));
  EXPECT_TRUE(guard.tripped());
  // A reset at local midnight counts spend from there.
  guard.on_local_midnight(SimTime::zero() + Duration::hours(15));
  EXPECT_FALSE(guard.tripped());
  EXPECT_FALSE(guard.holds(SimTime::zero() + Duration::hours(24)));
  EXPECT_NEAR(guard.spent_today(SimTime::zero() + Duration::hours(24)), 90, 1e-9);
  EXPECT_TRUE(guard.holds(SimTime::zero() + Duration::hours(24) + Duration::minutes(31)));
  ASSERT_EQ(capture.events.size(), 3u);  // trip, reset, trip
}

TEST_F(BudgetGuardDay, SpendOfCountsOnlyTheNamedTargetsLines) {
  // Reserved capacity billed by the hour ($40/h) plus token bills. With spend_of: [sonnet] only
  // sonnet's $1 calls count and the guard trips at minute 95, as if there were no reservation.
  const auto line = h.cost.add_line("sonnet_pt.units");
  h.cost.set_rate(SimTime::zero(), line, 40.0);
  RouterSpec spec = guarded();
  spec.rules[0].when.budget->spend_of = {"sonnet"};
  ModelClient client(ctx, {&sonnet, &haiku}, spec, nullptr);
  client.start();
  MinuteDriver driver(h.sim, client, h.listener);
  driver.start();
  h.sim.run_until(minute(95));
  EXPECT_EQ(sonnet.received_at.size(), 95u);
  EXPECT_TRUE(haiku.received_at.empty());
  h.sim.run_until(minute(96));
  ASSERT_EQ(capture.events.size(), 1u);
  EXPECT_EQ(capture.events[0].time, minute(95));
  EXPECT_EQ(capture.events[0].to, 95);
  EXPECT_EQ(capture.events[0].reason,
            "spent $95.00 on sonnet of $100.00 (95% threshold) since the start of the run; rule 'budget_guard' now "
            "matches");

  // Counting every line, the same moment reads the reservation too: 40 x 96 / 60 + 95 x $1 + the
  // one haiku call ($0.25) = $159.25, which would have tripped the guard at minute 57.
  BudgetGuard all(ctx, "all", BudgetGuardSpec{100, 0.95, {}});
  EXPECT_DOUBLE_EQ(all.spent_today(minute(96)), 159.25);
}

TEST(BudgetGuard, ARunStartingAtLocalMidnightCountsAWholeDay) {
  // t = 0 is 00:00 JST: the first day's trip says "since 00:00 local".
  const CalendarSpec cal = testing::calendar("Asia/Tokyo", testing::utc(2024, 3, 10, 15));
  testing::ServiceHarness h(1, cal);
  struct Kinds final : EventLogSink {
    void on_service_event(const ServiceEvent& e) override { reasons.emplace_back(e.reason); }
    std::vector<std::string> reasons;
  } sink;
  EventLog events(&sink);
  ServiceContext ctx{h.sim, h.streams, h.cost, h.metrics, events, h.calendar};
  FakeTarget sonnet(h.sim, h.cost, "sonnet.tokens", 50), haiku(h.sim, h.cost, "haiku.tokens", 1);
  RouterSpec spec;
  RouteRuleSpec guard;
  guard.name = "budget_guard";
  guard.when.budget = BudgetGuardSpec{100, 0.95, {}};
  guard.targets = {1};
  spec.rules = {guard};
  ModelClient client(ctx, {&sonnet, &haiku}, spec, nullptr);
  client.start();
  EXPECT_EQ(h.sim.pending(), 1u);  // the next midnight
  for (int i = 0; i < 3; ++i) {
    client.call(CallInput{}, h.listener, static_cast<CallTag>(i));
    h.sim.run_until(SimTime::zero() + Duration::minutes(i + 1));
  }
  ASSERT_EQ(sink.reasons.size(), 1u);
  EXPECT_EQ(sink.reasons[0],
            "spent $100.00 of $100.00 (95% threshold) since 00:00 local; rule 'budget_guard' now matches");
  EXPECT_EQ(sonnet.received_at.size(), 2u);
  EXPECT_EQ(haiku.received_at.size(), 1u);
}

TEST(BudgetGuard, RefusesABudgetOrThresholdOutOfRange) {
  testing::ServiceHarness h;
  EXPECT_THROW(BudgetGuard(h.ctx, "g", BudgetGuardSpec{0, 0.95, {}}), std::invalid_argument);
  EXPECT_THROW(BudgetGuard(h.ctx, "g", BudgetGuardSpec{100, 0, {}}), std::invalid_argument);
  EXPECT_THROW(BudgetGuard(h.ctx, "g", BudgetGuardSpec{100, 1.01, {}}), std::invalid_argument);
  EXPECT_NO_THROW(BudgetGuard(h.ctx, "g", BudgetGuardSpec{100, 1, {}}));
}

}  // namespace
}  // namespace fmsim::models
