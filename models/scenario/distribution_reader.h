// Reading a distribution block (`distribution: lognormal` plus its parameters) into a
// sim::Distribution. Written once for every random quantity of a scenario: service times today,
// token counts and cold-start phases later, which differ only in how their values are written.
#pragma once

#include "models/scenario/field_reader.h"
#include "sim/distribution.h"

namespace fmsim::models {

// How the distribution's values (mean, median, p50, min, samples, ...) are written. Shape
// parameters (sigma, cv, shape) are always plain numbers.
enum class ValueUnit {
  duration,  // `300ms`; the distribution is in seconds
  number,    // `512`; the distribution is in that number's unit (e.g. tokens)
};

// Families and their parameters (exactly one form per family; values are >= 0 throughout,
// since every quantity drawn so far is a time or a count):
//   exponential:   mean > 0
//   deterministic: value >= 0  (or `mean`, so that switching the family with --set keeps working)
//   lognormal:     {median > 0, sigma >= 0} | {mean > 0, cv >= 0} | {p50 > 0, p99 >= p50}
//   gamma:         {mean > 0, cv > 0} | {shape > 0, scale > 0}
//   uniform:       {min >= 0, max >= min}
//   empirical:     samples: [non-empty list >= 0]
//                | quantiles: {probability: value}, probabilities from 0 to 1 increasing,
//                  values non-decreasing
// Fails with a ScenarioError naming the key and the allowed forms.
sim::Distribution parse_distribution(const FieldReader& field, ValueUnit unit);

}  // namespace fmsim::models
