// A generic queueing station: c identical servers in front of one FIFO queue with an optional
// capacity, and an optional maximum wait. It is the queueing-theory validation target (M/M/c,
// M/D/1, M/G/c/K) and the template for the AWS service models: it receives a request through
// `submit` and reports exactly one outcome for it to its OutcomeListener:
//   ok        — served (latency = queueing + service);
//   rejected  — the queue was full on arrival (blocking, as in M/M/c/K);
//   timed_out — it waited in the queue longer than max_wait and left.
//
// The queue is FIFO and max_wait is the same for every request, so the request whose wait runs
// out is always the one at the head: a timeout pops the head, never searches the queue.
#pragma once

#include <cstdint>

#include "models/core/request.h"
#include "models/deployment/deployment_spec.h"
#include "sim/distribution.h"
#include "sim/random_streams.h"
#include "sim/ring_queue.h"
#include "sim/simulator.h"

namespace fmsim::models {

class Station {
 public:
  Station(sim::Simulator& sim, const StationSpec& spec, RequestPool& pool, sim::RandomEngine service_rng,
          OutcomeListener& listener);
  Station(const Station&) = delete;
  Station& operator=(const Station&) = delete;

  // The request arrives now.
  void submit(RequestId id);

  std::int32_t busy_servers() const { return busy_; }
  std::size_t queue_length() const { return queue_.size(); }
  std::int32_t servers() const { return servers_; }

 private:
  void start_service(RequestId id);
  void on_departure(std::uint64_t id);
  void on_wait_expired(std::uint64_t id);

  sim::Simulator& sim_;
  RequestPool& pool_;
  OutcomeListener& listener_;
  sim::Distribution service_time_;
  sim::RandomEngine rng_;
  std::int32_t servers_;
  std::int64_t queue_capacity_;  // -1: unlimited
  sim::Duration max_wait_;       // Duration::max(): none
  std::int32_t busy_ = 0;
  sim::RingQueue<RequestId> queue_;
};

}  // namespace fmsim::models
