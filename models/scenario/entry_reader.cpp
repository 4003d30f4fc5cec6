// The `entry` block: which tier stands in front of the model (none, lambda, api_gateway,
// orchestrator, queue) and its settings. Each kind takes only its own sub-blocks, so a block
// meant for another kind is an error naming the kind, never silently ignored. Lambda's limits are
// checked here with messages that name them: memory 128-10,240 MB, timeout 1-900 s (whole
// seconds), provisioned concurrency within the reserved (or account) concurrency, an SQS
// visibility timeout at least the function timeout (Lambda refuses such an event source).
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "models/scenario/deployment_reader.h"
#include "models/scenario/distribution_reader.h"
#include "models/scenario/value_readers.h"

namespace fmsim::models {

namespace {

constexpr std::int32_t kMinMemoryMb = 128;
constexpr std::int32_t kMaxMemoryMb = 10240;

std::int32_t read_int32(const FieldReader& f, std::int64_t min, std::int64_t max = std::numeric_limits<std::int32_t>::max()) {
  return static_cast<std::int32_t>(f.count(CountSuffix::forbidden, min, max));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// A size in megabytes: `1024`, `1024MB` or `2GB` (Lambda's GB is 1,024 MB). Returns MB.
double read_megabytes(const FieldReader& f, std::string_view what) {
  const std::string& text = f.scalar(what);
  std::string_view s = trim(text);
  double scale = 1;
  if (s.size() >= 2 && (s.ends_with("MB") || s.ends_with("GB"))) {
    scale = s.ends_with("GB") ? 1024 : 1;
    s = trim(s.substr(0, s.size() - 2));
  }
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v) || s.empty())
    f.fail(fmt::format("expected {}, got '{}'", what, text));
  return v * scale;
}

std::int32_t read_memory(const FieldReader& f) {
  const double mb = read_megabytes(f, "a memory size such as 1024MB or 2GB");
  if (!(mb >= kMinMemoryMb && mb <= kMaxMemoryMb))
    f.fail(fmt::format("Lambda memory must be 128 MB to 10,240 MB, got '{}'", f.node().Scalar()));
  if (mb != std::floor(mb)) f.fail(fmt::format("Lambda memory is set in whole MB, got '{}'", f.node().Scalar()));
  return static_cast<std::int32_t>(mb);
}

sim::Duration read_timeout(const FieldReader& f) {
  const sim::Duration d = f.duration(Bound::positive);
  if (d < sim::Duration::seconds(1) || d > sim::Duration::seconds(900))
    f.fail(fmt::format("the Lambda timeout must be 1s to 900s, got '{}'", f.node().Scalar()));
  if (d.ns() % sim::Duration::seconds(1).ns() != 0)
    f.fail(fmt::format("the Lambda timeout is set in whole seconds, got '{}'", f.node().Scalar()));
  return d;
}

std::optional<std::int64_t> read_capacity(const FieldReader& f) {
  if (f.is_word("unlimited")) return std::nullopt;
  return f.count(CountSuffix::allowed, 0);
}

const char* architecture_name(Architecture a) { return a == Architecture::arm64 ? "arm64" : "x86_64"; }

LambdaSpec read_lambda(const MappingReader& m, const PriceCatalog& catalog) {
  LambdaSpec s;
  if (auto f = m.optional("memory")) s.memory_mb = read_memory(*f);
  if (auto f = m.optional("architecture"))
    s.architecture = choose_word<Architecture>(*f, "architecture",
                                               {{"x86_64", Architecture::x86_64}, {"arm64", Architecture::arm64}});
  // Prices by architecture from the catalog; the built-in defaults are x86_64's, so arm64 without
  // a catalog entry takes Lambda's published arm64 prices.
  if (const LambdaPriceEntry* p = catalog.lambda_prices(architecture_name(s.architecture))) {
    s.price_per_request_usd = p->request_usd;
    s.price_per_gb_second_usd = p->gb_second_usd;
    s.provisioned_price_per_gb_second_usd = p->provisioned_gb_second_usd;
    s.provisioned_execution_price_per_gb_second_usd = p->provisioned_execution_gb_second_usd;
  } else if (s.architecture == Architecture::arm64) {
    s.price_per_gb_second_usd = 0.0000133334;
    s.provisioned_price_per_gb_second_usd = 0.0000033334;
    s.provisioned_execution_price_per_gb_second_usd = 0.0000077778;
  }
  if (auto f = m.optional("timeout")) s.timeout = read_timeout(*f);
  if (auto f = m.optional("overhead")) s.overhead = parse_distribution(*f, ValueUnit::duration);

  if (auto f = m.optional("cold_start"))
    s.cold_start_model = choose_word<ColdStartModel>(*f, "cold start model",
                                                     {{"phases", ColdStartModel::phases},
                                                      {"memory", ColdStartModel::memory},
                                                      {"package_size", ColdStartModel::package_size}});
  for (std::string_view phase : {"runtime_init", "handler_load", "sdk_init"}) {
    if (auto f = m.optional(phase); f && s.cold_start_model != ColdStartModel::phases)
      f->fail(fmt::format("'{}' belongs to the phases cold start model (cold_start: phases), not to cold_start: {}",
                          phase, s.cold_start_model == ColdStartModel::memory ? "memory" : "package_size"));
  }
  if (auto f = m.optional("runtime_init")) s.runtime_init = parse_distribution(*f, ValueUnit::duration);
  if (auto f = m.optional("handler_load")) s.handler_load = parse_distribution(*f, ValueUnit::duration);
  if (auto f = m.optional("sdk_init")) s.sdk_init = parse_distribution(*f, ValueUnit::duration);
  if (auto f = m.optional("package_size")) {
    if (s.cold_start_model != ColdStartModel::package_size)
      f->fail("package_size is used by the package_size cold start model only (add cold_start: package_size)");
    s.package_mb = read_megabytes(*f, "a package size such as 16MB");
    if (!(s.package_mb > 0 && s.package_mb <= kMaxMemoryMb))
      f->fail(fmt::format("the package size must be > 0 MB and at most 10,240 MB, got '{}'", f->node().Scalar()));
  }

  if (auto f = m.optional("keep_alive")) s.keep_alive = parse_distribution(*f, ValueUnit::duration);
  if (auto f = m.optional("max_lifetime")) s.max_lifetime = parse_distribution(*f, ValueUnit::duration);

  const auto account = m.optional("account_concurrency");
  if (account) s.account_concurrency = read_int32(*account, 1);
  const auto reserved = m.optional("reserved_concurrency");
  if (reserved) {
    s.reserved_concurrency = read_int32(*reserved, 0);
    if (*s.reserved_concurrency > s.account_concurrency)
      reserved->fail(fmt::format("reserved concurrency ({}) cannot exceed the account concurrency ({})",
                                 *s.reserved_concurrency, s.account_concurrency));
  }
  if (auto f = m.optional("scale_up_per_10s")) s.scale_up_per_10s = f->number(Bound::positive);
  if (auto f = m.optional("provisioned_concurrency")) {
    s.provisioned_concurrency = read_daily_schedule(*f, Bound::non_negative, true);
    const double most = s.provisioned_concurrency.max_value();
    if (s.reserved_concurrency && most > *s.reserved_concurrency)
      f->fail(fmt::format("provisioned concurrency ({}) cannot exceed reserved concurrency ({})", most,
                          *s.reserved_concurrency));
    if (most > s.account_concurrency)
      f->fail(fmt::format("provisioned concurrency ({}) cannot exceed the account concurrency ({})", most,
                          s.account_concurrency));
  }

  if (auto f = m.optional("price_per_request")) s.price_per_request_usd = f->money_usd(Bound::non_negative);
  if (auto f = m.optional("price_per_gb_second")) s.price_per_gb_second_usd = f->money_usd(Bound::non_negative);
  if (auto f = m.optional("provisioned_price_per_gb_second"))
    s.provisioned_price_per_gb_second_usd = f->money_usd(Bound::non_negative);
  if (auto f = m.optional("provisioned_execution_price_per_gb_second"))
    s.provisioned_execution_price_per_gb_second_usd = f->money_usd(Bound::non_negative);
  return s;
}

ApiGatewaySpec read_api_gateway(const MappingReader& m) {
  ApiGatewaySpec s;
  if (auto f = m.optional("integration_timeout")) {
    s.integration_timeout = f->duration(Bound::positive);
    // API Gateway's minimum; above 29 s only REST APIs go, after a quota increase.
    if (s.integration_timeout < sim::Duration::milliseconds(50))
      f->fail(fmt::format("the integration timeout must be at least 50ms, got '{}'", f->node().Scalar()));
  }
  if (auto f = m.optional("price_per_request")) s.price_per_request_usd = f->money_usd(Bound::non_negative);
  if (auto f = m.optional("client_retry")) s.client_retry = read_retry(*f, RetrySpec::none());
  return s;
}

OrchestratorSpec read_orchestrator(const MappingReader& m) {
  OrchestratorSpec s;
  if (auto f = m.optional("tasks")) s.tasks = read_int32(*f, 1);
  if (auto f = m.optional("slots_per_task")) s.slots_per_task = read_int32(*f, 1);
  if (auto f = m.optional("overhead")) s.overhead = parse_distribution(*f, ValueUnit::duration);
  if (auto f = m.optional("queue_capacity")) s.queue_capacity = read_capacity(*f);
  if (auto f = m.optional("price_per_task_hour")) s.price_per_task_hour_usd = f->money_usd(Bound::non_negative);
  return s;
}

QueueSpec read_queue(const MappingReader& m) {
  QueueSpec s;
  if (auto f = m.optional("batch_size")) s.batch_size = read_int32(*f, 1, 10);  // SQS returns at most 10
  if (auto f = m.optional("max_pollers")) s.max_pollers = read_int32(*f, 1, 1000);
  if (auto f = m.optional("visibility_timeout")) {
    s.visibility_timeout = f->duration(Bound::non_negative);
    if (s.visibility_timeout > sim::Duration::hours(12))
      f->fail(fmt::format("the SQS visibility timeout is at most 12h, got '{}'", f->node().Scalar()));
  }
  if (auto f = m.optional("max_receives")) s.max_receives = read_int32(*f, 1, 1000);
  if (auto f = m.optional("max_message_age")) {
    s.max_message_age = f->duration(Bound::positive);
    if (s.max_message_age < sim::Duration::seconds(60) || s.max_message_age > sim::Duration::days(14))
      f->fail(fmt::format("SQS keeps messages 60s to 14d, got '{}'", f->node().Scalar()));
  }
  if (auto f = m.optional("poll_interval")) s.poll_interval = f->duration(Bound::positive);
  if (auto f = m.optional("price_per_queue_request")) s.price_per_queue_request_usd = f->money_usd(Bound::non_negative);
  if (auto f = m.optional("price_per_result_write")) s.price_per_result_write_usd = f->money_usd(Bound::non_negative);
  if (auto f = m.optional("price_per_result_read")) s.price_per_result_read_usd = f->money_usd(Bound::non_negative);
  return s;
}

struct KindInfo {
  std::string_view name;
  EntryKind kind;
  std::vector<std::string_view> keys;
};

const std::vector<KindInfo>& kinds() {
  static const std::vector<KindInfo> kKinds{
      {"none", EntryKind::none, {"kind"}},
      {"lambda", EntryKind::lambda, {"kind", "function"}},
      {"api_gateway", EntryKind::api_gateway, {"kind", "function", "api_gateway"}},
      {"orchestrator", EntryKind::orchestrator, {"kind", "orchestrator"}},
      {"queue", EntryKind::queue, {"kind", "function", "queue"}},
  };
  return kKinds;
}

}  // namespace

