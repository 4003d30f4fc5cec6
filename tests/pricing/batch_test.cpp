// Daily batch jobs: SageMaker batch transform (seed R4's wall time and cost, per-second billing,
// a job longer than a day) and Bedrock batch inference (per-token billing at the batch price, the
// completion window with and without a processing rate).
#include <chrono>
#include <cmath>
#include <cstdint>

#include <gtest/gtest.h>

#include "models/bedrock/bedrock_batch.h"
#include "models/sagemaker/batch_transform.h"
#include "tests/support/service_harness.h"
#include "tests/support/sim_time.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;
using testing::ServiceHarness;

using testing::at_s;
double cents(double usd) { return std::round(usd * 100) / 100; }

// `count` calls evenly spaced by `gap_s` from `first_s`, each with the given tokens.
struct EvenArrivals {
  ServiceHarness& h;
  Service& target;
  std::int64_t count;
  double first_s, gap_s;
  std::int64_t input_tokens = 1000, output_tokens = 50;
  std::int64_t k = 0;
  void start() {
    if (count > 0) h.sim.schedule_at<&EvenArrivals::fire>(at_s(first_s), this);
  }
  void fire(std::uint64_t) {
    CallInput in;
    in.input_tokens = input_tokens;
    in.output_tokens = output_tokens;
    target.call(in, h.listener, static_cast<CallTag>(k));
    ++k;
    if (k < count)
      h.sim.schedule_at<&EvenArrivals::fire>(
          at_s(first_s) + Duration::nanoseconds(std::llround(static_cast<double>(k) * gap_s * 1e9)), this);
  }
};

// Seed R4 scaled down 1,000x in documents and rate, which leaves the wall time and the cost as
// they are: 10,000 documents over a day, 2 x ml.inf2.24xlarge at $6.50/h, 0.5 documents/s each.
BatchJobSpec r4_transform(Duration startup) {
  BatchJobSpec s;
  s.run_at_minute = 0;
  s.instances = 2;
  s.documents_per_s_per_instance = 0.5;
  s.startup = startup;
  s.price_per_instance_hour_usd = 6.50;
  s.instance_type = "ml.inf2.24xlarge";
  return s;
}

