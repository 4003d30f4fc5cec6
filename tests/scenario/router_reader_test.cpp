// The router reader (models/scenario/router_reader.cpp): `router.rules` into RouterSpec — every
// condition, target choice and fallback key into the exact structs, and each class of bad input
// with its exact message (position, key path, what is wrong).
#include <string>

#include <gtest/gtest.h>

#include "models/scenario/scenario_loader.h"
#include "scenario_test_support.h"

namespace fmsim::models {
namespace {

using testing::error_of;

// Lines 1-16: three request classes, five station targets, `router:` with `default` and `rules:`.
// The rules appended start on line 17; a rule's first key (after "    - ") is at column 7.
constexpr std::string_view kRouterHead =
    "horizon: 1h\n"
    "workload:\n"
    "  arrivals: {process: poisson, rate: 1/s}\n"
    "  classes:\n"
    "    - {name: chat, weight: 3, tags: [support]}\n"
    "    - {name: catalogue, tags: [catalogue, faq]}\n"
    "    - {name: agent, tags: [support, tools]}\n"
    "targets:\n"
    "  haiku: {kind: station, service_time: {distribution: exponential, mean: 1s}}\n"
    "  haiku_pt: {kind: station, service_time: {distribution: exponential, mean: 1s}}\n"
    "  sonnet: {kind: station, service_time: {distribution: exponential, mean: 1s}}\n"
    "  sonnet_pt: {kind: station, service_time: {distribution: exponential, mean: 1s}}\n"
    "  manga_7b: {kind: station, service_time: {distribution: exponential, mean: 1s}}\n"
    "router:\n"
    "  default: haiku\n"
    "  rules:\n";

std::string with_rules(std::string_view rules) { return std::string(kRouterHead) + std::string(rules); }

RouterSpec router_of(std::string_view rules) {
  return parse_scenario(with_rules(rules), "r.yaml").deployment.router;
}

// Target indices in kRouterHead's order.
constexpr std::int32_t kHaiku = 0, kHaikuPt = 1, kSonnet = 2, kSonnetPt = 3, kManga = 4;
// Class indices.
constexpr std::int32_t kChat = 0, kCatalogue = 1, kAgent = 2;

TEST(RouterReader, AFullRouterIntoTheStructs) {
  const RouterSpec r = router_of(
      "    - name: budget_guard\n"
      "      when:\n"
      "        budget: {daily: $500, at: 95%}\n"
      "      target: haiku\n"
      "    - name: catalogue\n"
      "      when: {tags: [catalogue]}\n"
      "      target: manga_7b\n"
      "      fallback: [haiku]\n"
      "      fallback_on: [throttle, timeout]\n"
      "    - name: peak_complex\n"
      "      when:\n"
      "        hours: [\"18:00-24:00\"]\n"
      "        weekdays: [mon, tue, wed, thu, fri]\n"
      "        classes: [agent, chat]\n"
      "        tags: [support]\n"
      "        complexity_at_least: 0.7\n"
      "        complexity_below: 1.0\n"
      "        prompt_tokens_at_least: 2k\n"
      "        prompt_tokens_below: 8000\n"
      "      split: {sonnet_pt: 90%, sonnet: 10%}\n"
      "      fallback: [sonnet, haiku]\n"
      "    - when: {hours: [\"09:00-18:00\", \"22:00-02:00\"], weekdays: weekend}\n"
      "      first_free: [haiku_pt, haiku]\n"
      "      fallback: [sonnet]\n");
  EXPECT_EQ(r.default_target, "haiku");
  EXPECT_EQ(r.default_index, kHaiku);
  ASSERT_EQ(r.rules.size(), 4u);

  const RouteRuleSpec& guard = r.rules[0];
  EXPECT_EQ(guard.name, "budget_guard");
  EXPECT_EQ(guard.choice, RouteChoice::single);
  EXPECT_EQ(guard.targets, std::vector<std::int32_t>{kHaiku});
  EXPECT_TRUE(guard.weights.empty());
  EXPECT_TRUE(guard.fallback.empty());
  ASSERT_TRUE(guard.when.budget.has_value());
  EXPECT_DOUBLE_EQ(guard.when.budget->daily_usd, 500.0);
  EXPECT_DOUBLE_EQ(guard.when.budget->threshold, 0.95);
  EXPECT_TRUE(guard.when.hours.empty());
  EXPECT_EQ(guard.when.weekdays, 0x7f);
  EXPECT_FALSE(guard.when.classes.has_value());
  EXPECT_FALSE(guard.when.complexity_at_least || guard.when.complexity_below || guard.when.prompt_tokens_at_least ||
               guard.when.prompt_tokens_below);

  const RouteRuleSpec& catalogue = r.rules[1];
  EXPECT_EQ(catalogue.name, "catalogue");
  EXPECT_EQ(catalogue.when.classes, std::vector<std::int32_t>{kCatalogue});
  EXPECT_EQ(catalogue.targets, std::vector<std::int32_t>{kManga});
  EXPECT_EQ(catalogue.fallback, std::vector<std::int32_t>{kHaiku});
  EXPECT_EQ(catalogue.fallback_on, (std::array<bool, kFallbackReasons>{true, false, false, true}));
  EXPECT_FALSE(catalogue.when.budget.has_value());

  const RouteRuleSpec& peak = r.rules[2];
  EXPECT_EQ(peak.name, "peak_complex");
  ASSERT_EQ(peak.when.hours.size(), 1u);
  EXPECT_EQ(peak.when.hours[0].start_minute, 18 * 60);
  EXPECT_EQ(peak.when.hours[0].end_minute, 1440);
  EXPECT_EQ(peak.when.weekdays, 0x1f);
  // classes [agent, chat] and tag support (chat, agent): both, sorted.
  EXPECT_EQ(peak.when.classes, (std::vector<std::int32_t>{kChat, kAgent}));
  EXPECT_EQ(peak.when.complexity_at_least, 0.7);
  EXPECT_EQ(peak.when.complexity_below, 1.0);
  EXPECT_EQ(peak.when.prompt_tokens_at_least, 2000);
  EXPECT_EQ(peak.when.prompt_tokens_below, 8000);
  EXPECT_EQ(peak.choice, RouteChoice::split);
  EXPECT_EQ(peak.targets, (std::vector<std::int32_t>{kSonnetPt, kSonnet}));
  ASSERT_EQ(peak.weights.size(), 2u);
  EXPECT_DOUBLE_EQ(peak.weights[0], 0.9);
  EXPECT_DOUBLE_EQ(peak.weights[1], 0.1);
  // A split's fallback may name a member (skipped at run time when it is the one already tried).
  EXPECT_EQ(peak.fallback, (std::vector<std::int32_t>{kSonnet, kHaiku}));
  EXPECT_EQ(peak.fallback_on, (std::array<bool, kFallbackReasons>{true, true, true, true}));

  const RouteRuleSpec& fourth = r.rules[3];
  EXPECT_EQ(fourth.name, "rule4");  // unnamed: rule<N>, 1-based
  ASSERT_EQ(fourth.when.hours.size(), 2u);
  EXPECT_EQ(fourth.when.hours[0].start_minute, 9 * 60);
  EXPECT_EQ(fourth.when.hours[0].end_minute, 18 * 60);
  EXPECT_EQ(fourth.when.hours[1].start_minute, 22 * 60);  // wraps past midnight
  EXPECT_EQ(fourth.when.hours[1].end_minute, 2 * 60);
  EXPECT_EQ(fourth.when.weekdays, 0x60);
  EXPECT_EQ(fourth.choice, RouteChoice::first_free);
  EXPECT_EQ(fourth.targets, (std::vector<std::int32_t>{kHaikuPt, kHaiku}));
  EXPECT_EQ(fourth.fallback, std::vector<std::int32_t>{kSonnet});
}

TEST(RouterReader, NoRulesOrAnEmptyList) {
  EXPECT_TRUE(router_of("").rules.empty());
  EXPECT_TRUE(router_of("    []\n").rules.empty());
}

TEST(RouterReader, WeekdayWordsAndFullNames) {
  EXPECT_EQ(router_of("    - {when: {weekdays: weekdays}, target: sonnet}\n").rules[0].when.weekdays, 0x1f);
  EXPECT_EQ(router_of("    - {when: {weekdays: sunday}, target: sonnet}\n").rules[0].when.weekdays, 0x40);
  EXPECT_EQ(router_of("    - {when: {weekdays: [monday, sat, sun]}, target: sonnet}\n").rules[0].when.weekdays, 0x61);
  EXPECT_EQ(router_of("    - {when: {weekdays: [weekend, fri]}, target: sonnet}\n").rules[0].when.weekdays, 0x70);
}

TEST(RouterReader, HourRangesToMidnightAndTheWholeDay) {
  const RouterSpec r = router_of("    - {when: {hours: [\"22:00-00:00\", \" 06:30 - 07:45 \"]}, target: sonnet}\n"
                                 "    - {when: {hours: [\"00:00-24:00\"], classes: [chat]}, target: sonnet}\n");
  EXPECT_EQ(r.rules[0].when.hours[0].start_minute, 22 * 60);
  EXPECT_EQ(r.rules[0].when.hours[0].end_minute, 1440);  // "00:00" as an end is midnight
  EXPECT_EQ(r.rules[0].when.hours[1].start_minute, 6 * 60 + 30);
  EXPECT_EQ(r.rules[0].when.hours[1].end_minute, 7 * 60 + 45);
  EXPECT_EQ(r.rules[1].when.hours[0].start_minute, 0);
  EXPECT_EQ(r.rules[1].when.hours[0].end_minute, 1440);
}

TEST(RouterReader, BudgetThresholdDefaultsToTheWholeBudget) {
  const RouterSpec r = router_of("    - {when: {budget: {daily: $120.50}}, target: haiku}\n");
  EXPECT_DOUBLE_EQ(r.rules[0].when.budget->daily_usd, 120.5);
  EXPECT_DOUBLE_EQ(r.rules[0].when.budget->threshold, 1.0);
}

TEST(RouterReader, BudgetSpendOfNamesTargets) {
  const RouterSpec r = router_of("    - {when: {budget: {daily: $500, at: 95%, spend_of: [sonnet, haiku]}}, target: haiku}\n");
  EXPECT_EQ(r.rules[0].when.budget->spend_of, (std::vector<std::string>{"sonnet", "haiku"}));
}

TEST(RouterReaderErrors, BudgetSpendOfUnknownRepeatedOrEmpty) {
  EXPECT_EQ(error_of(with_rules("    - {when: {budget: {daily: $500, spend_of: [sonet]}}, target: haiku}\n")),
            "s.yaml:17:48: router.rules[0].when.budget.spend_of[0]: no target named 'sonet', did you mean 'sonnet'?");
  EXPECT_EQ(error_of(with_rules("    - {when: {budget: {daily: $500, spend_of: [haiku, haiku]}}, target: haiku}\n")),
            "s.yaml:17:55: router.rules[0].when.budget.spend_of[1]: 'haiku' is listed twice");
  EXPECT_EQ(error_of(with_rules("    - {when: {budget: {daily: $500, spend_of: []}}, target: haiku}\n")),
            "s.yaml:17:47: router.rules[0].when.budget.spend_of: must name at least one target (leave spend_of out to "
            "count every cost line)");
}

TEST(RouterReader, ARuleWithoutConditionsLastIsACatchAll) {
  const RouterSpec r = router_of("    - {when: {classes: [chat]}, target: sonnet}\n"
                                 "    - {target: manga_7b, fallback: [haiku]}\n");
  ASSERT_EQ(r.rules.size(), 2u);
  EXPECT_EQ(r.rules[1].name, "rule2");
  EXPECT_FALSE(r.rules[1].when.classes.has_value());
}

// Neither rule covers the other on every condition, so both can win.
TEST(RouterReader, NarrowerRuleFirstIsFine) {
  const RouterSpec r = router_of("    - {name: late, when: {hours: [\"20:00-22:00\"]}, target: sonnet}\n"
                                 "    - {name: peak, when: {hours: [\"18:00-24:00\"]}, target: haiku}\n"
                                 "    - {when: {hours: [\"17:00-24:00\"], weekdays: weekend}, target: sonnet}\n"
                                 "    - {when: {budget: {daily: $500, at: 90%}}, target: haiku}\n"
                                 "    - {when: {budget: {daily: $400, at: 95%}}, target: haiku}\n"
                                 "    - {when: {complexity_at_least: 0.5}, target: sonnet}\n"
                                 "    - {when: {complexity_at_least: 0.2, complexity_below: 0.6}, target: sonnet}\n");
  EXPECT_EQ(r.rules.size(), 7u);
}

TEST(RouterReader, RulesReplacedWithSet) {
  const Scenario s = parse_scenario(with_rules("    - {when: {classes: [chat]}, target: sonnet}\n"), "r.yaml",
                                    {{"router.rules", "[{name: all, target: sonnet_pt, fallback: [sonnet]}]"}});
  ASSERT_EQ(s.deployment.router.rules.size(), 1u);
  EXPECT_EQ(s.deployment.router.rules[0].name, "all");
  EXPECT_EQ(s.deployment.router.rules[0].targets, std::vector<std::int32_t>{kSonnetPt});
  EXPECT_EQ(error_of(with_rules(""), {{"router.rules", "[{target: sonet}]"}}),
            "--set router.rules[0].target: no target named 'sonet', did you mean 'sonnet'?");
}

// A key inside one rule or one class, by the element's index (rules[1] or rules.1: the same path).
TEST(RouterReader, OneRulesKeySetByItsIndex) {
  const std::string rules = "    - {name: guard, when: {budget: {daily: $500, at: 95%}}, target: haiku}\n"
                            "    - {when: {complexity_at_least: 0.7}, target: sonnet}\n";
  const Scenario s = parse_scenario(with_rules(rules), "r.yaml",
                                    {parse_override("router.rules[0].when.budget.daily=$5000"),
                                     parse_override("router.rules.1.when.complexity_at_least=0.5"),
                                     parse_override("workload.classes[2].weight=7")});
  EXPECT_DOUBLE_EQ(s.deployment.router.rules[0].when.budget->daily_usd, 5000.0);
  EXPECT_DOUBLE_EQ(*s.deployment.router.rules[1].when.complexity_at_least, 0.5);
  EXPECT_DOUBLE_EQ(s.workload.classes[2].weight, 7.0);
  EXPECT_EQ(error_of(with_rules(rules), {parse_override("router.rules[2].target=haiku")}),
            "--set router.rules[2]: router.rules has 2 elements (indices 0 to 1)");
  EXPECT_EQ(error_of(with_rules(rules), {parse_override("router.rules.first.target=haiku")}),
            "--set router.rules[first]: router.rules is a list: give an element's index (0, 1, ...), not 'first'");
  EXPECT_EQ(error_of(with_rules(rules), {parse_override("router.rules[0].targte=haiku")}),
            "--set router.rules[0].targte: unknown key 'targte', did you mean 'target'?");
}

// --- targets ---

TEST(RouterReaderErrors, UnknownTarget) {
  EXPECT_EQ(error_of(with_rules("    - target: sonet\n")),
            "s.yaml:17:15: router.rules[0].target: no target named 'sonet', did you mean 'sonnet'?");
  EXPECT_EQ(error_of(with_rules("    - {target: gpu}\n")),
            "s.yaml:17:16: router.rules[0].target: no target named 'gpu' (targets: haiku, haiku_pt, sonnet, sonnet_pt, "
            "manga_7b)");
  EXPECT_EQ(error_of(with_rules("    - {split: {sonet_pt: 50%, sonnet: 50%}}\n")),
            "s.yaml:17:16: router.rules[0].split[sonet_pt]: no target named 'sonet_pt', did you mean 'sonnet_pt'?");
  EXPECT_EQ(error_of(with_rules("    - {first_free: [haiku_pt, haiku2]}\n")),
            "s.yaml:17:31: router.rules[0].first_free[1]: no target named 'haiku2', did you mean 'haiku'?");
  EXPECT_EQ(error_of(with_rules("    - {target: sonnet, fallback: [haiky]}\n")),
            "s.yaml:17:35: router.rules[0].fallback[0]: no target named 'haiky', did you mean 'haiku'?");
}

TEST(RouterReaderErrors, ReservedTargetName) {
  EXPECT_EQ(error_of(testing::with_head("targets:\n  queue: {kind: station, service_time: {distribution: exponential, "
                                        "mean: 1s}}\n")),
            "s.yaml:7:10: targets.queue: the target name 'queue' is reserved for a component (its cost lines and "
            "metrics would mix with the target's); reserved: client, router, entry, function, api_gateway, api_client, "
            "orchestrator, queue; choose another name");
}

TEST(RouterReaderErrors, NoTargetChoiceOrSeveral) {
  EXPECT_EQ(error_of(with_rules("    - when: {classes: [chat]}\n      fallback: [haiku]\n")),
            "s.yaml:17:7: router.rules[0]: a rule needs one of target, split or first_free");
  EXPECT_EQ(error_of(with_rules("    - target: haiku\n      first_free: [haiku, sonnet]\n")),
            "s.yaml:18:19: router.rules[0].first_free: give only one of target, split and first_free (this rule also "
            "has 'target')");
}

// --- fallback chains ---

TEST(RouterReaderErrors, FallbackCycleThroughTheRulesTarget) {
  EXPECT_EQ(error_of(with_rules("    - target: sonnet_pt\n      fallback: [sonnet, sonnet_pt]\n")),
            "s.yaml:18:26: router.rules[0].fallback[1]: fallback cycle: sonnet_pt -> sonnet -> sonnet_pt (a target may "
            "appear only once in a rule's chain)");
  EXPECT_EQ(error_of(with_rules("    - target: sonnet_pt\n      fallback: [sonnet_pt]\n")),
            "s.yaml:18:18: router.rules[0].fallback[0]: fallback cycle: sonnet_pt -> sonnet_pt (a target may appear "
            "only once in a rule's chain)");
}

TEST(RouterReaderErrors, FallbackCycleInsideTheFallbackList) {
  EXPECT_EQ(error_of(with_rules("    - first_free: [haiku_pt, haiku]\n      fallback: [sonnet, haiku, sonnet]\n")),
            "s.yaml:18:33: router.rules[0].fallback[2]: fallback cycle: sonnet -> haiku -> sonnet (a target may appear "
            "only once in a rule's chain)");
}

TEST(RouterReaderErrors, ChainLongerThanTheLimit) {
  std::string yaml = "horizon: 1h\nworkload:\n  arrivals: {process: poisson, rate: 1/s}\ntargets:\n";
  for (int i = 0; i < 9; ++i)
    yaml += "  t" + std::to_string(i) + ": {kind: station, service_time: {distribution: exponential, mean: 1s}}\n";
  yaml += "router:\n  default: t0\n  rules:\n    - target: t0\n      fallback: [t1, t2, t3, t4, t5, t6, t7, t8]\n";
  EXPECT_EQ(error_of(yaml), "s.yaml:18:17: router.rules[0].fallback: the chain is 9 targets long (the chosen target "
                            "and 8 fallbacks); at most 8");
}

TEST(RouterReaderErrors, FallbackReasons) {
  EXPECT_EQ(error_of(with_rules("    - {target: sonnet, fallback: [haiku], fallback_on: [throttle, timout]}\n")),
            "s.yaml:17:67: router.rules[0].fallback_on[1]: unknown fallback reason 'timout', did you mean 'timeout'?");
  EXPECT_EQ(error_of(with_rules("    - {target: sonnet, fallback: [haiku], fallback_on: []}\n")),
            "s.yaml:17:56: router.rules[0].fallback_on: needs at least one of throttle, capacity, error, timeout (to "
            "never fall back, leave fallback out)");
  EXPECT_EQ(error_of(with_rules("    - {target: sonnet, fallback: [haiku], fallback_on: [error, error]}\n")),
            "s.yaml:17:64: router.rules[0].fallback_on[1]: 'error' is listed twice");
  EXPECT_EQ(error_of(with_rules("    - {target: sonnet, fallback_on: [error]}\n")),
            "s.yaml:17:37: router.rules[0].fallback_on: has no effect without a fallback list: there is no target to "
            "fall back to");
}

// --- split and first_free ---

TEST(RouterReaderErrors, SplitSharesNotSummingTo100) {
  EXPECT_EQ(error_of(with_rules("    - split: {sonnet_pt: 90%, sonnet: 20%}\n")),
            "s.yaml:17:14: router.rules[0].split: the shares sum to 110%, not 100%");
}

TEST(RouterReaderErrors, SplitShapes) {
  EXPECT_EQ(error_of(with_rules("    - split: {sonnet: 100%}\n")),
            "s.yaml:17:14: router.rules[0].split: a split needs at least two targets (for one, write target: NAME)");
  EXPECT_EQ(error_of(with_rules("    - split: {sonnet_pt: 0.9, sonnet: 0.1}\n")),
            "s.yaml:17:26: router.rules[0].split[sonnet_pt]: a percentage needs its '%' sign: write 90% for the "
            "fraction 0.9 (or 0.9% if you meant that)");
  EXPECT_EQ(error_of(with_rules("    - split: {sonnet_pt: 100%, sonnet: 0%}\n")),
            "s.yaml:17:40: router.rules[0].split[sonnet]: must be > 0% (leave a target with no share out), got '0%'");
  EXPECT_EQ(error_of(with_rules("    - split: [sonnet_pt, sonnet]\n")),
            "s.yaml:17:14: router.rules[0].split: expected a mapping of targets to shares such as {sonnet_pt: 90%, "
            "sonnet: 10%}, got a list");
}

TEST(RouterReaderErrors, FirstFreeShapes) {
  EXPECT_EQ(error_of(with_rules("    - first_free: [haiku]\n")),
            "s.yaml:17:19: router.rules[0].first_free: first_free needs at least two targets (for one, write target: "
            "NAME)");
  EXPECT_EQ(error_of(with_rules("    - first_free: [haiku, haiku]\n")),
            "s.yaml:17:27: router.rules[0].first_free[1]: target 'haiku' is listed twice");
}

// --- budget ---

TEST(RouterReaderErrors, BudgetWithoutACurrencyAmount) {
  EXPECT_EQ(error_of(with_rules("    - {when: {budget: {daily: 500, at: 95%}}, target: haiku}\n")),
            "s.yaml:17:31: router.rules[0].when.budget.daily: money needs a currency sign: write $500 instead of '500'");
  EXPECT_EQ(error_of(with_rules("    - {when: {budget: {at: 95%}}, target: haiku}\n")),
            "s.yaml:17:23: router.rules[0].when.budget.daily: required key is missing (expected a daily budget in USD "
            "such as $500)");
}

TEST(RouterReaderErrors, BudgetThresholdNotAPercentageInRange) {
  EXPECT_EQ(error_of(with_rules("    - {when: {budget: {daily: $500, at: 0%}}, target: haiku}\n")),
            "s.yaml:17:41: router.rules[0].when.budget.at: must be a percentage in (0%, 100%], got '0%'");
  EXPECT_EQ(error_of(with_rules("    - {when: {budget: {daily: $500, at: 120%}}, target: haiku}\n")),
            "s.yaml:17:41: router.rules[0].when.budget.at: must be a percentage in (0%, 100%], got '120%'");
  EXPECT_EQ(error_of(with_rules("    - {when: {budget: {daily: $500, at: 0.95}}, target: haiku}\n")),
            "s.yaml:17:41: router.rules[0].when.budget.at: a percentage needs its '%' sign: write 95% for the fraction "
            "0.95 (or 0.95% if you meant that)");
  EXPECT_EQ(error_of(with_rules("    - {when: {budget: {daily: $500, at: 95}}, target: haiku}\n")),
            "s.yaml:17:41: router.rules[0].when.budget.at: a percentage needs its '%' sign: write 95% instead of '95'");
  EXPECT_EQ(error_of(with_rules("    - {when: {budget: {daily: $500, at: lots}}, target: haiku}\n")),
            "s.yaml:17:41: router.rules[0].when.budget.at: expected a percentage such as 95%, got 'lots'");
}

// --- hours and weekdays ---

TEST(RouterReaderErrors, MalformedHourRange) {
  EXPECT_EQ(error_of(with_rules("    - {when: {hours: [\"18:00\"]}, target: haiku}\n")),
            "s.yaml:17:23: router.rules[0].when.hours[0]: expected a local time range HH:MM-HH:MM (00:00 to 24:00) "
            "such as \"18:00-24:00\", got '18:00'");
  EXPECT_EQ(error_of(with_rules("    - {when: {hours: [\"18:00-25:00\"]}, target: haiku}\n")),
            "s.yaml:17:23: router.rules[0].when.hours[0]: expected a local time range HH:MM-HH:MM (00:00 to 24:00) "
            "such as \"18:00-24:00\", got '18:00-25:00'");
  EXPECT_EQ(error_of(with_rules("    - {when: {hours: \"18:00-24:00\"}, target: haiku}\n")),
            "s.yaml:17:22: router.rules[0].when.hours: expected a list of local time ranges such as "
            "[\"18:00-24:00\"], got '18:00-24:00'");
  EXPECT_EQ(error_of(with_rules("    - {when: {hours: [\"24:00-06:00\"]}, target: haiku}\n")),
            "s.yaml:17:23: router.rules[0].when.hours[0]: a range cannot start at 24:00 (write 00:00), got "
            "'24:00-06:00'");
}

TEST(RouterReaderErrors, EmptyHourRange) {
  EXPECT_EQ(error_of(with_rules("    - {when: {hours: [\"09:00-09:00\"]}, target: haiku}\n")),
            "s.yaml:17:23: router.rules[0].when.hours[0]: the range '09:00-09:00' is empty (start equals end); the "
            "whole day is \"00:00-24:00\"");
  EXPECT_EQ(error_of(with_rules("    - {when: {hours: []}, target: haiku}\n")),
            "s.yaml:17:22: router.rules[0].when.hours: needs at least one range such as \"18:00-24:00\" (or leave "
            "hours out: any time)");
}

TEST(RouterReaderErrors, OverlappingHourRangesInOneRule) {
  EXPECT_EQ(error_of(with_rules("    - when:\n        hours: [\"18:00-24:00\", \"20:00-22:00\"]\n      target: haiku\n")),
            "s.yaml:18:32: router.rules[0].when.hours[1]: the range '20:00-22:00' overlaps '18:00-24:00' (hours[0]) "
            "of the same rule; merge them or make them disjoint");
  // A range wrapping past midnight overlaps the early morning.
  EXPECT_EQ(error_of(with_rules("    - {when: {hours: [\"22:00-02:00\", \"01:00-03:00\"]}, target: haiku}\n")),
            "s.yaml:17:38: router.rules[0].when.hours[1]: the range '01:00-03:00' overlaps '22:00-02:00' (hours[0]) "
            "of the same rule; merge them or make them disjoint");
}

TEST(RouterReaderErrors, BadWeekdays) {
  EXPECT_EQ(error_of(with_rules("    - {when: {weekdays: [mon, tues]}, target: haiku}\n")),
            "s.yaml:17:31: router.rules[0].when.weekdays[1]: unknown weekday 'tues', did you mean 'tue'?");
  EXPECT_EQ(error_of(with_rules("    - {when: {weekdays: [weekend, sun]}, target: haiku}\n")),
            "s.yaml:17:35: router.rules[0].when.weekdays[1]: 'sun' repeats a day already listed");
  EXPECT_EQ(error_of(with_rules("    - {when: {weekdays: []}, target: haiku}\n")),
            "s.yaml:17:25: router.rules[0].when.weekdays: needs at least one weekday (or leave weekdays out: every "
            "day)");
}

// --- classes and tags ---

TEST(RouterReaderErrors, UnknownClass) {
  EXPECT_EQ(error_of(with_rules("    - {when: {classes: [chatt]}, target: haiku}\n")),
            "s.yaml:17:25: router.rules[0].when.classes[0]: no request class named 'chatt', did you mean 'chat'?");
  EXPECT_EQ(error_of(with_rules("    - {when: {classes: [billing]}, target: haiku}\n")),
            "s.yaml:17:25: router.rules[0].when.classes[0]: no request class named 'billing' (classes: chat, "
            "catalogue, agent)");
  EXPECT_EQ(error_of(with_rules("    - {when: {classes: [chat, chat]}, target: haiku}\n")),
            "s.yaml:17:31: router.rules[0].when.classes[1]: class 'chat' is listed twice");
}

TEST(RouterReaderErrors, TagNoClassCarries) {
  EXPECT_EQ(error_of(with_rules("    - {when: {tags: [catalog]}, target: haiku}\n")),
            "s.yaml:17:22: router.rules[0].when.tags[0]: no request class carries the tag 'catalog', did you mean "
            "'catalogue'?");
  EXPECT_EQ(error_of(with_rules("    - {when: {tags: [billing]}, target: haiku}\n")),
            "s.yaml:17:22: router.rules[0].when.tags[0]: no request class carries the tag 'billing' (tags the "
            "classes carry: support, catalogue, faq, tools)");
}

TEST(RouterReaderErrors, ClassesAndTagsWithNothingInCommon) {
  EXPECT_EQ(error_of(with_rules("    - {when: {classes: [chat], tags: [faq]}, target: haiku}\n")),
            "s.yaml:17:38: router.rules[0].when.tags: no class listed under classes carries any of these tags, so the "
            "rule could never match");
}

TEST(RouterReaderErrors, ClassesWhenTheWorkloadHasNone) {
  const std::string yaml =
      "horizon: 1h\n"
      "workload:\n"
      "  arrivals: {process: poisson, rate: 1/s}\n"
      "targets:\n"
      "  a: {kind: station, service_time: {distribution: exponential, mean: 1s}}\n"
      "router:\n"
      "  rules:\n"
      "    - {when: {tags: [faq]}, target: a}\n";
  EXPECT_EQ(error_of(yaml), "s.yaml:8:21: router.rules[0].when.tags: the workload has no request classes "
                            "(workload.classes), so no request has a class or tags to match");
}

// --- scores and tokens ---

TEST(RouterReaderErrors, ComplexityAndTokenBounds) {
  EXPECT_EQ(error_of(with_rules("    - {when: {complexity_at_least: 1.5}, target: haiku}\n")),
            "s.yaml:17:36: router.rules[0].when.complexity_at_least: must be <= 1 (a complexity score is in [0, 1]), "
            "got '1.5'");
  EXPECT_EQ(error_of(with_rules("    - {when: {complexity_at_least: 0.7, complexity_below: 0.5}, target: haiku}\n")),
            "s.yaml:17:59: router.rules[0].when.complexity_below: must be > complexity_at_least (0.7), got '0.5'");
  EXPECT_EQ(error_of(with_rules("    - {when: {prompt_tokens_at_least: 8k, prompt_tokens_below: 2000}, target: haiku}\n")),
            "s.yaml:17:64: router.rules[0].when.prompt_tokens_below: must be > prompt_tokens_at_least (8000), got "
            "'2000'");
}

// --- rule names and keys ---

TEST(RouterReaderErrors, RuleNames) {
  EXPECT_EQ(error_of(with_rules("    - {name: Peak, target: haiku}\n")),
            "s.yaml:17:14: router.rules[0].name: rule names are lowercase letters, digits and '_', got 'Peak'");
  EXPECT_EQ(error_of(with_rules("    - {name: default, target: haiku}\n")),
            "s.yaml:17:14: router.rules[0].name: 'default' is reserved (outputs count requests no rule matched as "
            "default_matched)");
  EXPECT_EQ(error_of(with_rules("    - {name: peak, when: {classes: [chat]}, target: haiku}\n"
                                "    - {name: peak, when: {classes: [agent]}, target: haiku}\n")),
            "s.yaml:18:14: router.rules[1].name: the rule name 'peak' is already used by rules[0]");
  EXPECT_EQ(error_of(with_rules("    - {name: rule2, when: {classes: [chat]}, target: haiku}\n"
                                "    - {when: {classes: [agent]}, target: haiku}\n")),
            "s.yaml:18:7: router.rules[1]: the rule name 'rule2' is already used by rules[0] (an unnamed rule is "
            "called rule<N>; give it a name)");
}

TEST(RouterReaderErrors, UnknownKeysInRulesWhenAndBudget) {
  EXPECT_EQ(error_of(with_rules("    - {traget: haiku}\n")),
            "s.yaml:17:8: router.rules[0].traget: unknown key 'traget', did you mean 'target'?");
  EXPECT_EQ(error_of(with_rules("    - {when: {hour: [\"09:00-18:00\"]}, target: haiku}\n")),
            "s.yaml:17:15: router.rules[0].when.hour: unknown key 'hour', did you mean 'hours'?");
  EXPECT_EQ(error_of(with_rules("    - {when: {budget: {daily: $500, at: 95%, att: $1}}, target: haiku}\n")),
            "s.yaml:17:46: router.rules[0].when.budget.att: unknown key 'att', did you mean 'at'?");
  EXPECT_EQ(error_of(with_rules("    - {when: {budget: {dialy: $500}}, target: haiku}\n")),
            "s.yaml:17:24: router.rules[0].when.budget.dialy: unknown key 'dialy', did you mean 'daily'?");
  EXPECT_EQ(error_of(with_rules("    - {when: {colour: red}, target: haiku}\n")),
            "s.yaml:17:15: router.rules[0].when.colour: unknown key 'colour' (allowed here: hours, weekdays, classes, "
            "tags, complexity_at_least, complexity_below, prompt_tokens_at_least, prompt_tokens_below, budget)");
  EXPECT_EQ(error_of(with_rules("    - haiku\n")), "s.yaml:17:7: router.rules[0]: expected a mapping, got 'haiku'");
  EXPECT_EQ(error_of(with_rules("    {target: haiku}\n")),
            "s.yaml:17:5: router.rules: expected a list of rules such as [{when: {hours: [\"18:00-24:00\"]}, target: "
            "haiku}], got a mapping");
}

// --- shadowed rules ---

TEST(RouterReaderErrors, ARuleAnEarlierRuleShadows) {
  // The brief's example: 20:00-22:00 lies inside 18:00-24:00, with no other condition.
  EXPECT_EQ(error_of(with_rules("    - name: peak\n"
                                "      when: {hours: [\"18:00-24:00\"]}\n"
                                "      target: sonnet\n"
                                "    - name: late\n"
                                "      when: {hours: [\"20:00-22:00\"]}\n"
                                "      target: haiku\n")),
            "s.yaml:20:7: router.rules[1] ('late'): can never match: rule 'peak' (rules[0]) comes first and matches "
            "every request it would; put the narrower rule first or narrow 'peak'");
}

TEST(RouterReaderErrors, ShadowedOnEveryCondition) {
  // Weekdays, classes (tags resolve to classes), complexity and token intervals all inside.
  EXPECT_EQ(error_of(with_rules(
                "    - {name: broad, when: {weekdays: weekdays, tags: [support], complexity_at_least: 0.5}, target: sonnet}\n"
                "    - {name: busy, when: {classes: [chat]}, target: haiku}\n"
                "    - {name: narrow, when: {weekdays: [tue], classes: [agent], complexity_at_least: 0.6, "
                "complexity_below: 0.9}, target: haiku}\n")),
            "s.yaml:19:7: router.rules[2] ('narrow'): can never match: rule 'broad' (rules[0]) comes first and "
            "matches every request it would; put the narrower rule first or narrow 'broad'");
  // A rule with no conditions matches everything: anything after it is dead.
  EXPECT_EQ(error_of(with_rules("    - {target: sonnet}\n    - {when: {classes: [chat]}, target: haiku}\n")),
            "s.yaml:18:7: router.rules[1] ('rule2'): can never match: rule 'rule1' (rules[0]) comes first and matches "
            "every request it would; put the narrower rule first or narrow 'rule1'");
  // The same budget at a lower threshold trips first.
  EXPECT_EQ(error_of(with_rules("    - {name: soft, when: {budget: {daily: $500, at: 80%}}, target: haiku}\n"
                                "    - {name: hard, when: {budget: {daily: $500, at: 95%}, classes: [chat]}, "
                                "target: haiku_pt}\n")),
            "s.yaml:18:7: router.rules[1] ('hard'): can never match: rule 'soft' (rules[0]) comes first and matches "
            "every request it would; put the narrower rule first or narrow 'soft'");
  EXPECT_EQ(error_of(with_rules("    - {name: big, when: {prompt_tokens_at_least: 1000}, target: sonnet}\n"
                                "    - {name: huge, when: {prompt_tokens_at_least: 8k, prompt_tokens_below: 100k}, "
                                "target: sonnet_pt}\n")),
            "s.yaml:18:7: router.rules[1] ('huge'): can never match: rule 'big' (rules[0]) comes first and matches "
            "every request it would; put the narrower rule first or narrow 'big'");
}

}  // namespace
}  // namespace fmsim::models
