// Arrival process construction. Poisson without spikes keeps its one-draw-per-arrival generator;
// with spikes it becomes a thinned process over a constant profile.
#include "models/workload/arrival_factory.h"

#include "models/workload/deterministic_arrivals.h"
#include "models/workload/local_calendar.h"
#include "models/workload/mmpp_arrivals.h"
#include "models/workload/nhpp_arrivals.h"
#include "models/workload/poisson_process.h"
#include "models/workload/rate_profile.h"
#include "models/workload/trace_replay.h"

namespace fmsim::models {

ArrivalSource make_arrival_process(const ArrivalProcessSpec& spec, const CalendarSpec& calendar,
                                   const sim::RandomStreams& streams) {
  ArrivalSource source;
  sim::RandomEngine rng = streams.stream("arrivals");
  switch (spec.kind) {
    case ArrivalKind::poisson:
      if (spec.spikes.empty()) {
        source.process = std::make_unique<PoissonProcess>(spec.rate_per_s, rng);
      } else {
        source.process = std::make_unique<NhppArrivals>(RateProfile::constant(spec.rate_per_s, spec.spikes), rng);
      }
      break;
    case ArrivalKind::deterministic:
      source.process = std::make_unique<DeterministicArrivals>(spec.rate_per_s);
      break;
    case ArrivalKind::diurnal:
      source.process =
          std::make_unique<NhppArrivals>(RateProfile(spec.diurnal, LocalCalendar(calendar), spec.spikes), rng);
      break;
    case ArrivalKind::mmpp:
      source.process = std::make_unique<MmppArrivals>(spec.mmpp, rng);
      break;
    case ArrivalKind::trace: {
      auto trace = std::make_unique<TraceReplay>(spec.trace, rng);
      source.trace = trace.get();
      source.process = std::move(trace);
      break;
    }
  }
  return source;
}

}  // namespace fmsim::models
