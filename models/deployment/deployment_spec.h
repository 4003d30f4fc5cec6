// The deployment part of a scenario as plain typed structs: the entry tier in front, the targets
// that serve model calls, and the router between them. The loader resolves every catalog name
// (models, instance types) into prices and defaults here, so models never see the catalog or YAML.
// Defaults sit next to the fields, with their sources in ../shared/reference/aws-behaviour.md and
// docs/scenarios.md.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/core/daily_schedule.h"
#include "sim/distribution.h"
#include "sim/time.h"

namespace fmsim::models {

// ---------------------------------------------------------------- retries (AWS SDK behaviour)

enum class RetryMode { standard, adaptive };

// How a caller retries a failed call, as the AWS SDKs do it (botocore's standard and adaptive
// modes). Attempt n (n >= 2) waits U[0,1) * min(base * 2^(n-2), max_backoff) first (full jitter).
struct RetrySpec {
  RetryMode mode = RetryMode::standard;
  std::int32_t max_attempts = 3;                              // including the first; 1 = no retries
  sim::Duration base_delay = sim::Duration::seconds(1);       // botocore: 1 s
  sim::Duration max_backoff = sim::Duration::seconds(20);     // botocore: 20 s
  // Which failures are retried.
  bool on_throttled = true;
  bool on_error = true;
  bool on_timed_out = true;
  // The retry quota: a bucket of `quota_capacity` tokens; a retry costs `retry_cost` (or
  // `timeout_retry_cost` after a timeout), a success returns `success_refund`. An empty bucket
  // stops retrying. 0 capacity = no quota.
  std::int32_t quota_capacity = 500;
  std::int32_t retry_cost = 5;
  std::int32_t timeout_retry_cost = 10;
  std::int32_t success_refund = 1;

