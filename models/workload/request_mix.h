// Request classes and their tokens: picks the class of each arriving request (by weight, varying
// with the local hour) and draws its input/output tokens and complexity — or takes them from the
// trace when the arrival carries them — and works out what an agent's several model calls bill.
//
// Randomness: the class choice draws from the stream `request_mix.class`; class C draws from
// `class.C.input_tokens`, `class.C.output_tokens` and `class.C.complexity`. Adding, removing or
// re-weighting a class therefore never changes another class's token or complexity draws.
//
// Cost: construction precomputes a cumulative table per local hour (24 × classes doubles);
// draw() is a binary search over it plus at most three distribution samples, and allocates
// nothing.
#pragma once

#include <cstdint>
#include <vector>

#include "models/workload/arrival_process.h"
#include "models/workload/workload_spec.h"
#include "sim/random_streams.h"

namespace fmsim::models {

// What one request is, as the deployment sees it.
//
// Token rules:
// - input_tokens: the user's input (without the system prompt), the class's input distribution
//   rounded to the nearest integer and at least 1 — a request always sends something.
// - output_tokens: what the user sees, i.e. one call's output. The output distribution is rounded
//   to the nearest integer and at least 1, except that a draw <= 0 gives 0: a zero-token answer
//   appears only when the distribution itself produces 0 (e.g. constant(0) or an empirical sample
//   0), never from rounding a small positive draw. It is then capped at max_tokens_per_turn.
// - Trace tokens win: an arrival carrying input/output tokens (>= 0) uses them as they are (no
//   draw is made from that stream); the cap still applies to the output, because the cap is the
//   deployment's max_tokens and binds whatever the source.
// - complexity: the class's complexity distribution clamped to [0, 1].
//
// Billing rule for agents (model_calls = k >= 1), after seed scenario R7: each call re-sends the
// system prompt S and the whole conversation so far. With user input u and per-call output o
// (already capped), call i (1-based) has
//     input_i  = S + u + (i − 1) · o        output_i = o
// and the user sees the last call's output o. Hence
//     billed_input_tokens  = Σ input_i  = k · (S + u) + o · k (k − 1) / 2
//     billed_output_tokens = Σ output_i = k · o
// For k = 1 this is S + u in and o out. The bill per visible output token is
//     k (S + u) / o + k (k + 1) / 2,
// i.e. at least 6× for a 3-step agent; R7's 5–15× corresponds to S + u up to about 3 · o.
struct RequestDraw {
  std::int32_t class_index;
  std::int64_t input_tokens;
  std::int64_t output_tokens;
  double complexity;
  std::int32_t model_calls;
  std::int64_t billed_input_tokens;
  std::int64_t billed_output_tokens;
};

class RequestMix {
 public:
  // Validates the classes and seeds their streams. Throws std::invalid_argument, naming the
  // class, for: no classes, an empty or duplicate name, a weight or hourly weight that is negative
  // or not finite, hourly_weights without exactly 24 values, all classes weighing zero at some
  // local hour, model_calls < 1, system_prompt_tokens < 0, max_tokens_per_turn < 1.
  RequestMix(std::vector<RequestClassSpec> classes, const sim::RandomStreams& streams);

  // One request arriving at `local_hour` (0..23, else std::out_of_range). A class carried by the
  // arrival (class_index >= 0) is used as it is (std::out_of_range if there is no such class) and
  // no class draw is made; otherwise the class is drawn with probability
  // weight × hourly_weights[local_hour] over the sum of the same for all classes.
  RequestDraw draw(int local_hour, const Arrival& arrival);

  const std::vector<RequestClassSpec>& classes() const { return classes_; }
  // The probability of each class at `local_hour` (0..23, else std::out_of_range); sums to 1.
  std::vector<double> class_probabilities(int local_hour) const;

 private:
  struct ClassStreams {
    sim::RandomEngine input_tokens;
    sim::RandomEngine output_tokens;
    sim::RandomEngine complexity;
  };

  std::int32_t draw_class(int local_hour);

  std::vector<RequestClassSpec> classes_;
  std::vector<ClassStreams> streams_;  // parallel to classes_
  sim::RandomEngine class_rng_;
  // cumulative_[h * n + i] = P(class <= i) at local hour h; the last entry with positive weight
  // and all after it are exactly 1, so a uniform draw in [0, 1) never picks a zero-weight class.
  std::vector<double> cumulative_;
  std::vector<double> probabilities_;  // same layout, the probabilities themselves
};

}  // namespace fmsim::models
