// Rule matching, the choice kinds, chains, and the budget guards' daily reset.
#include "models/routing/router.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "models/metrics/target_metrics.h"
#include "models/routing/local_midnight.h"

namespace fmsim::models {

namespace {

constexpr std::int64_t kNsPerMinute = 60'000'000'000;

std::uint16_t checked_index(std::int32_t i, std::size_t targets, const std::string& rule) {
  if (i < 0 || static_cast<std::size_t>(i) >= targets)
    throw std::invalid_argument("Router: rule '" + rule + "' names target index " + std::to_string(i) +
                                " of " + std::to_string(targets));
  return static_cast<std::uint16_t>(i);
}

}  // namespace

std::optional<FallbackReason> fallback_reason_of(CallStatus s) {
  switch (s) {
    case CallStatus::ok: return std::nullopt;
    case CallStatus::throttled: return FallbackReason::throttle;
    case CallStatus::rejected: return FallbackReason::capacity;
    case CallStatus::error: return FallbackReason::error;
    case CallStatus::timed_out: return FallbackReason::timeout;
  }
  return std::nullopt;
}

Router::Router(ServiceContext& ctx, const RouterSpec& spec, std::span<Service* const> targets)
    : ctx_(ctx), targets_(targets.begin(), targets.end()), calendar_(ctx.calendar) {
  if (targets_.empty()) throw std::invalid_argument("Router: no targets");
  if (targets_.size() > 0xffff) throw std::invalid_argument("Router: too many targets");
  default_ = checked_index(spec.default_index, targets_.size(), "default");
  rules_.reserve(spec.rules.size());
  for (const RouteRuleSpec& r : spec.rules) {
    Rule& rule = rules_.emplace_back(r.when);
    rule.choice = r.choice;
    for (const std::int32_t t : r.targets) rule.members.push_back(checked_index(t, targets_.size(), r.name));
    for (const std::int32_t t : r.fallback) rule.fallback.push_back(checked_index(t, targets_.size(), r.name));
    if (rule.members.empty() || (r.choice == RouteChoice::single && rule.members.size() != 1))
      throw std::invalid_argument("Router: rule '" + r.name + "' has " + std::to_string(rule.members.size()) +
                                  " targets");
    if (1 + rule.fallback.size() > kMaxRouteLength)
      throw std::invalid_argument("Router: rule '" + r.name + "' has a chain longer than " +
                                  std::to_string(kMaxRouteLength));
    for (std::size_t i = 0; i < kFallbackReasons; ++i)
      if (r.fallback_on[i]) rule.fallback_on |= static_cast<std::uint8_t>(1u << i);
    if (r.choice == RouteChoice::split) {
      if (r.weights.size() != rule.members.size())
        throw std::invalid_argument("Router: rule '" + r.name + "' has " + std::to_string(r.weights.size()) +
                                    " weights for " + std::to_string(rule.members.size()) + " targets");
      double sum = 0;
      for (const double w : r.weights) {
        if (!(w >= 0)) throw std::invalid_argument("Router: rule '" + r.name + "' has a negative weight");
        rule.cumulative.push_back(sum += w);
      }
      if (!(sum > 0)) throw std::invalid_argument("Router: rule '" + r.name + "' has weights summing to 0");
      for (double& c : rule.cumulative) c /= sum;  // the loader gives fractions summing to 1; rounding aside
      rule.split_stream = static_cast<std::int32_t>(split_rngs_.size());
      split_rngs_.push_back(ctx.stream("router." + r.name, "split"));
    }
    if (r.when.budget) {
      rule.guard = static_cast<std::int32_t>(guards_.size());
      guards_.push_back(std::make_unique<BudgetGuard>(ctx, r.name, *r.when.budget));
    }
    uses_clock_ = uses_clock_ || rule.when.uses_clock();
  }
  // Counters only for routed deployments, so a single-target scenario's services.csv is unchanged.
  if (!rules_.empty()) {
    for (std::size_t i = 0; i < rules_.size(); ++i)
      rules_[i].matched = ctx.metrics.add_counter("router", spec.rules[i].name + "_matched");
    default_matched_ = ctx.metrics.add_counter("router", "default_matched");
    for (std::size_t r = 0; r < kFallbackReasons; ++r)
      fallbacks_[r] = ctx.metrics.add_counter(
          "router", std::string("fallbacks_") + fallback_reason_name(static_cast<FallbackReason>(r)));
  }
}

void Router::start() {
  if (guards_.empty()) return;
  const sim::SimTime now = ctx_.sim.now();
  // A run that starts at local midnight starts a whole day: the trip reads "since 00:00 local".
  const LocalCalendar::Segment& s = calendar_.segment(now);
  if (s.ns_of_day_at_start + (now - s.start).ns() == 0)
    for (auto& g : guards_) g->on_local_midnight(now);
  const sim::SimTime next = next_local_midnight(calendar_, now);
  if (next != sim::SimTime::max()) ctx_.sim.schedule_at<&Router::on_local_midnight>(next, this);
}

void Router::on_local_midnight(std::uint64_t) {
  const sim::SimTime now = ctx_.sim.now();
  for (auto& g : guards_) g->on_local_midnight(now);
  const sim::SimTime next = next_local_midnight(calendar_, now);
  if (next != sim::SimTime::max()) ctx_.sim.schedule_at<&Router::on_local_midnight>(next, this);
}

const BudgetGuard* Router::guard_of(std::size_t rule) const {
  const std::int32_t g = rules_.at(rule).guard;
  return g < 0 ? nullptr : guards_[static_cast<std::size_t>(g)].get();
}

RouteQuery Router::query_of(const CallInput& request, sim::SimTime now) const {
  RouteQuery q;
  if (uses_clock_) {
    const LocalCalendar::Segment& s = calendar_.segment(now);
    q.weekday = s.weekday;
    q.minute_of_day = static_cast<std::int32_t>((s.ns_of_day_at_start + (now - s.start).ns()) / kNsPerMinute);
    // A segment never crosses local midnight, but guard the bit index all the same.
    q.minute_of_day = std::clamp(q.minute_of_day, 0, RouteCondition::kMinutesPerDay - 1);
  }
  q.class_index = request.class_index;
  q.complexity = request.complexity;
  q.prompt_tokens = request.system_prompt_tokens + request.input_tokens;
  return q;
}

std::uint16_t Router::pick(Rule& rule, const CallInput& first_call) {
  switch (rule.choice) {
    case RouteChoice::single: return rule.members.front();
    case RouteChoice::split: {
      const double u = unit_.sample(split_rngs_[static_cast<std::size_t>(rule.split_stream)]);
      for (std::size_t i = 0; i + 1 < rule.members.size(); ++i)
        if (u < rule.cumulative[i]) return rule.members[i];
      return rule.members.back();
    }
    case RouteChoice::first_free:
      for (const std::uint16_t m : rule.members)
        if (targets_[m]->has_free_capacity(first_call)) return m;
      return rule.members.front();
  }
  return rule.members.front();
}

Route Router::route_of(std::size_t rule_index, std::uint16_t first) const {
  const Rule& rule = rules_[rule_index];
  Route route;
  route.rule = static_cast<std::int16_t>(rule_index);
  route.fallback_on = rule.fallback_on;
  route.chain[route.length++] = first;
  for (const std::uint16_t f : rule.fallback)
    if (f != first) route.chain[route.length++] = f;
  return route;
}

Route Router::choose(const CallInput& request, const CallInput& first_call) {
  Route route;
  if (rules_.empty()) {
    route.chain[0] = default_;
    route.length = 1;
    return route;
  }
  const sim::SimTime now = ctx_.sim.now();
  const RouteQuery q = query_of(request, now);
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    Rule& rule = rules_[i];
    if (!rule.when.matches(q)) continue;
    if (rule.guard >= 0 && !guards_[static_cast<std::size_t>(rule.guard)]->holds(now)) continue;
    ctx_.metrics.add(now, rule.matched);
    return route_of(i, pick(rule, first_call));
  }
  ctx_.metrics.add(now, default_matched_);
  route.chain[0] = default_;
  route.length = 1;
  return route;
}

void Router::fell_back(sim::SimTime now, FallbackReason reason) {
  if (!rules_.empty()) ctx_.metrics.add(now, fallbacks_[static_cast<std::size_t>(reason)]);
}

}  // namespace fmsim::models
