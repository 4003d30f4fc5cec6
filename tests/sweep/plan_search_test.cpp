// The plan search against synthetic oracles: on random monotone problems (ordered knobs in both
// directions, a categorical knob, constraints, ties in cost) it must return exactly the
// exhaustive optimum, ask about each point at most once and only about admissible points, and
// need fewer evaluations than the grid on the larger ones.
#include "models/sweep/plan_search.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

namespace fmsim::models::sweep {
namespace {

// A random monotone problem. Capacity per ordered knob is a non-decreasing score; feasibility is
// "a monotone score >= threshold" (an up-set, so monotone on any admissible subset); the cost is
// a sum of non-decreasing steps (some zero, so ties happen) plus an interaction term.
struct Synthetic {
  PlanProblem problem;
  std::vector<std::vector<int>> gain;   // per knob, per capacity step: feasibility score
  std::vector<std::vector<int>> price;  // per knob, per capacity step: cost
  std::vector<int> threshold;           // per categorical value (or one)
  std::vector<int> base_cost;           // per categorical value (or one)
  std::set<std::uint64_t> excluded;     // grid indices a "constraint" removes
  std::optional<std::pair<std::size_t, std::size_t>> le_constraint;  // value index a <= value index b
  std::size_t categorical = SIZE_MAX;   // knob index of the categorical knob, if any

  std::size_t cap(std::size_t k, std::size_t v) const {
    const auto& knob = problem.knobs[k];
    return knob.direction == KnobDirection::less_is_better ? knob.size - 1 - v : v;
  }
  std::size_t category(const KnobValues& x) const { return categorical == SIZE_MAX ? 0 : x[categorical]; }

  PlanEvaluation evaluate(const KnobValues& x) const {
    int score = 0;
    double cost = base_cost[category(x)];
    std::size_t product = 1;
    for (std::size_t k = 0; k < x.size(); ++k) {
      if (k == categorical) continue;
      score += gain[k][cap(k, x[k])];
      cost += price[k][cap(k, x[k])];
      product *= cap(k, x[k]) + 1;
    }
    cost += 0.5 * static_cast<double>(product);
    return {score >= threshold[category(x)], cost};
  }
};

Synthetic random_problem(std::mt19937_64& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Synthetic s;
  const int ordered = pick(1, 3);
  const bool with_categorical = pick(0, 1) == 1;
  const int categorical_at = with_categorical ? pick(0, ordered) : -1;
  for (int k = 0; k <= ordered; ++k) {
    if (k == categorical_at) {
      s.categorical = s.problem.knobs.size();
      s.problem.knobs.push_back({static_cast<std::size_t>(pick(2, 3)), KnobDirection::categorical});
    } else if (k < ordered) {
      const auto dir = pick(0, 3) == 0 ? KnobDirection::less_is_better : KnobDirection::more_is_better;
      s.problem.knobs.push_back({static_cast<std::size_t>(pick(1, 10)), dir});
    }
  }
  s.gain.resize(s.problem.knobs.size());
  s.price.resize(s.problem.knobs.size());
  int max_score = 0;
  for (std::size_t k = 0; k < s.problem.knobs.size(); ++k) {
    if (k == s.categorical) continue;
    int g = 0, p = 0;
    for (std::size_t c = 0; c < s.problem.knobs[k].size; ++c) {
      g += pick(0, 4);
      p += pick(0, 1) == 0 ? 0 : pick(1, 20);
      s.gain[k].push_back(g);
      s.price[k].push_back(p);
    }
    max_score += g;
  }
  const std::size_t categories = s.categorical == SIZE_MAX ? 1 : s.problem.knobs[s.categorical].size;
  for (std::size_t c = 0; c < categories; ++c) {
    // Sometimes above every score: a slice with no feasible point.
    s.threshold.push_back(pick(0, max_score + 2));
    s.base_cost.push_back(pick(0, 30));
  }
  const std::uint64_t grid = [&] {
    std::uint64_t n = 1;
    for (const auto& k : s.problem.knobs) n *= k.size;
    return n;
  }();
  const int exclusion = pick(0, 2);  // 0: none, 1: random holes, 2: holes and value(a) <= value(b)
  if (exclusion >= 1) {
    for (std::uint64_t i = 0; i < grid; ++i) {
      if (pick(0, 4) == 0) s.excluded.insert(i);
    }
  }
  if (exclusion == 2 && s.problem.knobs.size() >= 2) {
    s.le_constraint = std::pair<std::size_t, std::size_t>{0, 1};
  }
  return s;
}

void attach_admissible(Synthetic& s) {
  const Synthetic* p = &s;
  s.problem.admissible = [p](const KnobValues& x) {
    if (p->excluded.count(plan_grid_index(p->problem, x))) return false;
    if (p->le_constraint && x[p->le_constraint->first] > x[p->le_constraint->second]) return false;
    return true;
  };
}

// An oracle that checks what it is asked: admissible, distinct, never asked before, batch size.
struct CheckedOracle {
  const Synthetic& s;
  std::size_t max_batch;
  std::set<KnobValues> asked;
  std::size_t calls = 0;

