// The search behind `fmsim plan`: the cheapest admissible combination of knob values that meets
// every requirement, found with far fewer evaluations than the full grid. Pure: it knows knobs
// only as (number of values, direction), constraints as an admissibility predicate, and asks an
// oracle (the caller runs the replications) whether a batch of points is feasible and what each
// costs. No I/O, no randomness.
//
// Assumptions (the plan file states them through each knob's `direction`):
//   * Capacity order: a more_is_better knob gains capacity with each later value; a
//     less_is_better knob with each earlier value; a categorical knob has no order. Point y
//     dominates x (x ≤ y) when both have the same categorical values and y has at least x's
//     capacity on every ordered knob.
//   * Monotone feasibility: among admissible points, x feasible and x ≤ y ⇒ y feasible (more
//     capacity never breaks a requirement).
//   * Monotone objective: among admissible points, x ≤ y ⇒ objective(x) ≤ objective(y) (capacity
//     is never free).
//
// The search (search_plan):
//   1. Categorical knobs are enumerated: each combination of their values is a slice, searched
//      on its own.
//   2. In a slice, the ordered knob with the most values is the bisection axis; the others are
//      enumerated in ascending capacity (lexicographic). Each such combination fixes a line: the
//      admissible points along the bisection axis, in capacity order. Along a line feasibility
//      is monotone, so the least feasible point is found by bisection (k-section when the oracle
//      takes several points per round).
//   3. Every evaluation is remembered and used by dominance: x is known feasible when an
//      evaluated feasible point is ≤ x, known infeasible when an evaluated infeasible point is
//      ≥ x. So a line's bounds shrink with what earlier lines found (a staircase walk of the
//      feasible set's lower frontier) and nothing is evaluated twice.
//   4. Pruning by cost: the objective of an evaluated point ≤ x is a lower bound of x's. Points
//      whose lower bound is already worse than the best feasible point found are never
//      evaluated, and a line is cut where its points become so.
//   The optimum is a least feasible point of its line (it is a minimal feasible point, see
//   plan_search.cpp), and every line's least feasible point is evaluated unless it is provably no
//   better than the best found; so the result equals the exhaustive one.
//
// Best point: the feasible point with the lowest objective; equal objectives go to the point with
// the lowest capacity rank (the grid index with each less_is_better knob's values counted from
// its end), which is always a minimal feasible point, so both modes agree even on ties.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "models/sweep/sweep_spec.h"

namespace fmsim::models::sweep {

// A point of a plan: one value index per knob (index into AxisSpec::values).
using KnobValues = std::vector<std::size_t>;

struct PlanKnob {
  std::size_t size = 1;  // number of values, >= 1
  KnobDirection direction = KnobDirection::more_is_better;
};

struct PlanProblem {
  std::vector<PlanKnob> knobs;
  // Whether a combination is part of the grid (constraints); empty: every combination is.
  std::function<bool(const KnobValues&)> admissible;
};

// What the oracle says about one point.
struct PlanEvaluation {
  bool feasible = false;
  double objective = 0;  // mean of the objective; NaN: not measurable (never a best point)
};

// Evaluates a batch of distinct, admissible, never-before-asked points; returns one result per
// point, in order. The caller runs the batch's replications in parallel.
using PlanOracle = std::function<std::vector<PlanEvaluation>(const std::vector<KnobValues>&)>;

struct PlanSearchOptions {
  // Points handed to the oracle per call during bisection (k-section); >= 1. More points per
  // round means fewer rounds (more parallelism) but usually more evaluations.
  std::size_t points_per_round = 1;
};

// One evaluation, in the order the search asked for them.
struct PlanStep {
  KnobValues values;
  std::uint64_t grid_index = 0;  // mixed radix, first knob slowest (models/sweep/point_grid.h)
  std::size_t round = 0;         // which oracle call (0-based)
  PlanEvaluation result;
};

struct PlanResult {
  std::optional<KnobValues> best;  // nullopt: no evaluated point is feasible
  std::uint64_t best_grid_index = 0;
  double best_objective = 0;
  std::size_t evaluations = 0;  // distinct points evaluated (trace.size())
  std::size_t rounds = 0;       // oracle calls
  std::uint64_t admissible_points = 0;  // the grid a full sweep would run
  std::uint64_t full_grid = 0;          // product of the knobs' sizes, constraints ignored
  std::vector<PlanStep> trace;
};

// The frontier search described above.
PlanResult search_plan(const PlanProblem& problem, const PlanOracle& oracle, const PlanSearchOptions& options = {});

// Every admissible point, in one oracle call (grid order): for verification and `--exhaustive`.
PlanResult search_plan_exhaustive(const PlanProblem& problem, const PlanOracle& oracle);

// Grid index of a point (mixed radix over the knobs' sizes, first knob slowest).
std::uint64_t plan_grid_index(const PlanProblem& problem, const KnobValues& values);

// The problem of a plan file: one knob per axis with its direction; admissible = the spec's
// constraints (models/sweep/point_grid.h). The predicate holds its own copy of the spec.
PlanProblem plan_problem(const PlanSpec& plan);

}  // namespace fmsim::models::sweep
