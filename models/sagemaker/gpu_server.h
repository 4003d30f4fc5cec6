// One GPU inference server with continuous batching (TGI / vLLM on one SageMaker instance): up to
// K requests in service at once, all progressing together at a speed that depends only on how many
// there are. This is the per-instance service model of the real-time and async endpoints.
//
// Model (GpuServerSpec). With n requests in service each output token takes
//   itl(n) = max(inter_token_latency + inter_token_slope * (n - 1), n / max_output_tokens_per_s),
// so the instance's output rate n / itl(n) grows with n until it meets the throughput ceiling.
// A request's work is measured in seconds at concurrency 1: a prefill part
// ttft_base + input_tokens / prefill_tokens_per_s (its first token comes at the end of it) and a
// decode part (output_tokens - 1) * itl(1). Every request in service progresses at
// speed(n) = itl(1) / itl(n) seconds of work per second, which stretches time to first token and
// generation by the same factor (the spec's rule). Decode is memory-bandwidth bound, so the
// requests of a batch slow each other down together; that shared speed is what makes the model
// exact and cheap: when n changes, every remaining work keeps its value and only the speed changes.
//
// Events: at most one pending event, for the earliest milestone (a first token or a completion).
// Each admission, removal or milestone costs O(K): bring every remaining work up to now at the old
// speed, then find the new earliest milestone. No allocation after construction.
#pragma once

#include <cstdint>
#include <vector>

#include "models/deployment/deployment_spec.h"
#include "sim/simulator.h"

namespace fmsim::models {

class GpuServerListener {
 public:
  virtual ~GpuServerListener() = default;
  // The job's first output token is out (end of prefill).
  virtual void on_first_token(std::uint32_t job) = 0;
  // The job's last token is out; its place is free already (the listener may admit another).
  virtual void on_finished(std::uint32_t job) = 0;
};

class GpuServer {
 public:
  // A request's work, in seconds at concurrency 1.
  struct Work {
    double prefill_s = 0;
    double decode_s = 0;
  };

  // Throws std::invalid_argument for max_concurrency < 1 or non-positive rates.
  GpuServer(sim::Simulator& sim, const GpuServerSpec& spec, GpuServerListener& listener);
  GpuServer(const GpuServer&) = delete;
  GpuServer& operator=(const GpuServer&) = delete;
  ~GpuServer();

  // The token model's work for a request (input = every prompt token the model prefills).
  static Work work_for(const GpuServerSpec& spec, std::int64_t input_tokens, std::int64_t output_tokens);
  // itl(n) of the spec, in seconds.
  static double inter_token_latency_s(const GpuServerSpec& spec, std::int32_t n);

  // Starts serving `job` now. Precondition: !full(). Never calls the listener synchronously.
  void admit(std::uint32_t job, Work work);
  // Stops serving `job` (a timeout cut it); returns false if it is not here. No callback.
  bool remove(std::uint32_t job);

  std::int32_t active() const { return n_; }
  bool full() const { return n_ >= max_concurrency_; }
  bool idle() const { return n_ == 0; }
  std::int32_t max_concurrency() const { return max_concurrency_; }

  // The model's curves (for documentation, the fit test and the endpoint's callers).
  double inter_token_latency_s(std::int32_t n) const;  // itl(n)
  double output_tokens_per_s(std::int32_t n) const { return n / inter_token_latency_s(n); }
  double speed(std::int32_t n) const { return speed_[static_cast<std::size_t>(n)]; }
  double time_to_first_token_s(std::int32_t n, std::int64_t input_tokens) const {
    return (ttft_base_s_ + static_cast<double>(input_tokens) / prefill_per_s_) / speed(n);
  }

 private:
  struct Slot {
    std::uint32_t job;
    bool decoding;     // past its first token
    double remaining;  // work left (s at concurrency 1) until its next milestone
    double decode;     // decode work still to start (while prefilling)
  };
  void advance();     // brings every remaining work from last_ up to now at speed(n_)
  void reschedule();  // the event for the earliest milestone
  void on_milestone(std::uint64_t);
  void erase(std::int32_t i);

  sim::Simulator& sim_;
  GpuServerListener& listener_;
  std::int32_t max_concurrency_;
  double itl0_s_, slope_s_, ceiling_;
  double ttft_base_s_, prefill_per_s_;
  std::vector<double> speed_;  // by n, 0..K
  std::vector<Slot> slots_;    // K places, the first n_ in use
  std::int32_t n_ = 0;
  sim::SimTime last_ = sim::SimTime::zero();
  sim::EventHandle pending_;
  bool in_event_ = false;  // callbacks running: admissions do not reschedule, the event does at its end
};

}  // namespace fmsim::models
