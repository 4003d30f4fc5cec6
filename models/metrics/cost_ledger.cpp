// Cost ledger: closing a window integrates each rate line over it.
#include "models/metrics/cost_ledger.h"

#include <numeric>

namespace fmsim::models {

CostLedger::CostLedger(sim::Duration window, CostWindowSink* sink) : sink_(sink), windows_(window) {}

CostLedger::LineId CostLedger::add_line(std::string name) {
  names_.push_back(std::move(name));
  rates_.emplace_back();
  totals_.push_back(0);
  scratch_.push_back(0);
  rate_level_.push_back(0);
  line_groups_.emplace_back();
  windows_.current().charges.assign(names_.size(), 0.0);
  return names_.size() - 1;
}

void CostLedger::WindowCloser::operator()(sim::SimTime start, sim::SimTime end, const Window& w) const {
  for (std::size_t i = 0; i < self->names_.size(); ++i) {
    self->scratch_[i] = w.charges[i] + self->rates_[i].integral(end);
    self->rates_[i].restart(end);
    self->totals_[i] += self->scratch_[i];
  }
  if (self->sink_) self->sink_->on_cost_window(start, end, self->scratch_);
}

void CostLedger::charge(sim::SimTime t, LineId line, double usd) {
  windows_.at(t, WindowCloser{this}).charges[line] += usd;
  charged_ += usd;
  for (const GroupId g : line_groups_[line]) groups_[g].charged += usd;
}

void CostLedger::set_rate(sim::SimTime t, LineId line, double usd_per_hour) {
  // Close windows first so the old rate is integrated up to each boundary before <= t.
  windows_.at(t, WindowCloser{this});
  rates_[line].set(t, usd_per_hour / 3600.0);
  all_rates_.add(t, usd_per_hour / 3600.0 - rate_level_[line]);
  for (const GroupId g : line_groups_[line]) groups_[g].rates.add(t, usd_per_hour / 3600.0 - rate_level_[line]);
  rate_level_[line] = usd_per_hour / 3600.0;
}

double CostLedger::spent(sim::SimTime t) const { return charged_ + all_rates_.integral(t); }

CostLedger::GroupId CostLedger::add_group(sim::SimTime t, const std::vector<LineId>& lines) {
  Group g;
  double rate = 0;
  for (const LineId l : lines) {
    g.charged += line_spent(t, l);
    rate += rate_level_[l];
  }
  g.rates = sim::TimeWeightedGauge(t, rate);
  groups_.push_back(std::move(g));
  for (const LineId l : lines) line_groups_[l].push_back(groups_.size() - 1);
  return groups_.size() - 1;
}

double CostLedger::line_spent(sim::SimTime t, LineId line) const {
  // The rate gauge restarts at each window boundary, so its integral covers the open window up to t.
  return totals_[line] + windows_.current().charges[line] + rates_[line].integral(t);
}

void CostLedger::finish(sim::SimTime end) { windows_.finish(end, WindowCloser{this}); }

double CostLedger::total() const { return std::accumulate(totals_.begin(), totals_.end(), 0.0); }

}  // namespace fmsim::models
