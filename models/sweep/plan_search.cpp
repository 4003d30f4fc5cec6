// The plan search: a staircase walk of the feasible set's lower frontier, one bisection per line,
// with memoised evaluations, dominance inference and pruning by cost (see plan_search.h).
//
// Why it returns the exhaustive optimum (under the monotonicity assumptions of plan_search.h):
//
// Order points by key(x) = (objective(x), rank(x)); rank is a mixed-radix number over capacities,
// so x < y in capacity implies rank(x) < rank(y). Let p* be the feasible point of least key (the
// exhaustive answer).
//   (a) p* is minimal feasible: a feasible z < p* would have objective(z) ≤ objective(p*) and
//       rank(z) < rank(p*), so a smaller key.
//   (b) p* is the least feasible point of its line L (same values as p* on every knob but the
//       bisection axis): the least feasible point q of L satisfies q ≤ p*, so q = p* by (a).
//   (c) Inference is sound: "known feasible" (an evaluated feasible point below) and "known
//       infeasible" (an evaluated infeasible point above) follow from monotone feasibility.
//   (d) Pruning is sound: lb(x), the largest objective among evaluated points ≤ x, is ≤
//       objective(y) for every y ≥ x; rank(y) ≥ rank(x). A point is cut only when
//       (lb(x), rank(x)) > key(best found), so nothing ≥ x can have a smaller key than a point
//       already found. The best found only improves, so an earlier cut stays valid.
//   (e) On a line the search keeps lo = one past the last known-infeasible point, hi = the first
//       known-feasible point at or after lo, lowered to the first cut point. Every point in
//       [lo, hi) is unknown, hence unevaluated, and each round evaluates at least one of them, so
//       the loop ends, with lo = hi. Then every point before hi is infeasible or cut; if hi is
//       known feasible and not cut it is the least feasible point, and it is evaluated.
// So when L is searched, p* is either evaluated (and, having the least key, kept as the best) or
// cut, which by (d) would need an already-found point with a smaller key — impossible. Each line
// is searched, so p* is found.
//
// With noisy results the assumptions can fail locally (a point with less capacity looks feasible
// while one with more does not). The search still terminates — each round evaluates a new point —
// and returns the best among the points it evaluated; --exhaustive checks it.
#include "models/sweep/plan_search.h"

#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <utility>

#include "models/sweep/point_grid.h"

namespace fmsim::models::sweep {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::uint64_t checked_product(const std::vector<PlanKnob>& knobs) {
  std::uint64_t n = 1;
  for (const auto& k : knobs) {
    if (k.size == 0) throw std::invalid_argument("plan knob with no values");
    if (n > (std::uint64_t{1} << 62) / k.size) throw std::length_error("plan grid too large");
    n *= k.size;
  }
  return n;
}

// Visits every combination of values of `knobs` (indices into `values`), the last one fastest,
// each knob stepping through `order(knob, step)`.
template <typename Order, typename Visit>
void for_each_combination(KnobValues& values, const std::vector<std::size_t>& knobs,
                          const std::vector<PlanKnob>& all, Order order, Visit visit) {
  std::vector<std::size_t> step(knobs.size(), 0);
  for (std::size_t i = 0; i < knobs.size(); ++i) values[knobs[i]] = order(knobs[i], 0);
  for (;;) {
    visit();
    std::size_t i = knobs.size();
    while (i > 0) {
      --i;
      if (++step[i] < all[knobs[i]].size) {
        values[knobs[i]] = order(knobs[i], step[i]);
        break;
      }
      step[i] = 0;
      values[knobs[i]] = order(knobs[i], 0);
      if (i == 0) return;
    }
    if (knobs.empty()) return;
  }
}

class FrontierSearch {
 public:
  FrontierSearch(const PlanProblem& problem, const PlanOracle& oracle, std::size_t points_per_round)
      : problem_(problem), oracle_(oracle), per_round_(points_per_round == 0 ? 1 : points_per_round) {
    result_.full_grid = checked_product(problem.knobs);
  }

  bool admissible(const KnobValues& v) const { return !problem_.admissible || problem_.admissible(v); }

  // The value index holding capacity step `c` of knob `k` (categorical knobs: grid order).
  std::size_t value_at_capacity(std::size_t k, std::size_t c) const {
    const auto& knob = problem_.knobs[k];
    return knob.direction == KnobDirection::less_is_better ? knob.size - 1 - c : c;
  }
  std::size_t capacity(std::size_t k, std::size_t v) const { return value_at_capacity(k, v); }

