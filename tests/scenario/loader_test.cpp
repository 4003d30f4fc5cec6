// Valid scenarios into the structs: every key, the defaults, the name, the hash, and reading
// from a real file.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "models/scenario/scenario_loader.h"
#include "models/scenario/sha256.h"
#include "scenario_test_support.h"

namespace fmsim::models {
namespace {

// The StationSpec of a scenario's only target, which must be a station.
const StationSpec& only_station_of(const Scenario& s) {
  EXPECT_EQ(s.deployment.targets.size(), 1u);
  EXPECT_EQ(s.deployment.targets.at(0).kind, TargetKind::station);
  return s.deployment.targets.at(0).station;
}

constexpr std::string_view kFull = R"(name: full
description: "All keys, none defaulted"
seed: 7
horizon: 2h30min
workload:
  arrivals:
    process: poisson
    rate: 720/min
targets:
  server:
    kind: station
    servers: 4
    queue_capacity: 10k
    max_wait: 30s
    service_time:
      distribution: lognormal
      median: 250ms
      sigma: 0.5
    price_per_server_hour: $0.50
    price_per_request: $0.0001
router:
  default: server
output:
  window: 30s
  cost_window: 15min
)";

TEST(Loader, EveryKeyReachesItsField) {
  const Scenario s = parse_scenario(kFull, "scenarios/full.yaml");
  EXPECT_EQ(s.name, "full");
  EXPECT_EQ(s.description, "All keys, none defaulted");
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.horizon, sim::Duration::minutes(150));
  EXPECT_EQ(s.workload.arrivals.kind, ArrivalKind::poisson);
  EXPECT_DOUBLE_EQ(s.workload.arrivals.rate_per_s, 12.0);
  ASSERT_EQ(s.deployment.targets.size(), 1u);
  EXPECT_EQ(s.deployment.targets[0].name, "server");
  EXPECT_EQ(s.deployment.router.default_target, "server");
  EXPECT_EQ(s.deployment.entry.kind, EntryKind::none);
  const StationSpec& st = only_station_of(s);
  EXPECT_EQ(st.servers, 4);
  EXPECT_EQ(st.queue_capacity, 10'000);
  EXPECT_EQ(st.max_wait, sim::Duration::seconds(30));
  EXPECT_EQ(st.service_time.kind(), sim::Distribution::Kind::lognormal);
  EXPECT_NEAR(st.service_time.quantile(0.5), 0.25, 1e-12);
  EXPECT_NEAR(st.service_time.mean(), 0.25 * std::exp(0.125), 1e-12);
  EXPECT_DOUBLE_EQ(st.price_per_server_hour_usd, 0.5);
  EXPECT_DOUBLE_EQ(st.price_per_request_usd, 0.0001);
  EXPECT_EQ(s.output.window, sim::Duration::seconds(30));
  EXPECT_EQ(s.output.cost_window, sim::Duration::minutes(15));
  EXPECT_EQ(s.source_path, "scenarios/full.yaml");
  EXPECT_EQ(s.source_sha256, sha256_hex(kFull));
}

TEST(Loader, DefaultsForOptionalKeys) {
  const Scenario s = parse_scenario(
      testing::with_station("    service_time: {distribution: exponential, mean: 1s}\n"), "dir/minimal.yaml");
  EXPECT_EQ(s.name, "minimal");  // the file's stem
  EXPECT_EQ(s.description, "");
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.horizon, sim::Duration::hours(1));
  EXPECT_DOUBLE_EQ(s.workload.arrivals.rate_per_s, 1.0);
  // Without `router`, requests go to the only target; without `entry`, straight to the model client.
  EXPECT_EQ(s.deployment.router.default_target, "server");
  EXPECT_EQ(s.deployment.entry.kind, EntryKind::none);
  const StationSpec& st = only_station_of(s);
  EXPECT_EQ(st.servers, 1);
  EXPECT_EQ(st.queue_capacity, std::nullopt);
  EXPECT_EQ(st.max_wait, std::nullopt);
  EXPECT_EQ(st.service_time.kind(), sim::Distribution::Kind::exponential);
  EXPECT_DOUBLE_EQ(st.service_time.mean(), 1.0);
  EXPECT_EQ(st.price_per_server_hour_usd, 0.0);
  EXPECT_EQ(st.price_per_request_usd, 0.0);
  EXPECT_EQ(s.output.window, sim::Duration::seconds(60));
  EXPECT_EQ(s.output.cost_window, sim::Duration::hours(1));
}

