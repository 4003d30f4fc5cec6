// ResultStore: the sweep results store in SQLite (the header says what it promises).
//
// Durability. The store runs with journal_mode=WAL and synchronous=NORMAL. In WAL mode a commit
// appends the transaction's pages to the -wal file; a reader or a recovering process ignores any
// frames after the last commit record, so a kill mid-write leaves the previous commit intact and
// never half a row (https://www.sqlite.org/wal.html). NORMAL drops the fsync on every commit and
// syncs at checkpoints; that gives up durability only against an OS crash or power loss —
// "Transactions are durable across application crashes regardless of the synchronous setting or
// journal mode" (https://www.sqlite.org/pragma.html#pragma_synchronous). The requirement is a
// sweep killed at any moment (SIGKILL, an application crash), so a per-replication fsync would
// buy nothing but time.
//
// Unsigned 64-bit values (point, replication, seed, events) are stored as INTEGER bit-cast to
// int64: a seed above INT64_MAX reads back negative in the sqlite3 shell but round-trips exactly
// through this class. (Points and replications are counts far below 2^63, so SQL ordering by
// them is the unsigned order.) The event fingerprint is TEXT, 16 lower-case hex digits.
//
// One thread only: SQLite connections and the prepared statements kept here are not shared; the
// sweep executor funnels finished replications to the main thread, which records them.
#include "tools/sweep/result_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <span>
#include <string_view>
#include <system_error>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "fmsim_version.h"
#include "models/sweep/student_t.h"
#include "tools/atomic_file.h"
#include "tools/csv_field.h"
#include "tools/csv_number.h"

namespace fmsim::cli::sweep {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Axis and metric names hold dots ("latency_s.p99") and whatever else a sweep file allows.
std::string sql_identifier(std::string_view name) {
  std::string q = "\"";
  for (char c : name) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}


std::int64_t as_int64(std::uint64_t v) { return std::bit_cast<std::int64_t>(v); }
std::uint64_t as_uint64(std::int64_t v) { return std::bit_cast<std::uint64_t>(v); }

// SQLite compares identifiers case-insensitively (ASCII only).
bool same_identifier(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string joined(const std::vector<std::string>& names) {
  std::string s = "[";
  for (std::size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
  return s + "]";
}

struct StatementDeleter {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

struct ConnectionDeleter {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, ConnectionDeleter>;

// Leaves a kept statement ready for its next use whichever way the current one ends.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* s) : s_(s) {}
  ~ResetOnExit() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  sqlite3_stmt* s_;
};

// The columns the store keeps itself: a sweep's names must not shadow them.
constexpr std::string_view kPointColumns[] = {"point"};
constexpr std::string_view kReplicationColumns[] = {"point", "replication", "seed", "events", "fingerprint",
                                                    "conservation_ok"};

void check_names(const std::string& path, std::string_view what, const std::vector<std::string>& names,
                 std::span<const std::string_view> reserved) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) throw StoreError(fmt::format("{}: empty {} name", path, what));
    for (auto r : reserved) {
      if (same_identifier(names[i], r))
        throw StoreError(fmt::format("{}: {} name '{}' clashes with the store's own '{}' column", path, what,
                                     names[i], r));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (same_identifier(names[i], names[j]))
        throw StoreError(fmt::format("{}: {} names '{}' and '{}' name the same column", path, what, names[j],
                                     names[i]));
    }
  }
}

}  // namespace

struct ResultStore::Impl {
  std::string path;
  StoreLayout layout;
  Connection connection;
  sqlite3* db = nullptr;  // connection.get()
  // Kept prepared: record() runs once per replication. Declared after the connection, so
  // finalized before it closes.
  Statement begin, commit, rollback, insert_replication, insert_timing;

  Impl(const std::string& p, const StoreLayout& l, StoreOpen mode);

  [[noreturn]] void fail(std::string_view what) const {
    throw StoreError(fmt::format("{}: {}: {}", path, what, sqlite3_errmsg(db)));
  }
  Statement prepare(const std::string& sql, bool kept = false) const {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db, sql.c_str(), static_cast<int>(sql.size()), kept ? SQLITE_PREPARE_PERSISTENT : 0, &s,
                           nullptr) != SQLITE_OK)
      fail("cannot prepare a statement");
    return Statement(s);
  }
  void exec(const std::string& sql) const {
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail("cannot write");
  }
  void step_done(sqlite3_stmt* s, std::string_view what) const {
    ResetOnExit reset(s);
    if (sqlite3_step(s) != SQLITE_DONE) fail(what);
  }

  std::vector<std::string> table_names() const;
  std::map<std::string, std::string> sweep_entries() const;
  std::uint64_t replication_count() const;
  void create_schema() const;
  void check_same_sweep(const std::map<std::string, std::string>& stored) const;
  void prepare_kept();
  void in_transaction(const auto& body) const;
};