  std::uint64_t rank(const KnobValues& v) const {
    std::uint64_t r = 0;
    for (std::size_t k = 0; k < v.size(); ++k) r = r * problem_.knobs[k].size + capacity(k, v[k]);
    return r;
  }

  // x ≤ y: same categorical values, no less capacity on any ordered knob.
  bool below(const KnobValues& x, const KnobValues& y) const {
    for (std::size_t k = 0; k < x.size(); ++k) {
      if (problem_.knobs[k].direction == KnobDirection::categorical) {
        if (x[k] != y[k]) return false;
      } else if (capacity(k, x[k]) > capacity(k, y[k])) {
        return false;
      }
    }
    return true;
  }

  void evaluate(const std::vector<KnobValues>& batch) {
    if (batch.empty()) return;
    const auto results = oracle_(batch);
    if (results.size() != batch.size()) throw std::logic_error("plan oracle returned a wrong number of results");
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (!memo_.emplace(batch[i], result_.trace.size()).second)
        throw std::logic_error("plan search evaluated a point twice");
      PlanStep step{batch[i], plan_grid_index(problem_, batch[i]), result_.rounds, results[i]};
      consider(step);
      result_.trace.push_back(std::move(step));
    }
    ++result_.rounds;
  }

  enum class Status { unknown, feasible, infeasible };

  Status status(const KnobValues& x) const {
    if (auto it = memo_.find(x); it != memo_.end())
      return result_.trace[it->second].result.feasible ? Status::feasible : Status::infeasible;
    for (const auto& s : result_.trace) {
      if (!s.result.feasible && below(x, s.values)) return Status::infeasible;
    }
    for (const auto& s : result_.trace) {
      if (s.result.feasible && below(s.values, x)) return Status::feasible;
    }
    return Status::unknown;
  }

  bool evaluated(const KnobValues& x) const { return memo_.count(x) != 0; }

  // Nothing at or above x can beat the best point found (see (d) above).
  bool cut(const KnobValues& x) const {
    if (!result_.best) return false;
    double lb = kNaN;
    for (const auto& s : result_.trace) {
      if (!std::isnan(s.result.objective) && below(s.values, x) && !(s.result.objective <= lb))
        lb = s.result.objective;
    }
    if (std::isnan(lb)) return false;
    return lb > result_.best_objective || (lb == result_.best_objective && rank(x) > best_rank_);
  }

  // The least feasible point of a line (admissible points in ascending capacity), unless cut.
  void search_line(const std::vector<KnobValues>& line) {
    const std::size_t m = line.size();
    for (;;) {
      std::size_t lo = 0;
      for (std::size_t i = m; i > 0; --i) {
        if (status(line[i - 1]) == Status::infeasible) {
          lo = i;
          break;
        }
      }
      std::size_t hi = lo;
      while (hi < m && status(line[hi]) != Status::feasible) ++hi;
      for (std::size_t i = lo; i < hi; ++i) {
        if (cut(line[i])) {
          hi = i;
          break;
        }
      }
      if (lo < hi) {
        evaluate(probes(line, lo, hi));
        continue;
      }
      // Known feasible but never evaluated: its objective is unknown. (When the point that proves
      // it feasible has a measurable objective, that objective already cuts it.)
      if (hi < m && !evaluated(line[hi]) && status(line[hi]) == Status::feasible && !cut(line[hi]))
        evaluate({line[hi]});
      return;
    }
  }

  // Points splitting [lo, hi) into equal parts: the middle one with one point per round.
  std::vector<KnobValues> probes(const std::vector<KnobValues>& line, std::size_t lo, std::size_t hi) const {
    const std::size_t n = hi - lo;
    const std::size_t b = std::min(per_round_, n);
    std::set<std::size_t> at;
    for (std::size_t j = 1; j <= b; ++j) at.insert(lo + j * n / (b + 1));
    std::vector<KnobValues> batch;
    for (std::size_t i : at) batch.push_back(line[i]);
    return batch;
  }

