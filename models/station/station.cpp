// Station: arrivals, service starts, departures and queue timeouts.
#include "models/station/station.h"

#include <stdexcept>

namespace fmsim::models {

Station::Station(sim::Simulator& sim, const StationSpec& spec, RequestPool& pool, sim::RandomEngine service_rng,
                 OutcomeListener& listener)
    : sim_(sim),
      pool_(pool),
      listener_(listener),
      service_time_(spec.service_time),
      rng_(service_rng),
      servers_(spec.servers),
      queue_capacity_(spec.queue_capacity ? *spec.queue_capacity : -1),
      max_wait_(spec.max_wait ? *spec.max_wait : sim::Duration::max()) {
  if (servers_ < 1) throw std::invalid_argument("Station: servers must be >= 1");
}

void Station::submit(RequestId id) {
  if (busy_ < servers_) {
    start_service(id);
    return;
  }
  if (queue_capacity_ >= 0 && static_cast<std::int64_t>(queue_.size()) >= queue_capacity_) {
    listener_.on_outcome(id, Outcome::rejected);
    return;
  }
  queue_.push_back(id);
  if (max_wait_ != sim::Duration::max()) {
    pool_[id].timer = sim_.schedule_in<&Station::on_wait_expired>(max_wait_, this, id);
  }
}

void Station::start_service(RequestId id) {
  ++busy_;
  pool_[id].service_start = sim_.now();
  // Negative draws (possible only from a misconfigured empirical table) would schedule in the
  // past; clamp to an instantaneous service instead.
  double s = service_time_.sample(rng_);
  if (!(s > 0)) s = 0;
  sim_.schedule_in<&Station::on_departure>(sim::Duration::from_seconds(s), this, id);
}

void Station::on_departure(std::uint64_t raw) {
  const auto id = static_cast<RequestId>(raw);
  --busy_;
  listener_.on_outcome(id, Outcome::ok);
  if (!queue_.empty()) {
    const RequestId next = queue_.pop_front();
    sim_.cancel(pool_[next].timer);
    start_service(next);
  }
}

void Station::on_wait_expired(std::uint64_t raw) {
  const auto id = static_cast<RequestId>(raw);
  if (queue_.empty() || queue_.front() != id) {
    throw std::logic_error("Station: the expiring request is not at the head of the FIFO queue");
  }
  queue_.pop_front();
  listener_.on_outcome(id, Outcome::timed_out);
}

}  // namespace fmsim::models