ResultStore::Impl::Impl(const std::string& p, const StoreLayout& l, StoreOpen mode) : path(p), layout(l) {
  check_names(path, "axis", layout.axis_names, kPointColumns);
  check_names(path, "metric", layout.metric_names, kReplicationColumns);
  if (mode == StoreOpen::overwrite) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::error_code ec;
      std::filesystem::remove(path + suffix, ec);
      if (ec) throw StoreError(fmt::format("{}{}: cannot remove: {}", path, suffix, ec.message()));
    }
  }
  const int opened = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  connection.reset(db);
  if (opened != SQLITE_OK) fail("cannot open");
  sqlite3_extended_result_codes(db, 1);
  // Another process reading the store (the sqlite3 shell, a second look at progress) may hold a
  // lock for a moment; wait rather than fail a replication.
  sqlite3_busy_timeout(db, 10000);

  // A file that is not SQLite fails here, at the first read, with "file is not a database".
  const auto tables = table_names();
  // No tables: new, or killed before its schema committed (the schema is one transaction).
  const bool fresh = tables.empty();
  if (!fresh && std::find(tables.begin(), tables.end(), "sweep") == tables.end())
    throw StoreError(path + ": not an fmsim results store (it has no sweep table)");
  // WAL: each commit is an append, a kill leaves every earlier commit whole, and readers do not
  // block the sweep. The mode is kept in the file; synchronous is per connection. Set before the
  // schema is written, so that is an append too.
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=NORMAL");
  if (fresh) {
    create_schema();
  } else {
    const auto stored = sweep_entries();
    for (const char* key : {"name", "definition_sha256", "axes", "metrics"}) {
      if (!stored.contains(key))
        throw StoreError(fmt::format("{}: not an fmsim results store (its sweep table has no '{}')", path, key));
    }
    const auto n = replication_count();
    if (mode == StoreOpen::create && n > 0)
      throw StoreError(fmt::format(
          "{}: exists and holds {} replications of sweep '{}'; use --resume to continue it or --overwrite to start "
          "again",
          path, n, stored.at("name")));
    check_same_sweep(stored);
  }
  prepare_kept();
}

std::vector<std::string> ResultStore::Impl::table_names() const {
  sqlite3_stmt* raw = nullptr;
  const char* sql = "SELECT name FROM sqlite_master WHERE type = 'table'";
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK)
    throw StoreError(fmt::format("{}: not an fmsim results store ({})", path, sqlite3_errmsg(db)));
  Statement s(raw);
  std::vector<std::string> names;
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW)
    names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(raw, 0)));
  if (rc != SQLITE_DONE) throw StoreError(fmt::format("{}: not an fmsim results store ({})", path, sqlite3_errmsg(db)));
  return names;
}

std::map<std::string, std::string> ResultStore::Impl::sweep_entries() const {
  auto s = prepare("SELECT key, value FROM sweep");
  std::map<std::string, std::string> entries;
  int rc;
  while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
    const auto* key = sqlite3_column_text(s.get(), 0);
    const auto* value = sqlite3_column_text(s.get(), 1);
    if (key) entries[reinterpret_cast<const char*>(key)] = value ? reinterpret_cast<const char*>(value) : "";
  }
  if (rc != SQLITE_DONE) fail("cannot read the sweep table");
  return entries;
}

std::uint64_t ResultStore::Impl::replication_count() const {
  auto s = prepare("SELECT count(*) FROM replications");
  if (sqlite3_step(s.get()) != SQLITE_ROW) fail("cannot count replications");
  return static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 0));
}

