// Money, by line item and by window. Two kinds of charge: one-off amounts at a time (per
// request, per token) and piecewise-constant rates (per server-hour, per MU-hour) integrated
// exactly over time. Each closed cost window goes to the sink at once (cost.csv is streamed).
//
// A window's cost of a line = its one-off charges in [start, end) + ∫ rate dt over [start, end).
// Totals are the sums of the windows, so the file and the summary always agree.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "sim/time.h"
#include "sim/time_weighted_gauge.h"
#include "sim/window_aggregator.h"

namespace fmsim::models {

class CostWindowSink {
 public:
  virtual ~CostWindowSink() = default;
  // `by_line` is indexed like CostLedger::line_names().
  virtual void on_cost_window(sim::SimTime start, sim::SimTime end, std::span<const double> by_line) = 0;
};

class CostLedger {
 public:
  using LineId = std::size_t;

  // `sink` may be null.
  CostLedger(sim::Duration window, CostWindowSink* sink);

  // Set-up only (before the first charge).
  LineId add_line(std::string name);

  void charge(sim::SimTime t, LineId line, double usd);
  // From t on, the line accrues `usd_per_hour` continuously (until changed).
  void set_rate(sim::SimTime t, LineId line, double usd_per_hour);
  void finish(sim::SimTime end);

  // Every line's cost from 0 up to t (>= the last charge or rate change): one-off charges plus
  // rates integrated to t. O(1); what a daily budget guard reads.
  double spent(sim::SimTime t) const;
  // The same for one line: its closed windows, the open window's charges, its rate up to t. O(1).
  double line_spent(sim::SimTime t, LineId line) const;

  // A set of lines whose spend is read often (a budget guard's): kept as one running sum, so
  // group_spent is O(1) whatever the number of lines. May be added at any time t (>= the last
  // charge or rate change); group_spent(t) then equals the sum of line_spent(t) over its lines.
  using GroupId = std::size_t;
  GroupId add_group(sim::SimTime t, const std::vector<LineId>& lines);
  double group_spent(sim::SimTime t, GroupId g) const { return groups_[g].charged + groups_[g].rates.integral(t); }

  const std::vector<std::string>& line_names() const { return names_; }
  // Valid after finish().
  double line_total(LineId line) const { return totals_[line]; }
  double total() const;

 private:
  struct Window {
    std::vector<double> charges;
    void reset() { std::fill(charges.begin(), charges.end(), 0.0); }
  };
  struct WindowCloser {
    CostLedger* self;
    void operator()(sim::SimTime start, sim::SimTime end, const Window& w) const;
  };

  CostWindowSink* sink_;
  mutable sim::WindowAggregator<Window> windows_;  // mutable: line_spent reads the open window
  std::vector<std::string> names_;
  std::vector<sim::TimeWeightedGauge> rates_;  // level in $/s, so the integral is dollars
  std::vector<double> totals_;
  std::vector<double> scratch_;
  // For spent(): every charge so far, and the sum of all rates as one piecewise-constant level.
  double charged_ = 0;
  sim::TimeWeightedGauge all_rates_;
  std::vector<double> rate_level_;  // $/s per line, to update all_rates_
  struct Group {
    double charged = 0;  // the lines' spend when the group was made, plus charges since
    sim::TimeWeightedGauge rates;  // the sum of the lines' rates ($/s) since then
  };
  std::vector<Group> groups_;
  std::vector<std::vector<GroupId>> line_groups_;  // per line, the groups it belongs to
};

}  // namespace fmsim::models
