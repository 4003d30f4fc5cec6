// Reading sweep, plan and break-even files: every value form, the generated ranges (labels,
// numbers, exact durations), the defaults, and each error with its FILE:LINE:COL: key prefix.
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "models/scenario/scenario_error.h"
#include "models/scenario/scenario_loader.h"
#include "models/scenario/sha256.h"
#include "models/scenario/sweep_reader.h"
#include "models/scenario/sweep_values.h"
#include "models/scenario/units.h"
#include "models/sweep/point_grid.h"

namespace fmsim::models {
namespace {

using sweep::AxisScale;
using sweep::CompareOp;
using sweep::KnobDirection;

std::vector<std::string> labels_of(const sweep::AxisSpec& axis) {
  std::vector<std::string> out;
  for (const sweep::AxisValue& v : axis.values) out.push_back(v.label);
  return out;
}

// Each test gets its own directory holding two scenario files (their content does not matter to
// the reader, which only checks that they exist) and the file under test.
class SweepFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("fmsim_sweep_reader_" + std::to_string(::getpid()) + "_" + info->name());
    std::filesystem::create_directories(dir_ / "sub");
    write("base.yaml", "horizon: 1h\n");
    write("sub/other.yaml", "horizon: 1h\n");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, std::string_view text) const {
    const std::filesystem::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  sweep::SweepSpec sweep(std::string_view text) const { return load_sweep(write("s.yaml", text)); }

  // The message of loading `text` as a sweep (or plan, break-even) file, or "(no error)".
  template <class Load>
  std::string error_of(std::string_view text, Load load) const {
    const std::string file = write("s.yaml", text);
    try {
      load(file);
    } catch (const ScenarioError& e) {
      return e.what();
    }
    return "(no error)";
  }
  std::string sweep_error(std::string_view text) const { return error_of(text, load_sweep); }
  std::string plan_error(std::string_view text) const { return error_of(text, load_plan); }
  std::string breakeven_error(std::string_view text) const { return error_of(text, load_breakeven); }

  // "DIR/s.yaml:LINE:COL: KEY: " — what every error about the file starts with.
  std::string at(int line, int column, std::string_view key) const {
    return path("s.yaml") + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + std::string(key) + ": ";
  }

  std::filesystem::path dir_;
};

// Lines 1-2 of most files below: axes start on line 3.
constexpr std::string_view kHead = "scenario: base.yaml\nmetrics: [latency_s.p99]\n";
std::string with_head(std::string_view rest) { return std::string(kHead) + std::string(rest); }

::testing::AssertionResult starts_with(const std::string& text, const std::string& prefix) {
  if (text.rfind(prefix, 0) == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\n  message: " << text << "\n  expected prefix: " << prefix;
}

// ---------------------------------------------------------------- sweep files

TEST_F(SweepFiles, MinimalSweepHasTheDefaults) {
  const std::string text(kHead);
  const sweep::SweepSpec s = sweep(text);
  EXPECT_EQ(s.name, "s");
  EXPECT_EQ(s.source_path, path("s.yaml"));
  EXPECT_EQ(s.source_sha256, sha256_hex(text));
  EXPECT_EQ(s.base_scenario, path("base.yaml"));
  EXPECT_TRUE(s.fixed.empty());
  EXPECT_TRUE(s.axes.empty());
  EXPECT_TRUE(s.constraints.empty());
  EXPECT_EQ(s.replications, 1u);
  EXPECT_FALSE(s.stopping);
  ASSERT_EQ(s.metrics.size(), 1u);
  EXPECT_EQ(s.metrics[0].path, "latency_s.p99");
  EXPECT_EQ(s.metrics[0].where.file, path("s.yaml"));
  EXPECT_EQ(s.metrics[0].where.line, 2);
  EXPECT_EQ(s.metrics[0].where.column, 11);
  EXPECT_EQ(s.metrics[0].where.key, "metrics[0]");
  EXPECT_FALSE(s.seed);
  EXPECT_TRUE(s.common_random_numbers);
  EXPECT_EQ(sweep::expand_points(s).size(), 1u);
}

TEST_F(SweepFiles, TopLevelKeys) {
  const sweep::SweepSpec s = sweep(
      "name: servers_vs_rate\n"
      "scenario: sub/other.yaml\n"
      "set:\n"
      "  horizon: 2h\n"
      "  targets.server.service_time: {distribution: exponential, mean: 1s}\n"
      "  router.rules[0].target: fast\n"
      "metrics: [latency_s.p99, cost_usd.per_month_30d, windows.worst_hour.p99_s]\n"
      "replications: 10\n"
      "seed: 7\n"
      "common_random_numbers: false\n");
  EXPECT_EQ(s.name, "servers_vs_rate");
  EXPECT_EQ(s.base_scenario, path("sub/other.yaml"));
  ASSERT_EQ(s.fixed.size(), 3u);
  EXPECT_EQ(s.fixed[0].path, "horizon");
  EXPECT_EQ(s.fixed[0].value, "2h");
  EXPECT_EQ(s.fixed[1].path, "targets.server.service_time");
  EXPECT_EQ(s.fixed[1].value, "{distribution: exponential, mean: 1s}");
  EXPECT_EQ(s.fixed[2].path, "router.rules.0.target");  // the form --set uses
  EXPECT_EQ(s.fixed[2].value, "fast");
  ASSERT_EQ(s.metrics.size(), 3u);
  EXPECT_EQ(s.metrics[2].path, "windows.worst_hour.p99_s");
  EXPECT_EQ(s.replications, 10u);
  EXPECT_EQ(s.seed, 7u);
  EXPECT_FALSE(s.common_random_numbers);
}

TEST_F(SweepFiles, ValueListsKeepTheirTextAndNumbers) {
  const sweep::SweepSpec s = sweep(with_head(
      "axes:\n"
      "  - key: targets.server.servers\n"
      "    name: servers\n"
      "    values: [2, 3, 4]\n"
      "  - key: a.b\n"
      "    values: [300ms, 2/s, 1M/day, $0.5, 10k, 5%, 1.5, ml.g5.xlarge, unlimited, {x: 1, y: [a, b]}, 'a: b']\n"));
  ASSERT_EQ(s.axes.size(), 2u);
  const sweep::AxisSpec& servers = s.axes[0];
  EXPECT_EQ(servers.name, "servers");
  EXPECT_EQ(servers.key, "targets.server.servers");
  EXPECT_EQ(servers.scale, AxisScale::list);
  EXPECT_EQ(labels_of(servers), (std::vector<std::string>{"2", "3", "4"}));
  ASSERT_EQ(servers.values[1].overrides.size(), 1u);
  EXPECT_EQ(servers.values[1].overrides[0].path, "targets.server.servers");
  EXPECT_EQ(servers.values[1].overrides[0].value, "3");
  EXPECT_EQ(servers.values[1].numeric, 3.0);
  EXPECT_FALSE(servers.values[1].scenario_path);
  EXPECT_EQ(servers.where.key, "axes[0]");
  EXPECT_EQ(servers.where.line, 4);
  EXPECT_EQ(servers.where.column, 5);

  const sweep::AxisSpec& forms = s.axes[1];
  EXPECT_EQ(forms.name, "a.b");  // no name: the key
  EXPECT_EQ(labels_of(forms), (std::vector<std::string>{"300ms", "2/s", "1M/day", "$0.5", "10k", "5%", "1.5",
                                                        "ml.g5.xlarge", "unlimited", "{x: 1, y: [a, b]}", "a: b"}));
  EXPECT_DOUBLE_EQ(*forms.values[0].numeric, 0.3);         // seconds
  EXPECT_DOUBLE_EQ(*forms.values[1].numeric, 2.0);         // per second
  EXPECT_DOUBLE_EQ(*forms.values[2].numeric, 1e6 / 86400);  // per second
  EXPECT_DOUBLE_EQ(*forms.values[3].numeric, 0.5);         // USD
  EXPECT_DOUBLE_EQ(*forms.values[4].numeric, 10000);
  EXPECT_DOUBLE_EQ(*forms.values[5].numeric, 0.05);  // a fraction
  EXPECT_DOUBLE_EQ(*forms.values[6].numeric, 1.5);
  EXPECT_FALSE(forms.values[7].numeric);
  EXPECT_FALSE(forms.values[8].numeric);
  EXPECT_FALSE(forms.values[9].numeric);
  EXPECT_EQ(forms.values[9].overrides[0].value, "{x: 1, y: [a, b]}");
  // A value YAML would read as a mapping is quoted, so that the scenario sees the same string.
  EXPECT_EQ(forms.values[10].overrides[0].value, "\"a: b\"");
}

TEST_F(SweepFiles, LinearRangeIsWrittenInTheUnitOfFrom) {
  const sweep::SweepSpec s = sweep(with_head(
      "axes:\n"
      "  - key: workload.arrivals.rate\n"
      "    range: {from: 1/s, to: 3/s, step: 0.5/s}\n"
      "  - key: b\n"
      "    range: {from: 1000/day, to: 3k/day, step: 1k/day}\n"
      "  - key: c\n"
      "    range: {from: 0.1, to: 0.3, step: 0.1}\n"
      "  - key: d\n"
      "    range: {from: 1k, to: 2000, step: 250}\n"
      "  - key: e\n"
      "    range: {from: $0.5, to: $1, step: $0.25}\n"
      "  - key: f\n"
      "    range: {from: 5%, to: 15%, step: 5%}\n"
      "  - key: g\n"
      "    range: {from: 2, to: 2, step: 1}\n"));
  ASSERT_EQ(s.axes.size(), 7u);
  EXPECT_EQ(s.axes[0].scale, AxisScale::linear);
  EXPECT_EQ(labels_of(s.axes[0]), (std::vector<std::string>{"1/s", "1.5/s", "2/s", "2.5/s", "3/s"}));
  EXPECT_DOUBLE_EQ(*s.axes[0].values[1].numeric, 1.5);
  EXPECT_EQ(s.axes[0].values[1].overrides[0].path, "workload.arrivals.rate");
  EXPECT_EQ(s.axes[0].values[1].overrides[0].value, "1.5/s");
  EXPECT_EQ(labels_of(s.axes[1]), (std::vector<std::string>{"1000/day", "2000/day", "3000/day"}));
  EXPECT_DOUBLE_EQ(*s.axes[1].values[2].numeric, 3000.0 / 86400);
  // 0.1 + 2 * 0.1 is 0.30000000000000004 in binary: still inside the range, and printed as 0.3.
  EXPECT_EQ(labels_of(s.axes[2]), (std::vector<std::string>{"0.1", "0.2", "0.3"}));
  EXPECT_EQ(labels_of(s.axes[3]), (std::vector<std::string>{"1k", "1.25k", "1.5k", "1.75k", "2k"}));
  EXPECT_DOUBLE_EQ(*s.axes[3].values[1].numeric, 1250);
  EXPECT_EQ(labels_of(s.axes[4]), (std::vector<std::string>{"$0.5", "$0.75", "$1"}));
  EXPECT_EQ(labels_of(s.axes[5]), (std::vector<std::string>{"5%", "10%", "15%"}));
  EXPECT_DOUBLE_EQ(*s.axes[5].values[2].numeric, 0.15);
  EXPECT_EQ(labels_of(s.axes[6]), (std::vector<std::string>{"2"}));
}

TEST_F(SweepFiles, DurationRangesStayExact) {
  const sweep::SweepSpec s = sweep(with_head(
      "axes:\n"
      "  - key: a\n"
      "    range: {from: 1ms, to: 2ms, step: 0.1ms}\n"
      "  - key: b\n"
      "    range: {from: 1min, to: 2min, step: 20s}\n"
      "  - key: c\n"
      "    range: {from: 1h, to: 3h, step: 30min}\n"));
  // 0.1 ms steps: 11 values, each exactly k * 100 us (a double sum would drift).
  ASSERT_EQ(s.axes[0].values.size(), 11u);
  EXPECT_EQ(s.axes[0].values[3].label, "1.3ms");
  EXPECT_EQ(s.axes[0].values[10].label, "2ms");
  for (std::size_t i = 0; i < 11; ++i)
    EXPECT_EQ(parse_duration(s.axes[0].values[i].label).ns(), 1'000'000 + static_cast<std::int64_t>(i) * 100'000);
  // 80 s is not a terminating decimal of minutes: written in seconds instead, still exact.
  EXPECT_EQ(labels_of(s.axes[1]), (std::vector<std::string>{"1min", "80s", "100s", "2min"}));
  EXPECT_EQ(*s.axes[1].values[1].numeric, 80.0);
  EXPECT_EQ(labels_of(s.axes[2]), (std::vector<std::string>{"1h", "1.5h", "2h", "2.5h", "3h"}));
}

TEST_F(SweepFiles, LogRanges) {
  const sweep::SweepSpec s = sweep(with_head(
      "axes:\n"
      "  - key: a\n"
      "    log_range: {from: 1min, to: 1h, points: 5}\n"
      "  - key: b\n"
      "    log_range: {from: 1, to: 1000, points: 4}\n"
      "  - key: c\n"
      "    log_range: {from: 1, to: 10, points: 20}\n"
      "  - key: d\n"
      "    log_range: {from: 1000/day, to: 100000/day, points: 3}\n"));
  const sweep::AxisSpec& a = s.axes[0];
  EXPECT_EQ(a.scale, AxisScale::log);
  ASSERT_EQ(a.values.size(), 5u);
  EXPECT_EQ(a.values.front().label, "1min");
  EXPECT_EQ(a.values.back().label, "60min");
  EXPECT_EQ(*a.values.back().numeric, 3600.0);
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_NEAR(*a.values[i].numeric, 60 * std::pow(60.0, static_cast<double>(i) / 4), 1e-9 * 3600) << i;
    // Each label is exact: it reads back to the number stored.
    EXPECT_EQ(parse_duration(a.values[i].label).ns(), std::llround(*a.values[i].numeric * 1e9)) << a.values[i].label;
    EXPECT_TRUE(a.values[i].label.ends_with("min")) << a.values[i].label;
  }
  EXPECT_EQ(labels_of(s.axes[1]), (std::vector<std::string>{"1", "10", "100", "1000"}));
  // Whole-number ends give whole numbers, repeats dropped: fewer than 20 values, all distinct.
  const sweep::AxisSpec& c = s.axes[2];
  EXPECT_LT(c.values.size(), 20u);
  EXPECT_EQ(c.values.front().label, "1");
  EXPECT_EQ(c.values.back().label, "10");
  for (std::size_t i = 1; i < c.values.size(); ++i) {
    EXPECT_GT(*c.values[i].numeric, *c.values[i - 1].numeric);
    EXPECT_EQ(*c.values[i].numeric, std::round(*c.values[i].numeric));
  }
  EXPECT_EQ(labels_of(s.axes[3]), (std::vector<std::string>{"1000/day", "10000/day", "100000/day"}));
}

TEST_F(SweepFiles, VariantAxes) {
  const sweep::SweepSpec s = sweep(with_head(
      "axes:\n"
      "  - name: pattern\n"
      "    variants:\n"
      "      on_demand: {scenario: sub/other.yaml}\n"
      "      tuned: {set: {targets.server.servers: 2, horizon: 3h}}\n"
      "      plain:\n"));
  const sweep::AxisSpec& p = s.axes[0];
  EXPECT_EQ(p.name, "pattern");
  EXPECT_TRUE(p.key.empty());
  EXPECT_EQ(p.scale, AxisScale::variants);
  EXPECT_EQ(labels_of(p), (std::vector<std::string>{"on_demand", "tuned", "plain"}));
  EXPECT_EQ(p.values[0].scenario_path, path("sub/other.yaml"));
  EXPECT_TRUE(p.values[0].overrides.empty());
  EXPECT_FALSE(p.values[1].scenario_path);
  ASSERT_EQ(p.values[1].overrides.size(), 2u);
  EXPECT_EQ(p.values[1].overrides[0].path, "targets.server.servers");
  EXPECT_EQ(p.values[1].overrides[0].value, "2");
  EXPECT_EQ(p.values[1].overrides[1].path, "horizon");
  EXPECT_FALSE(p.values[2].numeric);
}

TEST_F(SweepFiles, Constraints) {
  const sweep::SweepSpec s = sweep(with_head(
      "axes:\n"
      "  - {key: targets.fn.min_instances, name: min_instances, values: [1, 2, 3]}\n"
      "  - {key: targets.fn.max_instances, values: [1, 2, 3]}\n"
      "  - {key: targets.fn.keep_alive, name: keep_alive, values: [1min, 10min]}\n"
      "constraints:\n"
      "  - min_instances <= targets.fn.max_instances\n"
      "  - keep_alive != 10min\n"
      "  - 2 > min_instances\n"));
  ASSERT_EQ(s.constraints.size(), 3u);
  const sweep::ConstraintSpec& c0 = s.constraints[0];
  EXPECT_EQ(c0.text, "min_instances <= targets.fn.max_instances");
  EXPECT_EQ(c0.left.axis, 0u);
  EXPECT_EQ(c0.op, CompareOp::le);
  EXPECT_EQ(c0.right.axis, 1u);
  EXPECT_EQ(c0.where.line, 8);
  EXPECT_EQ(c0.where.key, "constraints[0]");
  EXPECT_EQ(s.constraints[1].left.axis, 2u);
  EXPECT_EQ(s.constraints[1].op, CompareOp::ne);
  EXPECT_FALSE(s.constraints[1].right.axis);
  EXPECT_DOUBLE_EQ(s.constraints[1].right.constant, 600);
  EXPECT_FALSE(s.constraints[2].left.axis);
  EXPECT_EQ(s.constraints[2].left.constant, 2);
  EXPECT_EQ(s.constraints[2].op, CompareOp::gt);
  // min 1 only (2 > min), max >= min, keep_alive 1min only: max in {1, 2, 3}.
  const std::vector<sweep::SweepPoint> points = sweep::expand_points(s);
  ASSERT_EQ(points.size(), 3u);
  for (const sweep::SweepPoint& p : points) {
    EXPECT_EQ(p.value_index[0], 0u);
    EXPECT_EQ(p.value_index[2], 0u);
  }
}

TEST_F(SweepFiles, SequentialStopping) {
  const sweep::SweepSpec s = sweep(
      "scenario: base.yaml\n"
      "metrics: [latency_s.p99, cost_usd.total]\n"
      "stopping: {metric: cost_usd.total, half_width: $10}\n");
  ASSERT_TRUE(s.stopping);
  EXPECT_EQ(s.stopping->metric, 1u);
  EXPECT_EQ(s.stopping->half_width, 10.0);
  EXPECT_FALSE(s.stopping->relative);
  EXPECT_EQ(s.stopping->min_replications, 5u);
  EXPECT_EQ(s.stopping->max_replications, 100u);
  EXPECT_EQ(s.stopping->batch, 2u);
  EXPECT_EQ(s.replications, 5u);  // the minimum

  const sweep::SweepSpec t = sweep(
      "scenario: base.yaml\n"
      "metrics: [latency_s.p99]\n"
      "replications: 8\n"
      "stopping: {metric: latency_s.p99, half_width: 5%, max: 40, batch: 4}\n");
  EXPECT_EQ(t.stopping->relative, 0.05);
  EXPECT_FALSE(t.stopping->half_width);
  EXPECT_EQ(t.stopping->min_replications, 8u);
  EXPECT_EQ(t.stopping->max_replications, 40u);
  EXPECT_EQ(t.stopping->batch, 4u);
  EXPECT_EQ(t.replications, 8u);

  const sweep::SweepSpec u = sweep(
      "scenario: base.yaml\n"
      "metrics: [latency_s.p99]\n"
      "stopping: {metric: latency_s.p99, half_width: 50ms, min: 3}\n");
  EXPECT_DOUBLE_EQ(*u.stopping->half_width, 0.05);
  EXPECT_EQ(u.replications, 3u);
}

TEST_F(SweepFiles, ExampleSweepFileReadsAndEveryPointLoads) {
  const sweep::SweepSpec s = load_sweep(FMSIM_SOURCE_DIR "/scenarios/sweeps/mmc_servers.yaml");
  EXPECT_EQ(s.name, "mmc_servers");
  EXPECT_EQ(s.base_scenario, FMSIM_SOURCE_DIR "/scenarios/mmc.yaml");
  ASSERT_EQ(s.axes.size(), 2u);
  const std::vector<sweep::SweepPoint> points = sweep::expand_points(s);
  ASSERT_EQ(points.size(), 12u);
  for (const sweep::SweepPoint& p : points) {
    const Scenario scenario = load_scenario(sweep::point_scenario_path(s, p), sweep::point_overrides(s, p));
    EXPECT_EQ(scenario.horizon, sim::Duration::minutes(30));
    EXPECT_EQ(scenario.seed, 1u);
  }
}

// Override texts are YAML the scenario loader reads back: flow mappings as axis values and in
// variants' `set:`, scalars that need quotes.
TEST_F(SweepFiles, OverrideTextsLoadIntoAScenario) {
  const std::string mmc = FMSIM_SOURCE_DIR "/scenarios/mmc.yaml";
  const sweep::SweepSpec s = sweep(
      "scenario: " + mmc +
      "\n"
      "metrics: [latency_s.p99]\n"
      "set: {description: 'a: b # c', horizon: 1h}\n"
      "axes:\n"
      "  - key: targets.server.service_time\n"
      "    values: [{distribution: exponential, mean: 1s}, {distribution: deterministic, value: 2s}]\n"
      "  - key: workload.arrivals.rate\n"
      "    range: {from: 0.5/s, to: 1/s, step: 0.25/s}\n"
      "  - name: size\n"
      "    variants:\n"
      "      small: {set: {targets.server.servers: 2}}\n"
      "      large: {set: {targets.server: {kind: station, servers: 40, service_time: {distribution: exponential, "
      "mean: 1s}}}}\n");
  const std::vector<sweep::SweepPoint> points = sweep::expand_points(s);
  ASSERT_EQ(points.size(), 12u);
  for (const sweep::SweepPoint& p : points) {
    const Scenario scenario = load_scenario(sweep::point_scenario_path(s, p), sweep::point_overrides(s, p));
    EXPECT_EQ(scenario.description, "a: b # c");
  }
}

// ---------------------------------------------------------------- sweep file errors

TEST_F(SweepFiles, FileErrors) {
  const std::string missing = path("nope.yaml");
  try {
    load_sweep(missing);
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), missing + ": cannot read: No such file or directory");
  }
  EXPECT_EQ(sweep_error(""), path("s.yaml") + ":1:1: the file is empty; see docs/sweeps.md for what a sweep file holds");
  EXPECT_TRUE(starts_with(sweep_error("scenario: [1\n"), path("s.yaml") + ":2:1: YAML syntax error"));
  EXPECT_EQ(sweep_error("- 1\n"),
            path("s.yaml") + ":1:1: expected a mapping of keys (see docs/sweeps.md), got a list");
  EXPECT_EQ(sweep_error("metrics: [a]\n"),
            path("s.yaml") + ":1:1: scenario: required key is missing (expected the path of the base scenario)");
  EXPECT_EQ(sweep_error("scenario: missing.yaml\nmetrics: [a]\n"),
            at(1, 11, "scenario") + "no scenario file at '" + path("missing.yaml") +
                "' (relative paths are relative to this file's directory)");
  EXPECT_EQ(sweep_error("scenario: sub\nmetrics: [a]\n"),
            at(1, 11, "scenario") + "'" + path("sub") + "' is a directory, not a scenario file");
}

