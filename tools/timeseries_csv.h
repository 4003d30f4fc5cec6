// timeseries.csv: one row per closed latency window, streamed as windows close. Columns are
// documented in docs/outputs.md; an empty latency cell means no request ended ok in the window.
#pragma once

#include <cstdint>
#include <cstdio>

#include "models/metrics/request_metrics.h"
#include "tools/local_time_text.h"

namespace fmsim::cli {

class TimeseriesCsv final : public models::RequestWindowSink {
 public:
  TimeseriesCsv(std::FILE* out, std::uint64_t replication, LocalTimeText& local_time)
      : out_(out), replication_(replication), local_time_(local_time) {}
  static void write_header(std::FILE* out);
  void on_request_window(const models::RequestWindowRow& row) override;

 private:
  std::FILE* out_;
  std::uint64_t replication_;
  LocalTimeText& local_time_;
};

}  // namespace fmsim::cli
