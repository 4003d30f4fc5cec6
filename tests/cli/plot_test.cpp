// End-to-end tests of `fmsim plot` and `fmsim run --plot`: the plot files (PNG and SVG, stable
// names) appear and are what they claim to be, the same outputs give the same bytes, and bad input
// or a missing matplotlib gives one line saying what to do.
//
// Drawing needs Python 3 with matplotlib. Without it the drawing tests are SKIPPED, unless
// FMSIM_REQUIRE_PLOTS=1 (CI sets it), which makes them FAIL: a machine built by
// tools/install-deps.sh must plot.
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace fs = std::filesystem;

namespace {

const std::string kFmsim = std::string(FMSIM_BINARY_DIR) + "/fmsim";
const std::string kScenarios = std::string(FMSIM_SOURCE_DIR) + "/scenarios";
const char* const kPlots[] = {"latency", "outcomes", "cost", "capacity", "targets"};

struct Result {
  int status = -1;
  std::string output;  // stdout and stderr together
};

Result run(const std::string& args, const std::string& env = "") {
  Result r;
  const std::string cmd = env + (env.empty() ? "" : " ") + kFmsim + " " + args + " 2>&1";
  std::FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  const int raw = pclose(p);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

long lines_in(const std::string& s) {
  return static_cast<long>(std::count(s.begin(), s.end(), '\n')) + (s.empty() || s.back() == '\n' ? 0 : 1);
}

bool plots_required() {
  const char* v = std::getenv("FMSIM_REQUIRE_PLOTS");
  return v && std::string(v) == "1";
}

// `fmsim plot` says this (exit 1) when it has no Python or the Python has no matplotlib.
bool says_plotting_unavailable(const Result& r) {
  return r.status == 1 && r.output.find("apt-get install python3") != std::string::npos;
}

// In a test body: skip (or fail under FMSIM_REQUIRE_PLOTS=1) when plotting is unavailable here.
#define SKIP_WITHOUT_MATPLOTLIB(result)                                                                   \
  do {                                                                                                   \
    if (says_plotting_unavailable(result)) {                                                             \
      if (plots_required()) FAIL() << "FMSIM_REQUIRE_PLOTS=1 but plotting is unavailable: " << (result).output; \
      GTEST_SKIP() << "no matplotlib: " << (result).output;                                              \
    }                                                                                                    \
  } while (0)

// A Lambda front end (capacity gauges: environments), two station targets and a 70/30 split:
// every plot, the targets one included, has data.
constexpr const char* kTwoTargets = R"(name: two_targets
seed: 3
horizon: 30min
time_zone: Asia/Tokyo
start: 2026-03-10T09:00
slo: {p99: 3s}
workload:
  arrivals:
    process: poisson
    rate: 2/s
entry:
  kind: lambda
  function:
    memory: 1024MB
    timeout: 30s
targets:
  big:
    kind: station
    servers: 3
    queue_capacity: 5
    service_time: {distribution: exponential, mean: 1s}
  small:
    kind: station
    servers: 1
    queue_capacity: 2
    service_time: {distribution: exponential, mean: 1s}
router:
  default: big
  rules:
    - name: ab
      when: {hours: ["00:00-24:00"]}
      split: {big: 70%, small: 30%}
output:
  window: 1min
  cost_window: 10min
)";

class PlotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("fmsim-plot-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string two_target_run() {
    std::ofstream(dir_ / "two_targets.yaml") << kTwoTargets;
    const auto r = run("run " + path("two_targets.yaml") + " --no-progress -q --out " + path("two"));
    EXPECT_EQ(r.status, 0) << r.output;
    return path("two");
  }

  // Every named plot exists as a real PNG and a real SVG.
  static void expect_plots(const fs::path& plots, std::initializer_list<const char*> names) {
    for (const char* name : names) {
      const std::string png = slurp(plots / (std::string(name) + ".png"));
      ASSERT_GT(png.size(), 1000u) << name << ".png missing or tiny";
      EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << name << ".png: no PNG signature";
      const std::string svg = slurp(plots / (std::string(name) + ".svg"));
      ASSERT_GT(svg.size(), 1000u) << name << ".svg missing or tiny";
      EXPECT_EQ(svg.rfind("<?xml", 0), 0u) << name << ".svg: no XML declaration";
      EXPECT_NE(svg.find("<svg"), std::string::npos) << name;
      EXPECT_NE(svg.find("</svg>"), std::string::npos) << name << ".svg: truncated";
    }
  }

  fs::path dir_;
};

}  // namespace

TEST_F(PlotTest, DrawsAllFivePlotsAsPngAndSvg) {
  const std::string out = two_target_run();
  const auto r = run("plot " + out);
  SKIP_WITHOUT_MATPLOTLIB(r);
  ASSERT_EQ(r.status, 0) << r.output;
  expect_plots(fs::path(out) / "plots", {"latency", "outcomes", "cost", "capacity", "targets"});
  EXPECT_EQ(r.output.find("skipped"), std::string::npos) << r.output;
  // Nothing half-written is left behind.
  for (const auto& e : fs::directory_iterator(fs::path(out) / "plots"))
    EXPECT_NE(e.path().extension(), ".partial") << e.path();
  // The scenario's name, its zone on the time axis and the SLO line are in the picture
  // (matplotlib draws SVG text as glyph paths and keeps each string in a comment beside them).
  const std::string latency = slurp(fs::path(out) / "plots" / "latency.svg");
  EXPECT_NE(latency.find("two_targets"), std::string::npos);
  EXPECT_NE(latency.find("Asia/Tokyo"), std::string::npos);
  EXPECT_NE(latency.find("SLO p99"), std::string::npos);
  EXPECT_NE(slurp(fs::path(out) / "plots" / "capacity.svg").find("environments"), std::string::npos);
}

