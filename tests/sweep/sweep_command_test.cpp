// `fmsim sweep` end to end: identical stores whatever --jobs is (and under MPI with 2 ranks),
// common random numbers narrowing the comparison between neighbouring points, a sweep killed
// with SIGKILL (or stopped with Ctrl-C) and resumed giving the store an uninterrupted one gives,
// and bad input refused before anything runs.
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <thread>

#include "../cli/cli_run.h"
#include "models/sweep/student_t.h"

namespace fmsim::test {
namespace {

const std::string kMmc = kScenarios + "/mmc.yaml";

class SweepCliTest : public CliTest {
 protected:
  // A sweep over the M/M/16 scenario: servers × arrival rate, short horizon.
  std::string sweep_file(const std::string& name, const std::string& extra = "", int replications = 3,
                         const std::string& horizon = "5min") {
    write(name, "name: " + name.substr(0, name.find('.')) + "\nscenario: " + kMmc + "\nset:\n  horizon: " + horizon +
                    "\naxes:\n  - key: targets.server.servers\n    name: servers\n    values: [14, 16]\n"
                    "  - key: workload.arrivals.rate\n    name: rate\n    values: [11/s, 12.8/s]\n" + extra +
                    "replications: " + std::to_string(replications) +
                    "\nmetrics: [latency_s.mean, latency_s.p99, requests.share.ok, windows.worst.p99_s]\n");
    return out(name);
  }
};

// The columns of replications.csv as numbers, keyed by (point, replication).
std::map<std::pair<int, int>, std::vector<std::string>> rows_by_key(const fs::path& csv) {
  std::map<std::pair<int, int>, std::vector<std::string>> m;
  const auto rows = read_csv(csv);
  const int p = column(rows.at(0), "point");
  const int r = column(rows.at(0), "replication");
  for (std::size_t i = 1; i < rows.size(); ++i) m[{std::stoi(rows[i][p]), std::stoi(rows[i][r])}] = rows[i];
  return m;
}

TEST_F(SweepCliTest, ResultsAreIdenticalWhateverTheJobs) {
  const auto file = sweep_file("det.yaml");
  const auto one = run_fmsim("sweep " + file + " --jobs 1 -q --out " + out("j1"));
  ASSERT_EQ(one.status, 0) << one.output;
  const auto two = run_fmsim("sweep " + file + " --jobs 2 -q --out " + out("j2"));
  ASSERT_EQ(two.status, 0) << two.output;
  const auto csv1 = slurp(dir_ / "j1" / "replications.csv");
  EXPECT_EQ(std::count(csv1.begin(), csv1.end(), '\n'), 1 + 4 * 3);
  EXPECT_EQ(csv1, slurp(dir_ / "j2" / "replications.csv"));
  EXPECT_EQ(slurp(dir_ / "j1" / "points.csv"), slurp(dir_ / "j2" / "points.csv"));
#ifdef FMSIM_TEST_MPI
  const std::string cmd = std::string(FMSIM_SOURCE_DIR) + "/tools/mpirun-local.sh -np 2 " + kFmsim + " sweep " + file +
                          " -q --out " + out("mpi") + " 2>&1";
  std::FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string text;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
  const int raw = pclose(p);
  ASSERT_TRUE(WIFEXITED(raw) && WEXITSTATUS(raw) == 0) << text;
  EXPECT_EQ(csv1, slurp(dir_ / "mpi" / "replications.csv"));
  EXPECT_EQ(slurp(dir_ / "j1" / "points.csv"), slurp(dir_ / "mpi" / "points.csv"));
#endif
}

TEST_F(SweepCliTest, CommonRandomNumbersNarrowTheDifferenceAtLeastThreefold) {
  // Two neighbouring points: service time 1 s and 1.1 s on 16 servers at 6 requests/s (rho 0.375
  // and 0.41). Response time is mostly service time, which replication r of both points draws
  // from the same stream: the difference is nearly deterministic under CRN. (Near saturation the
  // gain is smaller: 15 vs 16 servers at rho 0.85 gives about 2x, since the difference is then
  // queueing delay, noisy in itself; docs/sweeps.md says so.) 12 replications each way.
  write("crn.yaml", "name: crn\nscenario: " + kMmc +
                        "\nset:\n  horizon: 10min\n  workload.arrivals.rate: 6/s\naxes:\n"
                        "  - key: targets.server.service_time.mean\n    name: service\n"
                        "    values: [1s, 1.1s]\nreplications: 12\nmetrics: [latency_s.mean]\n");
  const auto crn = run_fmsim("sweep " + out("crn.yaml") + " --out " + out("crn"));
  ASSERT_EQ(crn.status, 0) << crn.output;
  EXPECT_NE(crn.output.find("common random numbers, latency_s.mean"), std::string::npos) << crn.output;
  const auto ind = run_fmsim("sweep " + out("crn.yaml") + " --independent-seeds -q --out " + out("ind"));
  ASSERT_EQ(ind.status, 0) << ind.output;

  auto series = [](const fs::path& csv) {
    const auto rows = read_csv(csv);
    const int p = column(rows[0], "point");
    const int v = column(rows[0], "latency_s.mean");
    std::map<int, std::vector<double>> by_point;
    for (std::size_t i = 1; i < rows.size(); ++i) by_point[std::stoi(rows[i][p])].push_back(std::stod(rows[i][v]));
    return by_point;
  };
  const auto c = series(dir_ / "crn" / "replications.csv");
  const auto i = series(dir_ / "ind" / "replications.csv");
  ASSERT_EQ(c.size(), 2u);
  ASSERT_EQ(i.size(), 2u);
  // Paired (replication by replication) under CRN; Welch's for the independent runs.
  const auto with_crn = models::sweep::paired_difference(c.at(0), c.at(1));
  const auto independent = models::sweep::welch_difference(i.at(0), i.at(1));
  EXPECT_GE(independent.half_width / with_crn.half_width, 3.0)
      << "CRN half-width " << with_crn.half_width << ", independent " << independent.half_width;
  // Both estimate the same difference: their intervals overlap.
  EXPECT_LE(std::fabs(with_crn.mean - independent.mean), with_crn.half_width + independent.half_width);
}

TEST_F(SweepCliTest, SequentialStoppingGivesNoisierPointsMoreReplicationsWhateverTheJobs) {
  // 20 servers (rho 0.64) settles fast; 14 (rho 0.91) is noisy and needs more replications.
  write("seq.yaml", "name: seq\nscenario: " + kMmc +
                        "\nset:\n  horizon: 5min\naxes:\n  - key: targets.server.servers\n    name: servers\n"
                        "    values: [14, 20]\nstopping: {metric: latency_s.mean, half_width: 2%, min: 3, max: 15, batch: 2}\n"
                        "metrics: [latency_s.mean]\n");
  const auto one = run_fmsim("sweep " + out("seq.yaml") + " --jobs 1 -q --out " + out("s1"));
  ASSERT_EQ(one.status, 0) << one.output;
  const auto two = run_fmsim("sweep " + out("seq.yaml") + " --jobs 2 -q --out " + out("s2"));
  ASSERT_EQ(two.status, 0) << two.output;
  EXPECT_EQ(slurp(dir_ / "s1" / "replications.csv"), slurp(dir_ / "s2" / "replications.csv"));
  const auto rows = read_csv(dir_ / "s1" / "points.csv");
  const int n = column(rows[0], "replications");
  ASSERT_EQ(rows.size(), 3u);
  const int light = std::stoi(rows[2][n]);
  const int heavy = std::stoi(rows[1][n]);
  EXPECT_GE(light, 3);
  EXPECT_GT(heavy, light);
  EXPECT_LE(heavy, 15);
  // Where the rule stopped early, the interval is within the target.
  const int mean = column(rows[0], "latency_s.mean.mean");
  const int low = column(rows[0], "latency_s.mean.ci95_low");
  const int high = column(rows[0], "latency_s.mean.ci95_high");
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (std::stoi(rows[r][n]) == 15) continue;
    EXPECT_LE((std::stod(rows[r][high]) - std::stod(rows[r][low])) / 2, 0.02 * std::stod(rows[r][mean]) * (1 + 1e-9));
  }
}

std::uint64_t committed(const std::string& db) {
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(h);
    return 0;
  }
  sqlite3_busy_timeout(h, 1000);
  std::uint64_t n = 0;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(h, "SELECT count(*) FROM replications", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    n = static_cast<std::uint64_t>(sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(h);
  return n;
}

// Starts `fmsim sweep FILE ARGS...` in the background; returns its pid.
pid_t start_sweep(const std::vector<std::string>& args) {
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(kFmsim.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(126);
    execv(kFmsim.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

// Stops a background sweep with `sig` once at least `at_least` replications are committed;
// returns its exit status (or -signal).
int stop_when_committed(pid_t pid, const std::string& db, std::uint64_t at_least, int sig) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (committed(db) < at_least && std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, sig);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

TEST_F(SweepCliTest, KilledAndResumedEqualsUninterrupted) {
  const auto file = sweep_file("kill.yaml", "", 6, "20min");
  const auto whole = run_fmsim("sweep " + file + " --jobs 2 -q --out " + out("whole"));
  ASSERT_EQ(whole.status, 0) << whole.output;

  const std::string db = out("killed") + "/sweep.sqlite";
  const pid_t pid = start_sweep({"sweep", file, "--jobs", "2", "-q", "--no-progress", "--out", out("killed")});
  const int status = stop_when_committed(pid, db, 5, SIGKILL);
  ASSERT_EQ(status, -SIGKILL) << "the sweep ended before it could be killed";
  const auto kept = committed(db);
  EXPECT_GE(kept, 5u);
  EXPECT_LT(kept, 24u);

  const auto again = run_fmsim("sweep " + file + " -q --out " + out("killed"));
  EXPECT_EQ(again.status, 2) << again.output;
  EXPECT_NE(again.output.find("--resume"), std::string::npos) << again.output;

  const auto resumed = run_fmsim("sweep " + file + " --jobs 1 --resume -q --out " + out("killed"));
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  EXPECT_EQ(slurp(dir_ / "whole" / "replications.csv"), slurp(dir_ / "killed" / "replications.csv"));
  EXPECT_EQ(slurp(dir_ / "whole" / "points.csv"), slurp(dir_ / "killed" / "points.csv"));
}

TEST_F(SweepCliTest, CtrlCStopsCleanlyAndResumes) {
  const auto file = sweep_file("int.yaml", "", 6, "20min");
  const std::string db = out("int") + "/sweep.sqlite";
  const pid_t pid = start_sweep({"sweep", file, "--jobs", "1", "-q", "--no-progress", "--out", out("int")});
  const int status = stop_when_committed(pid, db, 3, SIGINT);
  ASSERT_EQ(status, 130);
  const auto resumed = run_fmsim("sweep " + file + " --resume -q --out " + out("int"));
  ASSERT_EQ(resumed.status, 0) << resumed.output;
  const auto rows = rows_by_key(dir_ / "int" / "replications.csv");
  EXPECT_EQ(rows.size(), 24u);
  const auto direct = run_fmsim("sweep " + file + " -q --out " + out("direct"));
  ASSERT_EQ(direct.status, 0) << direct.output;
  EXPECT_EQ(slurp(dir_ / "direct" / "replications.csv"), slurp(dir_ / "int" / "replications.csv"));
}

TEST_F(SweepCliTest, EveryShippedSweepFileChecksOut) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(kScenarios + "/sweeps")) {
    if (e.path().extension() != ".yaml") continue;
    ++n;
    const auto r = run_fmsim("sweep " + e.path().string() + " --dry-run --out " + out("dry"));
    EXPECT_EQ(r.status, 0) << e.path() << "\n" << r.output;
    EXPECT_NE(r.output.find(": ok — sweep"), std::string::npos) << r.output;
  }
  EXPECT_GE(n, 1);
  EXPECT_FALSE(fs::exists(dir_ / "dry"));  // a dry run creates nothing
}

TEST_F(SweepCliTest, ExportOnlyRewritesTheCsvsFromTheStoreAndNeedsOne) {
  const auto file = sweep_file("exp.yaml", "", 2);
  const auto none = run_fmsim("sweep " + file + " --export-only --out " + out("exp"));
  EXPECT_EQ(none.status, 2) << none.output;
  EXPECT_NE(none.output.find("no results store"), std::string::npos) << none.output;
  EXPECT_FALSE(fs::exists(dir_ / "exp" / "sweep.sqlite"));

  const auto ran = run_fmsim("sweep " + file + " -q --out " + out("exp"));
  ASSERT_EQ(ran.status, 0) << ran.output;
  const auto before = slurp(dir_ / "exp" / "replications.csv");
  fs::remove(dir_ / "exp" / "replications.csv");
  fs::remove(dir_ / "exp" / "points.csv");
  const auto exported = run_fmsim("sweep " + file + " --export-only -q --out " + out("exp"));
  ASSERT_EQ(exported.status, 0) << exported.output;
  EXPECT_EQ(slurp(dir_ / "exp" / "replications.csv"), before);
  EXPECT_TRUE(fs::exists(dir_ / "exp" / "points.csv"));
}

TEST_F(SweepCliTest, AnAxisKeyThatDoesNotExistIsRefusedBeforeAnythingRuns) {
  write("bad_key.yaml", "scenario: " + kMmc + "\naxes:\n  - key: targets.server.serverz\n    values: [1, 2]\n"
                        "metrics: [latency_s.p99]\n");
  const auto r = run_fmsim("sweep " + out("bad_key.yaml") + " --out " + out("o"));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("bad_key.yaml:3:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("serverz"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("servers"), std::string::npos) << r.output;  // did you mean
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  EXPECT_FALSE(fs::exists(dir_ / "o" / "sweep.sqlite"));
}

TEST_F(SweepCliTest, AnEmptyRangeIsRefused) {
  write("empty.yaml", "scenario: " + kMmc + "\naxes:\n  - key: targets.server.servers\n    range: {from: 8, to: 4, step: 1}\n"
                      "metrics: [latency_s.p99]\n");
  const auto r = run_fmsim("sweep " + out("empty.yaml") + " --out " + out("o"));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("empty.yaml:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("empty"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir_ / "o" / "sweep.sqlite"));
}

TEST_F(SweepCliTest, AMetricThatDoesNotExistIsRefused) {
  write("metric.yaml", "scenario: " + kMmc + "\naxes:\n  - key: targets.server.servers\n    values: [15, 16]\n"
                       "metrics: [latency_s.p98]\n");
  const auto r = run_fmsim("sweep " + out("metric.yaml") + " --out " + out("o"));
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("metric.yaml:5:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("did you mean 'latency_s.p9"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir_ / "o" / "sweep.sqlite"));
}

}  // namespace
}  // namespace fmsim::test
