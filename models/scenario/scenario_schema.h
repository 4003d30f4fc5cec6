// The keys a scenario may contain, level by level: the one list that both the unknown-key check
// and `--set` consult, so that they can never disagree about what exists. Adding a key to the
// format starts here (then the loader, then docs/scenarios.md).
#pragma once

#include <span>
#include <string_view>

namespace fmsim::models {

struct SchemaKey {
  std::string_view name;
  // Keys of the mapping below this key; empty for a key that takes a single value (including
  // values that are lists or maps of data, such as `samples` and `quantiles`).
  std::span<const SchemaKey> children{};
};

namespace schema {

// A distribution block (see distribution_reader.h): the union of every family's parameters;
// which of them may go together is checked per family.
inline constexpr SchemaKey kDistribution[] = {
    {"distribution"}, {"mean"},  {"value"}, {"median"}, {"sigma"}, {"cv"},      {"p50"},
    {"p99"},          {"shape"}, {"scale"}, {"min"},    {"max"},   {"samples"}, {"quantiles"},
};

inline constexpr SchemaKey kSpike[] = {{"start"}, {"duration"}, {"multiplier"}};
inline constexpr SchemaKey kWeekdays[] = {{"mon"}, {"tue"}, {"wed"}, {"thu"}, {"fri"}, {"sat"}, {"sun"}};
inline constexpr SchemaKey kTraceColumns[] = {{"timestamp"}, {"input_tokens"}, {"output_tokens"}, {"class"}};

// The union of every arrival process's parameters; which belong to which process is checked per
// process by the loader.
inline constexpr SchemaKey kArrivals[] = {
    {"process"},   {"rate"},           {"hourly_weights"}, {"points"},         {"daily_total"},
    {"weekdays", kWeekdays},           {"rates"},          {"generator"},      {"initial_state"},
    {"path"},      {"format"},         {"columns", kTraceColumns},             {"timestamp_zone"},
    {"offset"},    {"time_scale"},     {"volume"},         {"loop"},           {"bad_rows"},
    {"spikes", kSpike},
};

// One request class (an element of the `classes` list).
inline constexpr SchemaKey kRequestClass[] = {
    {"name"},          {"weight"},       {"hourly_weights"},
    {"input_tokens", kDistribution},     {"output_tokens", kDistribution},
    {"complexity", kDistribution},       {"tags"},
    {"model_calls"},   {"system_prompt_tokens"},           {"max_tokens_per_turn"},
};
inline constexpr SchemaKey kWorkload[] = {{"arrivals", kArrivals}, {"classes", kRequestClass}};

// A time-of-day level (models/core/daily_schedule.h): a plain number, or base + windows.
inline constexpr SchemaKey kScheduleWindow[] = {{"from"}, {"to"}, {"value"}, {"weekdays"}};
inline constexpr SchemaKey kDailySchedule[] = {{"base"}, {"windows", kScheduleWindow}};

// SDK-style retries (RetrySpec).
inline constexpr SchemaKey kRetry[] = {
    {"mode"},           {"max_attempts"},      {"base_delay"},   {"max_backoff"},   {"on_throttled"},
    {"on_error"},       {"on_timed_out"},      {"quota_capacity"}, {"retry_cost"},  {"timeout_retry_cost"},
    {"success_refund"},
};

// ---- entry tiers (EntrySpec)
inline constexpr SchemaKey kLambda[] = {
    {"memory"},
    {"architecture"},
    {"timeout"},
    {"overhead", kDistribution},
    {"cold_start"},
    {"runtime_init", kDistribution},
    {"handler_load", kDistribution},
    {"sdk_init", kDistribution},
    {"package_size"},
    {"keep_alive", kDistribution},
    {"max_lifetime", kDistribution},
    {"reserved_concurrency"},
    {"account_concurrency"},
    {"scale_up_per_10s"},
    {"provisioned_concurrency", kDailySchedule},
    {"price_per_request"},
    {"price_per_gb_second"},
    {"provisioned_price_per_gb_second"},
    {"provisioned_execution_price_per_gb_second"},
};
inline constexpr SchemaKey kApiGateway[] = {{"integration_timeout"}, {"price_per_request"}, {"client_retry", kRetry}};
inline constexpr SchemaKey kOrchestrator[] = {
    {"tasks"}, {"slots_per_task"}, {"overhead", kDistribution}, {"queue_capacity"}, {"price_per_task_hour"},
};
inline constexpr SchemaKey kQueue[] = {
    {"batch_size"},       {"max_pollers"},   {"visibility_timeout"},       {"max_receives"},
    {"max_message_age"},  {"poll_interval"}, {"price_per_queue_request"},  {"price_per_result_write"},
    {"price_per_result_read"},
};
inline constexpr SchemaKey kEntry[] = {
    {"kind"}, {"function", kLambda}, {"api_gateway", kApiGateway}, {"orchestrator", kOrchestrator}, {"queue", kQueue},
};

// ---- targets (TargetSpec): the union of every kind's keys; which belong to which kind is checked
// per kind by the loader.
inline constexpr SchemaKey kFleetLoad[] = {{"hourly"}, {"weekdays", kWeekdays}};
inline constexpr SchemaKey kGpuServer[] = {
    {"max_concurrency"}, {"inter_token_latency"}, {"inter_token_slope"}, {"max_output_tokens_per_s"},
    {"ttft_base"},       {"prefill_tokens_per_s"}, {"service_time", kDistribution},
};
inline constexpr SchemaKey kAutoscaling[] = {
    {"enabled"},         {"metric"},          {"target"},           {"min_instances"},        {"max_instances"},
    {"period"},          {"scale_out_datapoints"}, {"scale_in_datapoints"}, {"scale_in_ratio"},
    {"scale_out_cooldown"}, {"scale_in_cooldown"}, {"scheduled_min", kDailySchedule},
};
inline constexpr SchemaKey kTarget[] = {
    {"kind"},
    {"retry", kRetry},
    // station
    {"servers"},
    {"queue_capacity"},
    {"max_wait"},
    {"service_time", kDistribution},
    {"price_per_server_hour"},
    {"price_per_request"},
    // Bedrock
    {"model"},
    {"price_per_million_input_tokens"},
    {"price_per_million_output_tokens"},
    {"time_to_first_token", kDistribution},
    {"output_tokens_per_s", kDistribution},
    {"load", kFleetLoad},
    {"streaming"},
    {"requests_per_minute"},
    {"tokens_per_minute"},
    {"quota_pool"},
    {"output_burndown"},
    {"max_output_tokens"},
    {"read_timeout"},
    {"error_probability"},
    {"units", kDailySchedule},
    {"tokens_per_minute_per_unit"},
    {"term"},
    {"price_per_unit_hour"},
    {"max_queue_wait"},
    // SageMaker
    {"instance_type"},
    {"price_per_instance_hour"},
    {"instances", kDailySchedule},
    {"server", kGpuServer},
    {"invocation_timeout"},
    {"provisioning_delay", kDistribution},
    {"autoscaling", kAutoscaling},
    {"at_zero"},
    {"max_age"},
    {"memory"},
    {"max_concurrency"},
    {"cold_start", kDistribution},
    {"idle_timeout", kDistribution},
    {"provisioned_concurrency"},
    {"price_per_gb_second"},
    {"provisioned_price_per_gb_second"},
    // batch jobs
    {"run_at"},
    {"documents_per_s_per_instance"},
    {"startup"},
    {"completion_window"},
};
// `targets` maps names the user chooses to targets: "*" matches any key.
inline constexpr SchemaKey kTargets[] = {{"*", kTarget}};
// ---- router (RouterSpec). `split` maps target names to shares: data, so no children.
inline constexpr SchemaKey kBudgetGuard[] = {{"daily"}, {"at"}, {"spend_of"}};
inline constexpr SchemaKey kRouteWhen[] = {
    {"hours"},         {"weekdays"},          {"classes"},           {"tags"},
    {"complexity_at_least"}, {"complexity_below"}, {"prompt_tokens_at_least"}, {"prompt_tokens_below"},
    {"budget", kBudgetGuard},
};
inline constexpr SchemaKey kRouteRule[] = {
    {"name"}, {"when", kRouteWhen}, {"target"}, {"split"}, {"first_free"}, {"fallback"}, {"fallback_on"},
};
inline constexpr SchemaKey kRouter[] = {{"default"}, {"rules", kRouteRule}};

// The latency objective (SloSpec).
inline constexpr SchemaKey kSlo[] = {{"p50"}, {"p90"}, {"p99"}, {"p999"}};

inline constexpr SchemaKey kOutput[] = {{"window"}, {"cost_window"}};

inline constexpr SchemaKey kScenario[] = {
    {"name"},
    {"description"},
    {"seed"},
    {"horizon"},
    {"time_zone"},
    {"start"},
    {"workload", kWorkload},
    {"entry", kEntry},
    {"targets", kTargets},
    {"router", kRouter},
    {"slo", kSlo},
    {"output", kOutput},
};

}  // namespace schema

// The entry for `name` among `keys` (a "*" entry matches any name), or nullptr.
inline const SchemaKey* find_schema_key(std::span<const SchemaKey> keys, std::string_view name) {
  const SchemaKey* wildcard = nullptr;
  for (const SchemaKey& k : keys) {
    if (k.name == name) return &k;
    if (k.name == "*") wildcard = &k;
  }
  return wildcard;
}

}  // namespace fmsim::models
