// The SQLite results store: what goes in comes back out exactly (NaN as NULL, 64-bit seeds,
// fingerprints), the open modes and their errors, the CSV export, and a store killed with SIGKILL
// mid-write, which must hold a whole prefix of what was recorded and resume to the same result.
#include "tools/sweep/result_store.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "models/sweep/student_t.h"

namespace fmsim::cli::sweep {
namespace {

namespace fs = std::filesystem;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Names with dots and a double quote: both must survive as SQL identifiers and CSV headers.
StoreLayout tiny_layout() {
  StoreLayout l;
  l.sweep_name = "tiny";
  l.definition_sha256 = std::string(64, 'a');
  l.definition_json = R"({"name":"tiny"})";
  l.axis_names = {"servers", "pattern"};
  l.metric_names = {"latency_s.p99", "cost\"usd"};
  return l;
}

std::vector<StoredPoint> tiny_points() {
  return {{0, {"2", "on_demand"}}, {1, {"3", "a,\"b\""}}, {2, {"4", "x"}}, {3, {"5", "y"}}};
}

ReplicationRecord rec(std::uint64_t point, std::uint64_t replication, std::uint64_t seed, std::vector<double> values,
                      std::uint64_t events, std::uint64_t fingerprint, bool ok, double wall_s) {
  ReplicationRecord r;
  r.point = point;
  r.replication = replication;
  r.seed = seed;
  r.values = std::move(values);
  r.events = events;
  r.fingerprint = fingerprint;
  r.conservation_ok = ok;
  r.wall_s = wall_s;
  return r;
}

// The tiny store's replications, in (point, replication) order.
std::vector<ReplicationRecord> tiny_records() {
  return {
      rec(0, 0, 7, {1, 10}, 100, 0xab, true, 1.5),
      rec(0, 1, 8, {3, kNaN}, 101, kMax, false, 2.5),
      rec(1, 0, kMax, {0.5, 0.25}, 5, 0, true, 3),
      rec(1, 1, std::uint64_t{1} << 63, {0.5, 0.25}, 6, 0x0123456789abcdef, true, kNaN),
      rec(2, 0, 1, {1e300, -0.001}, 7, 0x8000000000000000, true, 0.125),
  };
}

bool same_double(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

::testing::AssertionResult same_record(const ReplicationRecord& a, const ReplicationRecord& b, bool with_wall = true) {
  auto fail = [&](const char* field) {
    return ::testing::AssertionFailure() << "point " << a.point << " replication " << a.replication << " vs point "
                                         << b.point << " replication " << b.replication << ": " << field << " differs";
  };
  if (a.point != b.point || a.replication != b.replication) return fail("identity");
  if (a.seed != b.seed) return fail("seed");
  if (a.values.size() != b.values.size()) return fail("value count");
  for (std::size_t i = 0; i < a.values.size(); ++i)
    if (!same_double(a.values[i], b.values[i])) return fail("a value");
  if (a.events != b.events) return fail("events");
  if (a.fingerprint != b.fingerprint) return fail("fingerprint");
  if (a.conservation_ok != b.conservation_ok) return fail("conservation_ok");
  if (with_wall && !same_double(a.wall_s, b.wall_s)) return fail("wall_s");
  return ::testing::AssertionSuccess();
}

void expect_same_records(const std::vector<ReplicationRecord>& got, const std::vector<ReplicationRecord>& want,
                         bool with_wall = true) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_TRUE(same_record(got[i], want[i], with_wall)) << "row " << i;
}

std::string store_error(const std::string& path, const StoreLayout& layout, StoreOpen mode) {
  try {
    ResultStore s(path, layout, mode);
  } catch (const StoreError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string integrity(const std::string& path) {
  sqlite3* db = nullptr;
  std::string result = "cannot open";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, nullptr) == SQLITE_OK) {
      result.clear();
      while (sqlite3_step(s) == SQLITE_ROW) result += reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return result;
}

class ResultStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The pid keeps concurrent runs of the suite (Release, ASan) apart.
    dir_ = fs::temp_directory_path() /
           fmt::format("fmsim-store-{}-{}", ::testing::UnitTest::GetInstance()->current_test_info()->name(), getpid());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string at(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

TEST_F(ResultStoreTest, RecordsComeBackExactlyInPointReplicationOrder) {
  const auto path = at("s.sqlite");
  const auto want = tiny_records();
  {
    ResultStore s(path, tiny_layout(), StoreOpen::create);
    s.add_points(tiny_points());
    for (std::size_t i = want.size(); i-- > 0;) s.record(want[i]);  // reverse order
    expect_same_records(s.records(), want);
    EXPECT_EQ(s.path(), path);
    EXPECT_EQ(s.layout().metric_names, tiny_layout().metric_names);
  }
  ResultStore reopened(path, tiny_layout(), StoreOpen::resume);
  const auto got = reopened.records();
  expect_same_records(got, want);
  ASSERT_EQ(got.size(), 5u);
  EXPECT_TRUE(std::isnan(got[1].values[1]));
  EXPECT_EQ(got[2].seed, kMax);
  EXPECT_EQ(got[3].seed, std::uint64_t{1} << 63);
  EXPECT_EQ(got[1].fingerprint, kMax);
  EXPECT_TRUE(std::isnan(got[3].wall_s));
}

TEST_F(ResultStoreTest, StoresNullForNaNAndFingerprintsAsSixteenHexDigits) {
  const auto path = at("s.sqlite");
  {
    ResultStore s(path, tiny_layout(), StoreOpen::create);
    for (const auto& r : tiny_records()) s.record(r);
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT typeof(\"cost\"\"usd\"), fingerprint FROM replications WHERE point = 0 "
                               "ORDER BY replication",
                               -1, &st, nullptr),
            SQLITE_OK);
  std::vector<std::string> rows;
  while (sqlite3_step(st) == SQLITE_ROW)
    rows.push_back(fmt::format("{} {}", reinterpret_cast<const char*>(sqlite3_column_text(st, 0)),
                               reinterpret_cast<const char*>(sqlite3_column_text(st, 1))));
  sqlite3_finalize(st);
  sqlite3_close(db);
  EXPECT_EQ(rows, (std::vector<std::string>{"real 00000000000000ab", "null ffffffffffffffff"}));
}

TEST_F(ResultStoreTest, RecordingTheSameReplicationTwiceIsAnErrorAndLeavesTheStoreUsable) {
  ResultStore s(at("s.sqlite"), tiny_layout(), StoreOpen::create);
  const auto r = tiny_records();
  s.record(r[0]);
  try {
    s.record(r[0]);
    FAIL() << "no error";
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()), at("s.sqlite") + ": replication 0 of point 0 is already recorded");
  }
  s.record(r[1]);  // the failed transaction was rolled back
  expect_same_records(s.records(), {r[0], r[1]});
}

TEST_F(ResultStoreTest, ARecordWithTheWrongNumberOfValuesIsAnError) {
  ResultStore s(at("s.sqlite"), tiny_layout(), StoreOpen::create);
  auto r = tiny_records()[0];
  r.values.push_back(1);
  EXPECT_THROW(s.record(r), StoreError);
  EXPECT_TRUE(s.records().empty());
}

TEST_F(ResultStoreTest, CreateRefusesAStoreHoldingReplicationsButAcceptsAnEmptyOne) {
  const auto path = at("s.sqlite");
  {
    ResultStore s(path, tiny_layout(), StoreOpen::create);
    s.add_points(tiny_points());
  }
  {
    ResultStore s(path, tiny_layout(), StoreOpen::create);  // empty store of the same sweep
    s.record(tiny_records()[0]);
    s.record(tiny_records()[1]);
  }
  EXPECT_EQ(store_error(path, tiny_layout(), StoreOpen::create),
            path + ": exists and holds 2 replications of sweep 'tiny'; use --resume to continue it or --overwrite to "
                   "start again");
}

TEST_F(ResultStoreTest, ResumeKeepsWhatIsThereForTheSameDefinitionOnly) {
  const auto path = at("s.sqlite");
  {
    ResultStore s(path, tiny_layout(), StoreOpen::resume);  // creates it
    s.add_points(tiny_points());
    s.record(tiny_records()[0]);
  }
  {
    ResultStore s(path, tiny_layout(), StoreOpen::resume);
    s.add_points(tiny_points());  // registering again leaves the points as they are
    s.record(tiny_records()[1]);
    expect_same_records(s.records(), {tiny_records()[0], tiny_records()[1]});
  }
  auto other = tiny_layout();
  other.sweep_name = "other";
  other.definition_sha256 = std::string(64, 'b');
  EXPECT_EQ(store_error(path, other, StoreOpen::resume),
            path + ": made by a different sweep definition (sweep 'tiny', definition sha256 aaaaaaaaaaaa there, "
                   "bbbbbbbbbbbb here); use another --db or --overwrite");
  auto fewer_metrics = tiny_layout();
  fewer_metrics.metric_names.pop_back();
  EXPECT_EQ(store_error(path, fewer_metrics, StoreOpen::resume),
            path + ": made by a different sweep definition (sweep 'tiny', metrics [latency_s.p99, cost\"usd] there, "
                   "[latency_s.p99] here); use another --db or --overwrite");
  auto renamed_axis = tiny_layout();
  renamed_axis.axis_names[1] = "shape";
  EXPECT_NE(store_error(path, renamed_axis, StoreOpen::resume).find("axes [servers, pattern] there, [servers, shape] here"),
            std::string::npos);
}

TEST_F(ResultStoreTest, CreateOnAnEmptyStoreOfAnotherSweepIsRefused) {
  const auto path = at("s.sqlite");
  { ResultStore s(path, tiny_layout(), StoreOpen::create); }
  auto other = tiny_layout();
  other.definition_sha256 = std::string(64, 'c');
  EXPECT_NE(store_error(path, other, StoreOpen::create).find("made by a different sweep definition"),
            std::string::npos);
}

TEST_F(ResultStoreTest, OverwriteStartsAgainWhateverIsThere) {
  const auto path = at("s.sqlite");
  {
    ResultStore s(path, tiny_layout(), StoreOpen::create);
    for (const auto& r : tiny_records()) s.record(r);
  }
  auto other = tiny_layout();
  other.definition_sha256 = std::string(64, 'd');
  other.metric_names = {"requests.ok"};
  {
    ResultStore s(path, other, StoreOpen::overwrite);
    EXPECT_TRUE(s.records().empty());
    s.record(rec(0, 0, 1, {42}, 1, 1, true, 0));
  }
  ResultStore s(path, other, StoreOpen::resume);
  expect_same_records(s.records(), {rec(0, 0, 1, {42}, 1, 1, true, 0)});

  // Not even a store: --overwrite replaces it.
  std::ofstream(at("junk.sqlite")) << "not a database, just text that is long enough to look like a header.....\n";
  ResultStore replaced(at("junk.sqlite"), tiny_layout(), StoreOpen::overwrite);
  EXPECT_TRUE(replaced.records().empty());
}

TEST_F(ResultStoreTest, AFileThatIsNotAStoreIsNamedInTheError) {
  const auto junk = at("junk.sqlite");
  std::ofstream(junk) << "not a database, just text that is long enough to look like a header.....\n";
  for (auto mode : {StoreOpen::create, StoreOpen::resume}) {
    const auto e = store_error(junk, tiny_layout(), mode);
    EXPECT_EQ(e.rfind(junk + ": not an fmsim results store (", 0), 0u) << e;
  }
  EXPECT_EQ(slurp(junk).substr(0, 15), "not a database,");  // left untouched

  const auto foreign = at("foreign.sqlite");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(foreign.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_EQ(store_error(foreign, tiny_layout(), StoreOpen::resume),
            foreign + ": not an fmsim results store (it has no sweep table)");

  const auto nowhere = at("no/such/dir/s.sqlite");
  EXPECT_EQ(store_error(nowhere, tiny_layout(), StoreOpen::create).rfind(nowhere + ": cannot open", 0), 0u);
}

TEST_F(ResultStoreTest, NamesThatClashWithTheStoresOwnColumnsAreRefused) {
  auto l = tiny_layout();
  l.axis_names[0] = "Point";
  EXPECT_EQ(store_error(at("a.sqlite"), l, StoreOpen::create),
            at("a.sqlite") + ": axis name 'Point' clashes with the store's own 'point' column");
  l = tiny_layout();
  l.metric_names[0] = "seed";
  EXPECT_EQ(store_error(at("b.sqlite"), l, StoreOpen::create),
            at("b.sqlite") + ": metric name 'seed' clashes with the store's own 'seed' column");
  EXPECT_FALSE(fs::exists(at("a.sqlite")));
}

TEST_F(ResultStoreTest, ExportsPointStatisticsAndReplicationsAsCsv) {
  {
    ResultStore s(at("s.sqlite"), tiny_layout(), StoreOpen::create);
    s.add_points(tiny_points());
    for (const auto& r : tiny_records()) s.record(r);
    s.export_csv(at("out"));
  }
  // Point 0's latency: replications 1 and 3, an interval of 2 ± t(0.975, 1)·√2/√2.
  const auto ci = models::sweep::student_t_interval(std::vector<double>{1, 3});
  EXPECT_NEAR(ci.half_width, 12.7062, 1e-4);
  const std::string q = "\"cost\"\"usd";
  EXPECT_EQ(slurp(at("out/points.csv")),
            "point,servers,pattern,replications,latency_s.p99.mean,latency_s.p99.stddev,latency_s.p99.ci95_low,"
            "latency_s.p99.ci95_high," +
                q + ".mean\"," + q + ".stddev\"," + q + ".ci95_low\"," + q + ".ci95_high\"\n" +
                fmt::format("0,2,on_demand,2,2,1.4142135623730951,{},{},,,,\n", ci.low(), ci.high()) +
                "1,3,\"a,\"\"b\"\"\",2,0.5,0,0.5,0.5,0.25,0,0.25,0.25\n"
                "2,4,x,1,1e+300,,,,-0.001,,,\n"
                "3,5,y,0,,,,,,,,\n");
  EXPECT_EQ(slurp(at("out/replications.csv")),
            "point,servers,pattern,replication,seed,latency_s.p99,\"cost\"\"usd\",events,fingerprint,conservation_ok\n"
            "0,2,on_demand,0,7,1,10,100,00000000000000ab,1\n"
            "0,2,on_demand,1,8,3,,101,ffffffffffffffff,0\n"
            "1,3,\"a,\"\"b\"\"\",0,18446744073709551615,0.5,0.25,5,0000000000000000,1\n"
            "1,3,\"a,\"\"b\"\"\",1,9223372036854775808,0.5,0.25,6,0123456789abcdef,1\n"
            "2,4,x,0,1,1e+300,-0.001,7,8000000000000000,1\n");
  EXPECT_FALSE(fs::exists(at("out/points.csv.partial")));
  EXPECT_FALSE(fs::exists(at("out/replications.csv.partial")));
}

TEST_F(ResultStoreTest, ExportsAreByteIdenticalWhateverTheOrderOfInsertionAndTheWallTimes) {
  auto points = tiny_points();
  auto records = tiny_records();
  {
    ResultStore a(at("a.sqlite"), tiny_layout(), StoreOpen::create);
    a.add_points(points);
    for (const auto& r : records) a.record(r);
    a.export_csv(at("a"));
  }
  {
    ResultStore b(at("b.sqlite"), tiny_layout(), StoreOpen::create);
    std::reverse(points.begin(), points.end());
    b.add_points({points[0], points[1]});
    b.add_points(points);
    std::mt19937_64 rng(3);
    std::shuffle(records.begin(), records.end(), rng);
    for (auto& r : records) {
      r.wall_s *= 7;
      b.record(r);
    }
    b.export_csv(at("b"));
  }
  for (const char* f : {"points.csv", "replications.csv"}) {
    EXPECT_FALSE(slurp(dir_ / "a" / f).empty());
    EXPECT_EQ(slurp(dir_ / "a" / f), slurp(dir_ / "b" / f)) << f;
  }
}

// --- SIGKILL at a random moment -----------------------------------------------------------------

constexpr std::uint64_t kKillItems = 2000;
constexpr std::uint64_t kKillPoints = 3;

StoreLayout kill_layout() {
  StoreLayout l;
  l.sweep_name = "kill";
  l.definition_sha256 = std::string(64, 'e');
  l.definition_json = "{}";
  l.axis_names = {"servers"};
  l.metric_names = {"latency_s.p99", "windows.worst_hour.p99_s", "cost_usd.per_month_30d"};
  return l;
}

std::vector<StoredPoint> kill_points() {
  std::vector<StoredPoint> p;
  for (std::uint64_t i = 0; i < kKillPoints; ++i) p.push_back({i, {std::to_string(i + 2)}});
  return p;
}

// Item i of the recording sequence, every field recomputable from i.
ReplicationRecord kill_item(std::uint64_t i) {
  const std::uint64_t point = i % kKillPoints;
  const std::uint64_t replication = i / kKillPoints;
  return rec(point, replication, i % 2 ? kMax - i : i * 7,
             {0.5 * static_cast<double>(i) + static_cast<double>(point), replication % 5 == 2 ? kNaN : 1e-3 * static_cast<double>(i),
              1.0 / static_cast<double>(i + 3)},
             i * 11, i * 0x9E3779B97F4A7C15ull, i % 13 != 0, 0.001 * static_cast<double>(i));
}

void record_items(ResultStore& s, std::uint64_t from) {
  for (std::uint64_t i = from; i < kKillItems; ++i) s.record(kill_item(i));
}

TEST_F(ResultStoreTest, AStoreKilledAtAnyMomentHoldsAWholePrefixAndResumesToTheSameResult) {
  std::vector<ReplicationRecord> uninterrupted;
  {
    ResultStore s(at("whole.sqlite"), kill_layout(), StoreOpen::create);
    s.add_points(kill_points());
    record_items(s, 0);
    s.export_csv(at("whole"));
    uninterrupted = s.records();
  }
  ASSERT_EQ(uninterrupted.size(), kKillItems);

  std::mt19937 rng(8);
  std::uniform_int_distribution<int> delay_ms(5, 60);
  std::vector<std::uint64_t> kept;
  for (int round = 0; round < 5; ++round) {
    const auto path = at(fmt::format("killed{}.sqlite", round));
    const auto delay = std::chrono::milliseconds(delay_ms(rng));
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      // No gtest, no destructors, no threads in here: record until killed.
      try {
        ResultStore s(path, kill_layout(), StoreOpen::resume);
        s.add_points(kill_points());
        record_items(s, 0);
      } catch (...) {
        _exit(3);
      }
      _exit(0);
    }
    std::this_thread::sleep_for(delay);
    kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    // Killed, or it finished first; anything else is the child failing to record.
    ASSERT_TRUE((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) || (WIFEXITED(status) && WEXITSTATUS(status) == 0))
        << "round " << round << " status " << status;

    ResultStore s(path, kill_layout(), StoreOpen::resume);
    EXPECT_EQ(integrity(path), "ok") << "round " << round;
    const auto got = s.records();
    const std::uint64_t k = got.size();
    kept.push_back(k);
    std::vector<ReplicationRecord> prefix;
    for (std::uint64_t i = 0; i < k; ++i) prefix.push_back(kill_item(i));
    std::sort(prefix.begin(), prefix.end(), [](const auto& a, const auto& b) {
      return std::pair(a.point, a.replication) < std::pair(b.point, b.replication);
    });
    expect_same_records(got, prefix);

    s.add_points(kill_points());
    record_items(s, k);
    expect_same_records(s.records(), uninterrupted);
    const auto out = at(fmt::format("resumed{}", round));
    s.export_csv(out);
    for (const char* f : {"points.csv", "replications.csv"})
      EXPECT_EQ(slurp(fs::path(out) / f), slurp(dir_ / "whole" / f)) << "round " << round << " " << f;
  }
  // Where the kills landed, for whoever reads the log (not asserted: it depends on the machine).
  std::string where;
  for (auto k : kept) where += fmt::format("{} ", k);
  RecordProperty("replications_kept_at_kill", where);
  std::printf("kept at kill: %sof %llu\n", where.c_str(), static_cast<unsigned long long>(kKillItems));
}

}  // namespace
}  // namespace fmsim::cli::sweep