TEST_F(SweepFiles, UnknownAndMisplacedKeys) {
  EXPECT_EQ(sweep_error("scenario: base.yaml\nmetrcs: [a]\n"),
            at(2, 1, "metrcs") + "unknown key 'metrcs', did you mean 'metrics'?");
  EXPECT_EQ(sweep_error(with_head("axes:\n  - key: a\n    valuse: [1]\n")),
            at(5, 5, "axes[0].valuse") + "unknown key 'valuse', did you mean 'values'?");
  EXPECT_EQ(sweep_error(with_head("knobs: []\n")),
            at(3, 1, "knobs") +
                "'knobs' is a key of plan files (fmsim plan), not of sweep files (which take: name, scenario, set, "
                "axes, constraints, replications, stopping, metrics, seed, common_random_numbers)");
  EXPECT_TRUE(starts_with(breakeven_error("constraints: []\n"),
                          at(1, 1, "constraints") + "'constraints' is a key of sweep and plan files (fmsim sweep, "
                                                    "fmsim plan), not of break-even files"));
  EXPECT_TRUE(starts_with(plan_error("stopping: {}\n"),
                          at(1, 1, "stopping") + "'stopping' is a key of sweep files (fmsim sweep), not of plan files"));
  EXPECT_TRUE(starts_with(sweep_error(with_head("axes:\n  - key: a\n    values: [1]\n    direction: categorical\n")),
                          at(6, 5, "axes[0].direction") + "unknown key 'direction'"));
}

