// The deployment dispatcher: `entry`, `targets` (read by kind) and `router`, plus the checks that
// span several targets (names, the router's target, shared quota pools).
#include "models/scenario/deployment_reader.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string_view>

#include <fmt/format.h>

#include "models/bedrock/token_reservation.h"
#include "models/scenario/did_you_mean.h"
#include "models/scenario/distribution_reader.h"
#include "models/scenario/value_readers.h"

namespace fmsim::models {

namespace {

std::optional<std::int64_t> read_queue_capacity(const FieldReader& f) {
  if (f.is_word("unlimited")) return std::nullopt;
  // Words other than `unlimited` get a message that mentions it.
  const bool looks_numeric =
      f.is_scalar() && !f.node().Scalar().empty() &&
      std::string_view("0123456789+-.").find(f.node().Scalar().front()) != std::string_view::npos;
  if (!looks_numeric) f.fail(fmt::format("expected an integer >= 0 or 'unlimited', got {}", describe_node(f.node())));
  return f.count(CountSuffix::allowed, 0);
}

bool is_plain_name(std::string_view n) {
  if (n.empty()) return false;
  for (char c : n) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Names the outputs use for components (cost lines `<name>.*`, services.csv rows): a target with
// one of them would be indistinguishable from the component in every output.
constexpr std::string_view kReservedComponentNames[] = {"client",       "router",       "entry", "function",
                                                        "api_gateway",  "api_client",   "orchestrator", "queue"};

bool is_reserved_component_name(std::string_view n) {
  return std::find(std::begin(kReservedComponentNames), std::end(kReservedComponentNames), n) !=
         std::end(kReservedComponentNames);
}

const std::vector<std::pair<std::string_view, TargetKind>>& target_kinds() {
  static const std::vector<std::pair<std::string_view, TargetKind>> kKinds{
      {"station", TargetKind::station},
      {"bedrock_on_demand", TargetKind::bedrock_on_demand},
      {"bedrock_provisioned", TargetKind::bedrock_provisioned},
      {"bedrock_batch", TargetKind::bedrock_batch},
      {"sagemaker_realtime", TargetKind::sagemaker_realtime},
      {"sagemaker_serverless", TargetKind::sagemaker_serverless},
      {"sagemaker_async", TargetKind::sagemaker_async},
      {"sagemaker_batch", TargetKind::sagemaker_batch},
  };
  return kKinds;
}

TargetSpec read_target(const MappingReader& m, std::string name, const PriceCatalog& catalog) {
  TargetSpec t;
  t.name = std::move(name);
  t.kind = choose_word<TargetKind>(m.required("kind", "a target kind such as bedrock_on_demand"), "target kind",
                                   target_kinds());
  switch (t.kind) {
    case TargetKind::station: read_station_target(m, t.station); break;
    case TargetKind::bedrock_on_demand: read_bedrock_on_demand(m, catalog, t.on_demand); break;
    case TargetKind::bedrock_provisioned: read_bedrock_provisioned(m, catalog, t.provisioned); break;
    case TargetKind::bedrock_batch: read_bedrock_batch(m, catalog, t.on_demand, t.batch_job); break;
    case TargetKind::sagemaker_realtime: read_sagemaker_realtime(m, catalog, t.endpoint); break;
    case TargetKind::sagemaker_serverless: read_sagemaker_serverless(m, catalog, t.serverless); break;
    case TargetKind::sagemaker_async: read_sagemaker_async(m, catalog, t.async); break;
    case TargetKind::sagemaker_batch: read_sagemaker_batch(m, catalog, t.batch_job); break;
  }
  return t;
}

}  // namespace

void read_station_target(const MappingReader& m, StationSpec& st) {
  static constexpr std::string_view kKeys[] = {"kind",     "servers",          "queue_capacity",   "max_wait",
                                               "service_time", "price_per_server_hour", "price_per_request"};
  m.allow_only(kKeys, "a station target");
  if (auto f = m.optional("servers"))
    st.servers =
        static_cast<std::int32_t>(f->count(CountSuffix::forbidden, 1, std::numeric_limits<std::int32_t>::max()));
  if (auto f = m.optional("queue_capacity")) st.queue_capacity = read_queue_capacity(*f);
  if (auto f = m.optional("max_wait")) st.max_wait = f->duration(Bound::positive);
  st.service_time =
      parse_distribution(m.required("service_time", "a distribution such as {distribution: exponential, mean: 1s}"),
                         ValueUnit::duration);
  if (auto f = m.optional("price_per_server_hour")) st.price_per_server_hour_usd = f->money_usd(Bound::non_negative);
  if (auto f = m.optional("price_per_request")) st.price_per_request_usd = f->money_usd(Bound::non_negative);
}

DeploymentSpec read_deployment(const MappingReader& root, const PriceCatalog& catalog) {
  DeploymentSpec d;
  d.entry = read_entry(root.optional_mapping("entry"), catalog);

  const MappingReader targets = root.required_mapping("targets");
  std::vector<std::string_view> names = targets.present();
  if (names.empty()) targets.fail(targets.path(), "at least one target is needed (e.g. a bedrock_on_demand model)");
  for (std::string_view name : names) {
    const MappingReader m = targets.required_mapping(name);
    if (!is_plain_name(name))
      m.fail(m.path(), fmt::format("target names are letters, digits, '_' and '-'; got '{}'", name));
    if (is_reserved_component_name(name))
      m.fail(m.path(), fmt::format("the target name '{}' is reserved for a component (its cost lines and metrics "
                                   "would mix with the target's); reserved: {}; choose another name",
                                   name, join_words(kReservedComponentNames)));
    d.targets.push_back(read_target(m, std::string(name), catalog));
  }

  // On-demand targets sharing a quota pool share its buckets, so they must agree on its size.
  std::map<std::string, const TargetSpec*> pools;
  for (const TargetSpec& t : d.targets) {
    if (t.kind != TargetKind::bedrock_on_demand) continue;
    const std::string pool = t.on_demand.quota_pool.empty() ? t.on_demand.model : t.on_demand.quota_pool;
    auto [it, fresh] = pools.emplace(pool, &t);
    if (fresh) continue;
    const BedrockOnDemandSpec& a = it->second->on_demand;
    if (a.requests_per_minute != t.on_demand.requests_per_minute || a.tokens_per_minute != t.on_demand.tokens_per_minute)
      targets.required_mapping(t.name).fail(
          targets.path_of(t.name),
          fmt::format("shares the quota pool '{}' with target '{}' but gives different requests_per_minute / "
                      "tokens_per_minute; give both the same quotas (or different quota_pool names)",
                      pool, it->second->name));
  }

  const MappingReader router = root.optional_mapping("router");
  if (auto f = router.optional("default")) {
    const std::string& name = f->scalar("the name of a target");
    bool found = false;
    for (const auto& t : d.targets) found = found || t.name == name;
    if (!found) {
      const std::string hint = did_you_mean(name, names);
      f->fail(fmt::format("no target named '{}'{}", name, hint.empty() ? fmt::format(" (targets: {})", join_words(names)) : hint));
    }
    d.router.default_target = name;
    for (std::size_t i = 0; i < d.targets.size(); ++i)
      if (d.targets[i].name == name) d.router.default_index = static_cast<std::int32_t>(i);
  } else if (d.targets.size() == 1) {
    d.router.default_target = d.targets.front().name;
  } else {
    router.fail(router.path_of("default"),
                fmt::format("with several targets, router.default must name the one requests go to (targets: {})",
                            join_words(names)));
  }
  return d;
}

void check_quotas_fit(const MappingReader& root, const DeploymentSpec& deployment, const WorkloadSpec& workload) {
  for (const TargetSpec& t : deployment.targets) {
    if (t.kind != TargetKind::bedrock_on_demand || !t.on_demand.tokens_per_minute) continue;
    for (const RequestClassSpec& c : workload.classes) {
      const auto u = static_cast<std::int64_t>(std::llround(c.input_tokens.quantile(0.5)));
      auto o = static_cast<std::int64_t>(std::llround(c.output_tokens.quantile(0.5)));
      if (c.max_tokens_per_turn) o = std::min(o, *c.max_tokens_per_turn);
      const std::int64_t last_step = c.system_prompt_tokens + u + static_cast<std::int64_t>(c.model_calls - 1) * o;
      const std::string problem = tpm_fit_problem(t.on_demand, last_step, c.max_tokens_per_turn.value_or(-1));
      if (problem.empty()) continue;
      const MappingReader target = root.required_mapping("targets").required_mapping(t.name);
      const auto where = target.optional("tokens_per_minute");
      const std::string what = fmt::format("{} (request class '{}')", problem, c.name);
      if (where) where->fail(what);
      target.fail(target.path_of("tokens_per_minute"), what);
    }
  }
}

}  // namespace fmsim::models
