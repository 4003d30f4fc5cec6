// Driving the `fmsim` binary from a test: run it with arguments and collect its exit status and
// output, read a file whole, and a fixture giving each test its own scratch directory.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace fmsim::test {

namespace fs = std::filesystem;

inline const std::string kFmsim = std::string(FMSIM_BINARY_DIR) + "/fmsim";
inline const std::string kScenarios = std::string(FMSIM_SOURCE_DIR) + "/scenarios";

struct CliResult {
  int status = -1;
  std::string output;  // stdout and stderr together
};

inline CliResult run_fmsim(const std::string& args) {
  CliResult r;
  const std::string cmd = kFmsim + " " + args + " 2>&1";
  std::FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  const int raw = pclose(p);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// summary.json less the wall-clock fields, the only ones that differ between identical runs.
inline nlohmann::json summary_without_wall_clock(const fs::path& dir) {
  nlohmann::json j = nlohmann::json::parse(slurp(dir / "summary.json"));
  auto strip = [](nlohmann::json& s) {
    s["run"].erase("wall_s");
    s["run"].erase("events_per_s");
  };
  if (j.contains("replications")) {
    for (auto& r : j["replications"]) strip(r);
  } else {
    strip(j);
  }
  return j;
}

// A CSV without quoted fields (what fmsim writes outside events.csv's reasons) as rows of cells;
// row 0 is the header. An empty trailing cell is kept.
inline std::vector<std::vector<std::string>> read_csv(const fs::path& p) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(slurp(p));
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t comma; (comma = line.find(',', start)) != std::string::npos; start = comma + 1)
      cells.push_back(line.substr(start, comma - start));
    cells.push_back(line.substr(start));
    rows.push_back(std::move(cells));
  }
  return rows;
}

// The index of `name` in a CSV header row, or -1.
inline int column(const std::vector<std::string>& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("fmsim-cli-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string out(const std::string& name) const { return (dir_ / name).string(); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(dir_ / name) << text; }
  fs::path dir_;
};

}  // namespace fmsim::test