  static RetrySpec none() {
    RetrySpec r;
    r.max_attempts = 1;
    return r;
  }
};

// ---------------------------------------------------------------- entry tiers

enum class Architecture { x86_64, arm64 };

enum class ColdStartModel {
  phases,        // runtime init + handler load + SDK client init, each its own distribution
  memory,        // Node-like, mean/std linear in memory: 265/354 ms at 128 MB -> 246/253 ms at 2048 MB
  package_size,  // interpreted runtime, linear in package size: ~0.65 s at 16 MB, ~3.1 s at 64 MB
};

struct LambdaSpec {
  std::int32_t memory_mb = 1024;                  // 128 ... 10,240
  Architecture architecture = Architecture::x86_64;
  sim::Duration timeout = sim::Duration::seconds(3);  // 1 s ... 900 s
  // The function's own work per invocation, besides waiting on the model (seconds).
  sim::Distribution overhead = sim::Distribution::constant(0.010);
  // Cold start.
  ColdStartModel cold_start_model = ColdStartModel::phases;
  sim::Distribution runtime_init = sim::Distribution::constant(0.300);  // seconds (seed R5)
  sim::Distribution handler_load = sim::Distribution::constant(0.100);
  sim::Distribution sdk_init = sim::Distribution::constant(0.200);
  double package_mb = 16;  // for the package_size model
  // Keep-alive of an idle environment and the lifetime after which it is recycled.
  sim::Distribution keep_alive = sim::Distribution::constant(600);         // seconds
  sim::Distribution max_lifetime = sim::Distribution::uniform(7200, 21600);  // seconds (2-6 h)
  // Concurrency.
  std::optional<std::int32_t> reserved_concurrency;  // caps this function's environments
  std::int32_t account_concurrency = 1000;             // the region's account limit
  double scale_up_per_10s = 1000;                      // new environments per 10 s, refilled continuously
  DailyScheduleSpec provisioned_concurrency = DailyScheduleSpec::constant(0);
  // Prices (Lambda pricing, us-east-1; per architecture, resolved by the loader).
  double price_per_request_usd = 0.20e-6;
  double price_per_gb_second_usd = 0.0000166667;
  double provisioned_price_per_gb_second_usd = 0.0000041667;            // idle or not
  double provisioned_execution_price_per_gb_second_usd = 0.0000097222;  // instead of duration
};

struct ApiGatewaySpec {
  sim::Duration integration_timeout = sim::Duration::seconds(29);
  double price_per_request_usd = 3.50e-6;  // REST API, first 333M requests/month
  RetrySpec client_retry = RetrySpec::none();  // the client retrying 429/5xx
};

// An always-warm container service (ECS/Fargate-like) calling the model: no cold starts, `tasks`
// tasks of `slots_per_task` concurrent requests each, billed per task-hour.
struct OrchestratorSpec {
  std::int32_t tasks = 2;
  std::int32_t slots_per_task = 50;
  sim::Distribution overhead = sim::Distribution::constant(0.005);  // seconds per request
  std::optional<std::int64_t> queue_capacity;  // waiting requests; nullopt = unlimited
  double price_per_task_hour_usd = 0.04937;    // Fargate 1 vCPU + 2 GB, us-east-1
};

// The asynchronous queue pattern (R8): client -> queue -> Lambda pollers -> model -> result store;
// the client polls for the result.
struct QueueSpec {
  std::int32_t batch_size = 1;                                  // messages per poller invocation, 1-10
  std::int32_t max_pollers = 5;                                 // concurrent batches (event source mapping)
  sim::Duration visibility_timeout = sim::Duration::seconds(30);
  std::int32_t max_receives = 3;                                // then the dead-letter queue
  sim::Duration max_message_age = sim::Duration::days(4);       // retention; older messages expire
  sim::Duration poll_interval = sim::Duration::seconds(1);      // the client's polls of the result store
  double price_per_queue_request_usd = 0.40e-6;                 // SQS standard
  double price_per_result_write_usd = 0.625e-6;                 // DynamoDB on-demand write
  double price_per_result_read_usd = 0.125e-6;                  // DynamoDB on-demand read (per poll)
};

enum class EntryKind { none, lambda, api_gateway, orchestrator, queue };

struct EntrySpec {
  EntryKind kind = EntryKind::none;
  LambdaSpec function;          // lambda, api_gateway, queue
  ApiGatewaySpec api_gateway;   // api_gateway
  OrchestratorSpec orchestrator;
  QueueSpec queue;
};

// ---------------------------------------------------------------- targets

// A station (c servers, FIFO queue): the queueing-theory target.
struct StationSpec {
  std::int32_t servers = 1;                                           // >= 1
  std::optional<std::int64_t> queue_capacity;                         // waiting places; nullopt = unlimited
  sim::Distribution service_time = sim::Distribution::constant(1.0);  // seconds, >= 0
  std::optional<sim::Duration> max_wait;                              // queued longer than this -> timed_out
  double price_per_server_hour_usd = 0;                               // billed for every server, busy or idle
  double price_per_request_usd = 0;                                   // billed per request served (ok)
};

// Shared-fleet latency: the multiplier of time to first token and of generation time by local
// hour and weekday (1 = the median figures). The default is fmsim's assumption (no published
// figure): slowest on weekday business afternoons (x1.30 at 14-16 on Monday-Friday), fastest early
// on Sunday (x0.70 at 02-05), about 1 on average over a week (0.993), so that the catalog's median
// figures stay the typical values. docs/models/bedrock.md shows the profile and a scenario that
// reproduces the seed's 800 ms vs 280 ms (scenarios/reference/r7_fleet_variance.yaml).
struct FleetLoadSpec {
  std::vector<double> hourly{0.85, 0.82, 0.80, 0.80, 0.80, 0.82, 0.85, 0.90, 0.97, 1.05, 1.12, 1.16,
                             1.16, 1.20, 1.25, 1.25, 1.20, 1.12, 1.05, 1.00, 0.97, 0.93, 0.90, 0.87};  // 24 local hours
  std::array<double, 7> weekdays{1.04, 1.04, 1.04, 1.04, 1.04, 0.92, 0.88};  // Monday ... Sunday
  static FleetLoadSpec flat() { return FleetLoadSpec{std::vector<double>(24, 1.0), {1, 1, 1, 1, 1, 1, 1}}; }
};

struct BedrockOnDemandSpec {
  std::string model;  // catalog name
  double input_usd_per_mtok = 0;
  double output_usd_per_mtok = 0;
  // Latency: time to first token and output speed (tokens/s), both random, then multiplied
  // (time) / divided (speed) by the fleet load factor at the call's local time.
  sim::Distribution time_to_first_token = sim::Distribution::lognormal_p50_p99(0.76, 2.3);  // seconds
  sim::Distribution output_tokens_per_s = sim::Distribution::lognormal_p50_p99(60, 120);
  FleetLoadSpec load;
  bool streaming = true;  // the client perceives the first token; non-streaming: the whole answer
  // Quotas (per account and region, shared by every target with the same quota_pool).
  std::optional<double> requests_per_minute;
  std::optional<double> tokens_per_minute;
  std::string quota_pool;          // defaults to the model name (cross-region profiles: their own)
  double output_burndown = 1;      // output tokens count this many times against TPM
  std::int64_t max_output_tokens = 4096;  // reserved when a call leaves max_tokens unset
  sim::Duration read_timeout = sim::Duration::seconds(60);  // the SDK gives up (timed_out)
  double error_probability = 0;    // a call fails with a 5xx (error)
  RetrySpec retry;                 // the caller's SDK
  bool batch = false;              // batch inference: billed at the batch price, no quotas
};

enum class CommitmentTerm { none, one_month, six_months };

struct BedrockProvisionedSpec {
  std::string model;
  DailyScheduleSpec units = DailyScheduleSpec::constant(1);  // model units by local time of day
  double tokens_per_minute_per_unit = 40'000;   // input + output tokens
  CommitmentTerm term = CommitmentTerm::none;
  double price_per_unit_hour_usd = 0;           // of the term, resolved by the loader
  sim::Duration max_queue_wait = sim::Duration::seconds(1);  // then throttled (router falls back)
  sim::Distribution time_to_first_token = sim::Distribution::lognormal_p50_p99(0.35, 0.6);
  sim::Distribution output_tokens_per_s = sim::Distribution::lognormal_p50_p99(80, 110);
  bool streaming = true;
  sim::Duration read_timeout = sim::Duration::seconds(60);  // the SDK gives up (timed_out)
  RetrySpec retry = RetrySpec::none();  // a throttle here means "fall back", not "retry"
};

// Token-level model of one GPU inference server with continuous batching (models/sagemaker/
// gpu_server.h; defaults: Llama 3 8B / Llama 2 7B on an A10G, ml.g5.2xlarge). With n requests in
// service, each output token takes itl(n) = max(inter_token_latency + inter_token_slope * (n - 1),
// n / max_output_tokens_per_s); time to first token is ttft_base + input_tokens /
// prefill_tokens_per_s, stretched by the same factor itl(n) / itl(1) as decode. Defaults: a
// least-squares line through the TGI A10G table of aws-behaviour.md (1 -> 31 ms, 5 -> 38 ms,
// 10 -> 45 ms, 20 -> 61 ms), the ceiling at the highest throughput measured (314 tok/s), and a
// prefill of 5,000 tok/s with a 30 ms base so that 550 prompt tokens take ~137 ms (llmperf).
struct GpuServerSpec {
  std::int32_t max_concurrency = 16;  // K requests in service per instance
  sim::Duration inter_token_latency = sim::Duration::microseconds(31'230);
  sim::Duration inter_token_slope = sim::Duration::microseconds(1'564);
  double max_output_tokens_per_s = 314;
  sim::Duration ttft_base = sim::Duration::milliseconds(30);
  double prefill_tokens_per_s = 5'000;
  // A plain service time (seconds at concurrency 1) instead of the token model, for queueing
  // validation: the whole time is generation (the first token comes when service starts), still
  // stretched by itl(n) / itl(1) when several requests share the instance.
  std::optional<sim::Distribution> service_time;
};

enum class ScalingMetric { invocations_per_instance, concurrent_requests_per_instance, backlog_per_instance };
enum class ZeroCapacityPolicy { fail, wait };

struct AutoscalingSpec {
  bool enabled = false;
  ScalingMetric metric = ScalingMetric::invocations_per_instance;
  double target = 70;
  std::int32_t min_instances = 1;
  std::int32_t max_instances = 4;
  sim::Duration period = sim::Duration::seconds(60);  // datapoint period (10 s for the fast metric)
  std::int32_t scale_out_datapoints = 3;
  std::int32_t scale_in_datapoints = 15;
  double scale_in_ratio = 0.9;  // scale in below this fraction of the target
  sim::Duration scale_out_cooldown = sim::Duration::seconds(300);
  sim::Duration scale_in_cooldown = sim::Duration::seconds(300);
  std::optional<DailyScheduleSpec> scheduled_min;  // scheduled scaling of the minimum
};

struct SageMakerEndpointSpec {
  std::string instance_type;
  double price_per_instance_hour_usd = 0;
  // Without autoscaling: the instance count by local time of day. With autoscaling: the count at
  // t = 0 (clamped to [min, max]); the scaler decides from then on.
  DailyScheduleSpec instances = DailyScheduleSpec::constant(1);
  GpuServerSpec server;
  sim::Duration invocation_timeout = sim::Duration::seconds(60);
  std::optional<std::int64_t> queue_capacity;
  sim::Distribution provisioning_delay = sim::Distribution::uniform(300, 900);  // seconds (seed: 5-15 min)
  AutoscalingSpec autoscaling;
  ZeroCapacityPolicy at_zero = ZeroCapacityPolicy::fail;  // scale-to-zero endpoints
  // InvokeEndpointWithResponseStream: the caller perceives the first token; otherwise the answer.
  bool streaming = true;
  RetrySpec retry = RetrySpec::none();
};

struct SageMakerServerlessSpec {
  std::int32_t memory_mb = 4096;     // 1024 ... 6144 in 1024 steps
  std::int32_t max_concurrency = 20;  // 1 ... 200
  sim::Distribution cold_start = sim::Distribution::uniform(1, 5);       // seconds
  sim::Distribution idle_timeout = sim::Distribution::constant(600);      // seconds before scale-down
  std::int32_t provisioned_concurrency = 0;
  sim::Distribution time_to_first_token = sim::Distribution::constant(0.5);
  double output_tokens_per_s = 15;   // CPU inference
  sim::Duration invocation_timeout = sim::Duration::seconds(60);
  double price_per_gb_second_usd = 0.00002;
  double provisioned_price_per_gb_second_usd = 0.0000048;
  RetrySpec retry = RetrySpec::none();
};

struct SageMakerAsyncSpec {
  SageMakerEndpointSpec endpoint;  // autoscaling on backlog per instance, min 0 allowed
  sim::Duration max_age = sim::Duration::hours(1);
};

// A job that runs at a local time each day over the requests collected since the last run:
// SageMaker batch transform (instances x documents/s) or Bedrock batch inference (tokens at the
// batch price, finished within a completion window).
struct BatchJobSpec {
  std::int32_t run_at_minute = 120;  // local time of day the job starts (02:00)
  std::int32_t instances = 1;
  double documents_per_s_per_instance = 500;
  sim::Duration startup = sim::Duration::zero();  // billed, before the first document
  double price_per_instance_hour_usd = 0;
  std::string instance_type;
  // Bedrock batch: the job's processing rate (input + output tokens per minute); unset = only the
  // documented bound is known, every record completes at the end of the completion window.
  std::optional<double> tokens_per_minute;
  sim::Duration completion_window = sim::Duration::hours(24);  // Bedrock: records left after it fail
};

enum class TargetKind {
  station,
  bedrock_on_demand,
  bedrock_provisioned,
  bedrock_batch,
  sagemaker_realtime,
  sagemaker_serverless,
  sagemaker_async,
  sagemaker_batch,
};

struct TargetSpec {
  std::string name;  // the key under `targets`
  TargetKind kind = TargetKind::station;
  StationSpec station;
  BedrockOnDemandSpec on_demand;       // bedrock_on_demand, bedrock_batch (batch = true)
  BedrockProvisionedSpec provisioned;
  SageMakerEndpointSpec endpoint;      // sagemaker_realtime
  SageMakerServerlessSpec serverless;
  SageMakerAsyncSpec async;
  BatchJobSpec batch_job;              // sagemaker_batch, bedrock_batch
};

// ---------------------------------------------------------------- router

// Why a call moved on to the next target of its chain. A call ending with the status on the left
// falls back when the rule allows that reason: throttled -> throttle, rejected -> capacity (a
// full queue, no instance), error -> error, timed_out -> timeout.
enum class FallbackReason : std::uint8_t { throttle, capacity, error, timeout };
inline constexpr std::size_t kFallbackReasons = 4;

// A local time-of-day range [start, end) in minutes since local midnight; end may be 1440
// ("24:00"). start > end wraps past midnight ("22:00-06:00"); start == end is rejected by the loader.
struct HourRange {
  std::int32_t start_minute = 0;
  std::int32_t end_minute = 1440;
};

// The daily budget guard: matches once the spend since the last local midnight (rates
// integrated up to now) is at least threshold x daily_usd. The spend is that of every cost line,
// or only of the lines of the targets in `spend_of` (a router that adds up the token bills of its
// on-demand calls, leaving out reservations it cannot avoid).
struct BudgetGuardSpec {
  double daily_usd = 0;   // > 0
  double threshold = 1;   // a fraction, (0, 1]; written as a percentage (95%)
  std::vector<std::string> spend_of;  // target names (their lines are "<name>.*"); empty = every line
};

// What a rule looks at. Every condition given must hold; an unset one matches everything.
struct RouteConditionSpec {
  std::vector<HourRange> hours;                      // local time of day; empty = any time
  std::uint8_t weekdays = 0x7f;                      // bit d = local weekday d (0 = Monday)
  // The request classes the rule applies to, from `classes:` and `tags:` (a class matches a tag
  // list when it carries any of the tags; both given: both must hold). nullopt = any request,
  // classless ones (a trace without classes) included; a set never matches a classless request.
  std::optional<std::vector<std::int32_t>> classes;
  std::optional<double> complexity_at_least;         // the request's complexity score in [0, 1]
  std::optional<double> complexity_below;
  std::optional<std::int64_t> prompt_tokens_at_least;  // S + u: system prompt + user prompt
  std::optional<std::int64_t> prompt_tokens_below;
  std::optional<BudgetGuardSpec> budget;
};

enum class RouteChoice {
  single,      // `target: name`
  split,       // `split: {a: 90%, b: 10%}`: one drawn per request (stream router.<rule>.split)
  first_free,  // `first_free: [a, b]`: the first with free capacity now, else the first
};

// The longest chain a call may walk: the chosen target plus its fallbacks.
inline constexpr std::size_t kMaxRouteLength = 8;

struct RouteRuleSpec {
  std::string name;  // as written, or "rule<N>" (1-based position)
  RouteConditionSpec when;
  RouteChoice choice = RouteChoice::single;
  std::vector<std::int32_t> targets;  // indices into DeploymentSpec::targets; single: exactly one
  std::vector<double> weights;        // split: one per target, fractions summing to 1
  std::vector<std::int32_t> fallback;  // tried in order after the chosen target; no repeats
  // Indexed by FallbackReason: which failures move a call on to the next target.
  std::array<bool, kFallbackReasons> fallback_on{true, true, true, true};
};

// Ordered rules; a request takes the first rule that matches (evaluated once, when the request
// reaches the model client), else the default target with no fallback.
struct RouterSpec {
  std::string default_target;  // where requests go; the only target when there is one
  std::int32_t default_index = 0;  // its index in DeploymentSpec::targets
  std::vector<RouteRuleSpec> rules;
};

struct DeploymentSpec {
  EntrySpec entry;
  std::vector<TargetSpec> targets;  // in the order written
  RouterSpec router;
};

}  // namespace fmsim::models
