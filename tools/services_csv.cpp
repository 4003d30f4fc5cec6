// services.csv and events.csv rows.
#include "tools/services_csv.h"

#include <fmt/format.h>

#include "tools/csv_field.h"

namespace fmsim::cli {

void ServicesCsv::write_header(std::FILE* out, const std::vector<models::ServiceMetrics::Column>& columns) {
  fmt::print(out, "replication,window_start_s,window_end_s,local_time");
  for (const auto& c : columns) fmt::print(out, ",{}.{}", c.component, c.name);
  fmt::print(out, "\n");
}

void ServicesCsv::on_service_window(sim::SimTime start, sim::SimTime end, std::span<const double> values) {
  fmt::print(out_, "{},{},{},{}", replication_, start.seconds_f(), end.seconds_f(), local_time_(start));
  for (double v : values) fmt::print(out_, ",{}", v);
  fmt::print(out_, "\n");
}

void EventsCsv::write_header(std::FILE* out) {
  fmt::print(out, "replication,time_s,local_time,component,event,from,to,reason\n");
}

void EventsCsv::on_service_event(const models::ServiceEvent& e) {
  // Local wall-clock time in the scenario's zone, for reading the log against the day's shape.
  fmt::print(out_, "{},{},{},{},{},{},{},{}\n", replication_, e.time.seconds_f(), local_time_(e.time),
             csv_field(e.component), csv_field(e.kind), e.from, e.to, csv_field(e.reason));
}

}  // namespace fmsim::cli