  PlanOracle oracle() {
    return [this](const std::vector<KnobValues>& batch) {
      EXPECT_FALSE(batch.empty());
      EXPECT_LE(batch.size(), max_batch);
      ++calls;
      std::vector<PlanEvaluation> out;
      for (const auto& x : batch) {
        EXPECT_TRUE(s.problem.admissible(x));
        EXPECT_TRUE(asked.insert(x).second) << "asked twice";
        out.push_back(s.evaluate(x));
      }
      return out;
    };
  }
};

TEST(PlanSearch, RandomMonotoneProblemsMatchTheExhaustiveOptimum) {
  std::mt19937_64 rng(20240808);
  std::uint64_t total_evaluations = 0, total_grid = 0;
  int large = 0, feasible = 0, infeasible = 0;
  for (int trial = 0; trial < 400; ++trial) {
    Synthetic s = random_problem(rng);
    attach_admissible(s);
    SCOPED_TRACE("trial " + std::to_string(trial));

    CheckedOracle all{s, SIZE_MAX, {}};
    const auto exhaustive = search_plan_exhaustive(s.problem, all.oracle());
    EXPECT_EQ(exhaustive.evaluations, exhaustive.admissible_points);
    EXPECT_LE(all.calls, 1u);

    for (std::size_t per_round : {1u, 2u, 3u}) {
      SCOPED_TRACE("points per round " + std::to_string(per_round));
      CheckedOracle checked{s, per_round, {}};
      const auto found = search_plan(s.problem, checked.oracle(), {per_round});
      EXPECT_EQ(found.admissible_points, exhaustive.admissible_points);
      EXPECT_EQ(found.full_grid, exhaustive.full_grid);
      EXPECT_EQ(found.evaluations, found.trace.size());
      EXPECT_EQ(found.evaluations, checked.asked.size());
      EXPECT_EQ(found.rounds, checked.calls);
      EXPECT_LE(found.evaluations, found.admissible_points);
      ASSERT_EQ(found.best.has_value(), exhaustive.best.has_value());
      if (exhaustive.best) {
        EXPECT_EQ(*found.best, *exhaustive.best);
        EXPECT_EQ(found.best_grid_index, exhaustive.best_grid_index);
        EXPECT_EQ(found.best_objective, exhaustive.best_objective);
      }
      if (per_round == 1) {
        total_evaluations += found.evaluations;
        total_grid += found.admissible_points;
        if (found.admissible_points >= 40) {
          ++large;
          EXPECT_LT(found.evaluations, found.admissible_points);
        }
      }
    }
    (exhaustive.best ? feasible : infeasible) += 1;
  }
  // The trials must cover what they claim to: large grids, feasible and infeasible problems.
  EXPECT_GT(large, 50);
  EXPECT_GT(feasible, 100);
  EXPECT_GT(infeasible, 10);
  // Far fewer evaluations than the grids in total.
  EXPECT_LT(static_cast<double>(total_evaluations), 0.5 * static_cast<double>(total_grid));
}

// A 10 × 10 grid: the best point is on a diagonal frontier; bisection with the staircase finds it
// in well under the 100 points.
TEST(PlanSearch, TwoKnobStaircaseNeedsFewEvaluations) {
  PlanProblem problem{{{10, KnobDirection::more_is_better}, {10, KnobDirection::more_is_better}}, {}};
  auto oracle = [](const std::vector<KnobValues>& batch) {
    std::vector<PlanEvaluation> out;
    for (const auto& x : batch)
      out.push_back({x[0] + x[1] >= 9, 3.0 * static_cast<double>(x[0]) + 2.0 * static_cast<double>(x[1])});
    return out;
  };
  const auto found = search_plan(problem, oracle);
  ASSERT_TRUE(found.best);
  EXPECT_EQ(*found.best, (KnobValues{0, 9}));
  EXPECT_EQ(found.best_objective, 18.0);
  EXPECT_EQ(found.admissible_points, 100u);
  EXPECT_LT(found.evaluations, 40u);
}

// One ordered knob: bisection, about log2(n) evaluations.
TEST(PlanSearch, OneKnobIsBisection) {
  PlanProblem problem{{{64, KnobDirection::more_is_better}}, {}};
  auto oracle = [](const std::vector<KnobValues>& batch) {
    std::vector<PlanEvaluation> out;
    for (const auto& x : batch) out.push_back({x[0] >= 37, static_cast<double>(x[0])});
    return out;
  };
  const auto found = search_plan(problem, oracle);
  ASSERT_TRUE(found.best);
  EXPECT_EQ((*found.best)[0], 37u);
  EXPECT_LE(found.evaluations, 7u);
}

// less_is_better: the first values have the most capacity (e.g. a routing threshold).
TEST(PlanSearch, LessIsBetterKnobSearchesFromItsEnd) {
  PlanProblem problem{{{20, KnobDirection::less_is_better}}, {}};
  auto oracle = [](const std::vector<KnobValues>& batch) {
    std::vector<PlanEvaluation> out;
    for (const auto& x : batch) out.push_back({x[0] <= 6, 100.0 - static_cast<double>(x[0])});
    return out;
  };
  const auto found = search_plan(problem, oracle);
  ASSERT_TRUE(found.best);
  EXPECT_EQ((*found.best)[0], 6u);
  EXPECT_EQ(found.best_objective, 94.0);
  EXPECT_LT(found.evaluations, 8u);
}

// Equal costs: the point with the least capacity wins, in both modes.
TEST(PlanSearch, TiesGoToTheLeastCapacity) {
  PlanProblem problem{{{8, KnobDirection::less_is_better}, {3, KnobDirection::more_is_better}}, {}};
  auto oracle = [](const std::vector<KnobValues>& batch) {
    std::vector<PlanEvaluation> out;
    for (const auto& x : batch) out.push_back({x[0] <= 5 && x[1] >= 1, 7.0});
    return out;
  };
  const auto found = search_plan(problem, oracle);
  const auto all = search_plan_exhaustive(problem, oracle);
  ASSERT_TRUE(found.best);
  EXPECT_EQ(*found.best, (KnobValues{5, 1}));
  EXPECT_EQ(*all.best, *found.best);
}

// Ties again, with the bisection axis first: a later line holds a point of lower rank than the
// best found so far, and cost pruning must not cut it.
TEST(PlanSearch, TiesOnALaterLineAreNotCut) {
  PlanProblem problem{{{10, KnobDirection::more_is_better}, {2, KnobDirection::more_is_better}}, {}};
  auto oracle = [](const std::vector<KnobValues>& batch) {
    std::vector<PlanEvaluation> out;
    for (const auto& x : batch) out.push_back({x[0] + 3 * x[1] >= 5, 7.0});
    return out;
  };
  const auto found = search_plan(problem, oracle);
  const auto all = search_plan_exhaustive(problem, oracle);
  ASSERT_TRUE(found.best);
  EXPECT_EQ(*all.best, (KnobValues{2, 1}));
  EXPECT_EQ(*found.best, *all.best);
}

TEST(PlanSearch, InfeasibleEverywhere) {
  PlanProblem problem{{{6, KnobDirection::more_is_better}, {3, KnobDirection::categorical}}, {}};
  auto oracle = [](const std::vector<KnobValues>& batch) {
    return std::vector<PlanEvaluation>(batch.size(), PlanEvaluation{false, 1.0});
  };
  const auto found = search_plan(problem, oracle);
  EXPECT_FALSE(found.best);
  EXPECT_TRUE(std::isnan(found.best_objective));
  EXPECT_EQ(found.admissible_points, 18u);
  // Bisection up each category's line: ceil(log2(6 + 1)) evaluations per slice.
  EXPECT_LE(found.evaluations, 3u * 3u);
  EXPECT_FALSE(search_plan_exhaustive(problem, oracle).best);
}

TEST(PlanSearch, FeasibleEverywhereTakesTheCheapestCorner) {
  PlanProblem problem{{{5, KnobDirection::more_is_better}, {5, KnobDirection::more_is_better}}, {}};
  auto oracle = [](const std::vector<KnobValues>& batch) {
    std::vector<PlanEvaluation> out;
    for (const auto& x : batch) out.push_back({true, static_cast<double>(x[0] * 5 + x[1])});
    return out;
  };
  const auto found = search_plan(problem, oracle);
  ASSERT_TRUE(found.best);
  EXPECT_EQ(*found.best, (KnobValues{0, 0}));
  EXPECT_LT(found.evaluations, 5u);
}

TEST(PlanSearch, SinglePoint) {
  for (bool feasible : {true, false}) {
    PlanProblem problem;  // no knobs: the base scenario alone
    int calls = 0;
    auto oracle = [&](const std::vector<KnobValues>& batch) {
      ++calls;
      EXPECT_EQ(batch.size(), 1u);
      EXPECT_TRUE(batch[0].empty());
      return std::vector<PlanEvaluation>{{feasible, 4.5}};
    };
    const auto found = search_plan(problem, oracle);
    EXPECT_EQ(found.admissible_points, 1u);
    EXPECT_EQ(found.evaluations, 1u);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(found.best.has_value(), feasible);
    if (feasible) {
      EXPECT_EQ(found.best_objective, 4.5);
    }
  }
}

// Every point excluded by constraints: nothing to evaluate, no best point.
TEST(PlanSearch, NothingAdmissible) {
  PlanProblem problem{{{4, KnobDirection::more_is_better}}, [](const KnobValues&) { return false; }};
  auto oracle = [](const std::vector<KnobValues>&) -> std::vector<PlanEvaluation> {
    ADD_FAILURE() << "nothing to evaluate";
    return {};
  };
  const auto found = search_plan(problem, oracle);
  EXPECT_FALSE(found.best);
  EXPECT_EQ(found.evaluations, 0u);
  EXPECT_EQ(found.admissible_points, 0u);
  EXPECT_FALSE(search_plan_exhaustive(problem, oracle).best);
}

// A NaN objective (nothing measured) never becomes the best point.
TEST(PlanSearch, NanObjectiveIsNeverBest) {
  PlanProblem problem{{{3, KnobDirection::categorical}}, {}};
  auto oracle = [](const std::vector<KnobValues>& batch) {
    std::vector<PlanEvaluation> out;
    for (const auto& x : batch)
      out.push_back({true, x[0] == 0 ? std::numeric_limits<double>::quiet_NaN() : 10.0 - static_cast<double>(x[0])});
    return out;
  };
  const auto found = search_plan(problem, oracle);
  ASSERT_TRUE(found.best);
  EXPECT_EQ((*found.best)[0], 2u);
}

// An oracle that breaks the assumptions (noise): the search still ends, asks each point once, and
// returns a feasible point it evaluated.
TEST(PlanSearch, NonMonotoneOracleStillTerminates) {
  PlanProblem problem{{{9, KnobDirection::more_is_better}, {9, KnobDirection::more_is_better}}, {}};
  std::set<KnobValues> asked;
  auto oracle = [&](const std::vector<KnobValues>& batch) {
    std::vector<PlanEvaluation> out;
    for (const auto& x : batch) {
      EXPECT_TRUE(asked.insert(x).second);
      const auto h = (x[0] * 7 + x[1] * 13) % 5;
      out.push_back({h >= 2, static_cast<double>(h * 3 + x[0])});
    }
    return out;
  };
  for (std::size_t per_round : {1u, 4u}) {
    asked.clear();
    const auto found = search_plan(problem, oracle, {per_round});
    EXPECT_LE(found.evaluations, 81u);
    if (found.best) {
      const auto it = std::find_if(found.trace.begin(), found.trace.end(),
                                   [&](const PlanStep& s) { return s.values == *found.best; });
      ASSERT_NE(it, found.trace.end());
      EXPECT_TRUE(it->result.feasible);
    }
  }
}

TEST(PlanSearch, GridIndexIsMixedRadixFirstKnobSlowest) {
  PlanProblem problem{{{3, KnobDirection::more_is_better}, {4, KnobDirection::categorical}}, {}};
  EXPECT_EQ(plan_grid_index(problem, {0, 0}), 0u);
  EXPECT_EQ(plan_grid_index(problem, {1, 2}), 6u);
  EXPECT_EQ(plan_grid_index(problem, {2, 3}), 11u);
}

TEST(PlanSearch, ProblemFromAPlanSpec) {
  PlanSpec plan;
  AxisSpec a;
  a.name = "servers";
  for (int i = 1; i <= 4; ++i) a.values.push_back({std::to_string(i), {}, {}, static_cast<double>(i)});
  AxisSpec b;
  b.name = "variant";
  b.values = {{"x", {}, {}, std::nullopt}, {"y", {}, {}, std::nullopt}};
  plan.sweep.axes = {a, b};
  plan.directions = {KnobDirection::more_is_better, KnobDirection::categorical};
  const auto problem = plan_problem(plan);
  ASSERT_EQ(problem.knobs.size(), 2u);
  EXPECT_EQ(problem.knobs[0].size, 4u);
  EXPECT_EQ(problem.knobs[1].direction, KnobDirection::categorical);
  EXPECT_FALSE(problem.admissible);  // no constraints

  // "servers <= 3": the predicate is the spec's constraints (models/sweep/point_grid.h).
  ConstraintSpec c;
  c.text = "servers <= 3";
  c.left.axis = 0;
  c.op = CompareOp::le;
  c.right.constant = 3;
  plan.sweep.constraints = {c};
  const auto constrained = plan_problem(plan);
  ASSERT_TRUE(constrained.admissible);
  EXPECT_TRUE(constrained.admissible({2, 1}));
  EXPECT_FALSE(constrained.admissible({3, 0}));
  auto oracle = [](const std::vector<KnobValues>& batch) {
    std::vector<PlanEvaluation> out;
    for (const auto& x : batch) out.push_back({x[0] >= 1, static_cast<double>(x[0])});
    return out;
  };
  const auto found = search_plan(constrained, oracle);
  EXPECT_EQ(found.admissible_points, 6u);
  EXPECT_EQ(found.full_grid, 8u);
  ASSERT_TRUE(found.best);
  EXPECT_EQ(*found.best, (KnobValues{1, 0}));
}

}  // namespace
}  // namespace fmsim::models::sweep
