// The router: which target a request's model calls go to, and where a failed call goes next.
//
// Rules are tried in order when the request reaches the model client; the first whose conditions
// all hold (route_condition.h; then its budget guard, budget_guard.h) picks the chain:
//   single      the rule's target;
//   split       one target drawn by weight, one uniform per request from the stream
//               "router.<rule>.split" (A/B tests, canaries);
//   first_free  the first member whose has_free_capacity(first call) is true now, else the first;
// then the rule's fallback targets in order (the chosen target skipped). No rule matches: the
// default target alone, no fallback. The chain is a fixed-size Route the model client keeps per
// request: choosing allocates nothing.
//
// With budget conditions the router keeps one event per local day (local_midnight.h) to reset
// the guards. services.csv counters (component "router", only when there are rules):
// "<rule>_matched" per rule, "default_matched", "fallbacks_<reason>" (counted by the model client
// through fell_back()).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "models/routing/budget_guard.h"
#include "models/routing/route_condition.h"
#include "models/workload/local_calendar.h"
#include "sim/distribution.h"

namespace fmsim::models {

// Where one request's calls go: chain[0] first, then chain[1] ... on failures the rule falls back on.
struct Route {
  std::array<std::uint16_t, kMaxRouteLength> chain{};  // target indices
  std::uint8_t length = 0;
  std::uint8_t fallback_on = 0;  // bit r set: FallbackReason r moves a call on
  std::int16_t rule = -1;        // index into RouterSpec::rules; -1 = the default route

  bool falls_back_on(FallbackReason r) const { return (fallback_on >> static_cast<unsigned>(r)) & 1u; }
};

// The reason a call's status falls back on, if it is a failure (ok: none).
std::optional<FallbackReason> fallback_reason_of(CallStatus s);

class Router {
 public:
  // `targets`: the services behind the indices (what first_free asks). Throws
  // std::invalid_argument for a spec the loader should have refused (indices out of range, a chain
  // longer than kMaxRouteLength, split weights not matching the targets).
  Router(ServiceContext& ctx, const RouterSpec& spec, std::span<Service* const> targets);
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // At t = 0: schedules the local-midnight resets when some rule has a budget condition.
  void start();

  // The route of a request (`request`: as it reached the model client; `first_call`: its first
  // model call, what first_free asks the targets about), at the current time.
  Route choose(const CallInput& request, const CallInput& first_call);

  // The model client moved a call on along its chain.
  void fell_back(sim::SimTime now, FallbackReason reason);

  bool has_rules() const { return !rules_.empty(); }
  std::size_t default_index() const { return default_; }
  const BudgetGuard* guard_of(std::size_t rule) const;

 private:
  struct Rule {
    explicit Rule(const RouteConditionSpec& spec) : when(spec) {}
    RouteCondition when;
    std::int32_t guard = -1;  // index into guards_
    RouteChoice choice = RouteChoice::single;
    std::vector<std::uint16_t> members;    // single: one; split, first_free: the candidates
    std::vector<double> cumulative;        // split: running sums of the weights
    std::int32_t split_stream = -1;        // index into split_rngs_
    std::vector<std::uint16_t> fallback;
    std::uint8_t fallback_on = 0;
    ServiceMetrics::Counter matched = 0;
  };

  RouteQuery query_of(const CallInput& request, sim::SimTime now) const;
  std::uint16_t pick(Rule& rule, const CallInput& first_call);
  Route route_of(std::size_t rule_index, std::uint16_t first) const;
  void on_local_midnight(std::uint64_t);

  ServiceContext& ctx_;
  std::vector<Service*> targets_;
  std::uint16_t default_;
  std::vector<Rule> rules_;
  std::vector<std::unique_ptr<BudgetGuard>> guards_;
  std::vector<sim::RandomEngine> split_rngs_;
  sim::Distribution unit_ = sim::Distribution::uniform(0, 1);
  bool uses_clock_ = false;
  LocalCalendar calendar_;  // own copy: its segment cache follows the router's queries only
  ServiceMetrics::Counter default_matched_ = 0;
  std::array<ServiceMetrics::Counter, kFallbackReasons> fallbacks_{};
};

}  // namespace fmsim::models