void ResultStore::Impl::check_same_sweep(const std::map<std::string, std::string>& stored) const {
  auto mismatch = [&](const std::string& detail) {
    throw StoreError(fmt::format("{}: made by a different sweep definition (sweep '{}', {}); use another --db or "
                                 "--overwrite",
                                 path, stored.at("name"), detail));
  };
  const auto& sha = stored.at("definition_sha256");
  if (sha != layout.definition_sha256)
    mismatch(fmt::format("definition sha256 {:.12} there, {:.12} here", sha, layout.definition_sha256));
  std::vector<std::string> axes, metrics;
  try {
    axes = nlohmann::json::parse(stored.at("axes")).get<std::vector<std::string>>();
    metrics = nlohmann::json::parse(stored.at("metrics")).get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception&) {
    throw StoreError(path + ": not an fmsim results store (its axes or metrics entry is not a list of names)");
  }
  if (axes != layout.axis_names) mismatch(fmt::format("axes {} there, {} here", joined(axes), joined(layout.axis_names)));
  if (metrics != layout.metric_names)
    mismatch(fmt::format("metrics {} there, {} here", joined(metrics), joined(layout.metric_names)));
}

void ResultStore::Impl::in_transaction(const auto& body) const {
  exec("BEGIN IMMEDIATE");
  try {
    body();
    exec("COMMIT");
  } catch (...) {
    if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void ResultStore::Impl::create_schema() const {
  std::string points = "CREATE TABLE points (point INTEGER PRIMARY KEY";
  for (const auto& a : layout.axis_names) points += ", " + sql_identifier(a) + " TEXT";
  points += ")";
  std::string replications = "CREATE TABLE replications (point INTEGER NOT NULL, replication INTEGER NOT NULL, "
                             "seed INTEGER NOT NULL";
  for (const auto& m : layout.metric_names) replications += ", " + sql_identifier(m) + " REAL";
  replications += ", events INTEGER NOT NULL, fingerprint TEXT NOT NULL, conservation_ok INTEGER NOT NULL, "
                  "PRIMARY KEY (point, replication))";
  const std::pair<const char*, std::string> entries[] = {
      {"name", layout.sweep_name},
      {"definition_sha256", layout.definition_sha256},
      {"definition_json", layout.definition_json},
      {"axes", nlohmann::json(layout.axis_names).dump()},
      {"metrics", nlohmann::json(layout.metric_names).dump()},
      {"fmsim_version", FMSIM_VERSION},
  };
  in_transaction([&] {
    exec("CREATE TABLE sweep (key TEXT PRIMARY KEY, value TEXT)");
    exec(points);
    exec(replications);
    exec("CREATE TABLE timings (point INTEGER NOT NULL, replication INTEGER NOT NULL, wall_s REAL, "
         "PRIMARY KEY (point, replication))");
    auto insert = prepare("INSERT INTO sweep (key, value) VALUES (?1, ?2)");
    for (const auto& [key, value] : entries) {
      sqlite3_bind_text(insert.get(), 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text(insert.get(), 2, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
      step_done(insert.get(), "cannot write the sweep table");
    }
  });
}

void ResultStore::Impl::prepare_kept() {
  begin = prepare("BEGIN IMMEDIATE", true);
  commit = prepare("COMMIT", true);
  rollback = prepare("ROLLBACK", true);
  std::string columns = "point, replication, seed";
  std::string params = "?1, ?2, ?3";
  int n = 3;
  for (const auto& m : layout.metric_names) {
    columns += ", " + sql_identifier(m);
    params += fmt::format(", ?{}", ++n);
  }
  columns += ", events, fingerprint, conservation_ok";
  params += fmt::format(", ?{}, ?{}, ?{}", n + 1, n + 2, n + 3);
  insert_replication = prepare("INSERT INTO replications (" + columns + ") VALUES (" + params + ")", true);
  insert_timing = prepare("INSERT INTO timings (point, replication, wall_s) VALUES (?1, ?2, ?3)", true);
}

ResultStore::ResultStore(const std::string& path, const StoreLayout& layout, StoreOpen mode)
    : impl_(std::make_unique<Impl>(path, layout, mode)) {}

ResultStore::~ResultStore() = default;

const std::string& ResultStore::path() const { return impl_->path; }
const StoreLayout& ResultStore::layout() const { return impl_->layout; }

void ResultStore::add_points(const std::vector<StoredPoint>& points) {
  const auto& axes = impl_->layout.axis_names;
  std::string sql = "INSERT OR IGNORE INTO points (point";
  for (const auto& a : axes) sql += ", " + sql_identifier(a);
  sql += ") VALUES (?1";
  for (std::size_t i = 0; i < axes.size(); ++i) sql += fmt::format(", ?{}", i + 2);
  sql += ")";
  impl_->in_transaction([&] {
    auto insert = impl_->prepare(sql);
    for (const auto& p : points) {
      if (p.labels.size() != axes.size())
        throw StoreError(fmt::format("{}: point {} has {} labels, the sweep has {} axes", impl_->path, p.index,
                                     p.labels.size(), axes.size()));
      sqlite3_bind_int64(insert.get(), 1, as_int64(p.index));
      for (std::size_t i = 0; i < axes.size(); ++i)
        sqlite3_bind_text(insert.get(), static_cast<int>(i + 2), p.labels[i].data(),
                          static_cast<int>(p.labels[i].size()), SQLITE_STATIC);
      impl_->step_done(insert.get(), "cannot register points");
    }
  });
}

void ResultStore::record(const ReplicationRecord& r) {
  auto& s = *impl_;
  const auto metrics = s.layout.metric_names.size();
  if (r.values.size() != metrics)
    throw StoreError(fmt::format("{}: replication {} of point {} has {} metric values, the sweep has {} metrics", s.path,
                                 r.replication, r.point, r.values.size(), metrics));
  s.step_done(s.begin.get(), "cannot start a transaction");
  try {
    auto* ins = s.insert_replication.get();
    {
      ResetOnExit reset(ins);
      sqlite3_bind_int64(ins, 1, as_int64(r.point));
      sqlite3_bind_int64(ins, 2, as_int64(r.replication));
      sqlite3_bind_int64(ins, 3, as_int64(r.seed));
      int col = 4;
      for (double v : r.values) {
        if (std::isnan(v))
          sqlite3_bind_null(ins, col++);
        else
          sqlite3_bind_double(ins, col++, v);
      }
      const auto fingerprint = fmt::format("{:016x}", r.fingerprint);
      sqlite3_bind_int64(ins, col++, as_int64(r.events));
      sqlite3_bind_text(ins, col++, fingerprint.data(), static_cast<int>(fingerprint.size()), SQLITE_TRANSIENT);
      sqlite3_bind_int(ins, col, r.conservation_ok ? 1 : 0);
      const int rc = sqlite3_step(ins);
      if (rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        throw StoreError(fmt::format("{}: replication {} of point {} is already recorded", s.path, r.replication,
                                     r.point));
      if (rc != SQLITE_DONE) s.fail("cannot record a replication");
    }
    auto* timing = s.insert_timing.get();
    sqlite3_bind_int64(timing, 1, as_int64(r.point));
    sqlite3_bind_int64(timing, 2, as_int64(r.replication));
    if (std::isnan(r.wall_s))
      sqlite3_bind_null(timing, 3);
    else
      sqlite3_bind_double(timing, 3, r.wall_s);
    s.step_done(timing, "cannot record a replication's timing");
    s.step_done(s.commit.get(), "cannot commit a replication");
  } catch (...) {
    if (!sqlite3_get_autocommit(s.db)) {
      ResetOnExit reset(s.rollback.get());
      sqlite3_step(s.rollback.get());
    }
    throw;
  }
}

std::vector<ReplicationRecord> ResultStore::records() const {
  const auto& s = *impl_;
  const auto metrics = s.layout.metric_names.size();
  std::string sql = "SELECT r.point, r.replication, r.seed";
  for (const auto& m : s.layout.metric_names) sql += ", r." + sql_identifier(m);
  sql += ", r.events, r.fingerprint, r.conservation_ok, t.wall_s FROM replications AS r "
         "LEFT JOIN timings AS t ON t.point = r.point AND t.replication = r.replication "
         "ORDER BY r.point, r.replication";
  auto q = s.prepare(sql);
  auto* st = q.get();
  auto real = [st](int col) { return sqlite3_column_type(st, col) == SQLITE_NULL ? kNaN : sqlite3_column_double(st, col); };
  std::vector<ReplicationRecord> out;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    ReplicationRecord r;
    r.point = as_uint64(sqlite3_column_int64(st, 0));
    r.replication = as_uint64(sqlite3_column_int64(st, 1));
    r.seed = as_uint64(sqlite3_column_int64(st, 2));
    r.values.reserve(metrics);
    int col = 3;
    for (std::size_t m = 0; m < metrics; ++m) r.values.push_back(real(col++));
    r.events = as_uint64(sqlite3_column_int64(st, col++));
    // Text first, then its length, as sqlite3_column_bytes asks.
    const auto* fp_text = reinterpret_cast<const char*>(sqlite3_column_text(st, col));
    const std::string_view fp(fp_text, fp_text ? static_cast<std::size_t>(sqlite3_column_bytes(st, col)) : 0);
    ++col;
    const auto [end, ec] = std::from_chars(fp.data(), fp.data() + fp.size(), r.fingerprint, 16);
    if (ec != std::errc() || end != fp.data() + fp.size())
      throw StoreError(fmt::format("{}: replication {} of point {} has a malformed fingerprint '{}'", s.path,
                                   r.replication, r.point, fp));
    r.conservation_ok = sqlite3_column_int(st, col++) != 0;
    r.wall_s = real(col);
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) s.fail("cannot read replications");
  return out;
}

void ResultStore::export_csv(const std::string& dir) const {
  const auto& s = *impl_;
  const auto& axes = s.layout.axis_names;
  const auto& metrics = s.layout.metric_names;

  // Points registered, plus any recorded without registration (their labels left empty).
  std::map<std::uint64_t, std::vector<std::string>> labels;
  {
    std::string sql = "SELECT point";
    for (const auto& a : axes) sql += ", " + sql_identifier(a);
    sql += " FROM points";
    auto q = s.prepare(sql);
    int rc;
    while ((rc = sqlite3_step(q.get())) == SQLITE_ROW) {
      auto& l = labels[as_uint64(sqlite3_column_int64(q.get(), 0))];
      for (std::size_t i = 0; i < axes.size(); ++i) {
        const auto* text = sqlite3_column_text(q.get(), static_cast<int>(i + 1));
        l.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      }
    }
    if (rc != SQLITE_DONE) s.fail("cannot read points");
  }
  const auto recs = records();
  std::map<std::uint64_t, std::vector<const ReplicationRecord*>> by_point;
  for (const auto& p : labels) by_point[p.first];
  for (const auto& r : recs) by_point[r.point].push_back(&r);
  auto label_cells = [&](std::uint64_t point) {
    std::string cells;
    const auto it = labels.find(point);
    for (std::size_t i = 0; i < axes.size(); ++i) {
      cells += ',';
      if (it != labels.end()) cells += csv_field(it->second[i]);
    }
    return cells;
  };

  std::error_code ec;
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  if (ec) throw StoreError(fmt::format("{}: cannot create the directory: {}", dir, ec.message()));
  const std::string base = dir.empty() ? std::string() : dir + "/";
  try {
    AtomicFile points_csv(base + "points.csv");
    std::FILE* out = points_csv.handle();
    fmt::print(out, "point");
    for (const auto& a : axes) fmt::print(out, ",{}", csv_field(a));
    fmt::print(out, ",replications");
    for (const auto& m : metrics)
      for (const char* stat : {".mean", ".stddev", ".ci95_low", ".ci95_high"}) fmt::print(out, ",{}", csv_field(m + stat));
    fmt::print(out, "\n");
    std::vector<double> values;
    for (const auto& [point, rows] : by_point) {
      fmt::print(out, "{}{},{}", point, label_cells(point), rows.size());
      for (std::size_t m = 0; m < metrics.size(); ++m) {
        values.clear();
        for (const auto* r : rows) values.push_back(r->values[m]);
        // A metric undefined in any replication (NaN) leaves the point's statistics undefined,
        // as the stopping rule sees them.
        const auto ci = models::sweep::student_t_interval(values);
        fmt::print(out, ",{},{},{},{}", csv_number(ci.mean), csv_number(ci.stddev), csv_number(ci.low()),
                   csv_number(ci.high()));
      }
      fmt::print(out, "\n");
    }
    points_csv.commit();

    AtomicFile replications_csv(base + "replications.csv");
    out = replications_csv.handle();
    fmt::print(out, "point");
    for (const auto& a : axes) fmt::print(out, ",{}", csv_field(a));
    fmt::print(out, ",replication,seed");
    for (const auto& m : metrics) fmt::print(out, ",{}", csv_field(m));
    fmt::print(out, ",events,fingerprint,conservation_ok\n");
    for (const auto& r : recs) {
      fmt::print(out, "{}{},{},{}", r.point, label_cells(r.point), r.replication, r.seed);
      for (double v : r.values) fmt::print(out, ",{}", csv_number(v));
      fmt::print(out, ",{},{:016x},{}\n", r.events, r.fingerprint, r.conservation_ok ? 1 : 0);
    }
    replications_csv.commit();
  } catch (const StoreError&) {
    throw;
  } catch (const std::runtime_error& e) {
    throw StoreError(e.what());
  }
}

}  // namespace fmsim::cli::sweep