TEST_F(SweepFiles, AxisErrors) {
  EXPECT_EQ(sweep_error(with_head("axes:\n  - name: x\n")),
            at(4, 5, "axes[0].key") +
                "required key is missing (expected the scenario key path the axis sets, e.g. targets.server.servers "
                "(or name and variants))");
  EXPECT_EQ(sweep_error(with_head("axes:\n  - key: a\n")),
            at(4, 5, "axes[0]") + "give the axis's values: one of values, range or log_range");
  EXPECT_EQ(sweep_error(with_head("axes:\n  - key: a\n    values: [1]\n    range: {from: 1, to: 2, step: 1}\n")),
            at(6, 12, "axes[0].range") + "give only one of values, range or log_range (this axis already has values)");
  EXPECT_EQ(sweep_error(with_head("axes:\n  - key: targets..servers\n    values: [1]\n")),
            at(4, 10, "axes[0].key") +
                "'targets..servers' is not a scenario key path: write names (letters, digits, '_', '-') joined by "
                "'.', with [i] for a list element, e.g. targets.server.servers or router.rules[0].target");
  EXPECT_EQ(sweep_error(with_head("axes:\n  - key: a\n    values: []\n")),
            at(5, 13, "axes[0].values") + "needs at least one value");
  EXPECT_EQ(sweep_error(with_head("axes:\n  - key: a\n    values: [1, 2, 1]\n")),
            at(5, 20, "axes[0].values[2]") + "the value '1' is listed twice (also at [0])");
  EXPECT_EQ(sweep_error(with_head("axes:\n  - {key: a, values: [1], name: n}\n  - {key: b, values: [1], name: n}\n")),
            at(5, 5, "axes[1]") + "the axis name 'n' is already used by axes[0]; give one of them another name:");
  EXPECT_EQ(sweep_error(with_head("axes:\n  - {key: a, values: [1]}\n  - {key: a, values: [2], name: b}\n")),
            at(5, 5, "axes[1]") + "the key 'a' is already swept by axes[0]");
  EXPECT_EQ(sweep_error(with_head("axes:\n  - {name: p, key: a, variants: {x: {}}}\n")),
            at(4, 20, "axes[0].key") +
                "an axis has either key with values, range or log_range, or name with variants (whole scenarios), not "
                "both; 'key' does not go with variants");
  EXPECT_EQ(sweep_error(with_head("axes:\n  - {variants: {x: {}}}\n")),
            at(4, 5, "axes[0].name") +
                "required key is missing (expected the axis's name, e.g. pattern (a variant axis has no key))");
  EXPECT_EQ(sweep_error(with_head("axes:\n  - {name: p, variants: {x: {scenario: nope.yaml}}}\n")),
            at(4, 40, "axes[0].variants.x.scenario") + "no scenario file at '" + path("nope.yaml") +
                "' (relative paths are relative to this file's directory)");
  EXPECT_EQ(sweep_error(with_head("axes:\n  - {name: p, variants: {x: {sett: {}}}}\n")),
            at(4, 30, "axes[0].variants.x.sett") + "unknown key 'sett', did you mean 'set'?");
  EXPECT_EQ(sweep_error(with_head("set:\n  a..b: 1\n")),
            at(4, 3, "set.a..b") +
                "'a..b' is not a scenario key path: write names (letters, digits, '_', '-') joined by '.', with [i] "
                "for a list element, e.g. targets.server.servers or router.rules[0].target");
  EXPECT_EQ(sweep_error(with_head("set:\n  horizon:\n")),
            at(4, 3, "set.horizon") + "expected a value, got an empty value (give a value, or leave the key out)");
}

