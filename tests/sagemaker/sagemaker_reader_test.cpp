// The sagemaker_realtime / sagemaker_async scenario keys: what a valid block becomes, one-line
// errors for bad input (exact messages), and the R5 reference scenario.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "models/core/service_context.h"
#include "models/sagemaker/realtime_endpoint.h"
#include "models/scenario/scenario_loader.h"
#include "tests/scenario/scenario_test_support.h"

namespace fmsim::models {
namespace {

using testing::error_of;
using testing::with_head;

// Lines 6-9: the target; a test's extra keys start on line 10.
std::string realtime(std::string_view extra, std::string_view type = "ml.g5.2xlarge") {
  return with_head(std::string("targets:\n  ep:\n    kind: sagemaker_realtime\n    instance_type: ") + std::string(type) +
                   "\n" + std::string(extra));
}

const TargetSpec& only_target(const Scenario& s) {
  EXPECT_EQ(s.deployment.targets.size(), 1u);
  return s.deployment.targets.front();
}

TEST(SageMakerReader, RealtimeBlockWithCatalogPriceAndAutoscaling) {
  const Scenario s = parse_scenario(realtime("    server: {max_concurrency: 8, service_time: {distribution: exponential, mean: 2s}}\n"
                                             "    invocation_timeout: 30s\n"
                                             "    queue_capacity: 100\n"
                                             "    provisioning_delay: {distribution: uniform, min: 5min, max: 15min}\n"
                                             "    at_zero: wait\n"
                                             "    streaming: false\n"
                                             "    autoscaling:\n"
                                             "      metric: concurrent_requests_per_instance\n"
                                             "      target: 4\n"
                                             "      min_instances: 0\n"
                                             "      max_instances: 6\n"
                                             "      scale_out_cooldown: 60s\n"
                                             "      scheduled_min: {base: 0, windows: [{from: \"18:00\", to: \"24:00\", value: 2}]}\n"),
                                    "s.yaml");
  const TargetSpec& t = only_target(s);
  ASSERT_EQ(t.kind, TargetKind::sagemaker_realtime);
  const SageMakerEndpointSpec& e = t.endpoint;
  EXPECT_EQ(e.instance_type, "ml.g5.2xlarge");
  EXPECT_DOUBLE_EQ(e.price_per_instance_hour_usd, 1.515);  // the catalog's us-east-1 price
  EXPECT_EQ(e.server.max_concurrency, 8);
  ASSERT_TRUE(e.server.service_time.has_value());
  EXPECT_DOUBLE_EQ(e.server.service_time->mean(), 2.0);
  EXPECT_EQ(e.invocation_timeout, sim::Duration::seconds(30));
  EXPECT_EQ(e.queue_capacity, 100);
  EXPECT_DOUBLE_EQ(e.provisioning_delay.mean(), 600.0);
  EXPECT_EQ(e.at_zero, ZeroCapacityPolicy::wait);
  EXPECT_FALSE(e.streaming);
  const AutoscalingSpec& a = e.autoscaling;
  EXPECT_TRUE(a.enabled);
  EXPECT_EQ(a.metric, ScalingMetric::concurrent_requests_per_instance);
  EXPECT_EQ(a.period, sim::Duration::seconds(10));  // the high-resolution metric's default
  EXPECT_DOUBLE_EQ(a.target, 4);
  EXPECT_EQ(a.min_instances, 0);
  EXPECT_EQ(a.max_instances, 6);
  EXPECT_EQ(a.scale_out_cooldown, sim::Duration::seconds(60));
  EXPECT_EQ(a.scale_in_cooldown, sim::Duration::seconds(300));
  ASSERT_TRUE(a.scheduled_min.has_value());
  EXPECT_DOUBLE_EQ(a.scheduled_min->max_value(), 2);
}

TEST(SageMakerReader, PriceOverridesTheCatalogAndNeedsNoKnownType) {
  const Scenario s = parse_scenario(realtime("    price_per_instance_hour: $1.006\n    instances: 2\n", "ml.custom.big"), "s.yaml");
  const SageMakerEndpointSpec& e = only_target(s).endpoint;
  EXPECT_DOUBLE_EQ(e.price_per_instance_hour_usd, 1.006);
  EXPECT_DOUBLE_EQ(e.instances.base, 2);
  EXPECT_FALSE(e.autoscaling.enabled);
}

TEST(SageMakerReader, AsyncDefaultsScaleToZeroOnBacklog) {
  const Scenario s = parse_scenario(with_head("targets:\n  jobs:\n    kind: sagemaker_async\n"
                                              "    instance_type: ml.g5.xlarge\n"
                                              "    max_age: 30min\n"
                                              "    autoscaling: {max_instances: 3}\n"),
                                    "s.yaml");
  const TargetSpec& t = only_target(s);
  ASSERT_EQ(t.kind, TargetKind::sagemaker_async);
  EXPECT_EQ(t.async.max_age, sim::Duration::minutes(30));
  const AutoscalingSpec& a = t.async.endpoint.autoscaling;
  EXPECT_TRUE(a.enabled);
  EXPECT_EQ(a.metric, ScalingMetric::backlog_per_instance);
  EXPECT_DOUBLE_EQ(a.target, 5);
  EXPECT_EQ(a.min_instances, 0);
  EXPECT_EQ(a.max_instances, 3);
  EXPECT_DOUBLE_EQ(t.async.endpoint.price_per_instance_hour_usd, 1.408);
}

TEST(SageMakerReader, MinAboveMax) {
  EXPECT_EQ(error_of(realtime("    autoscaling: {min_instances: 5, max_instances: 2}\n")),
            "s.yaml:10:34: targets.ep.autoscaling.min_instances: min_instances (5) is greater than max_instances (2)");
  // The default max (4) counts too.
  EXPECT_EQ(error_of(realtime("    autoscaling: {min_instances: 6}\n")),
            "s.yaml:10:34: targets.ep.autoscaling.min_instances: min_instances (6) is greater than max_instances (4)");
}

TEST(SageMakerReader, TargetNotPositive) {
  EXPECT_EQ(error_of(realtime("    autoscaling: {target: 0}\n")),
            "s.yaml:10:27: targets.ep.autoscaling.target: must be > 0, got '0'");
  EXPECT_EQ(error_of(realtime("    autoscaling: {target: -3}\n")),
            "s.yaml:10:27: targets.ep.autoscaling.target: must be > 0, got '-3'");
}

TEST(SageMakerReader, UnknownInstanceTypeSuggestsTheNearest) {
  EXPECT_EQ(error_of(realtime("", "ml.g5.2xlarg")),
            "s.yaml:9:20: targets.ep.instance_type: unknown instance type 'ml.g5.2xlarg', did you mean 'ml.g5.2xlarge'?");
  EXPECT_EQ(error_of(realtime("", "ml.g5.2xlarge2")),
            "s.yaml:9:20: targets.ep.instance_type: unknown instance type 'ml.g5.2xlarge2', did you mean "
            "'ml.g5.2xlarge'?");
}

TEST(SageMakerReader, ConcurrencyZero) {
  EXPECT_EQ(error_of(realtime("    server: {max_concurrency: 0}\n")),
            "s.yaml:10:31: targets.ep.server.max_concurrency: must be >= 1, got '0'");
}

TEST(SageMakerReader, OtherMistakes) {
  EXPECT_EQ(error_of(with_head("targets:\n  ep:\n    kind: sagemaker_realtime\n")),
            "s.yaml:8:5: targets.ep.instance_type: required key is missing (expected an instance type such as "
            "ml.g5.2xlarge, or price_per_instance_hour)");
  EXPECT_EQ(error_of(realtime("    autoscaling: {metric: backlog_per_instance}\n")),
            "s.yaml:10:27: targets.ep.autoscaling.metric: backlog_per_instance is the metric of sagemaker_async "
            "endpoints; a real-time endpoint scales on invocations_per_instance or "
            "concurrent_requests_per_instance");
  EXPECT_EQ(error_of(realtime("    autoscaling: {max_instances: 2, scheduled_min: 3}\n")),
            "s.yaml:10:52: targets.ep.autoscaling.scheduled_min: reaches 3 instances, above max_instances (2)");
  EXPECT_EQ(error_of(realtime("    autoscaling: {scale_in_ratio: 1.5}\n")),
            "s.yaml:10:35: targets.ep.autoscaling.scale_in_ratio: must be <= 1 (a fraction of the target), got '1.5'");
  EXPECT_EQ(error_of(realtime("    at_zero: wiat\n")),
            "s.yaml:10:14: targets.ep.at_zero: unknown zero-capacity policy 'wiat', did you mean 'wait'?");
  EXPECT_EQ(error_of(realtime("    max_age: 1h\n")).substr(0, 60),
            std::string("s.yaml:10:5: targets.ep.max_age: key 'max_age' does not apply").substr(0, 60));
}

// R5's endpoint as shipped: ml.g5.2xlarge, min 1, max 4, target 10, cooldowns 60/300 s,
// provisioning 5-15 min, in JST.
TEST(SageMakerReader, R5ReferenceScenarioLoads) {
  const Scenario s = load_scenario(FMSIM_SOURCE_DIR "/scenarios/reference/r5_sagemaker_endpoint.yaml");
  EXPECT_EQ(s.calendar.time_zone, "Asia/Tokyo");
  const TargetSpec& t = only_target(s);
  ASSERT_EQ(t.kind, TargetKind::sagemaker_realtime);
  const SageMakerEndpointSpec& e = t.endpoint;
  EXPECT_EQ(e.instance_type, "ml.g5.2xlarge");
  const AutoscalingSpec& a = e.autoscaling;
  EXPECT_TRUE(a.enabled);
  EXPECT_EQ(a.metric, ScalingMetric::invocations_per_instance);
  EXPECT_EQ(a.min_instances, 1);
  EXPECT_EQ(a.max_instances, 4);
  EXPECT_DOUBLE_EQ(a.target, 10);
  EXPECT_EQ(a.scale_out_cooldown, sim::Duration::seconds(60));
  EXPECT_EQ(a.scale_in_cooldown, sim::Duration::seconds(300));
  EXPECT_DOUBLE_EQ(e.provisioning_delay.quantile(0), 300);
  EXPECT_DOUBLE_EQ(e.provisioning_delay.quantile(1), 900);
}

}  // namespace
}  // namespace fmsim::models
