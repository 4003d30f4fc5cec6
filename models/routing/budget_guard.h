// The daily budget guard of one routing rule: it holds once the spend since the last local
// midnight (rates integrated up to now) reaches threshold x daily budget, typically to send
// traffic to a cheaper model for the rest of the day. The spend is every cost line's
// (CostLedger::spent) or, with `spend_of`, that of the named targets' lines ("<target>.*").
//
// Spend only grows within a day, so once tripped the guard holds without reading the ledger again
// until the router's local-midnight event resets it. The first day counts from the start of the
// run (spend 0 at t = 0), wherever in the local day that is.
//
// events.csv (component "router"): "budget_guard_tripped" the first time in a day the guard is
// found to hold (from = daily budget, to = spend today), "budget_guard_reset" at the local
// midnight after a trip (from = the day's spend, to = 0). Both are logged only when a request is
// evaluated against the guard or the day ends, so a guard behind a rule that always matches first
// never trips.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "sim/time.h"

namespace fmsim::models {

class BudgetGuard {
 public:
  // Throws std::invalid_argument unless daily_usd > 0 and 0 < threshold <= 1.
  BudgetGuard(ServiceContext& ctx, std::string rule_name, const BudgetGuardSpec& spec);

  // Whether the spend today has reached the threshold at `now` (logs the day's trip).
  bool holds(sim::SimTime now) {
    if (tripped_) return true;
    if (spend(now) - day_start_spend_ < limit_usd_) return false;
    trip(now);
    return true;
  }
  // A new local day begins at `now`.
  void on_local_midnight(sim::SimTime now);

  bool tripped() const { return tripped_; }
  double spent_today(sim::SimTime now) { return spend(now) - day_start_spend_; }
  double limit_usd() const { return limit_usd_; }

 private:
  void trip(sim::SimTime now);
  // Spend since t = 0 of what the guard counts.
  double spend(sim::SimTime now);

  std::vector<std::string> line_prefixes_;  // "<target>." per spend_of target; empty = every line
  // The ledger group of those lines, made at the first use (every line exists by then).
  std::optional<CostLedger::GroupId> group_;

  ServiceContext& ctx_;
  std::string rule_name_;
  BudgetGuardSpec spec_;
  double limit_usd_;
  double day_start_spend_ = 0;
  bool tripped_ = false;
  bool first_day_ = true;  // the run's first day, until a local midnight (at t = 0 when the run starts at one)
};

}  // namespace fmsim::models
