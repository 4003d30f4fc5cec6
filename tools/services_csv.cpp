// services.csv and events.csv rows.
#include "tools/services_csv.h"

#include <fmt/format.h>

namespace fmsim::cli {

namespace {
// A CSV field: quoted when it holds a comma, quote or newline (reasons are free text).
std::string field(std::string_view s) {
  if (s.find_first_of(",\"\n") == std::string_view::npos) return std::string(s);
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}
}  // namespace

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
             field(e.component), field(e.kind), e.from, e.to, field(e.reason));
}

}  // namespace fmsim::cli
