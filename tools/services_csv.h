// services.csv: one row per latency window per replication, a column per component measurement
// ("<component>.<metric>", gauges as _mean and _max), streamed as windows close; and events.csv:
// one row per discrete event (scaling actions, schedule changes), streamed as they happen.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "models/metrics/event_log.h"
#include "models/metrics/service_metrics.h"
#include "tools/local_time_text.h"

namespace fmsim::cli {

class ServicesCsv final : public models::ServiceWindowSink {
 public:
  ServicesCsv(std::FILE* out, std::uint64_t replication, LocalTimeText& local_time)
      : out_(out), replication_(replication), local_time_(local_time) {}
  static void write_header(std::FILE* out, const std::vector<models::ServiceMetrics::Column>& columns);
  void on_service_window(sim::SimTime start, sim::SimTime end, std::span<const double> values) override;

 private:
  std::FILE* out_;
  std::uint64_t replication_;
  LocalTimeText& local_time_;
};

class EventsCsv final : public models::EventLogSink {
 public:
  EventsCsv(std::FILE* out, std::uint64_t replication, LocalTimeText& local_time)
      : out_(out), replication_(replication), local_time_(local_time) {}
  static void write_header(std::FILE* out);
  void on_service_event(const models::ServiceEvent& e) override;

 private:
  std::FILE* out_;
  std::uint64_t replication_;
  LocalTimeText& local_time_;
};

}  // namespace fmsim::cli
