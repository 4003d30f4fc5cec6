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
}

void CostLedger::set_rate(sim::SimTime t, LineId line, double usd_per_hour) {
  // Close windows first so the old rate is integrated up to each boundary before <= t.
  windows_.at(t, WindowCloser{this});
  rates_[line].set(t, usd_per_hour / 3600.0);
  all_rates_.add(t, usd_per_hour / 3600.0 - rate_level_[line]);
  rate_level_[line] = usd_per_hour / 3600.0;
}

double CostLedger::spent(sim::SimTime t) const { return charged_ + all_rates_.integral(t); }

void CostLedger::finish(sim::SimTime end) { windows_.finish(end, WindowCloser{this}); }

double CostLedger::total() const { return std::accumulate(totals_.begin(), totals_.end(), 0.0); }

}  // namespace fmsim::models
