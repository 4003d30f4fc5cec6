// Reading `router.rules` into RouteRuleSpec: each rule's conditions, its choice of target (target,
// split or first_free) and fallback chain, then the checks across rules — unique names, and no rule
// that an earlier rule shadows (the order would never let it win). Class names and tags resolve
// against the workload's classes, target names against the deployment's targets.
#include <algorithm>
#include <bitset>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "models/scenario/deployment_reader.h"
#include "models/scenario/did_you_mean.h"
#include "models/scenario/value_readers.h"

namespace fmsim::models {

namespace {

constexpr std::int32_t kMinutesPerDay = 1440;
using MinuteSet = std::bitset<kMinutesPerDay>;

// A rule as read, with what the checks across rules need: where it was written and the minutes
// of the day its `hours` cover (all of them when it has none).
struct ReadRule {
  RouteRuleSpec spec;
  FieldReader field;
  std::optional<FieldReader> name_field;
  MinuteSet minutes;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::int32_t target_index(const FieldReader& f, std::span<const TargetSpec> targets) {
  const std::string& name = f.scalar("the name of a target");
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (targets[i].name == name) return static_cast<std::int32_t>(i);
    names.push_back(targets[i].name);
  }
  const std::string hint = did_you_mean(name, names);
  f.fail(fmt::format("no target named '{}'{}", name,
                     hint.empty() ? fmt::format(" (targets: {})", join_words(names)) : hint));
}

// ---------------------------------------------------------------- when: hours, weekdays

MinuteSet minutes_of(const HourRange& r) {
  MinuteSet m;
  if (r.start_minute < r.end_minute) {
    for (std::int32_t i = r.start_minute; i < r.end_minute; ++i) m.set(static_cast<std::size_t>(i));
  } else {  // wraps past midnight
    for (std::int32_t i = r.start_minute; i < kMinutesPerDay; ++i) m.set(static_cast<std::size_t>(i));
    for (std::int32_t i = 0; i < r.end_minute; ++i) m.set(static_cast<std::size_t>(i));
  }
  return m;
}

HourRange read_hour_range(const FieldReader& f) {
  const std::string& text = f.scalar("a local time range such as \"18:00-24:00\"");
  const std::size_t dash = text.find('-');
  std::optional<std::int32_t> start, end;
  if (dash != std::string::npos) {
    start = parse_clock_minute(trim(std::string_view(text).substr(0, dash)));
    end = parse_clock_minute(trim(std::string_view(text).substr(dash + 1)));
  }
  if (!start || !end)
    f.fail(fmt::format("expected a local time range HH:MM-HH:MM (00:00 to 24:00) such as \"18:00-24:00\", got '{}'",
                       text));
  if (*start == kMinutesPerDay) f.fail(fmt::format("a range cannot start at 24:00 (write 00:00), got '{}'", text));
  if (*start == *end)
    f.fail(fmt::format("the range '{}' is empty (start equals end); the whole day is \"00:00-24:00\"", text));
  // "22:00-00:00" runs to midnight: the same as "22:00-24:00".
  return HourRange{*start, *end == 0 ? kMinutesPerDay : *end};
}

std::vector<HourRange> read_hours(const FieldReader& f, MinuteSet& covered) {
  const std::vector<FieldReader> elements = f.elements("a list of local time ranges such as [\"18:00-24:00\"]");
  if (elements.empty()) f.fail("needs at least one range such as \"18:00-24:00\" (or leave hours out: any time)");
  std::vector<HourRange> ranges;
  std::vector<MinuteSet> sets;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const HourRange r = read_hour_range(elements[i]);
    const MinuteSet m = minutes_of(r);
    for (std::size_t j = 0; j < sets.size(); ++j)
      if ((sets[j] & m).any())
        elements[i].fail(fmt::format("the range '{}' overlaps '{}' (hours[{}]) of the same rule; merge them or make "
                                     "them disjoint",
                                     elements[i].node().Scalar(), elements[j].node().Scalar(), j));
    ranges.push_back(r);
    sets.push_back(m);
    covered |= m;
  }
  return ranges;
}

const std::vector<std::pair<std::string_view, std::uint8_t>>& weekday_words() {
  static const std::vector<std::pair<std::string_view, std::uint8_t>> kWords{
      {"mon", 0x01},      {"tue", 0x02},       {"wed", 0x04},         {"thu", 0x08},     {"fri", 0x10},
      {"sat", 0x20},      {"sun", 0x40},       {"monday", 0x01},      {"tuesday", 0x02}, {"wednesday", 0x04},
      {"thursday", 0x08}, {"friday", 0x10},    {"saturday", 0x20},    {"sunday", 0x40},  {"weekdays", 0x1f},
      {"weekend", 0x60},
  };
  return kWords;
}

std::uint8_t read_weekdays(const FieldReader& f) {
  if (f.is_scalar()) return choose_word<std::uint8_t>(f, "weekday", weekday_words());
  const std::vector<FieldReader> elements = f.elements("a list of weekdays such as [mon, tue] or the word weekend");
  if (elements.empty()) f.fail("needs at least one weekday (or leave weekdays out: every day)");
  std::uint8_t days = 0;
  for (const FieldReader& e : elements) {
    const std::uint8_t d = choose_word<std::uint8_t>(e, "weekday", weekday_words());
    if (days & d) e.fail(fmt::format("'{}' repeats a day already listed", e.node().Scalar()));
    days |= d;
  }
  return days;
}

// ---------------------------------------------------------------- when: classes, tags

void require_classes(const FieldReader& f, const WorkloadSpec& workload) {
  if (workload.classes.empty())
    f.fail("the workload has no request classes (workload.classes), so no request has a class or tags to match");
}

std::vector<std::int32_t> read_class_names(const FieldReader& f, const WorkloadSpec& workload) {
  require_classes(f, workload);
  const std::vector<FieldReader> elements = f.elements("a list of request class names such as [chat]");
  if (elements.empty()) f.fail("needs at least one class name (or leave classes out: any request)");
  std::vector<std::string_view> names;
  for (const RequestClassSpec& c : workload.classes) names.push_back(c.name);
  std::vector<std::int32_t> out;
  for (const FieldReader& e : elements) {
    const std::string& name = e.scalar("the name of a request class");
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      const std::string hint = did_you_mean(name, names);
      e.fail(fmt::format("no request class named '{}'{}", name,
                         hint.empty() ? fmt::format(" (classes: {})", join_words(names)) : hint));
    }
    const auto index = static_cast<std::int32_t>(it - names.begin());
    if (std::find(out.begin(), out.end(), index) != out.end()) e.fail(fmt::format("class '{}' is listed twice", name));
    out.push_back(index);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The classes carrying any of the tags listed.
std::vector<std::int32_t> read_tags(const FieldReader& f, const WorkloadSpec& workload) {
  require_classes(f, workload);
  const std::vector<FieldReader> elements = f.elements("a list of tags such as [catalogue]");
  if (elements.empty()) f.fail("needs at least one tag (or leave tags out: any request)");
  std::vector<std::string_view> known;
  for (const RequestClassSpec& c : workload.classes)
    for (const std::string& t : c.tags)
      if (std::find(known.begin(), known.end(), t) == known.end()) known.push_back(t);
  std::vector<std::string> listed;
  std::vector<std::int32_t> out;
  for (const FieldReader& e : elements) {
    const std::string& tag = e.scalar("a tag");
    if (std::find(listed.begin(), listed.end(), tag) != listed.end()) e.fail(fmt::format("tag '{}' is listed twice", tag));
    listed.push_back(tag);
    if (known.empty())
      e.fail(fmt::format("no request class carries the tag '{}': no class has tags (give them in workload.classes[].tags)",
                         tag));
    if (std::find(known.begin(), known.end(), tag) == known.end()) {
      const std::string hint = did_you_mean(tag, known);
      e.fail(fmt::format("no request class carries the tag '{}'{}", tag,
                         hint.empty() ? fmt::format(" (tags the classes carry: {})", join_words(known)) : hint));
    }
    for (std::size_t c = 0; c < workload.classes.size(); ++c) {
      const auto& tags = workload.classes[c].tags;
      const auto index = static_cast<std::int32_t>(c);
      if (std::find(tags.begin(), tags.end(), tag) != tags.end() &&
          std::find(out.begin(), out.end(), index) == out.end())
        out.push_back(index);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// ---------------------------------------------------------------- when: scores, tokens, budget

double read_complexity(const FieldReader& f) {
  const double v = f.number(Bound::non_negative);
  if (v > 1) f.fail(fmt::format("must be <= 1 (a complexity score is in [0, 1]), got '{}'", f.node().Scalar()));
  return v;
}

BudgetGuardSpec read_budget(const MappingReader& m, std::span<const TargetSpec> targets) {
  BudgetGuardSpec b;
  b.daily_usd = m.required("daily", "a daily budget in USD such as $500").money_usd(Bound::positive);
  if (auto f = m.optional("at")) {
    b.threshold = read_percentage(*f);
    if (!(b.threshold > 0 && b.threshold <= 1))
      f->fail(fmt::format("must be a percentage in (0%, 100%], got '{}'", f->node().Scalar()));
  }
  if (auto f = m.optional("spend_of")) {
    for (const FieldReader& e : f->elements("a list of targets whose spend counts, such as [haiku, sonnet]")) {
      const std::string& name = targets[static_cast<std::size_t>(target_index(e, targets))].name;
      if (std::find(b.spend_of.begin(), b.spend_of.end(), name) != b.spend_of.end())
        e.fail(fmt::format("'{}' is listed twice", name));
      b.spend_of.push_back(name);
    }
    if (b.spend_of.empty()) f->fail("must name at least one target (leave spend_of out to count every cost line)");
  }
  return b;
}

RouteConditionSpec read_when(const MappingReader& m, const WorkloadSpec& workload, std::span<const TargetSpec> targets,
                             MinuteSet& minutes) {
  RouteConditionSpec w;
  minutes.set();
  if (auto f = m.optional("hours")) {
    minutes.reset();
    w.hours = read_hours(*f, minutes);
  }
  if (auto f = m.optional("weekdays")) w.weekdays = read_weekdays(*f);

  const auto classes = m.optional("classes");
  const auto tags = m.optional("tags");
  if (classes) w.classes = read_class_names(*classes, workload);
  if (tags) {
    std::vector<std::int32_t> tagged = read_tags(*tags, workload);
    if (w.classes) {
      std::vector<std::int32_t> both;
      std::set_intersection(w.classes->begin(), w.classes->end(), tagged.begin(), tagged.end(),
                            std::back_inserter(both));
      if (both.empty())
        tags->fail("no class listed under classes carries any of these tags, so the rule could never match");
      tagged = std::move(both);
    }
    w.classes = std::move(tagged);
  }

  if (auto f = m.optional("complexity_at_least")) w.complexity_at_least = read_complexity(*f);
  if (auto f = m.optional("complexity_below")) {
    w.complexity_below = read_complexity(*f);
    if (w.complexity_at_least && !(*w.complexity_below > *w.complexity_at_least))
      f->fail(fmt::format("must be > complexity_at_least ({}), got '{}'", *w.complexity_at_least, f->node().Scalar()));
    if (!(*w.complexity_below > 0)) f->fail(fmt::format("must be > 0, got '{}'", f->node().Scalar()));
  }
  if (auto f = m.optional("prompt_tokens_at_least")) w.prompt_tokens_at_least = f->count(CountSuffix::allowed, 0);
  if (auto f = m.optional("prompt_tokens_below")) {
    w.prompt_tokens_below = f->count(CountSuffix::allowed, 1);
    if (w.prompt_tokens_at_least && *w.prompt_tokens_below <= *w.prompt_tokens_at_least)
      f->fail(fmt::format("must be > prompt_tokens_at_least ({}), got '{}'", *w.prompt_tokens_at_least,
                          f->node().Scalar()));
  }
  if (m.has("budget")) w.budget = read_budget(m.required_mapping("budget"), targets);
  return w;
}

// ---------------------------------------------------------------- the choice and the chain

std::vector<std::int32_t> read_first_free(const FieldReader& f, std::span<const TargetSpec> targets) {
  const std::vector<FieldReader> elements = f.elements("a list of targets such as [haiku_pt, haiku]");
  if (elements.size() < 2) f.fail("first_free needs at least two targets (for one, write target: NAME)");
  std::vector<std::int32_t> out;
  for (const FieldReader& e : elements) {
    const std::int32_t t = target_index(e, targets);
    if (std::find(out.begin(), out.end(), t) != out.end())
      e.fail(fmt::format("target '{}' is listed twice", e.node().Scalar()));
    out.push_back(t);
  }
  return out;
}

void read_split(const FieldReader& f, std::span<const TargetSpec> targets, RouteRuleSpec& rule) {
  const auto entries = f.entries("a mapping of targets to shares such as {sonnet_pt: 90%, sonnet: 10%}");
  if (entries.size() < 2) f.fail("a split needs at least two targets (for one, write target: NAME)");
  double sum = 0;
  for (const auto& [key, value] : entries) {
    const std::int32_t t = target_index(key, targets);
    if (std::find(rule.targets.begin(), rule.targets.end(), t) != rule.targets.end())
      key.fail(fmt::format("target '{}' is listed twice", key.node().Scalar()));
    const double share = read_percentage(value);
    if (!(share > 0)) value.fail(fmt::format("must be > 0% (leave a target with no share out), got '{}'", value.node().Scalar()));
    if (share > 1) value.fail(fmt::format("must be <= 100%, got '{}'", value.node().Scalar()));
    rule.targets.push_back(t);
    rule.weights.push_back(share);
    sum += share;
  }
  if (std::abs(sum - 1) > 1e-9) f.fail(fmt::format("the shares sum to {:.10g}%, not 100%", sum * 100));
}

// `fallback`: no target twice in the chain. A single target's chain starts with it; a split or
// first_free chain starts with whichever member was chosen, and a fallback naming a member is
// allowed (it is skipped when it is the one already tried), so only the fallback list is checked.
std::vector<std::int32_t> read_fallback(const FieldReader& f, std::span<const TargetSpec> targets,
                                        const RouteRuleSpec& rule) {
  const std::vector<FieldReader> elements = f.elements("a list of targets such as [haiku]");
  std::vector<std::int32_t> chain;
  if (rule.choice == RouteChoice::single) chain.push_back(rule.targets.front());
  std::vector<std::int32_t> out;
  for (const FieldReader& e : elements) {
    const std::int32_t t = target_index(e, targets);
    const auto first = std::find(chain.begin(), chain.end(), t);
    if (first != chain.end()) {
      std::string cycle;
      for (auto it = first; it != chain.end(); ++it) cycle += targets[static_cast<std::size_t>(*it)].name + " -> ";
      cycle += targets[static_cast<std::size_t>(t)].name;
      e.fail(fmt::format("fallback cycle: {} (a target may appear only once in a rule's chain)", cycle));
    }
    chain.push_back(t);
    out.push_back(t);
  }
  if (1 + out.size() > kMaxRouteLength)
    f.fail(fmt::format("the chain is {} targets long (the chosen target and {} fallbacks); at most {}", 1 + out.size(),
                       out.size(), kMaxRouteLength));
  return out;
}

std::array<bool, kFallbackReasons> read_fallback_on(const FieldReader& f) {
  static const std::vector<std::pair<std::string_view, FallbackReason>> kReasons{
      {"throttle", FallbackReason::throttle},
      {"capacity", FallbackReason::capacity},
      {"error", FallbackReason::error},
      {"timeout", FallbackReason::timeout},
  };
  const std::vector<FieldReader> elements = f.elements("a list of reasons such as [throttle, capacity]");
  if (elements.empty())
    f.fail("needs at least one of throttle, capacity, error, timeout (to never fall back, leave fallback out)");
  std::array<bool, kFallbackReasons> on{false, false, false, false};
  for (const FieldReader& e : elements) {
    const auto r = static_cast<std::size_t>(choose_word<FallbackReason>(e, "fallback reason", kReasons));
    if (on[r]) e.fail(fmt::format("'{}' is listed twice", e.node().Scalar()));
    on[r] = true;
  }
  return on;
}

bool is_rule_name(std::string_view n) {
  if (n.empty()) return false;
  for (char c : n)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

ReadRule read_rule(const FieldReader& field, std::size_t index, const WorkloadSpec& workload,
                   std::span<const TargetSpec> targets) {
  const MappingReader m(field, schema::kRouteRule);
  ReadRule r{RouteRuleSpec{}, field, m.optional("name"), MinuteSet{}};
  RouteRuleSpec& rule = r.spec;
  rule.name = fmt::format("rule{}", index + 1);
  if (r.name_field) {
    rule.name = r.name_field->string();
    // The name becomes a random stream ("router.<name>.split") and output counters ("<name>_matched").
    if (!is_rule_name(rule.name))
      r.name_field->fail(fmt::format("rule names are lowercase letters, digits and '_', got '{}'", rule.name));
    if (rule.name == "default")
      r.name_field->fail("'default' is reserved (outputs count requests no rule matched as default_matched)");
  }
  rule.when = read_when(m.optional_mapping("when"), workload, targets, r.minutes);

  std::vector<std::string_view> given;
  for (std::string_view k : {"target", "split", "first_free"})
    if (m.has(k)) given.push_back(k);
  if (given.empty()) m.fail(m.path(), "a rule needs one of target, split or first_free");
  if (given.size() > 1)
    m.optional(given[1])->fail(fmt::format("give only one of target, split and first_free (this rule also has '{}')",
                                           given[0]));
  if (given[0] == "target") {
    rule.choice = RouteChoice::single;
    rule.targets.push_back(target_index(m.required("target", "a target"), targets));
  } else if (given[0] == "split") {
    rule.choice = RouteChoice::split;
    read_split(m.required("split", "a split"), targets, rule);
  } else {
    rule.choice = RouteChoice::first_free;
    rule.targets = read_first_free(*m.optional("first_free"), targets);
  }

  if (auto f = m.optional("fallback")) rule.fallback = read_fallback(*f, targets, rule);
  if (auto f = m.optional("fallback_on")) {
    if (rule.fallback.empty()) f->fail("has no effect without a fallback list: there is no target to fall back to");
    rule.fallback_on = read_fallback_on(*f);
  }
  return r;
}

// ---------------------------------------------------------------- shadowed rules

// Whether every request `later` matches is matched by `earlier` as well, condition by condition.
// Pairwise only: a rule covered by several earlier rules together is not detected.
bool covers(const ReadRule& earlier, const ReadRule& later) {
  const RouteConditionSpec& a = earlier.spec.when;
  const RouteConditionSpec& b = later.spec.when;
  if ((later.minutes & ~earlier.minutes).any()) return false;
  if ((b.weekdays & ~a.weekdays) != 0) return false;
  if (a.classes) {
    if (!b.classes || !std::includes(a.classes->begin(), a.classes->end(), b.classes->begin(), b.classes->end()))
      return false;
  }
  constexpr double kInf = std::numeric_limits<double>::infinity();
  // Complexity is in [0, 1]: an unset lower bound is 0.
  if (a.complexity_at_least.value_or(0) > b.complexity_at_least.value_or(0)) return false;
  if (a.complexity_below.value_or(kInf) < b.complexity_below.value_or(kInf)) return false;
  constexpr std::int64_t kMaxTokens = std::numeric_limits<std::int64_t>::max();
  if (a.prompt_tokens_at_least.value_or(0) > b.prompt_tokens_at_least.value_or(0)) return false;
  if (a.prompt_tokens_below.value_or(kMaxTokens) < b.prompt_tokens_below.value_or(kMaxTokens)) return false;
  if (a.budget) {
    // The same budget at a lower threshold trips first and stays tripped for the rest of the day.
    if (!b.budget || b.budget->daily_usd != a.budget->daily_usd || a.budget->threshold > b.budget->threshold ||
        a.budget->spend_of != b.budget->spend_of)
      return false;
  }
  return true;
}

}  // namespace

void read_router_rules(const MappingReader& root, const WorkloadSpec& workload, DeploymentSpec& deployment) {
  const MappingReader router = root.optional_mapping("router");
  const auto rules = router.optional("rules");
  // `rules:` with nothing under it is the same as no rules, like any other empty block.
  if (!rules || rules->node().IsNull()) return;
  const std::vector<FieldReader> elements =
      rules->elements("a list of rules such as [{when: {hours: [\"18:00-24:00\"]}, target: haiku}]");
  std::vector<ReadRule> read;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    read.push_back(read_rule(elements[i], i, workload, deployment.targets));
    const ReadRule& r = read.back();
    for (std::size_t j = 0; j + 1 < read.size(); ++j) {
      if (read[j].spec.name != r.spec.name) continue;
      const std::string what = fmt::format("the rule name '{}' is already used by rules[{}]{}", r.spec.name, j,
                                           r.name_field ? "" : " (an unnamed rule is called rule<N>; give it a name)");
      if (r.name_field) r.name_field->fail(what);
      r.field.fail(what);
    }
  }
  for (std::size_t j = 1; j < read.size(); ++j) {
    for (std::size_t i = 0; i < j; ++i) {
      if (!covers(read[i], read[j])) continue;
      const std::string& name = read[i].spec.name;
      read[j].field.source().fail(
          read[j].field.mark(), fmt::format("{}[{}] ('{}')", rules->path(), j, read[j].spec.name),
          fmt::format("can never match: rule '{}' (rules[{}]) comes first and matches every request it would; put the "
                      "narrower rule first or narrow '{}'",
                      name, i, name));
    }
  }
  deployment.router.rules.reserve(read.size());
  for (ReadRule& r : read) deployment.router.rules.push_back(std::move(r.spec));
}

}  // namespace fmsim::models
