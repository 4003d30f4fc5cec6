// Trace replay throughput on a generated Azure-format file of 1.2 M rows (≈ 45 MB, 2.5 days of
// 0.18 s mean gaps, so dates change too), written once to a temp file at set-up:
//   BM_TraceReader          — TraceReader alone, UTC stamps: rows parsed per second;
//   BM_TraceReaderNamedZone — the same stamps read in America/New_York (cached zone offsets);
//   BM_TraceReplay          — TraceReplay end to end: construction (which scans the whole file
//                             once to validate it) plus draining every arrival; items are
//                             arrivals, so each item costs two row parses.
// All report items_per_second; the reader benchmarks also bytes_per_second.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <benchmark/benchmark.h>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>

#include "models/workload/trace_reader.h"
#include "models/workload/trace_replay.h"

namespace {

constexpr std::int64_t kRows = 1'200'000;

struct TraceFile {
  std::string path;
  std::uintmax_t bytes = 0;
  TraceFile() {
    path = (std::filesystem::temp_directory_path() / ("fmsim_trace_bench_" + std::to_string(::getpid()) + ".csv")).string();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) std::abort();
    std::fputs("TIMESTAMP,ContextTokens,GeneratedTokens\n", f);
    boost::random::mt19937_64 rng(2023);
    boost::random::exponential_distribution<double> gap_s(1.0 / 0.18);
    boost::random::uniform_int_distribution<int> in(1, 8000), out(1, 800);
    double t = 18.0 * 3600.0;  // 2023-11-16 18:00:00
    for (std::int64_t i = 0; i < kRows; ++i) {
      t += gap_s(rng);
      const auto ns = static_cast<std::int64_t>(t * 1e9);
      const std::int64_t s = ns / 1'000'000'000, day = s / 86400, sod = s % 86400;
      std::fprintf(f, "2023-11-%02d %02d:%02d:%02d.%07d,%d,%d\n", static_cast<int>(16 + day),
                   static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60),
                   static_cast<int>(ns % 1'000'000'000 / 100), in(rng), out(rng));
    }
    std::fclose(f);
    bytes = std::filesystem::file_size(path);
  }
  ~TraceFile() { std::filesystem::remove(path); }
};

const TraceFile& trace_file() {
  static const TraceFile file;
  return file;
}

fmsim::models::TraceSpec spec(const std::string& zone = "UTC") {
  fmsim::models::TraceSpec s;
  s.path = trace_file().path;
  s.format = fmsim::models::TraceFormat::azure;
  s.timestamp_zone = zone;
  return s;
}

void read_all(benchmark::State& state, const fmsim::models::TraceSpec& s) {
  std::int64_t rows = 0;
  for (auto _ : state) {
    fmsim::models::TraceReader reader(s);
    fmsim::models::TraceRow row;
    std::int64_t tokens = 0;
    while (reader.next(row)) tokens += row.input_tokens;
    benchmark::DoNotOptimize(tokens);
    rows += static_cast<std::int64_t>(reader.rows_read());
  }
  state.SetItemsProcessed(rows);
  state.SetBytesProcessed(static_cast<std::int64_t>(trace_file().bytes) * static_cast<std::int64_t>(state.iterations()));
}

void BM_TraceReader(benchmark::State& state) { read_all(state, spec()); }
void BM_TraceReaderNamedZone(benchmark::State& state) { read_all(state, spec("America/New_York")); }

void BM_TraceReplay(benchmark::State& state) {
  const auto s = spec();
  std::int64_t arrivals = 0;
  for (auto _ : state) {
    fmsim::models::TraceReplay replay(s, boost::random::mt19937_64(1));
    fmsim::models::Arrival a;
    std::int64_t tokens = 0;
    while (replay.next(a)) {
      tokens += a.output_tokens;
      ++arrivals;
    }
    benchmark::DoNotOptimize(tokens);
  }
  state.SetItemsProcessed(arrivals);
}

BENCHMARK(BM_TraceReader)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TraceReaderNamedZone)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TraceReplay)->Unit(benchmark::kMillisecond);

}  // namespace
