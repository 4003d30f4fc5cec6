// Class choice, token draws and agent billing of RequestMix (rules in request_mix.h).
#include "models/workload/request_mix.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

#include <boost/random/uniform_01.hpp>
#include <fmt/format.h>

namespace fmsim::models {

namespace {

constexpr int kHours = 24;
// Token counts beyond this are certainly a mis-specified distribution's tail; clamping keeps the
// conversion to int64 defined and the agent bill (≈ k² · o) far from overflow.
constexpr double kMaxTokens = 1e12;

[[noreturn]] void fail_class(const RequestClassSpec& c, const std::string& what) {
  throw std::invalid_argument(fmt::format("request class '{}': {}", c.name, what));
}

void check_hour(int local_hour) {
  if (local_hour < 0 || local_hour >= kHours) {
    throw std::out_of_range(fmt::format("request mix: local_hour must be in [0, 23] (got {})", local_hour));
  }
}

std::int64_t round_input(double x) {
  if (!(x >= 1)) return 1;  // also NaN
  return std::llround(std::min(x, kMaxTokens));
}

// A draw <= 0 is a deliberate zero-token answer; a small positive draw still produces a token.
std::int64_t round_output(double x) {
  if (!(x > 0)) return 0;
  if (x < 1) return 1;
  return std::llround(std::min(x, kMaxTokens));
}

}  // namespace

RequestMix::RequestMix(std::vector<RequestClassSpec> classes, const sim::RandomStreams& streams)
    : classes_(std::move(classes)), class_rng_(streams.stream("request_mix.class")) {
  if (classes_.empty()) throw std::invalid_argument("request mix: at least one request class is required");
  std::set<std::string> names;
  for (std::size_t i = 0; i < classes_.size(); ++i) {
    const RequestClassSpec& c = classes_[i];
    if (c.name.empty()) throw std::invalid_argument(fmt::format("request class #{}: name must not be empty", i + 1));
    if (!names.insert(c.name).second) fail_class(c, "duplicate name");
    if (!std::isfinite(c.weight) || c.weight < 0) {
      fail_class(c, fmt::format("weight must be a finite number >= 0 (got {})", c.weight));
    }
    if (!c.hourly_weights.empty()) {
      if (c.hourly_weights.size() != kHours) {
        fail_class(c, fmt::format("hourly_weights must have 24 values (got {})", c.hourly_weights.size()));
      }
      for (std::size_t h = 0; h < c.hourly_weights.size(); ++h) {
        const double w = c.hourly_weights[h];
        if (!std::isfinite(w) || w < 0) {
          fail_class(c, fmt::format("hourly_weights[{}] must be a finite number >= 0 (got {})", h, w));
        }
      }
    }
    if (c.model_calls < 1) fail_class(c, fmt::format("model_calls must be >= 1 (got {})", c.model_calls));
    if (c.system_prompt_tokens < 0) {
      fail_class(c, fmt::format("system_prompt_tokens must be >= 0 (got {})", c.system_prompt_tokens));
    }
    if (c.max_tokens_per_turn && *c.max_tokens_per_turn < 1) {
      fail_class(c, fmt::format("max_tokens_per_turn must be >= 1 (got {})", *c.max_tokens_per_turn));
    }
  }

  const std::size_t n = classes_.size();
  probabilities_.assign(kHours * n, 0.0);
  cumulative_.assign(kHours * n, 0.0);
  for (int h = 0; h < kHours; ++h) {
    const std::size_t row = static_cast<std::size_t>(h) * n;
    double total = 0;
    std::size_t last_positive = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const RequestClassSpec& c = classes_[i];
      const double w = c.weight * (c.hourly_weights.empty() ? 1.0 : c.hourly_weights[static_cast<std::size_t>(h)]);
      probabilities_[row + i] = w;
      total += w;
      if (w > 0) last_positive = i;
    }
    // Finite weights can still sum to infinity (e.g. two of 1e308).
    if (!(total > 0) || !std::isfinite(total)) {
      throw std::invalid_argument(fmt::format(
          "request mix: the class weights must have a finite, positive sum at every local hour "
          "(local hour {} sums to {})", h, total));
    }
    double running = 0;
    for (std::size_t i = 0; i < n; ++i) {
      probabilities_[row + i] /= total;
      running += probabilities_[row + i];
      // Pin the tail to exactly 1 so rounding can neither leave a gap above the last positive
      // class nor let a zero-weight class after it be picked.
      cumulative_[row + i] = i >= last_positive ? 1.0 : std::min(running, 1.0);
    }
  }

  streams_.reserve(n);
  for (const RequestClassSpec& c : classes_) {
    const std::string prefix = "class." + c.name + ".";
    streams_.push_back(ClassStreams{streams.stream(prefix + "input_tokens"), streams.stream(prefix + "output_tokens"),
                                    streams.stream(prefix + "complexity")});
  }
}

std::vector<double> RequestMix::class_probabilities(int local_hour) const {
  check_hour(local_hour);
  const auto first = probabilities_.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(local_hour) * classes_.size());
  return {first, first + static_cast<std::ptrdiff_t>(classes_.size())};
}

std::int32_t RequestMix::draw_class(int local_hour) {
  const double u = boost::random::uniform_01<double>()(class_rng_);  // in [0, 1)
  const auto first = cumulative_.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(local_hour) * classes_.size());
  const auto last = first + static_cast<std::ptrdiff_t>(classes_.size());
  // The first class whose cumulative probability exceeds u; zero-width classes are skipped
  // because their cumulative value equals their predecessor's.
  const auto it = std::upper_bound(first, last, u);
  return static_cast<std::int32_t>(std::min<std::ptrdiff_t>(it - first, static_cast<std::ptrdiff_t>(classes_.size()) - 1));
}

RequestDraw RequestMix::draw(int local_hour, const Arrival& arrival) {
  check_hour(local_hour);
  std::int32_t index = arrival.class_index;
  if (index >= 0) {
    if (static_cast<std::size_t>(index) >= classes_.size()) {
      throw std::out_of_range(fmt::format("request mix: the arrival's class index {} is out of range ({} classes)",
                                          index, classes_.size()));
    }
  } else {
    index = draw_class(local_hour);
  }
  RequestClassSpec& c = classes_[static_cast<std::size_t>(index)];
  ClassStreams& s = streams_[static_cast<std::size_t>(index)];

  const std::int64_t input =
      arrival.input_tokens >= 0 ? arrival.input_tokens : round_input(c.input_tokens.sample(s.input_tokens));
  std::int64_t output =
      arrival.output_tokens >= 0 ? arrival.output_tokens : round_output(c.output_tokens.sample(s.output_tokens));
  if (c.max_tokens_per_turn) output = std::min(output, *c.max_tokens_per_turn);
  const double complexity = std::clamp(c.complexity.sample(s.complexity), 0.0, 1.0);

  const std::int64_t k = c.model_calls;
  RequestDraw d{};
  d.class_index = index;
  d.input_tokens = input;
  d.output_tokens = output;
  d.complexity = complexity;
  d.model_calls = c.model_calls;
  d.billed_input_tokens = k * (c.system_prompt_tokens + input) + output * (k * (k - 1) / 2);
  d.billed_output_tokens = k * output;
  return d;
}

}  // namespace fmsim::models