  PlanResult run_frontier() {
    const auto& knobs = problem_.knobs;
    std::vector<std::size_t> categorical, ordered;
    for (std::size_t k = 0; k < knobs.size(); ++k)
      (knobs[k].direction == KnobDirection::categorical ? categorical : ordered).push_back(k);
    count_admissible();

    // The bisection axis: the ordered knob with the most values (the first on a tie).
    std::optional<std::size_t> axis;
    for (std::size_t k : ordered) {
      if (!axis || knobs[k].size > knobs[*axis].size) axis = k;
    }
    std::vector<std::size_t> enumerated = categorical;
    for (std::size_t k : ordered) {
      if (k != axis) enumerated.push_back(k);
    }
    // Categorical knobs slowest (slices), then the other ordered knobs in ascending capacity.
    auto order = [&](std::size_t k, std::size_t step) { return value_at_capacity(k, step); };
    KnobValues values(knobs.size(), 0);
    for_each_combination(values, enumerated, knobs, order, [&] {
      std::vector<KnobValues> line;
      const std::size_t steps = axis ? knobs[*axis].size : 1;
      for (std::size_t c = 0; c < steps; ++c) {
        if (axis) values[*axis] = value_at_capacity(*axis, c);
        if (admissible(values)) line.push_back(values);
      }
      if (!line.empty()) search_line(line);
    });
    return finish();
  }

  PlanResult run_exhaustive() {
    std::vector<KnobValues> all;
    std::vector<std::size_t> every(problem_.knobs.size());
    for (std::size_t k = 0; k < every.size(); ++k) every[k] = k;
    KnobValues values(problem_.knobs.size(), 0);
    for_each_combination(values, every, problem_.knobs, [](std::size_t, std::size_t step) { return step; }, [&] {
      if (admissible(values)) all.push_back(values);
    });
    result_.admissible_points = all.size();
    evaluate(all);
    return finish();
  }

 private:
  void count_admissible() {
    std::vector<std::size_t> every(problem_.knobs.size());
    for (std::size_t k = 0; k < every.size(); ++k) every[k] = k;
    KnobValues values(problem_.knobs.size(), 0);
    std::uint64_t n = 0;
    for_each_combination(values, every, problem_.knobs, [](std::size_t, std::size_t step) { return step; }, [&] {
      if (admissible(values)) ++n;
    });
    result_.admissible_points = n;
  }

  void consider(const PlanStep& s) {
    if (!s.result.feasible || std::isnan(s.result.objective)) return;
    const auto r = rank(s.values);
    if (result_.best && !(s.result.objective < result_.best_objective ||
                          (s.result.objective == result_.best_objective && r < best_rank_)))
      return;
    result_.best = s.values;
    result_.best_grid_index = s.grid_index;
    result_.best_objective = s.result.objective;
    best_rank_ = r;
  }

  PlanResult finish() {
    result_.evaluations = result_.trace.size();
    if (!result_.best) result_.best_objective = kNaN;
    return std::move(result_);
  }

  const PlanProblem& problem_;
  const PlanOracle& oracle_;
  std::size_t per_round_;
  std::map<KnobValues, std::size_t> memo_;  // point -> index into result_.trace
  PlanResult result_;
  std::uint64_t best_rank_ = 0;
};

}  // namespace

std::uint64_t plan_grid_index(const PlanProblem& problem, const KnobValues& values) {
  std::uint64_t index = 0;
  for (std::size_t k = 0; k < values.size(); ++k) index = index * problem.knobs[k].size + values[k];
  return index;
}

PlanResult search_plan(const PlanProblem& problem, const PlanOracle& oracle, const PlanSearchOptions& options) {
  return FrontierSearch(problem, oracle, options.points_per_round).run_frontier();
}

PlanResult search_plan_exhaustive(const PlanProblem& problem, const PlanOracle& oracle) {
  return FrontierSearch(problem, oracle, 1).run_exhaustive();
}

PlanProblem plan_problem(const PlanSpec& plan) {
  PlanProblem problem;
  const auto& axes = plan.sweep.axes;
  for (std::size_t a = 0; a < axes.size(); ++a) {
    const auto direction = a < plan.directions.size() ? plan.directions[a] : KnobDirection::categorical;
    problem.knobs.push_back({axes[a].values.size(), direction});
  }
  if (!plan.sweep.constraints.empty()) {
    auto spec = std::make_shared<const SweepSpec>(plan.sweep);
    problem.admissible = [spec](const KnobValues& v) { return admissible(*spec, v); };
  }
  return problem;
}

}  // namespace fmsim::models::sweep
