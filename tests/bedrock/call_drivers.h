// Traffic for testing one Service alone: an open-loop Poisson source and a closed loop of users
// who think, call, wait for the answer and think again. Both record every call: when it was sent,
// how it ended and when.
#pragma once

#include <cstdint>
#include <vector>

#include <boost/random/exponential_distribution.hpp>

#include <optional>

#include "models/core/service.h"
#include "sim/distribution.h"
#include "sim/random_streams.h"
#include "sim/simulator.h"

namespace fmsim::testing {

struct SentCall {
  sim::SimTime sent;
  std::int64_t output_tokens = 0;  // what the call asked the model to generate
  sim::SimTime done = sim::SimTime::max();  // max(): no answer yet
  models::CallResult result;
};

// Poisson arrivals at `rate_per_s` over [0, end), each sending `input` to `target`.
class PoissonCaller final : public models::CallListener {
 public:
  PoissonCaller(sim::Simulator& sim, models::Service& target, std::uint64_t seed, double rate_per_s,
                models::CallInput input, sim::SimTime end)
      : sim_(sim), target_(target), rng_(sim::RandomStreams(seed, 0).stream("test.arrivals")), gap_(rate_per_s),
        input_(input), end_(end) {
    schedule_next();
  }
  std::vector<SentCall> calls;
  // Draw each call's output tokens (rounded) instead of sending input.output_tokens.
  void vary_output(sim::Distribution d) { output_ = d; }

 private:
  void schedule_next() {
    const sim::SimTime t = sim_.now() + sim::Duration::from_seconds(gap_(rng_));
    if (t < end_) sim_.schedule_at<&PoissonCaller::on_arrival>(t, this);
  }
  void on_arrival(std::uint64_t) {
    models::CallInput in = input_;
    if (output_) in.output_tokens = static_cast<std::int64_t>(output_->sample(rng_) + 0.5);
    calls.push_back({sim_.now(), in.output_tokens, sim::SimTime::max(), {}});
    target_.call(in, *this, calls.size() - 1);
    schedule_next();
  }
  void on_call_done(models::CallTag tag, const models::CallResult& r) override {
    calls[tag].done = sim_.now();
    calls[tag].result = r;
  }
  sim::Simulator& sim_;
  models::Service& target_;
  sim::RandomEngine rng_;
  boost::random::exponential_distribution<double> gap_;
  models::CallInput input_;
  sim::SimTime end_;
  std::optional<sim::Distribution> output_;
};

// `users` users, each alternating an exponential think time of mean `think_s` and one call,
// from t = 0 (starting with a think) until `end`.
class ClosedLoopUsers final : public models::CallListener {
 public:
  ClosedLoopUsers(sim::Simulator& sim, models::Service& target, std::uint64_t seed, int users, double think_s,
                  models::CallInput input, sim::SimTime end)
      : sim_(sim), target_(target), rng_(sim::RandomStreams(seed, 0).stream("test.think")), think_(1.0 / think_s),
        input_(input), end_(end) {
    for (int u = 0; u < users; ++u) think(static_cast<std::uint64_t>(u));
  }
  std::vector<SentCall> calls;

 private:
  void think(std::uint64_t user) {
    const sim::SimTime t = sim_.now() + sim::Duration::from_seconds(think_(rng_));
    if (t < end_) sim_.schedule_at<&ClosedLoopUsers::on_think_done>(t, this, user);
  }
  void on_think_done(std::uint64_t user) {
    calls.push_back({sim_.now(), input_.output_tokens, sim::SimTime::max(), {}});
    // The tag carries the user and the call's index.
    target_.call(input_, *this, (user << 40) | (calls.size() - 1));
  }
  void on_call_done(models::CallTag tag, const models::CallResult& r) override {
    SentCall& c = calls[tag & ((std::uint64_t{1} << 40) - 1)];
    c.done = sim_.now();
    c.result = r;
    think(tag >> 40);
  }
  sim::Simulator& sim_;
  models::Service& target_;
  sim::RandomEngine rng_;
  boost::random::exponential_distribution<double> think_;
  models::CallInput input_;
  sim::SimTime end_;
};

}  // namespace fmsim::testing
