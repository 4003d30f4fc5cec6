// One routing rule's `when:` block, compiled for matching once per request: local time of day and
// weekday, request class (classes and tags both arrive as class indices), complexity and prompt
// size. Everything here is a comparison or a bit test on a RouteQuery the router builds once per
// request, so a request costs no string work, no allocation and no zone lookup per rule.
//
// The budget condition is not here: it reads the cost ledger and logs its trips, so the router
// asks a BudgetGuard (budget_guard.h) after this part matched.
#pragma once

#include <bitset>
#include <cstdint>
#include <limits>
#include <vector>

#include "models/deployment/deployment_spec.h"

namespace fmsim::models {

// What a rule looks at, computed once when the request reaches the model client.
struct RouteQuery {
  std::int32_t minute_of_day = 0;  // local wall-clock minute, 0 ... 1439
  std::int32_t weekday = 0;        // local, 0 = Monday ... 6 = Sunday
  std::int32_t class_index = -1;   // -1: a request without a class
  double complexity = 0;
  std::int64_t prompt_tokens = 0;  // S + u
};

class RouteCondition {
 public:
  static constexpr std::int32_t kMinutesPerDay = 1440;

  // Throws std::invalid_argument for ranges outside the day or an empty range (the loader
  // reports these first, with the file position).
  explicit RouteCondition(const RouteConditionSpec& spec);

  bool matches(const RouteQuery& q) const {
    if (((weekdays_ >> q.weekday) & 1u) == 0) return false;
    if (!any_minute_ && !minutes_.test(static_cast<std::size_t>(q.minute_of_day))) return false;
    if (!any_class_ &&
        (q.class_index < 0 || static_cast<std::size_t>(q.class_index) >= classes_.size() || !classes_[q.class_index]))
      return false;
    if (!(q.complexity >= complexity_at_least_ && q.complexity < complexity_below_)) return false;
    return q.prompt_tokens >= prompt_at_least_ && q.prompt_tokens < prompt_below_;
  }

  // Whether some condition looks at the local clock (the router then reads it per request).
  bool uses_clock() const { return !any_minute_ || weekdays_ != 0x7f; }

 private:
  std::uint8_t weekdays_;
  bool any_minute_;
  std::bitset<kMinutesPerDay> minutes_;  // bit m: local minute m of the day is inside some range
  bool any_class_;
  std::vector<std::uint8_t> classes_;    // indexed by class index: 1 = the rule applies
  double complexity_at_least_ = -std::numeric_limits<double>::infinity();
  double complexity_below_ = std::numeric_limits<double>::infinity();
  std::int64_t prompt_at_least_ = std::numeric_limits<std::int64_t>::min();
  std::int64_t prompt_below_ = std::numeric_limits<std::int64_t>::max();
};

}  // namespace fmsim::models
