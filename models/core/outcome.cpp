// Outcome names as they appear in outputs (summary.json keys, CSV column stems).
#include "models/core/outcome.h"

namespace fmsim::models {

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::ok: return "ok";
    case Outcome::throttled: return "throttled";
    case Outcome::timed_out: return "timed_out";
    case Outcome::error: return "error";
    case Outcome::rejected: return "rejected";
  }
  return "unknown";
}

}  // namespace fmsim::models
