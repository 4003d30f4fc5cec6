// The top-level `slo:` block (models/scenario/scenario_loader.cpp): quantile bounds into SloSpec,
// and each class of bad input with its exact message.
#include <string>

#include <gtest/gtest.h>

#include "models/scenario/scenario_loader.h"
#include "scenario_test_support.h"

namespace fmsim::models {
namespace {

using testing::error_of;
using testing::with_station;

// A valid scenario up to line 9; `slo` appended starts on line 10.
std::string with_slo(std::string_view slo) {
  return with_station("    service_time: {distribution: exponential, mean: 1s}\n") + std::string(slo);
}

TEST(SloReader, EveryQuantile) {
  const SloSpec slo =
      parse_scenario(with_slo("slo: {p50: 800ms, p90: 1.5s, p99: 3s, p999: 10s}\n"), "s.yaml").slo;
  EXPECT_EQ(slo.p50, sim::Duration::milliseconds(800));
  EXPECT_EQ(slo.p90, sim::Duration::milliseconds(1500));
  EXPECT_EQ(slo.p99, sim::Duration::seconds(3));
  EXPECT_EQ(slo.p999, sim::Duration::seconds(10));
  EXPECT_FALSE(slo.empty());
}

TEST(SloReader, UnsetQuantilesAndNoSlo) {
  const SloSpec only_p99 = parse_scenario(with_slo("slo:\n  p99: 3s\n"), "s.yaml").slo;
  EXPECT_EQ(only_p99.p99, sim::Duration::seconds(3));
  EXPECT_FALSE(only_p99.p50 || only_p99.p90 || only_p99.p999);
  EXPECT_TRUE(parse_scenario(with_slo(""), "s.yaml").slo.empty());
}

TEST(SloReader, SetFromTheCommandLine) {
  const SloSpec slo = parse_scenario(with_slo("slo: {p99: 3s}\n"), "s.yaml", {{"slo.p50", "1s"}, {"slo.p99", "2s"}}).slo;
  EXPECT_EQ(slo.p50, sim::Duration::seconds(1));
  EXPECT_EQ(slo.p99, sim::Duration::seconds(2));
  EXPECT_EQ(parse_scenario(with_slo(""), "s.yaml", {{"slo.p999", "20s"}}).slo.p999, sim::Duration::seconds(20));
}

TEST(SloReaderErrors, NoBound) {
  EXPECT_EQ(error_of(with_slo("slo:\n")),
            "s.yaml:10:1: slo: give at least one bound: p50, p90, p99 or p999 (a duration such as 3s)");
  EXPECT_EQ(error_of(with_slo("slo: {}\n")),
            "s.yaml:10:6: slo: give at least one bound: p50, p90, p99 or p999 (a duration such as 3s)");
}

TEST(SloReaderErrors, NotAPositiveDuration) {
  EXPECT_EQ(error_of(with_slo("slo: {p99: 0s}\n")), "s.yaml:10:12: slo.p99: must be > 0, got '0s'");
  EXPECT_EQ(error_of(with_slo("slo: {p99: 3}\n")), "s.yaml:10:12: slo.p99: missing unit in '3', e.g. 300ms");
  EXPECT_EQ(error_of(with_slo("slo: 3s\n")), "s.yaml:10:6: slo: expected a mapping, got '3s'");
}

TEST(SloReaderErrors, UnknownQuantile) {
  EXPECT_EQ(error_of(with_slo("slo: {p95: 2s}\n")),
            "s.yaml:10:7: slo.p95: unknown key 'p95', did you mean 'p90'?");
  EXPECT_EQ(error_of(with_slo("slo: {median: 2s}\n")),
            "s.yaml:10:7: slo.median: unknown key 'median' (allowed here: p50, p90, p99, p999)");
  EXPECT_EQ(error_of(with_slo(""), {{"slo.p95", "2s"}}), "--set slo.p95: unknown key 'p95', did you mean 'p90'?");
}

}  // namespace
}  // namespace fmsim::models