TEST(Loader, UnlimitedQueueEmptyOutputAndBigSeed) {
  const Scenario s = parse_scenario(testing::with_head("seed: 18446744073709551615\n"
                                                       "targets:\n"
                                                       "  server:\n"
                                                       "    kind: station\n"
                                                       "    queue_capacity: unlimited\n"
                                                       "    service_time: {distribution: deterministic, value: 1s}\n"
                                                       "output:\n"),
                                    "x.yaml");
  EXPECT_EQ(s.seed, 18446744073709551615u);
  EXPECT_EQ(only_station_of(s).queue_capacity, std::nullopt);
  EXPECT_EQ(s.output.window, sim::Duration::seconds(60));
  const Scenario zero = parse_scenario(
      testing::with_station("    queue_capacity: 0\n    service_time: {distribution: exponential, mean: 1s}\n"),
      "x.yaml");
  EXPECT_EQ(only_station_of(zero).queue_capacity, 0);
}

TEST(Loader, CommentsAndQuotedScalars) {
  const Scenario s = parse_scenario(R"(# A comment before anything
horizon: "90min"   # quoted values read the same
workload: {arrivals: {process: poisson, rate: '2/s'}}
targets:
  "server":
    kind: 'station'
    servers: "3"
    service_time:
      distribution: exponential
      mean: 500 ms
)",
                                    "q.yaml");
  EXPECT_EQ(s.horizon, sim::Duration::minutes(90));
  EXPECT_DOUBLE_EQ(s.workload.arrivals.rate_per_s, 2.0);
  EXPECT_EQ(s.deployment.targets.at(0).name, "server");
  EXPECT_EQ(only_station_of(s).servers, 3);
  EXPECT_DOUBLE_EQ(only_station_of(s).service_time.mean(), 0.5);
}

TEST(Loader, HashCoversTheOverrides) {
  const std::string text = testing::with_station("    service_time: {distribution: exponential, mean: 1s}\n");
  const std::vector<Override> overrides{{"targets.server.servers", "4"}, {"seed", "9"}};
  const Scenario s = parse_scenario(text, "h.yaml", overrides);
  EXPECT_EQ(s.source_sha256, sha256_hex(text + "\n--set targets.server.servers=4\n--set seed=9"));
  EXPECT_NE(s.source_sha256, parse_scenario(text, "h.yaml").source_sha256);
}

class TempFile {
 public:
  TempFile(const std::string& name, std::string_view content)
      : path_(std::filesystem::temp_directory_path() /
              ("fmsim_scenario_test_" + std::to_string(::getpid()) + "_" + name)) {
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

TEST(LoadScenario, ReadsAFile) {
  const TempFile file("bursty.yaml", kFull);
  const Scenario s = load_scenario(file.path());
  EXPECT_EQ(s.name, "full");
  EXPECT_EQ(s.source_path, file.path());
  EXPECT_EQ(s.source_sha256, sha256_hex(kFull));
  EXPECT_EQ(only_station_of(s).servers, 4);
}

TEST(LoadScenario, NameDefaultsToTheFileStem) {
  const TempFile file("stem_check.yaml",
                      testing::with_station("    service_time: {distribution: exponential, mean: 1s}\n"));
  const std::string stem = std::filesystem::path(file.path()).stem().string();
  EXPECT_EQ(load_scenario(file.path()).name, stem);
}

TEST(LoadScenario, ErrorsNameTheFile) {
  const TempFile file("bad.yaml", testing::with_station("    servers: 0\n"));
  try {
    load_scenario(file.path());
    FAIL() << "expected an error";
  } catch (const ScenarioError& e) {
    EXPECT_EQ(std::string(e.what()), file.path() + ":9:14: targets.server.servers: must be >= 1, got '0'");
  }
}

}  // namespace
}  // namespace fmsim::models