TEST_F(SweepFiles, RangeErrors) {
  // Line 5 is "    range: {...}"; its mapping starts at column 12.
  auto range = [&](std::string_view body) {
    return sweep_error(with_head("axes:\n  - key: a\n    range: " + std::string(body) + "\n"));
  };
  EXPECT_EQ(range("{from: 3/s, to: 1/s, step: 1/s}"),
            at(5, 12, "axes[0].range") + "empty range: from '3/s' is greater than to '1/s'");
  EXPECT_EQ(range("{from: 2min, to: 1min, step: 1s}"),
            at(5, 12, "axes[0].range") + "empty range: from '2min' is greater than to '1min'");
  EXPECT_EQ(range("{from: 1/s, to: 3/s, step: 0/s}"), at(5, 39, "axes[0].range.step") + "must be > 0, got '0/s'");
  EXPECT_EQ(range("{from: 1/s, to: 3/s, step: -1/s}"), at(5, 39, "axes[0].range.step") + "must be > 0, got '-1/s'");
  EXPECT_EQ(range("{from: 1/s, to: 3/s, step: 5min}"),
            at(5, 39, "axes[0].range.step") +
                "'5min' is a duration but from '1/s' is a rate; from, to and step must be of the same kind of unit");
  EXPECT_EQ(range("{from: 1/s, to: 3, step: 1/s}"),
            at(5, 28, "axes[0].range.to") +
                "'3' is a plain number but from '1/s' is a rate; from, to and step must be of the same kind of unit");
  EXPECT_EQ(range("{from: $1, to: 50%, step: $1}"),
            at(5, 27, "axes[0].range.to") +
                "'50%' is a percentage but from '$1' is an amount of money; from, to and step must be of the same "
                "kind of unit");
  EXPECT_EQ(range("{from: 1, to: 1000000, step: 1}"),
            at(5, 12, "axes[0].range") +
                "the range has 1000000 values, more than the 100000 an axis may have; is the step '1' right?");
  EXPECT_EQ(range("{from: 1, to: 2}"),
            at(5, 12, "axes[0].range.step") + "required key is missing (expected the step between values, e.g. 0.5/s)");
  EXPECT_EQ(range("{from: 5m, to: 6m, step: 1m}"),
            at(5, 19, "axes[0].range.from") + "'m' is not a unit in '5m': use 'min' for minutes, 'ms' for milliseconds");
  EXPECT_EQ(range("{from: abc, to: 2, step: 1}"),
            at(5, 19, "axes[0].range.from") +
                "expected a number or a value with a unit such as 10, 10k, 300ms, 2/s, $0.5 or 5%, got 'abc'");
  EXPECT_EQ(range("{from: 1, to: 2, stpe: 1}"), at(5, 29, "axes[0].range.stpe") + "unknown key 'stpe', did you mean 'step'?");

  auto log_range = [&](std::string_view body) {
    return sweep_error(with_head("axes:\n  - key: a\n    log_range: " + std::string(body) + "\n"));
  };
  EXPECT_EQ(log_range("{from: 1min, to: 1h, points: 1}"), at(5, 45, "axes[0].log_range.points") + "must be >= 2, got '1'");
  EXPECT_EQ(log_range("{from: 0s, to: 1h, points: 3}"),
            at(5, 23, "axes[0].log_range.from") + "must be > 0 (a log_range is geometric), got '0s'");
  EXPECT_EQ(log_range("{from: 1h, to: 1min, points: 3}"),
            at(5, 16, "axes[0].log_range") +
                "empty range: from '1h' must be less than to '1min' (for one value, use values: [1h])");
  EXPECT_EQ(log_range("{from: 1h, to: 100, points: 3}"),
            at(5, 31, "axes[0].log_range.to") +
                "'100' is a plain number but from '1h' is a duration; from, to and step must be of the same kind of "
                "unit");
}

