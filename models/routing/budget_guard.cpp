// Budget guard trips and resets, each a line in events.csv.
#include "models/routing/budget_guard.h"

#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace fmsim::models {

BudgetGuard::BudgetGuard(ServiceContext& ctx, std::string rule_name, const BudgetGuardSpec& spec)
    : ctx_(ctx), rule_name_(std::move(rule_name)), spec_(spec), limit_usd_(spec.daily_usd * spec.threshold) {
  for (const auto& t : spec.spend_of) line_prefixes_.push_back(t + ".");
  if (!(spec.daily_usd > 0)) throw std::invalid_argument("BudgetGuard: the daily budget must be > 0");
  if (!(spec.threshold > 0 && spec.threshold <= 1))
    throw std::invalid_argument("BudgetGuard: the threshold must be in (0, 1]");
}

void BudgetGuard::trip(sim::SimTime now) {
  tripped_ = true;
  const double spent = spent_today(now);
  const std::string reason =
      fmt::format("spent ${:.2f}{} of ${:.2f} ({:g}% threshold) since {}; rule '{}' now matches", spent,
                  spec_.spend_of.empty() ? std::string() : fmt::format(" on {}", fmt::join(spec_.spend_of, ", ")),
                  spec_.daily_usd, spec_.threshold * 100, first_day_ ? "the start of the run" : "00:00 local",
                  rule_name_);
  ctx_.events.record(ServiceEvent{now, "router", "budget_guard_tripped", spec_.daily_usd, spent, reason});
}

double BudgetGuard::spend(sim::SimTime now) {
  if (line_prefixes_.empty()) return ctx_.cost.spent(now);
  if (!group_) {
    std::vector<CostLedger::LineId> lines;
    const auto& names = ctx_.cost.line_names();
    for (std::size_t i = 0; i < names.size(); ++i)
      for (const auto& p : line_prefixes_)
        if (names[i].starts_with(p)) lines.push_back(i);
    group_ = ctx_.cost.add_group(now, lines);
  }
  return ctx_.cost.group_spent(now, *group_);
}

void BudgetGuard::on_local_midnight(sim::SimTime now) {
  const double spent_now = spend(now);
  if (tripped_) {
    const double day = spent_now - day_start_spend_;
    const std::string reason = fmt::format("local midnight: ${:.2f} spent that day against ${:.2f}; rule '{}' stops matching", day,
                                           spec_.daily_usd, rule_name_);
    ctx_.events.record(ServiceEvent{now, "router", "budget_guard_reset", day, 0, reason});
  }
  day_start_spend_ = spent_now;
  tripped_ = false;
  first_day_ = false;
}

}  // namespace fmsim::models
