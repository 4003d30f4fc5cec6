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

inline constexpr SchemaKey kStation[] = {
    {"servers"},           {"queue_capacity"}, {"max_wait"}, {"service_time", kDistribution}, {"price_per_server_hour"},
    {"price_per_request"},
};

inline constexpr SchemaKey kOutput[] = {{"window"}, {"cost_window"}};

inline constexpr SchemaKey kScenario[] = {
    {"name"},
    {"description"},
    {"seed"},
    {"horizon"},
    {"time_zone"},
    {"start"},
    {"workload", kWorkload},
    {"station", kStation},
    {"output", kOutput},
};

}  // namespace schema

// The entry for `name` among `keys`, or nullptr.
inline const SchemaKey* find_schema_key(std::span<const SchemaKey> keys, std::string_view name) {
  for (const SchemaKey& k : keys)
    if (k.name == name) return &k;
  return nullptr;
}

}  // namespace fmsim::models
