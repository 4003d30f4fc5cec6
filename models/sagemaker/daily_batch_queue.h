// The collecting side of a daily batch job (SageMaker batch transform, Bedrock batch inference):
// calls wait in arrival order until the job that starts every day at a local time of day
// (`run_at`, in the scenario's zone) takes them. A job at instant T takes exactly the calls
// received before T, never one received at T itself, so the split does not depend on the order
// of simultaneous events.
//
// On a daylight-saving day a run_at that does not exist locally (spring forward) is skipped that
// day; one that occurs twice (fall back) runs once, at its first occurrence.
#pragma once

#include <cstdint>

#include "models/core/service.h"
#include "models/core/service_context.h"
#include "sim/ring_queue.h"

namespace fmsim::models {

struct PendingCall {
  CallListener* listener = nullptr;
  CallTag tag = 0;
  sim::SimTime received;
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
};

class DailyBatchQueue {
 public:
  class Owner {
   public:
    virtual ~Owner() = default;
    // The daily run time has come; `ready` calls (received before now) may be taken.
    virtual void on_run(std::size_t ready) = 0;
  };

  // `run_at_minute`: minutes after local midnight, 0..1439.
  DailyBatchQueue(ServiceContext& ctx, std::int32_t run_at_minute, Owner& owner);

  void start();  // schedules the first run (at t = 0 if run_at is the local time then)
  void push(const CallInput& input, CallListener& listener, CallTag tag);
  // Preconditions: size() > 0.
  PendingCall pop() { return queue_.pop_front(); }
  std::size_t size() const { return queue_.size(); }

  // The first instant >= from at run_at local time on a local day after `after_day`.
  sim::SimTime next_run(sim::SimTime from, std::int64_t after_day) const;

 private:
  void on_run_event(std::uint64_t);

  ServiceContext& ctx_;
  std::int32_t run_at_minute_;
  Owner& owner_;
  sim::RingQueue<PendingCall> queue_;
  std::int64_t last_run_day_ = -1'000'000;
  // The calls at the back received at the same instant (those a run at that instant leaves).
  sim::SimTime tail_received_ = sim::SimTime::max();
  std::size_t tail_count_ = 0;
};

}  // namespace fmsim::models