EntrySpec read_entry(const MappingReader& block, const PriceCatalog& catalog) {
  EntrySpec e;
  if (block.present().empty()) return e;
  std::vector<std::pair<std::string_view, const KindInfo*>> words;
  for (const KindInfo& k : kinds()) words.emplace_back(k.name, &k);
  const KindInfo* info = choose_word<const KindInfo*>(
      block.required("kind", "one of none, lambda, api_gateway, orchestrator, queue"), "entry kind", words);
  block.allow_only(info->keys, fmt::format("entry kind {}", info->name));
  e.kind = info->kind;
  const bool has_function =
      e.kind == EntryKind::lambda || e.kind == EntryKind::api_gateway || e.kind == EntryKind::queue;
  if (has_function) e.function = read_lambda(block.optional_mapping("function"), catalog);
  if (e.kind == EntryKind::api_gateway) e.api_gateway = read_api_gateway(block.optional_mapping("api_gateway"));
  if (e.kind == EntryKind::orchestrator) e.orchestrator = read_orchestrator(block.optional_mapping("orchestrator"));
  if (e.kind == EntryKind::queue) {
    const MappingReader q = block.optional_mapping("queue");
    e.queue = read_queue(q);
    if (e.queue.visibility_timeout < e.function.timeout) {
      const std::string what =
          fmt::format("the visibility timeout ({}) must be at least the function timeout ({}): Lambda refuses an "
                      "SQS event source whose messages could reappear while still being processed",
                      sim::to_string(e.queue.visibility_timeout), sim::to_string(e.function.timeout));
      if (auto f = q.optional("visibility_timeout")) f->fail(what);
      q.fail(q.path_of("visibility_timeout"), what);
    }
  }
  return e;
}

}  // namespace fmsim::models
