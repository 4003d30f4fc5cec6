// Trace replay (models::TraceReader, models::TraceReplay): the shipped Azure excerpt replays with
// its exact count, token totals and span (computed here independently by splitting lines); time
// and volume scaling; looping; BurstGPT and generic formats; ISO 8601 offsets and named zones;
// bad input reported as FILE:LINE with the exact message, or skipped and counted.
#include "models/workload/trace_replay.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "models/workload/trace_reader.h"
#include "sim/random_streams.h"

namespace fmsim::models {
namespace {

using sim::Duration;
using sim::SimTime;

const std::string kExcerpt = std::string(FMSIM_SOURCE_DIR) + "/scenarios/traces/azure_conv_excerpt.csv";
// The project's shared folder sits beside the repository (on developers' machines and in CI).
const std::string kSharedTraces = std::string(FMSIM_SOURCE_DIR) + "/../shared/traces";
const std::string kBurst1 = kSharedTraces + "/burstgpt/BurstGPT_1_first400.csv";
const std::string kBurst3 = kSharedTraces + "/burstgpt/BurstGPT_3_first400.csv";

sim::RandomEngine rng(std::uint64_t seed = 1) { return sim::RandomStreams(seed, 0).stream("arrivals"); }

std::vector<Arrival> drain(TraceReplay& r, SimTime until = SimTime::max()) {
  std::vector<Arrival> v;
  Arrival a;
  while (r.next(a)) {
    if (a.time >= until) break;
    v.push_back(a);
  }
  return v;
}

TraceSpec azure(const std::string& path) {
  TraceSpec s;
  s.path = path;
  s.format = TraceFormat::azure;
  return s;
}

// A file in the test's temp dir with the given contents.
std::string write_file(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "fmsim_trace_test";
  std::filesystem::create_directories(dir);
  const auto p = dir / name;
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

// Independent reading of a simple CSV: data lines split on ','.
struct Expected {
  std::uint64_t rows = 0;
  std::int64_t in = 0, out = 0;
  std::string first_stamp, last_stamp;
};
Expected by_line_split(const std::string& path, int ts_col, int in_col, int out_col) {
  std::ifstream f(path);
  std::string line;
  std::getline(f, line);  // header
  Expected e;
  while (std::getline(f, line)) {
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string x;
    while (std::getline(ss, x, ',')) fields.push_back(x);
    ++e.rows;
    e.in += std::stoll(fields[static_cast<std::size_t>(in_col)]);
    e.out += std::stoll(fields[static_cast<std::size_t>(out_col)]);
    if (e.rows == 1) e.first_stamp = fields[static_cast<std::size_t>(ts_col)];
    e.last_stamp = fields[static_cast<std::size_t>(ts_col)];
  }
  return e;
}

// "2023-11-16 18:15:46.6805900" -> ns since midnight (the excerpt stays within one day).
std::int64_t ns_of_day(const std::string& s) {
  const std::int64_t h = std::stoll(s.substr(11, 2)), m = std::stoll(s.substr(14, 2)), sec = std::stoll(s.substr(17, 2));
  std::string frac = s.substr(20);
  frac.resize(9, '0');
  return ((h * 60 + m) * 60 + sec) * 1'000'000'000 + std::stoll(frac);
}

std::string error_of(const TraceSpec& s) {
  try {
    TraceReplay r(s, rng());
    drain(r);
  } catch (const TraceError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(TraceReplay, ExcerptReproducesCountTokensAndSpan) {
  const Expected e = by_line_split(kExcerpt, 0, 1, 2);
  ASSERT_EQ(e.rows, 2000u);
  TraceSpec s = azure(kExcerpt);
  s.offset = Duration::seconds(5);
  TraceReplay r(s, rng());
  const auto v = drain(r);
  ASSERT_EQ(v.size(), e.rows);
  std::int64_t in = 0, out = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    in += v[i].input_tokens;
    out += v[i].output_tokens;
    EXPECT_EQ(v[i].class_index, -1);
    if (i > 0) {
      ASSERT_GE(v[i].time, v[i - 1].time);
    }
  }
  EXPECT_EQ(in, e.in);
  EXPECT_EQ(out, e.out);
  EXPECT_EQ(in, 2'209'565);
  EXPECT_EQ(out, 529'807);
  EXPECT_EQ(v.front().time, SimTime::zero() + Duration::seconds(5));
  const std::int64_t span = ns_of_day(e.last_stamp) - ns_of_day(e.first_stamp);
  EXPECT_EQ(span, 424'259'457'000);
  EXPECT_EQ((v.back().time - v.front().time).ns(), span);
  EXPECT_EQ(r.span().ns(), span);
  EXPECT_EQ(r.rows_read(), 2000u);
  EXPECT_EQ(r.skipped_rows(), 0u);
  EXPECT_EQ(r.trace_rows(), 2000u);
}

TEST(TraceReplay, TimeScaleHalvesTheSpan) {
  TraceSpec s = azure(kExcerpt);
  TraceReplay full(s, rng());
  s.time_scale = 0.5;
  TraceReplay half(s, rng());
  const auto a = drain(full), b = drain(half);
  ASSERT_EQ(a.size(), b.size());
  const std::int64_t sa = (a.back().time - a.front().time).ns(), sb = (b.back().time - b.front().time).ns();
  EXPECT_LE(std::llabs(2 * sb - sa), 1);
  // Every gap is halved (to the rounding nanosecond), so the shape is kept.
  for (std::size_t i = 0; i < a.size(); i += 97) {
    EXPECT_LE(std::llabs(2 * (b[i].time - b.front().time).ns() - (a[i].time - a.front().time).ns()), 1) << i;
  }
}

TEST(TraceReplay, VolumeTwoDoublesExactlyWithoutStackedInstants) {
  TraceSpec s = azure(kExcerpt);
  s.volume = 2;
  TraceReplay r(s, rng());
  const auto v = drain(r);
  EXPECT_EQ(v.size(), 4000u);
  EXPECT_EQ(r.copies(), 2u);
  std::int64_t in = 0;
  std::size_t same = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    in += v[i].input_tokens;
    if (i > 0) {
      ASSERT_GE(v[i].time, v[i - 1].time);
      same += v[i].time == v[i - 1].time;
    }
  }
  EXPECT_EQ(in, 2 * 2'209'565);
  EXPECT_EQ(same, 0u);  // the excerpt has no repeated stamps; the copies must not create any
  // Copy 1 is shifted by half the mean gap: span / 1999 / 2.
  const std::int64_t gap = 424'259'457'000 / 1999;
  EXPECT_EQ((v.back().time - v.front().time).ns(), 424'259'457'000 + gap / 2);
}

TEST(TraceReplay, VolumeOneAndAHalfWithinBinomialInterval) {
  TraceSpec s = azure(kExcerpt);
  s.volume = 1.5;
  TraceReplay r(s, rng(7));
  const auto n = static_cast<double>(drain(r).size());
  // 2000 + Binomial(2000, 0.5): sd 22.4; 5 sd either side.
  RecordProperty("arrivals", static_cast<int>(n));
  EXPECT_NEAR(n, 3000.0, 5 * std::sqrt(2000 * 0.25));
  EXPECT_GT(n, 2000.0);
  EXPECT_LT(n, 4000.0);
  EXPECT_EQ(r.rows_read(), 4000u);  // both copies read whole, one thinned
  // Same seed, same sequence.
  TraceReplay again(s, rng(7));
  const auto a = drain(again);
  EXPECT_EQ(static_cast<double>(a.size()), n);
}

TEST(TraceReplay, VolumeHalfThinsWithinBinomialInterval) {
  TraceSpec s = azure(kExcerpt);
  s.volume = 0.5;
  TraceReplay r(s, rng(11));
  const auto n = static_cast<double>(drain(r).size());
  RecordProperty("arrivals", static_cast<int>(n));
  EXPECT_NEAR(n, 1000.0, 5 * std::sqrt(2000 * 0.25));
  TraceReplay other(s, rng(12));
  EXPECT_NE(static_cast<double>(drain(other).size()), 0.0);
  s.volume = 0;
  TraceReplay none(s, rng());
  EXPECT_TRUE(drain(none).empty());
}

TEST(TraceReplay, LoopFillsTheHorizon) {
  TraceSpec s = azure(kExcerpt);
  s.loop = true;
  TraceReplay r(s, rng());
  const std::int64_t span = 424'259'457'000, gap = span / 1999;
  ASSERT_EQ(r.period().ns(), span + gap);
  // Each pass occupies [k P, k P + S] with S < P: exactly 3 passes fit in 3 P.
  const auto v = drain(r, SimTime::zero() + r.period() * 3);
  EXPECT_EQ(v.size(), 3u * 2000u);
  // The seam: the second pass starts one mean gap after the first pass's last row.
  EXPECT_EQ((v[2000].time - v[1999].time).ns(), gap);
  EXPECT_EQ(v[2000].input_tokens, v[0].input_tokens);
  // A horizon that is not a whole number of periods: count ~ horizon / P x rows.
  TraceReplay r2(s, rng());
  const SimTime h = SimTime::zero() + Duration::hours(1);
  const double expect = 3600.0 / r2.period().seconds_f() * 2000.0;
  const auto w = drain(r2, h);
  RecordProperty("arrivals_1h", static_cast<int>(w.size()));
  RecordProperty("expected_1h", static_cast<int>(expect));
  EXPECT_NEAR(static_cast<double>(w.size()), expect, 0.05 * expect);
  EXPECT_LT(w.back().time, h);
  // Looping with volume 2 and a compressed clock keeps the copies going too.
  s.volume = 2;
  s.time_scale = 0.25;
  TraceReplay r3(s, rng());
  // Copy 1 ends a pass half a (scaled) gap before the next pass of copy 0 begins: cut between.
  const SimTime h3 = SimTime::zero() + r3.period() * 2 - Duration::nanoseconds(gap / 16);
  EXPECT_EQ(drain(r3, h3).size(), 2u * 2u * 2000u);
}

TEST(TraceReplay, BurstGptRelativeTimestamps) {
  for (const auto& [path, first, last] : {std::tuple{kBurst1, 5LL, 37274LL}, std::tuple{kBurst3, 19440110LL, 19481563LL}}) {
    if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is not on this machine";
    TraceSpec s;
    s.path = path;
    s.format = TraceFormat::burstgpt;
    s.class_column = "Model";
    TraceReplay r(s, rng());
    const auto v = drain(r);
    ASSERT_EQ(v.size(), 400u) << path;
    // Independent totals: tokens are the 3rd/4th fields from the end in both files.
    std::ifstream f(path);
    std::string line;
    std::getline(f, line);
    std::int64_t in = 0, out = 0;
    while (std::getline(f, line)) {
      std::vector<std::string> x;
      std::stringstream ss(line);
      std::string t;
      while (std::getline(ss, t, ',')) x.push_back(t);
      in += std::stoll(x[x.size() - 4]);
      out += std::stoll(x[x.size() - 3]);
    }
    std::int64_t vin = 0, vout = 0;
    for (const auto& a : v) vin += a.input_tokens, vout += a.output_tokens;
    EXPECT_EQ(vin, in) << path;
    EXPECT_EQ(vout, out) << path;
    EXPECT_EQ(v.front().time, SimTime::zero());
    EXPECT_EQ((v.back().time - v.front().time).ns(), (last - first) * 1'000'000'000LL) << path;
    ASSERT_EQ(r.class_names().size(), 2u);
    EXPECT_TRUE((r.class_names()[0] == "ChatGPT" && r.class_names()[1] == "GPT-4") ||
                (r.class_names()[0] == "GPT-4" && r.class_names()[1] == "ChatGPT"));
    EXPECT_EQ(v.front().class_index, 0);
  }
  // BurstGPT_1's first rows are ChatGPT, ChatGPT, GPT-4: first appearance order.
  TraceSpec s;
  s.path = kBurst1;
  s.format = TraceFormat::burstgpt;
  s.class_column = "Model";
  TraceReader rd(s);
  TraceRow row;
  ASSERT_TRUE(rd.next(row));
  EXPECT_EQ(row.t_ns, 0);
  EXPECT_EQ(row.input_tokens, 472);
  EXPECT_EQ(row.output_tokens, 18);
  ASSERT_TRUE(rd.next(row));
  EXPECT_DOUBLE_EQ(row.t_seconds, 40.0);
  ASSERT_TRUE(rd.next(row));
  EXPECT_EQ(row.class_index, 1);
  EXPECT_EQ(rd.class_names(), (std::vector<std::string>{"ChatGPT", "GPT-4"}));
  EXPECT_FALSE(rd.first_row_unix_ns().has_value());
}

TEST(TraceReplay, GenericColumnsByNameWithIsoOffsetsAndClasses) {
  const std::string path = write_file("generic.csv",
                                      "\xEF\xBB\xBFid, kind ,when,prompt,completion,extra\r\n"
                                      "a,chat,2026-03-08T09:00:00-05:00,100,10,x\r\n"
                                      "b,\"agent, tools\",2026-03-08T14:00:00.250Z,200,20,y\r\n"
                                      "\r\n"
                                      "c,chat,2026-03-08T15:00:00.5+01:00,300,30,z\r\n"
                                      "d,\"say \"\"hi\"\"\",2026-03-08T14:00:01+0000,400,40,w");
  TraceSpec s;
  s.path = path;
  s.format = TraceFormat::generic;
  s.timestamp_column = "When";  // names match case-insensitively
  s.input_tokens_column = "prompt";
  s.output_tokens_column = "completion";
  s.class_column = "kind";
  s.offset = Duration::milliseconds(10);
  TraceReplay r(s, rng());
  const auto v = drain(r);
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[0].time, SimTime::from_ns(10'000'000));
  EXPECT_EQ(v[1].time, SimTime::from_ns(260'000'000));
  EXPECT_EQ(v[2].time, SimTime::from_ns(510'000'000));  // 15:00:00.5+01:00 = 14:00:00.5Z
  EXPECT_EQ(v[3].time, SimTime::from_ns(1'010'000'000));
  EXPECT_EQ(v[2].input_tokens, 300);
  EXPECT_EQ(v[3].output_tokens, 40);
  EXPECT_EQ(r.class_names(), (std::vector<std::string>{"chat", "agent, tools", "say \"hi\""}));
  EXPECT_EQ(v[0].class_index, 0);
  EXPECT_EQ(v[1].class_index, 1);
  EXPECT_EQ(v[2].class_index, 0);
  EXPECT_EQ(v[3].class_index, 2);

  // Relative seconds, no token columns: tokens -1.
  const std::string rel = write_file("relative.csv", "t,x\n0.5,1\n1.25,2\n3,3\n");
  TraceSpec s2;
  s2.path = rel;
  s2.format = TraceFormat::generic;
  s2.timestamp_column = "t";
  TraceReplay r2(s2, rng());
  const auto w = drain(r2);
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[1].time, SimTime::from_ns(750'000'000));
  EXPECT_EQ(w[2].time, SimTime::from_ns(2'500'000'000));
  EXPECT_EQ(w[0].input_tokens, -1);
  EXPECT_EQ(w[0].class_index, -1);
}

TEST(TraceReader, OffsetAndZuluAreTheSameInstant) {
  TraceSpec s;
  s.format = TraceFormat::generic;
  s.timestamp_column = "ts";
  s.path = write_file("offset.csv", "ts\n2026-03-08T09:00:00-05:00\n");
  TraceReader a(s);
  s.path = write_file("zulu.csv", "ts\n2026-03-08T14:00:00Z\n");
  TraceReader b(s);
  TraceRow row;
  ASSERT_TRUE(a.next(row));
  ASSERT_TRUE(b.next(row));
  ASSERT_TRUE(a.first_row_unix_ns().has_value());
  EXPECT_EQ(*a.first_row_unix_ns(), *b.first_row_unix_ns());
  EXPECT_EQ(*b.first_row_unix_ns(), 1'772'978'400LL * 1'000'000'000LL);  // date -u -d 2026-03-08T14:00:00Z +%s
  // In one file they are equal stamps: zero gap, not "going back".
  s.path = write_file("both.csv", "ts\n2026-03-08T09:00:00-05:00\n2026-03-08T14:00:00Z\n2026-03-08T09:00:00.000000001-05:00\n");
  TraceReader c(s);
  ASSERT_TRUE(c.next(row));
  ASSERT_TRUE(c.next(row));
  EXPECT_EQ(row.t_ns, 0);
  ASSERT_TRUE(c.next(row));
  EXPECT_EQ(row.t_ns, 1);
  EXPECT_FALSE(c.next(row));
}

TEST(TraceReader, AzureStampsInANamedZoneCrossDst) {
  // New York springs forward at 02:00 on 2026-03-08: 01:30 EST to 03:30 EDT is one hour.
  const std::string path = write_file("dst.csv",
                                      "TIMESTAMP,ContextTokens,GeneratedTokens\n"
                                      "2026-03-08 01:30:00.0000000,1,1\n"
                                      "2026-03-08 03:30:00.0000000,1,1\n");
  TraceSpec s = azure(path);
  s.timestamp_zone = "America/New_York";
  TraceReader ny(s);
  TraceRow row;
  ASSERT_TRUE(ny.next(row));
  EXPECT_EQ(*ny.first_row_unix_ns(), (1'772'951'400LL) * 1'000'000'000LL);  // 06:30Z
  ASSERT_TRUE(ny.next(row));
  EXPECT_EQ(row.t_ns, 3600LL * 1'000'000'000LL);
  TraceReader utc(azure(path));
  ASSERT_TRUE(utc.next(row));
  ASSERT_TRUE(utc.next(row));
  EXPECT_EQ(row.t_ns, 7200LL * 1'000'000'000LL);
  s.timestamp_zone = "Mars/Olympus_Mons";
  EXPECT_THROW(TraceReader bad(s), TraceError);
}

TEST(TraceErrors, ExactMessagesWithFileAndLine) {
  const std::string hdr = "TIMESTAMP,ContextTokens,GeneratedTokens\n";
  const std::string unsorted = write_file("unsorted.csv", hdr +
                                                              "2023-11-16 18:15:46.6805900,374,44\n"
                                                              "2023-11-16 18:15:50.9951690,396,109\n"
                                                              "2023-11-16 18:15:49.0000000,879,55\n");
  EXPECT_EQ(error_of(azure(unsorted)),
            unsorted + ":4: timestamp goes back from 2023-11-16 18:15:50.9951690 to 2023-11-16 18:15:49.0000000");

  const std::string nonnum = write_file("nonnum.csv", hdr + "2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:47.0,12x,5\n");
  EXPECT_EQ(error_of(azure(nonnum)), nonnum + ":3: ContextTokens: \"12x\" is not a whole number >= 0");

  const std::string badstamp = write_file("badstamp.csv", hdr + "2023-11-31 18:15:46,1,1\n");
  EXPECT_EQ(error_of(azure(badstamp)),
            badstamp + ":2: TIMESTAMP: \"2023-11-31 18:15:46\" is not a date-time like 2023-11-16 18:15:46.68 or "
                       "2026-03-08T09:00:00-05:00");

  const std::string missing = write_file("missing.csv", "TIMESTAMP,Context,GeneratedTokens\n2023-11-16 18:15:46,1,1\n");
  EXPECT_EQ(error_of(azure(missing)),
            missing + ":1: missing column \"ContextTokens\" (the header is: TIMESTAMP,Context,GeneratedTokens)");

  const std::string shortrow = write_file("short.csv", hdr + "2023-11-16 18:15:46,1\n");
  EXPECT_EQ(error_of(azure(shortrow)), shortrow + ":2: only 2 fields, but column \"GeneratedTokens\" is field 3");

  const std::string empty = write_file("empty.csv", hdr);
  EXPECT_EQ(error_of(azure(empty)), empty + ":2: no data rows");
  const std::string blank = write_file("blank.csv", hdr + "\n\n");
  EXPECT_EQ(error_of(azure(blank)), blank + ":4: no data rows");
  const std::string nothing = write_file("nothing.csv", "");
  EXPECT_EQ(error_of(azure(nothing)), nothing + ":1: no header row (empty file)");

  const std::string absent = write_file("x", "") + ".does-not-exist";
  EXPECT_EQ(error_of(azure(absent)), absent + ": cannot open: No such file or directory");

  TraceSpec g;
  g.format = TraceFormat::generic;
  g.timestamp_column = "t";
  g.path = write_file("mixed.csv", "t\n1.5\n2026-03-08T14:00:00Z\n");
  EXPECT_EQ(error_of(g), g.path + ":3: t: \"2026-03-08T14:00:00Z\" is not a number of seconds");
  g.path = write_file("same.csv", "t\n7\n7\n");
  g.loop = true;
  EXPECT_EQ(error_of(g), g.path + ": cannot loop a trace whose rows all have the same timestamp");
}

TEST(TraceErrors, SkipPolicyCountsBadRows) {
  const std::string path = write_file("skip.csv",
                                      "TIMESTAMP,ContextTokens,GeneratedTokens\n"
                                      "2023-11-16 18:15:46.0,10,1\n"
                                      "2023-11-16 18:15:47.0,abc,1\n"     // non-numeric
                                      "2023-11-16 18:15:48.0,30,3\n"
                                      "2023-11-16 18:15:45.0,40,4\n"      // goes back
                                      "2023-11-16 18:15:49.0,50\n"        // too few fields
                                      "2023-11-16 18:15:50.0,60,-6\n"     // negative
                                      "2023-11-16 18:15:51.0,70,7\n");
  TraceSpec s = azure(path);
  s.bad_rows = BadRowPolicy::skip;
  TraceReplay r(s, rng());
  const auto v = drain(r);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(r.skipped_rows(), 4u);
  EXPECT_EQ(v[0].input_tokens + v[1].input_tokens + v[2].input_tokens, 110);
  EXPECT_EQ((v[2].time - v[0].time).ns(), 5'000'000'000);
  // Under `stop` the first of them is the error.
  EXPECT_EQ(error_of(azure(path)), path + ":3: ContextTokens: \"abc\" is not a whole number >= 0");
  // Every row bad: still no data.
  const std::string allbad = write_file("allbad.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\nx,1,1\ny,2,2\n");
  s.path = allbad;
  EXPECT_EQ(error_of(s), allbad + ":4: no data rows (2 bad rows skipped)");
}

// The whole published files (CRLF line ends, no line end after the last row: `wc -l` counts one
// row fewer than there are).
TEST(TraceReader, WholeAzureFiles) {
  for (const auto& [name, rows] : {std::pair{"code", 8819u}, std::pair{"conv", 19366u}}) {
    const std::string path = kSharedTraces + "/azure_llm_2023/AzureLLMInferenceTrace_" + name + ".csv";
    if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " is not on this machine";
    const Expected e = by_line_split(path, 0, 1, 2);
    TraceReader rd(azure(path));
    TraceRow row;
    std::int64_t in = 0, out = 0;
    while (rd.next(row)) in += row.input_tokens, out += row.output_tokens;
    EXPECT_EQ(rd.rows_read(), rows) << path;
    EXPECT_EQ(rd.rows_read(), e.rows) << path;
    EXPECT_EQ(in, e.in) << path;
    EXPECT_EQ(out, e.out) << path;
  }
}

TEST(TraceReader, SmallBufferAndRewindGiveTheSameRows) {
  // A 256-byte buffer forces many refills with rows split across them.
  TraceSpec s = azure(kExcerpt);
  TraceReader big(s), small(s, 256);
  TraceRow a, b;
  std::uint64_t n = 0;
  while (big.next(a)) {
    ASSERT_TRUE(small.next(b));
    ASSERT_EQ(a.t_ns, b.t_ns);
    ASSERT_EQ(a.input_tokens, b.input_tokens);
    ASSERT_EQ(a.output_tokens, b.output_tokens);
    ++n;
  }
  EXPECT_FALSE(small.next(b));
  EXPECT_EQ(n, 2000u);
  EXPECT_EQ(big.line(), 2001u);
  small.rewind();
  ASSERT_TRUE(small.next(b));
  EXPECT_EQ(b.t_ns, 0);
  EXPECT_EQ(b.input_tokens, 374);
  EXPECT_EQ(small.rows_read(), 2001u);
}

TEST(TraceReplay, RejectsBadScaling) {
  TraceSpec s = azure(kExcerpt);
  s.time_scale = 0;
  EXPECT_THROW(TraceReplay(s, rng()), std::invalid_argument);
  s.time_scale = 1;
  s.volume = -1;
  EXPECT_THROW(TraceReplay(s, rng()), std::invalid_argument);
}

}  // namespace
}  // namespace fmsim::models