TEST_F(SweepFiles, ConstraintErrors) {
  const std::string axes =
      "axes:\n"
      "  - {key: targets.a.servers, name: servers, values: [1, 2]}\n"
      "  - {key: targets.a.type, name: type, values: [small, large]}\n"
      "  - {key: workload.arrivals.rate, name: rate, values: [1/s, 2/s]}\n"
      "  - {key: mixed, values: [1/s, 2]}\n"
      "constraints:\n";
  auto constraint = [&](std::string_view c) { return sweep_error(with_head(axes + "  - " + std::string(c) + "\n")); };
  EXPECT_EQ(constraint("severs <= 4"), at(9, 5, "constraints[0]") + "no axis named 'severs', did you mean 'servers'?");
  EXPECT_EQ(constraint("pattern <= 4"),
            at(9, 5, "constraints[0]") + "no axis named 'pattern' (axes: servers, type, rate, mixed)");
  EXPECT_EQ(constraint("type == 2"),
            at(9, 5, "constraints[0]") +
                "the axis 'type' has values that are not numbers (such as 'small'), so it cannot be compared");
  EXPECT_EQ(constraint("mixed < 3"),
            at(9, 5, "constraints[0]") + "the axis 'mixed' mixes kinds of values (units), so it cannot be compared");
  EXPECT_EQ(constraint("rate <= servers"),
            at(9, 5, "constraints[0]") + "'rate <= servers' compares a rate ('rate') with a plain number ('servers')");
  EXPECT_EQ(constraint("rate <= 1min"),
            at(9, 5, "constraints[0]") + "'rate <= 1min' compares a rate ('rate') with a duration ('1min')");
  EXPECT_EQ(constraint("1 < 2"), at(9, 5, "constraints[0]") + "'1 < 2' compares two constants; name an axis");
  EXPECT_EQ(constraint("servers = 2"),
            at(9, 5, "constraints[0]") +
                "expected 'A op B' with op one of <=, <, >=, >, ==, != and A, B axis names or values (e.g. \"servers "
                "<= 4\"), got 'servers = 2'");
  EXPECT_EQ(constraint("servers <= 2 <= 3"),
            at(9, 5, "constraints[0]") +
                "expected 'A op B' with op one of <=, <, >=, >, ==, != and A, B axis names or values (e.g. \"servers "
                "<= 4\"), got 'servers <= 2 <= 3'");
  EXPECT_EQ(sweep_error(with_head("constraints: [a < 2]\n")),
            at(3, 15, "constraints[0]") + "no axis named 'a' (there are no axes)");
}

