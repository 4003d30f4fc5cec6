// The schedule of a sweep's replications, with optional sequential stopping.
#include "tools/sweep/sweep_schedule.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "models/sweep/student_t.h"

namespace fmsim::cli::sweep {

SweepSchedule::SweepSchedule(const models::sweep::SweepSpec& spec, const std::vector<std::uint64_t>& points)
    : spec_(spec) {
  const std::uint64_t first = spec.stopping ? spec.stopping->min_replications : spec.replications;
  for (auto p : points) {
    auto& s = points_[p];
    enqueue(p, s, first);
  }
}

void SweepSchedule::enqueue(std::uint64_t point, PointState& s, std::uint64_t count) {
  for (std::uint64_t i = 0; i < count; ++i) {
    const WorkItem item{point, s.scheduled + i};
    if (restored_.count({item.point, item.replication})) {
      ++s.completed;  // restored before the schedule reached it
      ++done_;
    } else {
      queue_.push_back(item);
    }
  }
  s.scheduled += count;
}

void SweepSchedule::restore(const ReplicationRecord& r) {
  const auto it = points_.find(r.point);
  if (it == points_.end()) return;  // a point this schedule does not run (a plan's other batch)
  if (!restored_.emplace(r.point, r.replication).second) return;
  auto& s = it->second;
  if (spec_.stopping) s.stop_metric[r.replication] = r.values.at(spec_.stopping->metric);
  // A restored replication beyond what is scheduled so far (sequential stopping had added more
  // in the interrupted run) is kept and counted when the schedule reaches it.
  if (r.replication < s.scheduled) {
    ++s.completed;
    ++done_;
    ++skipped_;  // its item is in the queue; next() drops it
    if (s.completed == s.scheduled) decide(r.point, s);
  }
}

std::optional<WorkItem> SweepSchedule::next() {
  while (!queue_.empty()) {
    const auto item = queue_.front();
    queue_.pop_front();
    if (restored_.count({item.point, item.replication})) {
      --skipped_;
      continue;
    }
    ++running_;
    return item;
  }
  return std::nullopt;
}

void SweepSchedule::complete(const ReplicationRecord& r) {
  auto& s = points_.at(r.point);
  if (spec_.stopping) s.stop_metric[r.replication] = r.values.at(spec_.stopping->metric);
  --running_;
  ++s.completed;
  ++done_;
  if (s.completed == s.scheduled) decide(r.point, s);
}

// Called when every scheduled replication of a point is in: add a batch while the stopping
// metric's CI is wider than asked. Replications restored beyond `scheduled` are counted as they
// come into range (enqueue), so a resumed sweep takes the same decisions as an uninterrupted one.
void SweepSchedule::decide(std::uint64_t point, PointState& s) {
  if (!spec_.stopping) {
    ++points_done_;
    return;
  }
  const auto& stop = *spec_.stopping;
  while (s.completed == s.scheduled) {
    if (s.scheduled >= stop.max_replications) break;
    std::vector<double> v;
    v.reserve(s.scheduled);
    for (std::uint64_t r = 0; r < s.scheduled; ++r) v.push_back(s.stop_metric.at(r));
    const auto ci = models::sweep::student_t_interval(v);
    bool narrow = std::isfinite(ci.half_width);
    if (narrow && stop.half_width) narrow = ci.half_width <= *stop.half_width;
    if (narrow && stop.relative) narrow = ci.half_width <= *stop.relative * std::fabs(ci.mean);
    // An undefined metric (NaN: nothing served) cannot get narrower by itself; more replications
    // are still added up to `max`, where a defined value may appear.
    if (narrow) break;
    enqueue(point, s, std::min(stop.batch, stop.max_replications - s.scheduled));
  }
  if (s.completed == s.scheduled) ++points_done_;
}

bool SweepSchedule::finished() const {
  return running_ == 0 && queue_.size() == skipped_;
}

std::uint64_t SweepSchedule::planned() const {
  std::uint64_t n = 0;
  for (const auto& [p, s] : points_) n += s.scheduled;
  return n;
}

std::uint64_t SweepSchedule::scheduled_for(std::uint64_t point) const {
  const auto it = points_.find(point);
  return it == points_.end() ? 0 : it->second.scheduled;
}

}  // namespace fmsim::cli::sweep
