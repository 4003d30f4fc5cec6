// timeseries.csv rows.
#include "tools/timeseries_csv.h"

#include <cmath>

#include <fmt/format.h>

#include "tools/csv_number.h"

namespace fmsim::cli {

void TimeseriesCsv::write_header(std::FILE* out) {
  fmt::print(out,
             "replication,window_start_s,window_end_s,local_time,arrivals,ok,throttled,timed_out,error,rejected,"
             "in_flight,in_flight_mean,latency_mean_s,latency_p50_s,latency_p90_s,latency_p99_s,"
             "latency_p999_s,latency_max_s\n");
}

void TimeseriesCsv::on_request_window(const models::RequestWindowRow& row) {
  const auto& w = *row.window;
  const auto& c = w.counts;
  using models::Outcome;
  fmt::print(out_, "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", replication_, row.start.seconds_f(),
             row.end.seconds_f(), local_time_(row.start), c.arrivals, c[Outcome::ok], c[Outcome::throttled], c[Outcome::timed_out],
             c[Outcome::error], c[Outcome::rejected], row.in_system_end, csv_number(row.in_system_mean),
             csv_number(w.latency.mean_seconds()), csv_number(w.latency.quantile(0.5)),
             csv_number(w.latency.quantile(0.9)), csv_number(w.latency.quantile(0.99)),
             csv_number(w.latency.quantile(0.999)), csv_number(w.latency.max_seconds()));
}

}  // namespace fmsim::cli
