// The workload part of a scenario as plain typed structs: arrival processes, the calendar they
// follow, spikes, replayed traces and request classes. The scenario loader fills them after
// validating everything; the workload models take them as they are.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/distribution.h"
#include "sim/time.h"

namespace fmsim::models {

// Where simulated time t = 0 sits in the calendar, and the zone local times are read in.
struct CalendarSpec {
  std::string time_zone = "UTC";                 // IANA name, e.g. Asia/Tokyo, America/New_York
  std::chrono::sys_seconds start_utc{};          // the UTC instant of t = 0 (default 1970-01-01)
};

// A 24-hour shape in local time, repeated every local day, optionally scaled per weekday.
// Exactly one of `hourly_weights` (24 values, local hours 00-01 ... 23-24, rate constant within
// an hour) or `points` ((local hour in [0, 24], value) pairs, rate linear between them and
// periodic over the day) is given. Values are relative weights when `daily_total` is set (the
// profile is scaled so an average 24-hour local day brings daily_total requests before the
// weekday multipliers), otherwise rates in requests per second.
struct DiurnalSpec {
  std::vector<double> hourly_weights;
  std::vector<std::pair<double, double>> points;
  std::optional<double> daily_total;
  std::array<double, 7> weekday_multipliers{1, 1, 1, 1, 1, 1, 1};  // Monday ... Sunday
};

// A scheduled burst: the arrival rate is multiplied by `multiplier` over [start, start+duration).
struct SpikeSpec {
  sim::Duration start;     // from t = 0
  sim::Duration duration;  // > 0
  double multiplier = 1;   // >= 0
};

// Markov-modulated Poisson process: in state i arrivals are Poisson at rates_per_s[i]; the state
// follows a continuous-time Markov chain with generator Q (per second; off-diagonals >= 0, rows
// sum to 0, irreducible).
struct MmppSpec {
  std::vector<double> rates_per_s;
  std::vector<std::vector<double>> generator;
  std::optional<std::size_t> initial_state;  // default: drawn from the stationary distribution
};

enum class TraceFormat { azure, burstgpt, generic };
enum class BadRowPolicy { stop, skip };

struct TraceSpec {
  std::string path;
  TraceFormat format = TraceFormat::azure;
  // Column names, for the generic format (timestamp required, the others optional: empty = absent).
  std::string timestamp_column;
  std::string input_tokens_column;
  std::string output_tokens_column;
  std::string class_column;
  // Zone for timestamps that carry none (Azure's); ISO 8601 stamps with an offset use their own.
  std::string timestamp_zone = "UTC";
  sim::Duration offset = sim::Duration::zero();  // the first row arrives at t = offset
  double time_scale = 1.0;  // multiplies the gaps between rows: 0.5 compresses 2x, 2 stretches
  double volume = 1.0;      // below 1: rows kept with this probability; above: shifted copies superposed
  bool loop = false;        // restart after the last row to fill the horizon
  BadRowPolicy bad_rows = BadRowPolicy::stop;
};

// deterministic: evenly spaced arrivals at `rate_per_s` from t = 0 (exact cost arithmetic).
enum class ArrivalKind { poisson, deterministic, diurnal, mmpp, trace };

struct ArrivalProcessSpec {
  ArrivalKind kind = ArrivalKind::poisson;
  double rate_per_s = 0;  // poisson, deterministic
  DiurnalSpec diurnal;
  MmppSpec mmpp;
  TraceSpec trace;
  std::vector<SpikeSpec> spikes;  // on top of poisson or diurnal
};

// A kind of request and what it costs in tokens. An agent takes `model_calls` model calls per
// request, each re-sending the system prompt (see docs/design.md, Agents).
struct RequestClassSpec {
  std::string name;
  double weight = 1;                   // share of the mix (normalised over classes)
  std::vector<double> hourly_weights;  // optional: 24 local-hour multipliers of `weight`
  sim::Distribution input_tokens = sim::Distribution::constant(500);
  sim::Distribution output_tokens = sim::Distribution::constant(200);
  sim::Distribution complexity = sim::Distribution::uniform(0, 1);  // in [0, 1], for the router
  std::vector<std::string> tags;
  std::int32_t model_calls = 1;                  // >= 1
  std::int64_t system_prompt_tokens = 0;         // re-sent on every call
  std::optional<std::int64_t> max_tokens_per_turn;  // cap on each call's output
};

struct WorkloadSpec {
  ArrivalProcessSpec arrivals;
  // Empty: requests carry only what the arrival process gives (a trace's tokens), no class.
  std::vector<RequestClassSpec> classes;
};

}  // namespace fmsim::models
