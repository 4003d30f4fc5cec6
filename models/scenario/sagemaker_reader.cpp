// The sagemaker_realtime and sagemaker_async target kinds: instance type (priced from the catalog
// unless a price is given), the GPU server model, the instance schedule, the invocation limit and
// the target-tracking autoscaling block. Every cross-key rule (min <= max, the scheduled minimum
// under the maximum, a metric that fits the kind) is checked here, so the models only ever see
// consistent specs.
#include <limits>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "models/scenario/deployment_reader.h"
#include "models/scenario/did_you_mean.h"
#include "models/scenario/distribution_reader.h"
#include "models/scenario/value_readers.h"

namespace fmsim::models {

namespace {

constexpr std::int64_t kMaxInt32 = std::numeric_limits<std::int32_t>::max();

enum class EndpointKind { realtime, async };

std::optional<std::int64_t> read_capacity_or_unlimited(const FieldReader& f) {
  if (f.is_word("unlimited")) return std::nullopt;
  const bool looks_numeric =
      f.is_scalar() && !f.node().Scalar().empty() &&
      std::string_view("0123456789+-.").find(f.node().Scalar().front()) != std::string_view::npos;
  if (!looks_numeric) f.fail(fmt::format("expected an integer >= 0 or 'unlimited', got {}", describe_node(f.node())));
  return f.count(CountSuffix::allowed, 0);
}

void read_price(const MappingReader& m, const PriceCatalog& catalog, SageMakerEndpointSpec& out) {
  const auto type = m.optional("instance_type");
  const auto price = m.optional("price_per_instance_hour");
  if (type) out.instance_type = type->scalar("an instance type such as ml.g5.2xlarge");
  if (price) {
    out.price_per_instance_hour_usd = price->money_usd(Bound::non_negative);
    return;
  }
  if (!type) {
    m.fail(m.path_of("instance_type"),
           "required key is missing (expected an instance type such as ml.g5.2xlarge, or price_per_instance_hour)");
  }
  const InstanceEntry* e = catalog.instance(out.instance_type);
  if (e == nullptr) {
    const std::vector<std::string_view> names = catalog.instance_names();
    const std::string hint = did_you_mean(out.instance_type, names);
    type->fail(hint.empty() ? fmt::format("unknown instance type '{}' (the catalog has: {}; or give "
                                          "price_per_instance_hour)",
                                          out.instance_type, join_words(names))
                            : fmt::format("unknown instance type '{}'{}", out.instance_type, hint));
  }
  out.price_per_instance_hour_usd = e->usd_per_hour;
}

void read_server(const MappingReader& s, GpuServerSpec& out) {
  if (auto f = s.optional("max_concurrency"))
    out.max_concurrency = static_cast<std::int32_t>(f->count(CountSuffix::forbidden, 1, kMaxInt32));
  if (auto f = s.optional("inter_token_latency")) out.inter_token_latency = f->duration(Bound::positive);
  if (auto f = s.optional("inter_token_slope")) out.inter_token_slope = f->duration(Bound::non_negative);
  if (auto f = s.optional("max_output_tokens_per_s")) out.max_output_tokens_per_s = f->number(Bound::positive);
  if (auto f = s.optional("ttft_base")) out.ttft_base = f->duration(Bound::non_negative);
  if (auto f = s.optional("prefill_tokens_per_s")) out.prefill_tokens_per_s = f->number(Bound::positive);
  if (auto f = s.optional("service_time")) out.service_time = parse_distribution(*f, ValueUnit::duration);
}

void read_autoscaling(const MappingReader& a, EndpointKind kind, AutoscalingSpec& out) {
  out.enabled = true;
  if (auto f = a.optional("enabled")) out.enabled = read_bool(*f);
  bool period_given = false;
  if (auto f = a.optional("metric")) {
    out.metric = choose_word<ScalingMetric>(*f, "scaling metric",
                                            {{"invocations_per_instance", ScalingMetric::invocations_per_instance},
                                             {"concurrent_requests_per_instance",
                                              ScalingMetric::concurrent_requests_per_instance},
                                             {"backlog_per_instance", ScalingMetric::backlog_per_instance}});
    if (kind == EndpointKind::realtime && out.metric == ScalingMetric::backlog_per_instance)
      f->fail("backlog_per_instance is the metric of sagemaker_async endpoints; a real-time endpoint scales on "
              "invocations_per_instance or concurrent_requests_per_instance");
  }
  if (auto f = a.optional("target")) out.target = f->number(Bound::positive);
  const auto min_f = a.optional("min_instances");
  const auto max_f = a.optional("max_instances");
  if (min_f) out.min_instances = static_cast<std::int32_t>(min_f->count(CountSuffix::forbidden, 0, kMaxInt32));
  if (max_f) out.max_instances = static_cast<std::int32_t>(max_f->count(CountSuffix::forbidden, 1, kMaxInt32));
  if (auto f = a.optional("period")) {
    out.period = f->duration(Bound::positive);
    period_given = true;
  }
  if (!period_given && out.metric == ScalingMetric::concurrent_requests_per_instance)
    out.period = sim::Duration::seconds(10);  // the high-resolution metric
  if (auto f = a.optional("scale_out_datapoints"))
    out.scale_out_datapoints = static_cast<std::int32_t>(f->count(CountSuffix::forbidden, 1, kMaxInt32));
  if (auto f = a.optional("scale_in_datapoints"))
    out.scale_in_datapoints = static_cast<std::int32_t>(f->count(CountSuffix::forbidden, 1, kMaxInt32));
  if (auto f = a.optional("scale_in_ratio")) {
    out.scale_in_ratio = f->number(Bound::positive);
    if (out.scale_in_ratio > 1) f->fail(fmt::format("must be <= 1 (a fraction of the target), got '{}'", f->node().Scalar()));
  }
  if (auto f = a.optional("scale_out_cooldown")) out.scale_out_cooldown = f->duration(Bound::non_negative);
  if (auto f = a.optional("scale_in_cooldown")) out.scale_in_cooldown = f->duration(Bound::non_negative);
  if (out.min_instances > out.max_instances) {
    const FieldReader& at = min_f ? *min_f : *max_f;
    at.fail(fmt::format("min_instances ({}) is greater than max_instances ({})", out.min_instances, out.max_instances));
  }
  if (auto f = a.optional("scheduled_min")) {
    out.scheduled_min = read_daily_schedule(*f, Bound::non_negative, true);
    if (out.scheduled_min->max_value() > out.max_instances)
      f->fail(fmt::format("reaches {} instances, above max_instances ({})", out.scheduled_min->max_value(),
                          out.max_instances));
  }
}

void read_endpoint(const MappingReader& m, const PriceCatalog& catalog, EndpointKind kind, SageMakerEndpointSpec& out) {
  read_price(m, catalog, out);
  if (auto f = m.optional("instances")) out.instances = read_daily_schedule(*f, Bound::non_negative, true);
  if (m.has("server")) read_server(m.required_mapping("server"), out.server);
  if (auto f = m.optional("invocation_timeout")) out.invocation_timeout = f->duration(Bound::positive);
  if (auto f = m.optional("queue_capacity")) out.queue_capacity = read_capacity_or_unlimited(*f);
  if (auto f = m.optional("provisioning_delay")) out.provisioning_delay = parse_distribution(*f, ValueUnit::duration);
  if (m.has("autoscaling")) read_autoscaling(m.required_mapping("autoscaling"), kind, out.autoscaling);
  if (auto f = m.optional("at_zero"))
    out.at_zero = choose_word<ZeroCapacityPolicy>(*f, "zero-capacity policy",
                                                  {{"fail", ZeroCapacityPolicy::fail}, {"wait", ZeroCapacityPolicy::wait}});
  if (auto f = m.optional("streaming")) out.streaming = read_bool(*f);
  if (auto f = m.optional("retry")) out.retry = read_retry(*f, out.retry);
}

}  // namespace

void read_sagemaker_realtime(const MappingReader& m, const PriceCatalog& catalog, SageMakerEndpointSpec& out) {
  static constexpr std::string_view kKeys[] = {
      "kind",       "retry",          "instance_type", "price_per_instance_hour", "instances", "server",
      "invocation_timeout", "queue_capacity", "provisioning_delay", "autoscaling", "at_zero", "streaming"};
  m.allow_only(kKeys, "a sagemaker_realtime target");
  read_endpoint(m, catalog, EndpointKind::realtime, out);
}

void read_sagemaker_async(const MappingReader& m, const PriceCatalog& catalog, SageMakerAsyncSpec& out) {
  static constexpr std::string_view kKeys[] = {"kind",      "retry",  "instance_type",      "price_per_instance_hour",
                                               "instances", "server", "provisioning_delay", "autoscaling",
                                               "max_age"};
  m.allow_only(kKeys, "a sagemaker_async target");
  // Async defaults: scale on the backlog, down to zero (AWS's async autoscaling example: target 5
  // ApproximateBacklogSizePerInstance, MinCapacity 0).
  out.endpoint.autoscaling.metric = ScalingMetric::backlog_per_instance;
  out.endpoint.autoscaling.target = 5;
  out.endpoint.autoscaling.min_instances = 0;
  out.endpoint.at_zero = ZeroCapacityPolicy::wait;
  read_endpoint(m, catalog, EndpointKind::async, out.endpoint);
  if (auto f = m.optional("max_age")) out.max_age = f->duration(Bound::positive);
}

}  // namespace fmsim::models
