// Points of a sweep: the mixed-radix grid (first axis slowest), constraints, and what a point runs
// with — its scenario, its overrides in order, its seed with and without common random numbers.
#include <set>
#include <stdexcept>

#include <gtest/gtest.h>

#include "models/sweep/point_grid.h"

namespace fmsim::models::sweep {
namespace {

AxisSpec numeric_axis(const std::string& name, const std::vector<double>& values) {
  AxisSpec a;
  a.name = name;
  a.key = "k." + name;
  for (const double v : values) {
    const std::string label = std::to_string(static_cast<int>(v));
    a.values.push_back(AxisValue{label, std::nullopt, {Override{a.key, label}}, v});
  }
  return a;
}

// 3 x 2 x 4 = 24 points.
SweepSpec three_axes() {
  SweepSpec s;
  s.base_scenario = "base.yaml";
  s.axes = {numeric_axis("a", {1, 2, 3}), numeric_axis("b", {10, 20}), numeric_axis("c", {5, 6, 7, 8})};
  return s;
}

TEST(PointGrid, SizeIsTheProductOfTheAxes) {
  EXPECT_EQ(grid_size(three_axes()), 24u);
  EXPECT_EQ(grid_size(SweepSpec{}), 1u);
  const std::vector<SweepPoint> only = expand_points(SweepSpec{});
  ASSERT_EQ(only.size(), 1u);
  EXPECT_EQ(only[0].index, 0u);
  EXPECT_TRUE(only[0].value_index.empty());
}

TEST(PointGrid, SizePast2To63Throws) {
  SweepSpec s;
  AxisSpec big = numeric_axis("x", {});
  big.values.resize(1u << 16);
  for (int i = 0; i < 4; ++i) s.axes.push_back(big);  // 2^64 points
  EXPECT_THROW(grid_size(s), std::length_error);
  s.axes.pop_back();  // 2^48: fine
  EXPECT_EQ(grid_size(s), std::uint64_t{1} << 48);
}

TEST(PointGrid, FirstAxisIsSlowest) {
  const SweepSpec s = three_axes();
  EXPECT_EQ(grid_index(s, {0, 0, 1}), 1u);
  EXPECT_EQ(grid_index(s, {0, 1, 0}), 4u);
  EXPECT_EQ(grid_index(s, {1, 0, 0}), 8u);
  EXPECT_EQ(grid_index(s, {2, 1, 3}), 23u);
  EXPECT_EQ(point_at(s, 13).value_index, (std::vector<std::size_t>{1, 1, 1}));
}

TEST(PointGrid, IndexAndPointRoundTrip) {
  const SweepSpec s = three_axes();
  const std::vector<SweepPoint> all = expand_points(s);
  ASSERT_EQ(all.size(), 24u);
  for (std::uint64_t i = 0; i < 24; ++i) {
    const SweepPoint p = point_at(s, i);
    EXPECT_EQ(p.index, i);
    EXPECT_EQ(grid_index(s, p.value_index), i);
    EXPECT_EQ(all[i].index, i);
    EXPECT_EQ(all[i].value_index, p.value_index);
  }
  EXPECT_THROW(point_at(s, 24), std::out_of_range);
  EXPECT_THROW(grid_index(s, {3, 0, 0}), std::out_of_range);
  EXPECT_THROW(grid_index(s, {0, 0}), std::out_of_range);
}

TEST(PointGrid, ConstraintsFilterButKeepGridIndices) {
  SweepSpec s;
  s.axes = {numeric_axis("min", {1, 2, 3}), numeric_axis("max", {1, 2, 3})};
  // min <= max and max != 2
  s.constraints.push_back(ConstraintSpec{"min <= max", Operand{0, 0}, CompareOp::le, Operand{1, 0}, {}});
  s.constraints.push_back(ConstraintSpec{"max != 2", Operand{1, 0}, CompareOp::ne, Operand{std::nullopt, 2}, {}});
  std::vector<std::uint64_t> indices;
  for (const SweepPoint& p : expand_points(s)) {
    indices.push_back(p.index);
    EXPECT_TRUE(admissible(s, p.value_index));
  }
  // (1,1)=0 (1,3)=2 (2,3)=5 (3,3)=8
  EXPECT_EQ(indices, (std::vector<std::uint64_t>{0, 2, 5, 8}));
  EXPECT_FALSE(admissible(s, {1, 0}));  // 2 <= 1 fails
  EXPECT_FALSE(admissible(s, {0, 1}));  // max == 2

  SweepSpec t;
  t.axes = {numeric_axis("x", {1, 2, 3})};
  auto kept = [&](CompareOp op) {
    t.constraints = {ConstraintSpec{"", Operand{0, 0}, op, Operand{std::nullopt, 2}, {}}};
    std::vector<std::uint64_t> out;
    for (const SweepPoint& p : expand_points(t)) out.push_back(p.index);
    return out;
  };
  EXPECT_EQ(kept(CompareOp::lt), (std::vector<std::uint64_t>{0}));
  EXPECT_EQ(kept(CompareOp::le), (std::vector<std::uint64_t>{0, 1}));
  EXPECT_EQ(kept(CompareOp::gt), (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(kept(CompareOp::ge), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(kept(CompareOp::eq), (std::vector<std::uint64_t>{1}));
  EXPECT_EQ(kept(CompareOp::ne), (std::vector<std::uint64_t>{0, 2}));
}

TEST(PointGrid, OverridesAreFixedThenAxesThenSeed) {
  SweepSpec s = three_axes();
  s.fixed = {Override{"horizon", "2h"}, Override{"k.b", "99"}};
  AxisSpec variants;
  variants.name = "pattern";
  variants.scale = AxisScale::variants;
  variants.values = {AxisValue{"x", "x.yaml", {Override{"k.a", "7"}, Override{"k.z", "{a: 1}"}}, std::nullopt},
                     AxisValue{"y", std::nullopt, {}, std::nullopt}};
  s.axes.push_back(variants);
  s.seed = 42;
  const SweepPoint p = point_at(s, grid_index(s, {2, 1, 0, 0}));
  const std::vector<Override> o = point_overrides(s, p);
  std::vector<std::string> texts;
  for (const Override& x : o) texts.push_back(x.path + "=" + x.value);
  EXPECT_EQ(texts, (std::vector<std::string>{"horizon=2h", "k.b=99", "k.a=3", "k.b=20", "k.c=5", "k.a=7",
                                             "k.z={a: 1}", "seed=42"}));
  EXPECT_EQ(point_labels(s, p), (std::vector<std::string>{"3", "20", "5", "x"}));
  EXPECT_EQ(point_scenario_path(s, p), "x.yaml");
  const SweepPoint q = point_at(s, grid_index(s, {0, 0, 0, 1}));
  EXPECT_EQ(point_scenario_path(s, q), "base.yaml");
  s.seed.reset();
  EXPECT_EQ(point_overrides(s, q).back().path, "k.c");
}

TEST(PointGrid, LastVariantWithAScenarioWins) {
  SweepSpec s;
  s.base_scenario = "base.yaml";
  AxisSpec first, second;
  first.scale = second.scale = AxisScale::variants;
  first.values = {AxisValue{"a", "a.yaml", {}, std::nullopt}};
  second.values = {AxisValue{"b", "b.yaml", {}, std::nullopt}, AxisValue{"c", std::nullopt, {}, std::nullopt}};
  s.axes = {first, second};
  EXPECT_EQ(point_scenario_path(s, point_at(s, 0)), "b.yaml");
  EXPECT_EQ(point_scenario_path(s, point_at(s, 1)), "a.yaml");
}

TEST(PointGrid, SeedsUnderCommonRandomNumbersAndIndependent) {
  SweepSpec s = three_axes();
  const std::vector<SweepPoint> points = expand_points(s);
  for (const SweepPoint& p : points) EXPECT_EQ(point_seed(s, 7, p), 7u);

  s.common_random_numbers = false;
  std::set<std::uint64_t> seeds;
  for (const SweepPoint& p : points) {
    const std::uint64_t seed = point_seed(s, 7, p);
    EXPECT_NE(seed, 7u);
    EXPECT_EQ(seed, point_seed(s, 7, p));  // a function of (base seed, grid index) only
    seeds.insert(seed);
  }
  EXPECT_EQ(seeds.size(), points.size());
  EXPECT_NE(point_seed(s, 7, points[3]), point_seed(s, 8, points[3]));
  // A constraint removes points, never changes the seed of those left.
  SweepSpec constrained = s;
  constrained.constraints = {ConstraintSpec{"", Operand{0, 0}, CompareOp::ge, Operand{std::nullopt, 2}, {}}};
  for (const SweepPoint& p : expand_points(constrained)) EXPECT_EQ(point_seed(constrained, 7, p), point_seed(s, 7, p));
}

}  // namespace
}  // namespace fmsim::models::sweep
