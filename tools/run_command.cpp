// Running replications on threads and writing outputs.
//
// Each replication streams its windows into its own anonymous temporary file as they close;
// when all are done the parts are concatenated in replication order into NAME.partial, which is
// renamed into place. Output bytes therefore do not depend on the thread count or timing.
#include "tools/run_command.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "models/run/replication.h"
#include "models/scenario/scenario_loader.h"
#include "models/workload/trace_reader.h"
#include "tools/atomic_file.h"
#include "tools/cost_csv.h"
#include "tools/output_directory.h"
#include "tools/plot_command.h"
#include "tools/progress_line.h"
#include "tools/services_csv.h"
#include "tools/slo_windows.h"
#include "tools/summary_json.h"
#include "tools/sweep/window_extremes.h"
#include "tools/targets_csv.h"
#include "tools/terminal_summary.h"
#include "tools/timeseries_csv.h"

namespace fmsim::cli {

namespace {

struct TempFile {
  std::FILE* f = std::tmpfile();
  TempFile() {
    if (!f) throw std::runtime_error("cannot create a temporary file for replication output");
  }
  ~TempFile() {
    if (f) std::fclose(f);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
};

void append(std::FILE* to, std::FILE* from) {
  std::rewind(from);
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, from)) > 0) std::fwrite(buf, 1, n, to);
}

struct ReplicationOutput {
  TempFile timeseries;
  TempFile cost;
  TempFile services;
  TempFile events;
  TempFile targets;
  models::ReplicationResult result;
  SloWindowCounts slo;
  sweep::WindowExtremes windows;
  double wall_s = 0;
  std::vector<std::string> cost_lines;
  std::vector<models::ServiceMetrics::Column> service_columns;
};

std::vector<models::Override> overrides_from(const RunOptions& o) {
  std::vector<models::Override> v;
  for (const auto& s : o.sets) v.push_back(models::parse_override(s));
  if (o.seed) v.push_back({"seed", std::to_string(*o.seed)});
  if (o.horizon) v.push_back({"horizon", *o.horizon});
  return v;
}

}  // namespace

