// The sagemaker_serverless target kind: memory size and max concurrency within SageMaker's limits
// (1,024-6,144 MB in 1 GB steps; 1-200), cold start and idle timeout distributions, provisioned
// concurrency, the CPU generation speed, and prices (from the catalog unless given).
#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>

#include <fmt/format.h>

#include "models/scenario/deployment_reader.h"
#include "models/scenario/distribution_reader.h"

namespace fmsim::models {

namespace {

constexpr std::string_view kServerlessKeys[] = {
    "kind",          "retry",      "memory",         "max_concurrency",        "provisioned_concurrency",
    "cold_start",    "idle_timeout", "time_to_first_token", "output_tokens_per_s", "invocation_timeout",
    "price_per_gb_second", "provisioned_price_per_gb_second",
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// `4096`, `4096MB` or `4GB` (SageMaker's GB is 1,024 MB), as MB; 1,024-6,144 in 1,024 steps.
std::int32_t read_memory(const FieldReader& f) {
  const std::string& text = f.scalar("a memory size such as 4GB or 4096MB");
  std::string_view s = trim(text);
  double scale = 1;
  if (s.size() >= 2 && (s.ends_with("MB") || s.ends_with("GB"))) {
    scale = s.ends_with("GB") ? 1024 : 1;
    s = trim(s.substr(0, s.size() - 2));
  }
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v))
    f.fail(fmt::format("expected a memory size such as 4GB or 4096MB, got '{}'", text));
  const double mb = v * scale;
  if (!(mb >= 1024 && mb <= 6144) || std::fmod(mb, 1024) != 0)
    f.fail(fmt::format("serverless memory must be 1024, 2048, 3072, 4096, 5120 or 6144 MB (1-6 GB in 1 GB steps), "
                       "got '{}'",
                       text));
  return static_cast<std::int32_t>(mb);
}

}  // namespace

void read_sagemaker_serverless(const MappingReader& m, const PriceCatalog& catalog, SageMakerServerlessSpec& out) {
  m.allow_only(kServerlessKeys, "a sagemaker_serverless target");
  out.price_per_gb_second_usd = catalog.serverless.gb_second_usd;
  out.provisioned_price_per_gb_second_usd = catalog.serverless.provisioned_gb_second_usd;
  if (auto f = m.optional("memory")) out.memory_mb = read_memory(*f);
  if (auto f = m.optional("max_concurrency")) {
    const std::int64_t n = f->count(CountSuffix::forbidden, std::numeric_limits<std::int64_t>::min());
    if (n < 1 || n > 200)
      f->fail(fmt::format("serverless max_concurrency must be 1 to 200 (SageMaker's limit), got '{}'", n));
    out.max_concurrency = static_cast<std::int32_t>(n);
  }
  if (auto f = m.optional("provisioned_concurrency")) {
    const std::int64_t n = f->count(CountSuffix::forbidden, 0, 200);
    if (n > out.max_concurrency)
      f->fail(fmt::format("provisioned_concurrency ({}) must not exceed max_concurrency ({})", n, out.max_concurrency));
    out.provisioned_concurrency = static_cast<std::int32_t>(n);
  }
  if (auto f = m.optional("cold_start")) out.cold_start = parse_distribution(*f, ValueUnit::duration);
  if (auto f = m.optional("idle_timeout")) out.idle_timeout = parse_distribution(*f, ValueUnit::duration);
  if (auto f = m.optional("time_to_first_token")) out.time_to_first_token = parse_distribution(*f, ValueUnit::duration);
  if (auto f = m.optional("output_tokens_per_s")) {
    if (!f->is_scalar()) f->fail("a sagemaker_serverless target takes a plain number of tokens/s here, e.g. 15");
    out.output_tokens_per_s = f->number(Bound::positive);
  }
  if (auto f = m.optional("invocation_timeout")) out.invocation_timeout = f->duration(Bound::positive);
  if (auto f = m.optional("price_per_gb_second")) out.price_per_gb_second_usd = f->money_usd(Bound::non_negative);
  if (auto f = m.optional("provisioned_price_per_gb_second"))
    out.provisioned_price_per_gb_second_usd = f->money_usd(Bound::non_negative);
  if (auto f = m.optional("retry")) out.retry = read_retry(*f, out.retry);
}

}  // namespace fmsim::models
