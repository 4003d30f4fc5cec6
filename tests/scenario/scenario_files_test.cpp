// Every scenario shipped in scenarios/ loads without error (the folder is read when the test
// runs, so a new file is covered without touching this test).
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/scenario/scenario_loader.h"

namespace fmsim::models {
namespace {

std::vector<std::filesystem::path> scenario_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(FMSIM_SOURCE_DIR) / "scenarios"))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ScenarioFiles, EveryFileLoads) {
  const auto files = scenario_files();
  ASSERT_FALSE(files.empty()) << "no scenarios/*.yaml found under " << FMSIM_SOURCE_DIR;
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    try {
      const Scenario s = load_scenario(file.string());
      EXPECT_FALSE(s.name.empty());
      EXPECT_EQ(s.source_sha256.size(), 64u);
    } catch (const ScenarioError& e) {
      ADD_FAILURE() << e.what();
    }
  }
}

// The reference queue's one target: a station named `server`, where requests go.
const StationSpec& reference_station_of(const Scenario& s) {
  EXPECT_EQ(s.deployment.targets.size(), 1u);
  EXPECT_EQ(s.deployment.targets.at(0).name, "server");
  EXPECT_EQ(s.deployment.targets.at(0).kind, TargetKind::station);
  EXPECT_EQ(s.deployment.router.default_target, "server");
  EXPECT_EQ(s.deployment.entry.kind, EntryKind::none);
  return s.deployment.targets.at(0).station;
}

// The reference queues carry the parameters their theory values in the header comments assume.
TEST(ScenarioFiles, ReferenceQueues) {
  const std::string dir = std::string(FMSIM_SOURCE_DIR) + "/scenarios/";
  const Scenario mm1 = load_scenario(dir + "mm1.yaml");
  EXPECT_DOUBLE_EQ(mm1.workload.arrivals.rate_per_s, 0.8);
  EXPECT_EQ(reference_station_of(mm1).servers, 1);
  EXPECT_EQ(reference_station_of(mm1).service_time.kind(), sim::Distribution::Kind::exponential);
  EXPECT_DOUBLE_EQ(reference_station_of(mm1).service_time.mean(), 1.0);
  EXPECT_EQ(mm1.horizon, sim::Duration::hours(2));

  const Scenario mmc = load_scenario(dir + "mmc.yaml");
  EXPECT_DOUBLE_EQ(mmc.workload.arrivals.rate_per_s, 12.8);
  EXPECT_EQ(reference_station_of(mmc).servers, 16);
  EXPECT_EQ(reference_station_of(mmc).service_time.kind(), sim::Distribution::Kind::exponential);
  EXPECT_DOUBLE_EQ(reference_station_of(mmc).service_time.mean(), 1.0);

  const Scenario md1 = load_scenario(dir + "md1.yaml");
  EXPECT_DOUBLE_EQ(md1.workload.arrivals.rate_per_s, 0.8);
  EXPECT_EQ(reference_station_of(md1).servers, 1);
  EXPECT_EQ(reference_station_of(md1).service_time.kind(), sim::Distribution::Kind::constant);
  EXPECT_DOUBLE_EQ(reference_station_of(md1).service_time.mean(), 1.0);
}

}  // namespace
}  // namespace fmsim::models
