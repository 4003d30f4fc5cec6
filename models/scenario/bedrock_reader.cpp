// The Bedrock target kinds (bedrock_on_demand, bedrock_provisioned) and the SDK `retry` block.
// A target names its model in the price catalog; prices, quotas, token accounting and latency
// medians come from the catalog entry, and every key the scenario gives overrides them.
#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "models/scenario/deployment_reader.h"
#include "models/scenario/did_you_mean.h"
#include "models/scenario/distribution_reader.h"
#include "models/scenario/value_readers.h"

namespace fmsim::models {

namespace {

// p99 / p50 of the latency distributions built from the catalog's medians. On demand: the
// documented shared-fleet range is p99 = 2-5x p50 (reference, Bedrock on demand), 3x is its
// middle; output speed's fast tail at 2x. Provisioned: seed R5 claims p50 0.4-1.2 s / p99
// 0.6-1.8 s, i.e. p99 ~1.5x p50: 1.7x for the time to first token, speed within 1.3x.
constexpr double kOnDemandTtftSpread = 3.0;
constexpr double kOnDemandSpeedSpread = 2.0;
constexpr double kProvisionedTtftSpread = 1.7;
constexpr double kProvisionedSpeedSpread = 1.3;

constexpr std::string_view kOnDemandKeys[] = {
    "kind",           "retry",           "model",        "price_per_million_input_tokens",
    "price_per_million_output_tokens",   "time_to_first_token", "output_tokens_per_s", "load",
    "streaming",      "requests_per_minute", "tokens_per_minute", "quota_pool", "output_burndown",
    "max_output_tokens", "read_timeout", "error_probability",
};
constexpr std::string_view kProvisionedKeys[] = {
    "kind",  "retry", "model", "units", "tokens_per_minute_per_unit", "term", "price_per_unit_hour",
    "max_queue_wait", "time_to_first_token", "output_tokens_per_s", "streaming", "read_timeout",
};

const BedrockModelEntry& read_model(const MappingReader& m, const PriceCatalog& catalog) {
  const FieldReader f = m.required("model", "a model of the price catalog such as claude-3-5-sonnet");
  const std::string& name = f.scalar("a model name such as claude-3-5-sonnet");
  if (const BedrockModelEntry* e = catalog.model(name)) return *e;
  const std::vector<std::string_view> names = catalog.model_names();
  const std::string hint = did_you_mean(name, names);
  f.fail(hint.empty() ? fmt::format("unknown model '{}' (the catalog has: {})", name, join_words(names))
                      : fmt::format("unknown model '{}'{}", name, hint));
}

// A per-minute figure: `300`, `2M`, `400k`, or a rate with its period (`5/s`, `2M/min`);
// `unlimited` removes the quota.
std::optional<double> read_per_minute(const FieldReader& f, bool allow_unlimited) {
  if (allow_unlimited && f.is_word("unlimited")) return std::nullopt;
  const std::string& text = f.scalar(allow_unlimited ? "a number per minute such as 300, a rate such as 5/s, or unlimited"
                                                     : "a number per minute such as 40k, or a rate such as 700/s");
  if (text.find('/') != std::string::npos) return f.rate_per_second(Bound::positive) * 60.0;
  if (!text.empty() && std::string_view("kMG").find(text.back()) != std::string_view::npos)
    return static_cast<double>(f.count(CountSuffix::allowed, 1));
  return f.number(Bound::positive);
}

sim::Distribution read_speed(const FieldReader& f) {
  sim::Distribution d = parse_distribution(f, ValueUnit::number);
  using K = sim::Distribution::Kind;
  // Exponential, gamma and lognormal never draw 0; the others may, and a call cannot end at speed 0.
  const bool can_be_zero = d.kind() == K::constant || d.kind() == K::uniform || d.kind() == K::empirical_samples ||
                           d.kind() == K::empirical_quantiles;
  if (can_be_zero && !(d.quantile(0.0) > 0))
    f.fail("output speed must be > 0 tokens/s for every draw (the smallest value here is 0)");
  return d;
}

FleetLoadSpec read_load(const FieldReader& f, FleetLoadSpec load) {
  const MappingReader m(f, schema::kFleetLoad);
  if (auto h = m.optional("hourly")) {
    std::vector<double> v;
    for (const FieldReader& e : h->elements("a list of 24 multipliers, local hours 00-01 to 23-24"))
      v.push_back(e.number(Bound::positive));
    if (v.size() != 24) h->fail(fmt::format("expected 24 values (local hours 00-01 to 23-24), got {}", v.size()));
    load.hourly = std::move(v);
  }
  if (auto w = m.optional("weekdays")) {
    const MappingReader days(*w, schema::kWeekdays);
    static constexpr std::array<std::string_view, 7> kNames{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (std::size_t i = 0; i < kNames.size(); ++i)
      if (auto d = days.optional(kNames[i])) load.weekdays[i] = d->number(Bound::positive);
  }
  return load;
}

std::int32_t read_int32(const FieldReader& f, std::int64_t min) {
  return static_cast<std::int32_t>(f.count(CountSuffix::forbidden, min, std::numeric_limits<std::int32_t>::max()));
}

constexpr std::array<std::string_view, 3> kTermNames{"none", "1_month", "6_months"};

}  // namespace

RetrySpec read_retry(const FieldReader& f, RetrySpec r) {
  if (f.is_word("none")) return RetrySpec::none();
  const MappingReader m(f, schema::kRetry);
  if (auto g = m.optional("mode"))
    r.mode = choose_word<RetryMode>(*g, "retry mode", {{"standard", RetryMode::standard}, {"adaptive", RetryMode::adaptive}});
  if (auto g = m.optional("max_attempts")) r.max_attempts = read_int32(*g, 1);
  if (auto g = m.optional("base_delay")) r.base_delay = g->duration(Bound::non_negative);
  if (auto g = m.optional("max_backoff")) r.max_backoff = g->duration(Bound::non_negative);
  if (auto g = m.optional("on_throttled")) r.on_throttled = read_bool(*g);
  if (auto g = m.optional("on_error")) r.on_error = read_bool(*g);
  if (auto g = m.optional("on_timed_out")) r.on_timed_out = read_bool(*g);
  if (auto g = m.optional("quota_capacity")) r.quota_capacity = read_int32(*g, 0);
  if (auto g = m.optional("retry_cost")) r.retry_cost = read_int32(*g, 0);
  if (auto g = m.optional("timeout_retry_cost")) r.timeout_retry_cost = read_int32(*g, 0);
  if (auto g = m.optional("success_refund")) r.success_refund = read_int32(*g, 0);
  return r;
}

void read_bedrock_on_demand(const MappingReader& m, const PriceCatalog& catalog, BedrockOnDemandSpec& out) {
  m.allow_only(kOnDemandKeys, "a bedrock_on_demand target");
  const BedrockModelEntry& e = read_model(m, catalog);
  out.model = e.name;
  out.batch = false;
  out.input_usd_per_mtok = e.input_usd_per_mtok;
  out.output_usd_per_mtok = e.output_usd_per_mtok;
  out.requests_per_minute = e.requests_per_minute;
  out.tokens_per_minute = e.tokens_per_minute;
  out.output_burndown = e.output_burndown;
  out.max_output_tokens = e.max_output_tokens;
  out.time_to_first_token = sim::Distribution::lognormal_p50_p99(e.ttft_p50_s, kOnDemandTtftSpread * e.ttft_p50_s);
  out.output_tokens_per_s =
      sim::Distribution::lognormal_p50_p99(e.tokens_per_s_p50, kOnDemandSpeedSpread * e.tokens_per_s_p50);

  if (auto f = m.optional("price_per_million_input_tokens")) out.input_usd_per_mtok = f->money_usd(Bound::non_negative);
  if (auto f = m.optional("price_per_million_output_tokens")) out.output_usd_per_mtok = f->money_usd(Bound::non_negative);
  if (auto f = m.optional("time_to_first_token")) out.time_to_first_token = parse_distribution(*f, ValueUnit::duration);
  if (auto f = m.optional("output_tokens_per_s")) out.output_tokens_per_s = read_speed(*f);
  if (auto f = m.optional("load")) out.load = read_load(*f, out.load);
  if (auto f = m.optional("streaming")) out.streaming = read_bool(*f);
  if (auto f = m.optional("requests_per_minute")) {
    out.requests_per_minute = read_per_minute(*f, true);
    // The bucket holds one minute's worth: below one request it could never pass a call.
    if (out.requests_per_minute && *out.requests_per_minute < 1)
      f->fail(fmt::format("must be at least 1 request per minute, got '{}'", f->node().Scalar()));
  }
  if (auto f = m.optional("tokens_per_minute")) out.tokens_per_minute = read_per_minute(*f, true);
  if (auto f = m.optional("quota_pool")) {
    out.quota_pool = f->string();
    if (out.quota_pool.empty()) f->fail("must not be empty (leave it out to share the model's pool)");
  }
  if (auto f = m.optional("output_burndown")) out.output_burndown = f->number(Bound::positive);
  if (auto f = m.optional("max_output_tokens")) out.max_output_tokens = f->count(CountSuffix::allowed, 1);
  if (auto f = m.optional("read_timeout")) out.read_timeout = f->duration(Bound::positive);
  if (auto f = m.optional("error_probability")) {
    out.error_probability = f->number(Bound::non_negative);
    if (out.error_probability > 1) f->fail(fmt::format("must be a probability from 0 to 1, got '{}'", f->node().Scalar()));
  }
  if (auto f = m.optional("retry")) out.retry = read_retry(*f, out.retry);
}

void read_bedrock_provisioned(const MappingReader& m, const PriceCatalog& catalog, BedrockProvisionedSpec& out) {
  m.allow_only(kProvisionedKeys, "a bedrock_provisioned target");
  const BedrockModelEntry& e = read_model(m, catalog);
  out.model = e.name;
  out.time_to_first_token = sim::Distribution::lognormal_p50_p99(e.ttft_p50_s, kProvisionedTtftSpread * e.ttft_p50_s);
  out.output_tokens_per_s =
      sim::Distribution::lognormal_p50_p99(e.tokens_per_s_p50, kProvisionedSpeedSpread * e.tokens_per_s_p50);
  if (e.tokens_per_minute_per_unit) out.tokens_per_minute_per_unit = *e.tokens_per_minute_per_unit;

  const auto term = m.optional("term");
  if (term)
    out.term = choose_word<CommitmentTerm>(*term, "commitment term",
                                           {{kTermNames[0], CommitmentTerm::none},
                                            {kTermNames[1], CommitmentTerm::one_month},
                                            {kTermNames[2], CommitmentTerm::six_months}});
  if (auto f = m.optional("price_per_unit_hour")) {
    out.price_per_unit_hour_usd = f->money_usd(Bound::non_negative);
  } else {
    const auto t = static_cast<std::size_t>(out.term);
    if (!e.unit_hour_usd[t]) {
      std::vector<std::string_view> listed;
      for (std::size_t i = 0; i < kTermNames.size(); ++i)
        if (e.unit_hour_usd[i]) listed.push_back(kTermNames[i]);
      const std::string msg = fmt::format(
          "the catalog has no Provisioned Throughput price for '{}' on term {} ({}); give price_per_unit_hour", e.name,
          kTermNames[t], listed.empty() ? std::string("it lists no term") : "it lists: " + join_words(listed));
      if (term) term->fail(msg);
      m.required("model", "").fail(msg);
    }
    out.price_per_unit_hour_usd = *e.unit_hour_usd[t];
  }

  if (auto f = m.optional("units")) {
    if (f->is_scalar()) {
      out.units = read_daily_schedule(*f, Bound::positive, true);
    } else {
      out.units = read_daily_schedule(*f, Bound::non_negative, true);
      if (out.units.max_value() < 1)
        f->fail("a reservation needs at least 1 model unit at some time (every level here is 0)");
    }
  }
  if (auto f = m.optional("tokens_per_minute_per_unit")) out.tokens_per_minute_per_unit = *read_per_minute(*f, false);
  if (auto f = m.optional("max_queue_wait")) out.max_queue_wait = f->duration(Bound::non_negative);
  if (auto f = m.optional("time_to_first_token")) out.time_to_first_token = parse_distribution(*f, ValueUnit::duration);
  if (auto f = m.optional("output_tokens_per_s")) out.output_tokens_per_s = read_speed(*f);
  if (auto f = m.optional("streaming")) out.streaming = read_bool(*f);
  if (auto f = m.optional("read_timeout")) out.read_timeout = f->duration(Bound::positive);
  if (auto f = m.optional("retry")) out.retry = read_retry(*f, out.retry);
}

}  // namespace fmsim::models