TEST(BatchTransform, SeedR4WallTimeAndCost) {
  // Documents arrive at k x 8.64 s, k = 0..9,999 (day 1), then 100 more from t = 24 h (day 2).
  // The run at 00:00 on day 2 (t = 86,400 s) takes day 1's 10,000: the arrival at 86,400 s itself
  // waits for the next day. 10,000 / (2 x 0.5/s) = 10,000 s, plus 80 s of startup = 10,080 s =
  // 2.8 h; cost 2 x 2.8 h x $6.50 = $36.40.
  ServiceHarness h;
  BatchTransform job(h.ctx, "transform", r4_transform(Duration::seconds(80)));
  job.start();
  EvenArrivals day1{h, job, 10'000, 0, 8.64};
  EvenArrivals day2{h, job, 100, 86'400, 8.64};
  day1.start();
  day2.start();
  h.sim.run_until(at_s(27 * 3600));
  h.finish(h.sim.now());

  ASSERT_EQ(h.listener.calls.size(), 10'000u);
  for (const auto& c : h.listener.calls) ASSERT_EQ(c.result.status, CallStatus::ok);
  // Both instances finish their first document 80 + 2 s after the run, the last 10,080 s after.
  EXPECT_EQ(h.listener.calls.front().at, at_s(86'400 + 82));
  EXPECT_EQ(h.listener.calls[1].at, at_s(86'400 + 82));
  EXPECT_EQ(h.listener.calls.back().at, at_s(86'400 + 10'080));
  EXPECT_LT(h.listener.calls.back().tag, 10'000u);  // only day 1's documents
  EXPECT_FALSE(job.job_running());
  EXPECT_EQ(cents(h.cost_of("transform.instances")), 36.40);
  EXPECT_NEAR(h.cost_of("transform.instances"), 36.40, 1e-9);
}

TEST(BatchTransform, PureArithmeticWithoutStartup) {
  // 10,000 s = 2.777... h: 2 x 10,000 s x $6.50 / 3,600 = $36.111... -> $36.11.
  ServiceHarness h;
  BatchTransform job(h.ctx, "transform", r4_transform(Duration::zero()));
  job.start();
  EvenArrivals day1{h, job, 10'000, 0, 8.64};
  day1.start();
  h.sim.run_until(at_s(27 * 3600));
  h.finish(h.sim.now());
  ASSERT_EQ(h.listener.calls.size(), 10'000u);
  EXPECT_EQ(h.listener.calls.back().at, at_s(86'400 + 10'000));
  EXPECT_EQ(cents(h.cost_of("transform.instances")), 36.11);
}

TEST(BatchTransform, PerSecondBillingRoundsUp) {
  // One instance, 3 documents at 0.4/s: 7.5 s, billed as 8 s at $3,600/h ($1/s) = $8.00.
  ServiceHarness h;
  BatchJobSpec s;
  s.run_at_minute = 60;  // 01:00
  s.instances = 1;
  s.documents_per_s_per_instance = 0.4;
  s.price_per_instance_hour_usd = 3600;
  BatchTransform job(h.ctx, "t", s);
  job.start();
  EvenArrivals docs{h, job, 3, 10, 1};
  docs.start();
  h.sim.run_until(at_s(7200));
  h.finish(h.sim.now());
  ASSERT_EQ(h.listener.calls.size(), 3u);
  EXPECT_EQ(h.listener.calls[0].at, at_s(3600 + 2.5));
  EXPECT_EQ(h.listener.calls[2].at, at_s(3600 + 7.5));
  EXPECT_NEAR(h.cost_of("t.instances"), 8.0, 1e-9);
}

TEST(BatchTransform, AJobLongerThanADaySkipsTheNextRun) {
  // 100 documents at 1,000 s each on one instance: the 00:00 run on day 2 lasts 100,000 s, so the
  // run on day 3 (t = 172,800 s) is skipped and day 2's documents go in the run on day 4.
  ServiceHarness h;
  BatchJobSpec s;
  s.run_at_minute = 0;
  s.instances = 1;
  s.documents_per_s_per_instance = 0.001;
  s.price_per_instance_hour_usd = 1;
  BatchTransform job(h.ctx, "t", s);
  job.start();
  EvenArrivals day1{h, job, 100, 100, 100};
  EvenArrivals day2{h, job, 2, 90'000, 100};
  day1.start();
  day2.start();
  h.sim.run_until(at_s(3 * 86'400 + 3000));
  h.finish(h.sim.now());
  ASSERT_EQ(h.listener.calls.size(), 102u);
  EXPECT_EQ(h.listener.calls[99].at, at_s(86'400 + 100'000));
  EXPECT_EQ(h.listener.calls[100].at, at_s(3 * 86'400 + 1000));
  EXPECT_EQ(h.listener.calls[101].at, at_s(3 * 86'400 + 2000));
  // Billed 100,000 s + 2,000 s at $1/h.
  EXPECT_NEAR(h.cost_of("t.instances"), 102'000.0 / 3600, 1e-9);
}

TEST(BatchTransform, RejectsBadSpecs) {
  ServiceHarness h;
  BatchJobSpec s;
  s.instances = 0;
  EXPECT_THROW(BatchTransform(h.ctx, "t", s), std::invalid_argument);
  s.instances = 1;
  s.documents_per_s_per_instance = 0;
  EXPECT_THROW(BatchTransform(h.ctx, "t", s), std::invalid_argument);
  s.documents_per_s_per_instance = 1;
  s.price_per_instance_hour_usd = -1;
  EXPECT_THROW(BatchTransform(h.ctx, "t", s), std::invalid_argument);
}

BedrockOnDemandSpec nova_lite(double in, double out) {
  BedrockOnDemandSpec m;
  m.model = "nova-lite";
  m.batch = true;
  m.input_usd_per_mtok = in;
  m.output_usd_per_mtok = out;
  return m;
}

TEST(BedrockBatch, WithoutARateEveryRecordCompletesAtTheWindowsEnd) {
  // 100,000 records of 1,000 in + 50 out tokens over day 1 (seed R4 scaled 100x down). At the
  // seed's price ($0.06 / $0.24 per 1M, Nova Lite's on-demand price) each costs
  // 1,000 x 0.06e-6 + 50 x 0.24e-6 = $0.000072: $7.20 in all (the seed's $720 for 10M). Run at
  // 00:00 on day 2, all complete 24 h later.
  ServiceHarness h;
  BatchJobSpec job;
  job.run_at_minute = 0;
  BedrockBatch batch(h.ctx, "lite", nova_lite(0.06, 0.24), job);
  batch.start();
  EvenArrivals day1{h, batch, 100'000, 0, 0.864};
  day1.start();
  h.sim.run_until(at_s(2 * 86'400 + 1));
  h.finish(h.sim.now());
  ASSERT_EQ(h.listener.calls.size(), 100'000u);
  EXPECT_EQ(h.listener.calls.front().at, at_s(2 * 86'400));
  EXPECT_EQ(h.listener.calls.back().at, at_s(2 * 86'400));
  EXPECT_EQ(cents(h.cost_of("lite.input_tokens") + h.cost_of("lite.output_tokens")), 7.20);
  EXPECT_NEAR(h.cost_of("lite.input_tokens"), 6.00, 1e-9);
  EXPECT_NEAR(h.cost_of("lite.output_tokens"), 1.20, 1e-9);
}

TEST(BedrockBatch, AtTheBatchPriceItIsHalf) {
  ServiceHarness h;
  BatchJobSpec job;
  job.run_at_minute = 0;
  BedrockBatch batch(h.ctx, "lite", nova_lite(0.03, 0.12), job);
  batch.start();
  EvenArrivals day1{h, batch, 100'000, 0, 0.864};
  day1.start();
  h.sim.run_until(at_s(2 * 86'400 + 1));
  h.finish(h.sim.now());
  EXPECT_EQ(cents(h.cost_of("lite.input_tokens") + h.cost_of("lite.output_tokens")), 3.60);
}

TEST(BedrockBatch, AtARateRecordsPastTheWindowTimeOut) {
  // 63,000 tokens/min = one 1,050-token record per second; a 1 h window: records 1..3,600
  // complete at run + j s, the other 1,400 time out at run + 1 h and are not billed:
  // 3,600 x $0.000072 = $0.2592.
  ServiceHarness h;
  BatchJobSpec job;
  job.run_at_minute = 120;  // 02:00
  job.tokens_per_minute = 63'000;
  job.completion_window = Duration::hours(1);
  BedrockBatch batch(h.ctx, "lite", nova_lite(0.06, 0.24), job);
  batch.start();
  EvenArrivals docs{h, batch, 5'000, 0, 1};
  docs.start();
  h.sim.run_until(at_s(4 * 3600));
  h.finish(h.sim.now());
  ASSERT_EQ(h.listener.calls.size(), 5'000u);
  EXPECT_EQ(h.listener.calls[0].at, at_s(7200 + 1));
  EXPECT_EQ(h.listener.calls[0].result.status, CallStatus::ok);
  EXPECT_EQ(h.listener.calls[3599].at, at_s(7200 + 3600));
  EXPECT_EQ(h.listener.calls[3599].result.status, CallStatus::ok);
  EXPECT_EQ(h.listener.calls[3600].at, at_s(7200 + 3600));
  EXPECT_EQ(h.listener.calls[3600].result.status, CallStatus::timed_out);
  EXPECT_EQ(h.listener.calls[4999].result.status, CallStatus::timed_out);
  EXPECT_NEAR(h.cost_of("lite.input_tokens") + h.cost_of("lite.output_tokens"), 0.2592, 1e-12);
}

TEST(BedrockBatch, RejectsBadSpecs) {
  ServiceHarness h;
  BatchJobSpec job;
  EXPECT_THROW(BedrockBatch(h.ctx, "b", nova_lite(-1, 0), job), std::invalid_argument);
  job.tokens_per_minute = 0;
  EXPECT_THROW(BedrockBatch(h.ctx, "b", nova_lite(1, 1), job), std::invalid_argument);
  job.tokens_per_minute.reset();
  job.completion_window = Duration::zero();
  EXPECT_THROW(BedrockBatch(h.ctx, "b", nova_lite(1, 1), job), std::invalid_argument);
}

}  // namespace
}  // namespace fmsim::models

namespace fmsim::models {
namespace {

// run_at in local time across daylight saving: America/New_York springs forward on Sunday
// 2026-03-08 (02:00 EST -> 03:00 EDT), so 02:30 does not exist that day and its run is skipped;
// on Saturday 2026-03-07 it is 07:30 UTC, on Monday 2026-03-09 06:30 UTC.
TEST(DailyBatchQueue, RunsAtLocalTimeAndSkipsAMissingOne) {
  CalendarSpec cal;
  cal.time_zone = "America/New_York";
  cal.start_utc = std::chrono::sys_days{std::chrono::year{2026} / 3 / 7};  // 00:00 UTC = 19:00 EST on the 6th
  ServiceHarness h(1, cal);
  BatchJobSpec s;
  s.run_at_minute = 150;  // 02:30
  s.instances = 1;
  s.documents_per_s_per_instance = 1;
  s.price_per_instance_hour_usd = 0;
  BatchTransform job(h.ctx, "t", s);
  job.start();
  // One document before each candidate run: t = 1 h, 25 h, 49 h.
  EvenArrivals docs{h, job, 3, 3600, 86'400};
  docs.start();
  h.sim.run_until(at_s(4 * 86'400));
  h.finish(h.sim.now());
  ASSERT_EQ(h.listener.calls.size(), 3u);
  // Sat 02:30 EST = 07:30 UTC (t = 7.5 h) takes document 0; done 1 s later.
  EXPECT_EQ(h.listener.calls[0].at, at_s(7.5 * 3600 + 1));
  // Sun 02:30 does not exist; Mon 02:30 EDT = 06:30 UTC (t = 54.5 h) takes documents 1 and 2.
  EXPECT_EQ(h.listener.calls[1].at, at_s(54.5 * 3600 + 1));
  EXPECT_EQ(h.listener.calls[2].at, at_s(54.5 * 3600 + 2));
}

}  // namespace
}  // namespace fmsim::models
