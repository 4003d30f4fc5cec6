// A source of request arrivals, pulled one at a time: Poisson, diurnal (thinning), Markov-
// modulated, or a replayed trace. The arrival driver asks for the next arrival only when the
// previous one has happened, so one pending event per source is all the event list ever holds and
// a trace is read as a stream.
#pragma once

#include <cstdint>

#include "sim/time.h"

namespace fmsim::models {

struct Arrival {
  sim::SimTime time;
  // Attributes a trace carries; -1 where the source does not give them (the request class then
  // draws them).
  std::int64_t input_tokens = -1;
  std::int64_t output_tokens = -1;
  std::int32_t class_index = -1;
};

class ArrivalProcess {
 public:
  virtual ~ArrivalProcess() = default;
  // Fills `out` with the next arrival (times never decrease) and returns true, or returns false
  // when the source has no more arrivals (a trace that ended and does not loop).
  virtual bool next(Arrival& out) = 0;
};

}  // namespace fmsim::models