TEST_F(PlotTest, SameOutputsGiveTheSameBytes) {
  const std::string out = two_target_run();
  const auto first = run("plot " + out + " --plots-dir " + path("p1"));
  SKIP_WITHOUT_MATPLOTLIB(first);
  ASSERT_EQ(first.status, 0) << first.output;
  const auto second = run("plot " + out + " --plots-dir " + path("p2"));
  ASSERT_EQ(second.status, 0) << second.output;
  for (const char* name : kPlots) {
    for (const char* ext : {".png", ".svg"}) {
      const std::string f = std::string(name) + ext;
      EXPECT_EQ(slurp(dir_ / "p1" / f), slurp(dir_ / "p2" / f)) << f;
    }
  }
}

TEST_F(PlotTest, OneTargetHasNoTargetsPlot) {
  const auto ran = run("run " + kScenarios + "/mm1.yaml --horizon 20min --no-progress -q --out " + path("mm1"));
  ASSERT_EQ(ran.status, 0) << ran.output;
  // A targets plot from an earlier run in the same directory must not survive.
  fs::create_directories(dir_ / "mm1" / "plots");
  std::ofstream(dir_ / "mm1" / "plots" / "targets.png") << "stale";
  const auto r = run("plot " + path("mm1"));
  SKIP_WITHOUT_MATPLOTLIB(r);
  ASSERT_EQ(r.status, 0) << r.output;
  expect_plots(dir_ / "mm1" / "plots", {"latency", "outcomes", "cost", "capacity"});
  EXPECT_FALSE(fs::exists(dir_ / "mm1" / "plots" / "targets.png"));
  EXPECT_FALSE(fs::exists(dir_ / "mm1" / "plots" / "targets.svg"));
  EXPECT_NE(r.output.find("skipped: targets"), std::string::npos) << r.output;
}

TEST_F(PlotTest, RunWithPlotFlagDrawsAfterTheOutputs) {
  const auto r = run("run " + kScenarios + "/mm1.yaml --horizon 10min --no-progress -q --plot --replications 2 --out " +
                     path("a"));
  SKIP_WITHOUT_MATPLOTLIB(r);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(fs::exists(dir_ / "a" / "summary.json"));
  expect_plots(dir_ / "a" / "plots", {"latency", "outcomes", "cost"});
  // With several replications the title says which one is drawn.
  EXPECT_NE(slurp(dir_ / "a" / "plots" / "latency.svg").find("replication 0 of 2"), std::string::npos);
}

TEST_F(PlotTest, MissingDirectoryIsOneLineAndExit2) {
  const auto r = run("plot " + path("nowhere"));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(lines_in(r.output), 1) << r.output;
  EXPECT_NE(r.output.find("nowhere: no such directory"), std::string::npos) << r.output;
}

TEST_F(PlotTest, DirectoryWithoutSummaryIsOneLineAndExit2) {
  fs::create_directories(dir_ / "empty");
  const auto r = run("plot " + path("empty"));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(lines_in(r.output), 1) << r.output;
  EXPECT_NE(r.output.find("no summary.json"), std::string::npos) << r.output;
}

TEST_F(PlotTest, ReplicationOutOfRangeIsOneLineAndExit2) {
  const auto ran = run("run " + kScenarios + "/mm1.yaml --horizon 5min --no-progress -q --out " + path("mm1"));
  ASSERT_EQ(ran.status, 0) << ran.output;
  const auto r = run("plot " + path("mm1") + " --replication 4");
  SKIP_WITHOUT_MATPLOTLIB(r);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(lines_in(r.output), 1) << r.output;
  EXPECT_NE(r.output.find("--replication 4: the run has 1 replication"), std::string::npos) << r.output;
}

TEST_F(PlotTest, UnusableFmsimPythonIsNamed) {
  const auto ran = run("run " + kScenarios + "/mm1.yaml --horizon 5min --no-progress -q --out " + path("mm1"));
  ASSERT_EQ(ran.status, 0) << ran.output;
  const auto r = run("plot " + path("mm1"), "FMSIM_PYTHON=" + path("no-python"));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_EQ(lines_in(r.output), 1) << r.output;
  EXPECT_NE(r.output.find("FMSIM_PYTHON="), std::string::npos) << r.output;
}

TEST_F(PlotTest, MissingMatplotlibSaysWhatToInstall) {
  const auto ran = run("run " + kScenarios + "/mm1.yaml --horizon 5min --no-progress -q --out " + path("mm1"));
  ASSERT_EQ(ran.status, 0) << ran.output;
  // A Python on which `import matplotlib` fails, whatever is installed: a wrapper that blocks the
  // module, then runs the script as `python3 SCRIPT ARGS` would.
  const char* python = std::getenv("FMSIM_PYTHON");
  std::string interpreter = python && *python ? python : "/usr/bin/python3";
  if (!fs::exists(interpreter)) GTEST_SKIP() << "no " << interpreter;
  const fs::path wrapper = dir_ / "python-without-matplotlib";
  std::ofstream(wrapper) << "#!/bin/sh\nexec " << interpreter
                         << " -c 'import sys; sys.modules[\"matplotlib\"] = None; sys.argv = sys.argv[1:]; "
                            "exec(compile(open(sys.argv[0]).read(), sys.argv[0], \"exec\"), {\"__name__\": \"__main__\"})' "
                            "\"$@\"\n";
  fs::permissions(wrapper, fs::perms::owner_all);
  const auto r = run("plot " + path("mm1"), "FMSIM_PYTHON=" + wrapper.string());
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_EQ(lines_in(r.output), 1) << r.output;
  EXPECT_NE(r.output.find("sudo apt-get install python3-matplotlib"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir_ / "mm1" / "plots" / "latency.png"));
}
