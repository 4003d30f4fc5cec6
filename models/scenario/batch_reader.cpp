// The daily batch job kinds: sagemaker_batch (batch transform: instances x documents/s, priced
// per instance-hour from the catalog) and bedrock_batch (a catalog model at its batch price, with
// an optional processing rate and the completion window). Both take `run_at`, the local time the
// job starts each day.
#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "models/scenario/deployment_reader.h"
#include "models/scenario/did_you_mean.h"
#include "models/scenario/value_readers.h"

namespace fmsim::models {

namespace {

constexpr std::string_view kSageMakerBatchKeys[] = {
    "kind", "instance_type", "price_per_instance_hour", "instances", "documents_per_s_per_instance", "startup", "run_at",
};
constexpr std::string_view kBedrockBatchKeys[] = {
    "kind",   "model",   "price_per_million_input_tokens", "price_per_million_output_tokens",
    "run_at", "startup", "tokens_per_minute",              "completion_window",
};

// "HH:MM", 00:00 to 23:59, as minutes after local midnight.
std::int32_t read_run_at(const FieldReader& f) {
  const double hour = read_clock_hour(f);
  if (hour >= 24) f.fail("a daily run time is 00:00 to 23:59 (write 00:00 for midnight)");
  return static_cast<std::int32_t>(std::lround(hour * 60));
}

// A positive number per second, written plain (`500`) or as a rate (`500/s`, `30k/min`).
double read_per_second(const FieldReader& f) {
  const std::string& text = f.scalar("a number per second such as 500, or a rate such as 500/s");
  if (text.find('/') != std::string::npos) return f.rate_per_second(Bound::positive);
  return f.number(Bound::positive);
}

// A positive number per minute: `40000`, `40k`, `7.3M`, or a rate with its period (`700/s`).
double read_per_minute(const FieldReader& f) {
  const std::string& text = f.scalar("a number per minute such as 40k, or a rate such as 700/s");
  if (text.find('/') != std::string::npos) return f.rate_per_second(Bound::positive) * 60.0;
  if (!text.empty() && std::string_view("kMG").find(text.back()) != std::string_view::npos)
    return static_cast<double>(f.count(CountSuffix::allowed, 1));
  return f.number(Bound::positive);
}

}  // namespace

void read_sagemaker_batch(const MappingReader& m, const PriceCatalog& catalog, BatchJobSpec& out) {
  m.allow_only(kSageMakerBatchKeys, "a sagemaker_batch target");
  const auto type = m.optional("instance_type");
  const auto price = m.optional("price_per_instance_hour");
  if (type) out.instance_type = type->scalar("an instance type such as ml.inf2.24xlarge");
  if (price) {
    out.price_per_instance_hour_usd = price->money_usd(Bound::non_negative);
  } else if (!type) {
    m.fail(m.path_of("instance_type"),
           "required key is missing (expected an instance type such as ml.inf2.24xlarge, or price_per_instance_hour)");
  } else if (const InstanceEntry* e = catalog.instance(out.instance_type)) {
    out.price_per_instance_hour_usd = e->usd_per_hour;
  } else {
    const std::vector<std::string_view> names = catalog.instance_names();
    const std::string hint = did_you_mean(out.instance_type, names);
    type->fail(hint.empty() ? fmt::format("unknown instance type '{}' (the catalog has: {}; or give "
                                          "price_per_instance_hour)",
                                          out.instance_type, join_words(names))
                            : fmt::format("unknown instance type '{}'{}", out.instance_type, hint));
  }
  if (auto f = m.optional("instances")) {
    if (!f->is_scalar()) f->fail("a sagemaker_batch target takes a whole number of instances, e.g. 2");
    out.instances = static_cast<std::int32_t>(f->count(CountSuffix::forbidden, 1, std::numeric_limits<std::int32_t>::max()));
  }
  if (auto f = m.optional("documents_per_s_per_instance")) out.documents_per_s_per_instance = read_per_second(*f);
  if (auto f = m.optional("startup")) out.startup = f->duration(Bound::non_negative);
  if (auto f = m.optional("run_at")) out.run_at_minute = read_run_at(*f);
}

void read_bedrock_batch(const MappingReader& m, const PriceCatalog& catalog, BedrockOnDemandSpec& model,
                        BatchJobSpec& job) {
  m.allow_only(kBedrockBatchKeys, "a bedrock_batch target");
  const FieldReader f = m.required("model", "a model of the price catalog such as nova-lite");
  const std::string& name = f.scalar("a model name such as nova-lite");
  const BedrockModelEntry* e = catalog.model(name);
  if (e == nullptr) {
    const std::vector<std::string_view> names = catalog.model_names();
    const std::string hint = did_you_mean(name, names);
    f.fail(hint.empty() ? fmt::format("unknown model '{}' (the catalog has: {})", name, join_words(names))
                        : fmt::format("unknown model '{}'{}", name, hint));
  }
  model.model = name;
  model.batch = true;
  model.retry = RetrySpec::none();
  model.requests_per_minute.reset();  // batch jobs do not draw on the on-demand quotas
  model.tokens_per_minute.reset();
  const auto in = m.optional("price_per_million_input_tokens");
  const auto out = m.optional("price_per_million_output_tokens");
  if ((!in || !out) && !(e->batch_input_usd_per_mtok && e->batch_output_usd_per_mtok))
    m.fail(m.path(), fmt::format("the catalog has no batch price for '{}'; give price_per_million_input_tokens and "
                                 "price_per_million_output_tokens",
                                 name));
  model.input_usd_per_mtok = in ? in->money_usd(Bound::non_negative) : *e->batch_input_usd_per_mtok;
  model.output_usd_per_mtok = out ? out->money_usd(Bound::non_negative) : *e->batch_output_usd_per_mtok;
  if (auto g = m.optional("run_at")) job.run_at_minute = read_run_at(*g);
  if (auto g = m.optional("startup")) job.startup = g->duration(Bound::non_negative);
  if (auto g = m.optional("tokens_per_minute")) job.tokens_per_minute = read_per_minute(*g);
  if (auto g = m.optional("completion_window")) job.completion_window = g->duration(Bound::positive);
}

}  // namespace fmsim::models