int run_command(const RunOptions& options) {
  models::Scenario scenario;
  try {
    scenario = models::load_scenario(options.scenario_path, overrides_from(options));
  } catch (const models::ScenarioError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 2;
  }
  if (options.replications < 1) {
    fmt::print(stderr, "--replications: must be at least 1\n");
    return 2;
  }

  const std::string out_dir = options.out_dir.empty() ? default_output_directory(scenario.name) : options.out_dir;
  try {
    std::filesystem::create_directories(out_dir);
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: cannot create the output directory: {}\n", out_dir, e.what());
    return 1;
  }

  const std::size_t reps = options.replications;
  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, reps));
  spdlog::info("scenario '{}' ({}): horizon {}, {} replication(s) on {} thread(s), seed {}", scenario.name,
               scenario.source_path, sim::to_string(scenario.horizon), reps, jobs, scenario.seed);

  std::vector<std::unique_ptr<ReplicationOutput>> outputs(reps);
  ProgressLine progress(options.progress, scenario.horizon, reps);
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;

  std::vector<std::string> target_names;
  for (const auto& t : scenario.deployment.targets) target_names.push_back(t.name);

  auto worker = [&] {
    for (std::size_t r; (r = next.fetch_add(1)) < reps;) {
      try {
        auto out = std::make_unique<ReplicationOutput>();
        // One local-time formatter per replication: every file's local_time cells come from it.
        LocalTimeText local_time(scenario.calendar);
        TimeseriesCsv ts(out->timeseries.f, r, local_time);
        sweep::WindowExtremesTally windows(&ts);
        SloWindowTally slo(scenario.slo, &windows);
        CostCsv cost(out->cost.f, r, local_time, target_names);
        ServicesCsv services(out->services.f, r, local_time);
        EventsCsv events(out->events.f, r, local_time);
        TargetsCsv targets(out->targets.f, r, local_time, target_names);
        models::Replication replication(scenario, r, {&slo, &cost, &services, &events, &targets});
        cost.bind(replication.cost_ledger());
        out->service_columns = replication.service_metrics().columns();
        const auto t0 = std::chrono::steady_clock::now();
        out->result = replication.run([&](sim::SimTime now) {
          progress.update(r, now, replication.simulator().events_processed());
        });
        out->wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        out->slo = slo.counts();
        out->windows = windows.extremes();
        for (const auto& [name, usd] : out->result.cost_by_line) out->cost_lines.push_back(name);
        outputs[r] = std::move(out);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next.store(reps);
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < jobs; ++i) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  progress.finish();
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const models::TraceError& e) {
      // A bad trace is bad input, reported as FILE:LINE: what is wrong.
      fmt::print(stderr, "{}\n", e.what());
      return 2;
    } catch (const std::exception& e) {
      fmt::print(stderr, "fmsim: run failed: {}\n", e.what());
      return 1;
    }
  }
  if (const auto skipped = outputs.front()->result.trace_rows_skipped; skipped > 0) {
    spdlog::warn("{}: {} malformed trace row(s) skipped (bad_rows: skip)", scenario.workload.arrivals.trace.path,
                 skipped);
  }

  try {
    AtomicFile timeseries(out_dir + "/timeseries.csv");
    TimeseriesCsv::write_header(timeseries.handle());
    AtomicFile cost(out_dir + "/cost.csv");
    CostCsv::write_header(cost.handle(), outputs.front()->cost_lines, target_names);
    AtomicFile services(out_dir + "/services.csv");
    ServicesCsv::write_header(services.handle(), outputs.front()->service_columns);
    AtomicFile events(out_dir + "/events.csv");
    EventsCsv::write_header(events.handle());
    AtomicFile targets(out_dir + "/targets.csv");
    TargetsCsv::write_header(targets.handle());
    std::vector<models::ReplicationResult> results;
    std::vector<SloWindowCounts> slo;
    std::vector<sweep::WindowExtremes> windows;
    nlohmann::ordered_json per_rep = nlohmann::ordered_json::array();
    for (auto& out : outputs) {
      append(timeseries.handle(), out->timeseries.f);
      append(cost.handle(), out->cost.f);
      append(services.handle(), out->services.f);
      append(events.handle(), out->events.f);
      append(targets.handle(), out->targets.f);
      per_rep.push_back(replication_summary(scenario, out->result, RunTiming{out->wall_s}, out->slo, out->windows));
      results.push_back(std::move(out->result));
      slo.push_back(out->slo);
      windows.push_back(out->windows);
    }
    nlohmann::ordered_json summary;
    if (reps == 1) {
      summary = per_rep.front();
    } else {
      bool all_ok = true;
      for (const auto& r : results) all_ok = all_ok && r.conservation_ok;
      summary["scenario"] = per_rep.front()["scenario"];
      summary["conservation_ok"] = all_ok;
      summary["across_replications"] = across_replications(scenario, results, slo, windows);
      summary["replications"] = per_rep;
    }
    AtomicFile summary_file(out_dir + "/summary.json");
    const std::string text = summary.dump(2) + "\n";
    std::fwrite(text.data(), 1, text.size(), summary_file.handle());
    // summary.json last: its presence means the directory is complete.
    timeseries.commit();
    cost.commit();
    services.commit();
    events.commit();
    targets.commit();
    summary_file.commit();
    if (options.print_summary) print_terminal_summary(stdout, scenario, results, slo, out_dir);
    for (const auto& r : results) {
      if (!r.conservation_ok) {
        fmt::print(stderr, "fmsim: conservation identity violated in replication {}\n", r.replication);
        return 1;
      }
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "fmsim: {}\n", e.what());
    return 1;
  }
  return options.plot ? plot_command(PlotOptions{.out_dir = out_dir, .replication = 0, .plots_dir = {}}) : 0;
}

int validate_command(const std::string& scenario_path, const std::vector<std::string>& sets) {
  try {
    std::vector<models::Override> overrides;
    for (const auto& s : sets) overrides.push_back(models::parse_override(s));
    const auto s = models::load_scenario(scenario_path, overrides);
    fmt::print("{}: ok — scenario '{}', horizon {}, seed {}\n", scenario_path, s.name, sim::to_string(s.horizon),
               s.seed);
    return 0;
  } catch (const models::ScenarioError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return 2;
  }
}

}  // namespace fmsim::cli