TEST_F(SweepFiles, MetricAndStoppingErrors) {
  EXPECT_EQ(sweep_error("scenario: base.yaml\n"),
            path("s.yaml") +
                ":1:1: metrics: required key is missing (expected a list of summary metrics such as [latency_s.p99])");
  EXPECT_EQ(sweep_error("scenario: base.yaml\nmetrics: []\n"),
            at(2, 10, "metrics") + "needs at least one metric, e.g. [latency_s.p99]");
  EXPECT_EQ(sweep_error("scenario: base.yaml\nmetrics: [a.b, c, a.b]\n"),
            at(2, 19, "metrics[2]") + "'a.b' is listed twice (also at metrics[0])");
  EXPECT_EQ(sweep_error("scenario: base.yaml\nmetrics: ['latency p99']\n"),
            at(2, 11, "metrics[0]") + "'latency p99' is not a metric: a metric path has no spaces, e.g. latency_s.p99");
  const std::string head = "scenario: base.yaml\nmetrics: [latency_s.p99, cost_usd.total]\n";
  auto stopping = [&](std::string_view rest) { return sweep_error(head + std::string(rest)); };
  EXPECT_EQ(stopping("stopping: {metric: latency_s.p90, half_width: 1s}\n"),
            at(3, 20, "stopping.metric") + "'latency_s.p90' is not one of metrics, did you mean 'latency_s.p99'?");
  EXPECT_EQ(stopping("stopping: {metric: requests.ok, half_width: 1s}\n"),
            at(3, 20, "stopping.metric") + "'requests.ok' is not one of metrics (latency_s.p99, cost_usd.total)");
  EXPECT_EQ(stopping("stopping: {metric: latency_s.p99, half_width: 0%}\n"),
            at(3, 47, "stopping.half_width") + "must be > 0, got '0%'");
  EXPECT_EQ(stopping("stopping: {metric: latency_s.p99, half_width: -1s}\n"),
            at(3, 47, "stopping.half_width") + "must be > 0, got '-1s'");
  EXPECT_EQ(stopping("stopping: {metric: latency_s.p99}\n"),
            at(3, 11, "stopping.half_width") +
                "required key is missing (expected the target half-width of the 95 % interval, e.g. 50ms, $10, 0.01 "
                "or 5% of the mean)");
  EXPECT_EQ(stopping("stopping: {metric: latency_s.p99, half_width: 1s, min: 10, max: 5}\n"),
            at(3, 65, "stopping.max") + "must be >= the minimum (10), got '5'");
  EXPECT_EQ(stopping("stopping: {metric: latency_s.p99, half_width: 1s, min: 1}\n"),
            at(3, 56, "stopping.min") + "must be >= 2, got '1'");
  EXPECT_EQ(stopping("stopping: {metric: latency_s.p99, half_width: 1s, min: 200}\n"),
            at(3, 11, "stopping.max") + "the default maximum (100) is below the minimum (200); give max");
  EXPECT_EQ(stopping("replications: 4\nstopping: {metric: latency_s.p99, half_width: 1s, min: 6}\n"),
            at(4, 56, "stopping.min") +
                "conflicts with replications: 4 (with stopping, replications is the minimum; give one of them)");
  EXPECT_EQ(stopping("replications: 1\nstopping: {metric: latency_s.p99, half_width: 1s}\n"),
            at(3, 15, "replications") +
                "must be >= 2 with stopping (replications is the minimum, and an interval needs 2)");
  EXPECT_EQ(stopping("replications: 0\n"), at(3, 15, "replications") + "must be >= 1, got '0'");
  EXPECT_EQ(stopping("seed: -1\n"), at(3, 7, "seed") + "must be >= 0, got '-1'");
  EXPECT_EQ(stopping("common_random_numbers: yes\n"),
            at(3, 24, "common_random_numbers") + "expected true or false, got 'yes'");
}

// ---------------------------------------------------------------- plan files

TEST_F(SweepFiles, PlanFile) {
  const std::string file = write("s.yaml",
                                 "scenario: base.yaml\n"
                                 "knobs:\n"
                                 "  - {key: targets.ep.instance_type, name: type, values: [ml.g5.xlarge, ml.g5.2xlarge]}\n"
                                 "  - {key: targets.ep.min_instances, name: min, values: [1, 2, 3]}\n"
                                 "  - {key: targets.ep.max_instances, name: max, values: [3, 2, 1], direction: less_is_better}\n"
                                 "  - {name: p, variants: {a: {}, b: {}}}\n"
                                 "constraints: [min <= max]\n"
                                 "require:\n"
                                 "  - windows.worst_hour.p99_s <= 3s\n"
                                 "  - requests.share.throttled <= 0.1%\n"
                                 "  - requests.share.ok >= 99%\n"
                                 "  - windows.worst_hour.p99_s <= 5s\n");
  const sweep::PlanSpec p = load_plan(file);
  EXPECT_EQ(p.sweep.axes.size(), 4u);
  EXPECT_EQ(p.directions, (std::vector<KnobDirection>{KnobDirection::categorical, KnobDirection::more_is_better,
                                                      KnobDirection::less_is_better, KnobDirection::categorical}));
  EXPECT_EQ(p.sweep.constraints.size(), 1u);
  // The objective first, then each requirement's metric once.
  ASSERT_EQ(p.sweep.metrics.size(), 4u);
  EXPECT_EQ(p.sweep.metrics[0].path, "cost_usd.per_month_30d");
  EXPECT_EQ(p.sweep.metrics[1].path, "windows.worst_hour.p99_s");
  EXPECT_EQ(p.sweep.metrics[2].path, "requests.share.throttled");
  EXPECT_EQ(p.sweep.metrics[3].path, "requests.share.ok");
  EXPECT_EQ(p.objective, 0u);
  ASSERT_EQ(p.requirements.size(), 4u);
  EXPECT_EQ(p.requirements[0].metric, 1u);
  EXPECT_EQ(p.requirements[0].op, CompareOp::le);
  EXPECT_EQ(p.requirements[0].bound, 3.0);
  EXPECT_EQ(p.requirements[0].text, "windows.worst_hour.p99_s <= 3s");
  EXPECT_EQ(p.requirements[0].where.line, 9);
  EXPECT_EQ(p.requirements[0].where.key, "require[0]");
  EXPECT_EQ(p.requirements[1].metric, 2u);
  EXPECT_DOUBLE_EQ(p.requirements[1].bound, 0.001);
  EXPECT_EQ(p.requirements[2].op, CompareOp::ge);
  EXPECT_DOUBLE_EQ(p.requirements[2].bound, 0.99);
  EXPECT_EQ(p.requirements[3].metric, 1u);
  EXPECT_EQ(p.confidence, 0.95);
  EXPECT_EQ(p.sweep.replications, 5u);
  EXPECT_FALSE(p.sweep.stopping);

  const sweep::PlanSpec q = load_plan(write("s.yaml",
                                            "scenario: base.yaml\n"
                                            "knobs: [{key: a, values: [1, 2]}]\n"
                                            "require: [latency_s.p99 <= 2s]\n"
                                            "objective: cost_usd.total\n"
                                            "confidence: 90%\n"
                                            "replications: 12\n"));
  EXPECT_EQ(q.sweep.metrics[0].path, "cost_usd.total");
  EXPECT_EQ(q.sweep.metrics[0].where.line, 4);
  EXPECT_EQ(q.confidence, 0.9);
  EXPECT_EQ(q.sweep.replications, 12u);
}

