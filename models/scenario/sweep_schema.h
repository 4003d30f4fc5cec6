// The keys of sweep, plan and break-even files, level by level (the scenario's own keys are in
// scenario_schema.h). The top-level lists of the three kinds are also compared with each other, so
// that a key written in the wrong kind of file is answered with the command that takes it.
#pragma once

#include "models/scenario/scenario_schema.h"

namespace fmsim::models::sweep_schema {

inline constexpr SchemaKey kRange[] = {{"from"}, {"to"}, {"step"}};
inline constexpr SchemaKey kLogRange[] = {{"from"}, {"to"}, {"points"}};
// `set:` maps scenario key paths to values: data, so no children.
inline constexpr SchemaKey kVariant[] = {{"scenario"}, {"set"}};
inline constexpr SchemaKey kAxis[] = {
    {"key"}, {"name"}, {"values"}, {"range", kRange}, {"log_range", kLogRange}, {"variants"},
};
inline constexpr SchemaKey kKnob[] = {
    {"key"}, {"name"}, {"values"}, {"range", kRange}, {"log_range", kLogRange}, {"variants"}, {"direction"},
};
inline constexpr SchemaKey kVolume[] = {{"key"}, {"name"}, {"values"}, {"range", kRange}, {"log_range", kLogRange}};
inline constexpr SchemaKey kStopping[] = {{"metric"}, {"half_width"}, {"min"}, {"max"}, {"batch"}};

inline constexpr SchemaKey kSweepFile[] = {
    {"name"},        {"scenario"},     {"set"},     {"axes", kAxis}, {"constraints"},          {"replications"},
    {"stopping", kStopping},           {"metrics"}, {"seed"},        {"common_random_numbers"},
};
inline constexpr SchemaKey kPlanFile[] = {
    {"name"},      {"scenario"},   {"set"},          {"knobs", kKnob}, {"constraints"},          {"require"},
    {"objective"}, {"confidence"}, {"replications"}, {"seed"},         {"common_random_numbers"},
};
inline constexpr SchemaKey kBreakevenFile[] = {
    {"name"}, {"scenario"},     {"patterns"}, {"set"},  {"volume", kVolume},       {"cost"},
    {"tokens"}, {"replications"}, {"seed"},     {"common_random_numbers"},
};

}  // namespace fmsim::models::sweep_schema
