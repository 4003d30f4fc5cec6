// Where the next local day begins. The budget guard resets there. Found by walking local-hour
// segments (LocalCalendar) until the local date moves forward, so it holds on every DST rule: a
// 23- or 25-hour day, a zone whose clocks skip midnight itself (Havana in March: the day starts
// at 01:00), a fall-back at midnight (Santiago in April: 24:00 becomes 23:00, the Saturday has 25
// hours), and the date never goes back (were a fall-back to cross back over midnight, the
// repeated hour would stay in the new day). At most ~25 zone lookups, once per simulated day.
#pragma once

#include "models/workload/local_calendar.h"
#include "sim/time.h"

namespace fmsim::models {

// The first instant > t at which the local date is later than the local date at t;
// SimTime::max() when there is none within the representable time.
sim::SimTime next_local_midnight(const LocalCalendar& calendar, sim::SimTime t);

}  // namespace fmsim::models