TEST_F(SweepFiles, PlanErrors) {
  const std::string head = "scenario: base.yaml\nknobs: [{key: a, values: [1, 2]}]\n";
  auto plan = [&](std::string_view rest) { return plan_error(head + std::string(rest)); };
  EXPECT_EQ(plan(""), path("s.yaml") +
                          ":1:1: require: required key is missing (expected a list of requirements such as "
                          "[\"latency_s.p99 <= 3s\"])");
  EXPECT_EQ(plan("require: []\n"),
            at(3, 10, "require") + "needs at least one requirement, e.g. \"windows.worst_hour.p99_s <= 3s\"");
  EXPECT_EQ(plan("require: [latency_s.p99 < 3s]\n"),
            at(3, 11, "require[0]") +
                "expected METRIC <= BOUND or METRIC >= BOUND (e.g. \"windows.worst_hour.p99_s <= 3s\"), got "
                "'latency_s.p99 < 3s'");
  EXPECT_EQ(plan("require: [3s >= latency_s.p99]\n"),
            at(3, 11, "require[0]") + "write the metric first: METRIC <= BOUND or METRIC >= BOUND, got '3s >= latency_s.p99'");
  EXPECT_EQ(plan("require: [latency_s.p99 <= 3 s s]\n"),
            at(3, 11, "require[0]") + "the bound '3 s s': unexpected 's' in duration '3 s s'");
  EXPECT_EQ(plan("require: [latency_s.p99 <= 3s]\nconfidence: 100%\n"),
            at(4, 13, "confidence") + "must be above 50% and below 100%, got '100%'");
  EXPECT_EQ(plan("require: [latency_s.p99 <= 3s]\nconfidence: 0.95\n"),
            at(4, 13, "confidence") +
                "a percentage needs its '%' sign: write 95% for the fraction 0.95 (or 0.95% if you meant that)");
  EXPECT_EQ(plan("require: [latency_s.p99 <= 3s]\nreplications: 1\n"), at(4, 15, "replications") + "must be >= 2, got '1'");
  EXPECT_EQ(plan("require: [latency_s.p99 <= 3s]\nmetrics: [a]\n"),
            at(4, 1, "metrics") +
                "'metrics' is a key of sweep files (fmsim sweep), not of plan files (which take: name, scenario, set, "
                "knobs, constraints, require, objective, confidence, replications, seed, common_random_numbers)");
  EXPECT_EQ(plan_error("scenario: base.yaml\nknobs: []\nrequire: [latency_s.p99 <= 3s]\n"),
            at(2, 8, "knobs") + "needs at least one knob to search");
  EXPECT_EQ(plan_error("scenario: base.yaml\naxes: []\n"),
            at(2, 1, "axes") +
                "'axes' is a key of sweep files (fmsim sweep), not of plan files (which take: name, scenario, set, "
                "knobs, constraints, require, objective, confidence, replications, seed, common_random_numbers)");
  EXPECT_EQ(plan_error("scenario: base.yaml\nknobs: [{key: a, values: [1], direction: up}]\nrequire: [a <= 1]\n"),
            at(2, 42, "knobs[0].direction") +
                "unknown direction 'up' (expected one of: more_is_better, less_is_better, categorical)");
}

// ---------------------------------------------------------------- break-even files

TEST_F(SweepFiles, BreakevenFile) {
  const sweep::BreakevenSpec b = load_breakeven(write("s.yaml",
                                                      "name: r2\n"
                                                      "patterns:\n"
                                                      "  lambda_on_demand: {scenario: base.yaml}\n"
                                                      "  sagemaker: {scenario: sub/other.yaml, set: {horizon: 2h}}\n"
                                                      "set: {horizon: 1d}\n"
                                                      "volume:\n"
                                                      "  key: workload.arrivals.rate\n"
                                                      "  name: requests_per_day\n"
                                                      "  log_range: {from: 1000/day, to: 100000/day, points: 3}\n"
                                                      "tokens: workload.tokens_per_hour\n"
                                                      "seed: 1\n"));
  const sweep::SweepSpec& s = b.sweep;
  EXPECT_EQ(s.name, "r2");
  EXPECT_EQ(s.base_scenario, path("base.yaml"));
  ASSERT_EQ(s.axes.size(), 2u);
  EXPECT_EQ(b.pattern_axis, 0u);
  EXPECT_EQ(b.volume_axis, 1u);
  EXPECT_EQ(s.axes[0].name, "pattern");
  EXPECT_EQ(s.axes[0].scale, AxisScale::variants);
  EXPECT_EQ(labels_of(s.axes[0]), (std::vector<std::string>{"lambda_on_demand", "sagemaker"}));
  EXPECT_EQ(s.axes[0].values[1].scenario_path, path("sub/other.yaml"));
  EXPECT_EQ(s.axes[0].values[1].overrides.size(), 1u);
  EXPECT_EQ(s.axes[1].name, "requests_per_day");
  EXPECT_EQ(s.axes[1].key, "workload.arrivals.rate");
  EXPECT_EQ(labels_of(s.axes[1]), (std::vector<std::string>{"1000/day", "10000/day", "100000/day"}));
  ASSERT_EQ(s.metrics.size(), 2u);
  EXPECT_EQ(s.metrics[b.cost_metric].path, "cost_usd.per_month_30d");
  EXPECT_EQ(b.tokens_metric, 1u);
  EXPECT_EQ(s.metrics[1].path, "workload.tokens_per_hour");
  EXPECT_EQ(s.replications, 3u);
  EXPECT_EQ(s.seed, 1u);
  ASSERT_EQ(s.fixed.size(), 1u);
  // The pattern's own set comes after the file's.
  const sweep::SweepPoint p = sweep::point_at(s, sweep::grid_index(s, {1, 1}));
  const std::vector<Override> o = sweep::point_overrides(s, p);
  ASSERT_EQ(o.size(), 4u);
  EXPECT_EQ(o[0].value, "1d");
  EXPECT_EQ(o[1].value, "2h");
  EXPECT_EQ(o[2].value, "10000/day");
  EXPECT_EQ(o[3].path, "seed");

  const sweep::BreakevenSpec c = load_breakeven(write("s.yaml",
                                                      "scenario: base.yaml\n"
                                                      "patterns: {a: {}, b: {scenario: sub/other.yaml}}\n"
                                                      "volume: {key: r, values: [1/s, 2/s]}\n"
                                                      "cost: cost_usd.total\n"));
  EXPECT_EQ(c.sweep.axes[1].name, "r");
  EXPECT_FALSE(c.sweep.axes[0].values[0].scenario_path);
  EXPECT_EQ(c.sweep.metrics[0].path, "cost_usd.total");
  EXPECT_FALSE(c.tokens_metric);
}

TEST_F(SweepFiles, BreakevenErrors) {
  const std::string volume = "volume: {key: r, values: [1/s, 2/s]}\n";
  EXPECT_EQ(breakeven_error("patterns: {a: {scenario: base.yaml}}\n" + volume),
            at(1, 11, "patterns") + "needs at least two patterns to compare, got 1");
  EXPECT_EQ(breakeven_error("patterns: {a: {scenario: base.yaml}, b: {}}\n" + volume),
            at(1, 41, "patterns.b.scenario") + "required key is missing (expected the path of its scenario file)");
  const std::string patterns = "patterns: {a: {scenario: base.yaml}, b: {scenario: base.yaml}}\n";
  EXPECT_EQ(breakeven_error(patterns + "volume: {key: r, values: [1/s, lots]}\n"),
            at(2, 9, "volume") + "the volumes must be numbers with units, such as 1000/day (a rate) or 10k");
  EXPECT_EQ(breakeven_error(patterns + "volume: {key: r, values: [1/s]}\n"),
            at(2, 9, "volume") + "needs at least two volumes to find where costs cross");
  EXPECT_EQ(breakeven_error(patterns + "volume: {key: r, name: pattern, values: [1/s, 2/s]}\n"),
            at(2, 9, "volume") + "the name 'pattern' is taken by the patterns axis; give volume another name:");
  EXPECT_EQ(breakeven_error(patterns + volume + "tokens: cost_usd.per_month_30d\n"),
            at(3, 9, "tokens") + "is the same metric as cost ('cost_usd.per_month_30d')");
  EXPECT_EQ(breakeven_error(patterns + volume + "replications: 1\n"), at(3, 15, "replications") + "must be >= 2, got '1'");
  EXPECT_EQ(breakeven_error(patterns + volume + "volume2: 1\n"),
            at(3, 1, "volume2") + "unknown key 'volume2', did you mean 'volume'?");
  EXPECT_TRUE(starts_with(breakeven_error(patterns + volume + "axes: []\n"),
                          at(3, 1, "axes") + "'axes' is a key of sweep files (fmsim sweep), not of break-even files"));
  EXPECT_TRUE(starts_with(sweep_error(with_head("patterns: {}\n")),
                          at(3, 1, "patterns") + "'patterns' is a key of break-even files (fmsim breakeven), not of "
                                                 "sweep files"));
}

// ---------------------------------------------------------------- value texts

TEST(SweepValues, FamiliesAndUnits) {
  EXPECT_EQ(parse_unit_value("300ms").family, UnitFamily::duration);
  EXPECT_EQ(parse_unit_value("300ms").unit, "ms");
  EXPECT_EQ(parse_unit_value("2h30min").ns, 9'000'000'000'000);
  EXPECT_EQ(parse_unit_value("2h30min").unit, "min");
  EXPECT_EQ(parse_unit_value("1.5k / day").unit, "k/day");
  EXPECT_DOUBLE_EQ(parse_unit_value("1.5k / day").base, 1500.0 / 86400);
  EXPECT_EQ(parse_unit_value("10k").family, UnitFamily::number);
  EXPECT_EQ(parse_unit_value("10k").base, 10000);
  EXPECT_EQ(parse_unit_value("-$2").base, -2);
  EXPECT_EQ(parse_unit_value("1e-3").base, 0.001);
  EXPECT_FALSE(try_unit_value("inf"));
  EXPECT_FALSE(try_unit_value("true"));
  EXPECT_FALSE(try_unit_value("1.2.3"));
}

TEST(SweepValues, DecimalText) {
  EXPECT_EQ(decimal_text(0.1 + 0.2), "0.3");
  EXPECT_EQ(decimal_text(2000), "2000");
  EXPECT_EQ(decimal_text(1e15), "1000000000000000");
  EXPECT_EQ(decimal_text(0.00012345), "0.00012345");
  EXPECT_EQ(decimal_text(-1.5), "-1.5");
  EXPECT_EQ(decimal_text(1.0 / 3), "0.333333333333");
  EXPECT_EQ(decimal_text(-0.0), "0");
}

// Every shipped plan and break-even file reads, and each of its points loads as a scenario.
TEST(ShippedFiles, PlansAndBreakEvensLoadWithEveryPoint) {
  int n = 0;
  auto check_points = [&](const sweep::SweepSpec& spec, const std::string& file) {
    for (const auto& p : sweep::expand_points(spec)) {
      EXPECT_NO_THROW(load_scenario(sweep::point_scenario_path(spec, p), sweep::point_overrides(spec, p))) << file;
    }
  };
  for (const char* dir : {"/scenarios/plans", "/scenarios/breakeven"}) {
    for (const auto& e : std::filesystem::directory_iterator(std::string(FMSIM_SOURCE_DIR) + dir)) {
      if (e.path().extension() != ".yaml") continue;
      ++n;
      const auto file = e.path().string();
      if (std::string_view(dir) == "/scenarios/plans") {
        check_points(load_plan(file).sweep, file);
      } else {
        check_points(load_breakeven(file).sweep, file);
      }
    }
  }
  EXPECT_GE(n, 4);
}

}  // namespace
}  // namespace fmsim::models
