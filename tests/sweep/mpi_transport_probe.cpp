// The MPI transport end to end, run by CTest under `mpiexec -n 2` (its own main: MPI has to own the
// process, which GoogleTest's runner does not allow for). Rank 0 hands out items the way a sweep
// does and the other ranks "run" them with a deterministic fake; rank 0 checks that every record
// arrives exactly once with every bit intact (NaNs with payloads, -0, infinities, empty value
// lists), across two batches with an idle gap between them (a plan's rounds: the workers' requests
// wait unanswered), then that a worker's exception comes back as "rank R: what", and that
// stop_workers releases every rank — also ranks that have not asked for work yet (checked first,
// with a coordinator that stops at once while the workers start late). Exit status 0 when all
// holds.
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "tools/sweep/mpi_transport.h"

namespace {

using fmsim::cli::sweep::MpiCoordinator;
using fmsim::cli::sweep::MpiWorld;
using fmsim::cli::sweep::ReplicationRecord;
using fmsim::cli::sweep::WorkItem;

constexpr std::uint64_t kFailingPoint = 999'999;

// What a worker reports for an item: every field a function of (point, replication), and values
// chosen to catch any conversion on the way (a NaN's payload, the sign of zero, subnormals).
ReplicationRecord fake_run(const WorkItem& item) {
  if (item.point == kFailingPoint) throw std::runtime_error("fake failure at point " + std::to_string(item.point));
  ReplicationRecord record;
  record.point = item.point;
  record.replication = item.replication;
  record.seed = 0x9E3779B97F4A7C15ull * (item.point + 1) + item.replication;
  record.events = item.point * 1000 + item.replication;
  record.fingerprint = ~record.seed ^ (item.replication << 40);
  record.conservation_ok = item.point % 3 != 0;
  record.wall_s = 0.001 * static_cast<double>(item.point) + 1e-9 * static_cast<double>(item.replication);
  const std::size_t count = item.point % 5;  // 0..4 values, so empty lists travel too
  const double pool[] = {
      static_cast<double>(item.point) + static_cast<double>(item.replication) / 8.0,
      std::bit_cast<double>(0x7FF8'0000'0000'0000ull | item.point),  // a quiet NaN with a payload
      -0.0,
      std::numeric_limits<double>::infinity() * (item.replication % 2 ? -1.0 : 1.0),
      std::numeric_limits<double>::denorm_min() * static_cast<double>(item.replication + 1),
  };
  for (std::size_t i = 0; i < count; ++i) record.values.push_back(pool[(i + item.replication) % 5]);
  return record;
}

bool same_bits(const ReplicationRecord& a, const ReplicationRecord& b) {
  if (a.point != b.point || a.replication != b.replication || a.seed != b.seed || a.events != b.events ||
      a.fingerprint != b.fingerprint || a.conservation_ok != b.conservation_ok ||
      std::bit_cast<std::uint64_t>(a.wall_s) != std::bit_cast<std::uint64_t>(b.wall_s) || a.values.size() != b.values.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    if (std::bit_cast<std::uint64_t>(a.values[i]) != std::bit_cast<std::uint64_t>(b.values[i])) return false;
  }
  return true;
}

int failures = 0;

void check(bool ok, const std::string& what) {
  if (ok) return;
  ++failures;
  std::fprintf(stderr, "mpi_transport_probe: FAILED: %s\n", what.c_str());
}

using Clock = std::chrono::steady_clock;

// Hands out `items` and polls until each one's record is back; checks each arrives once, intact.
void run_batch(MpiCoordinator& coordinator, std::deque<WorkItem> items, const std::string& name) {
  const std::size_t expected = items.size();
  std::map<std::pair<std::uint64_t, std::uint64_t>, int> arrivals;
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  auto next = [&]() -> std::optional<WorkItem> {
    if (items.empty()) return std::nullopt;
    WorkItem item = items.front();
    items.pop_front();
    return item;
  };
  auto done = [&](ReplicationRecord&& record) {
    const WorkItem item{record.point, record.replication};
    ++arrivals[{item.point, item.replication}];
    check(same_bits(record, fake_run(item)), name + ": record for point " + std::to_string(item.point) + " replication " +
                                                 std::to_string(item.replication) + " changed on the way");
  };
  while ((!items.empty() || coordinator.outstanding() > 0) && Clock::now() < deadline) {
    coordinator.poll(next, done);
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  check(items.empty() && coordinator.outstanding() == 0, name + ": not finished within 60 s");
  check(arrivals.size() == expected, name + ": " + std::to_string(arrivals.size()) + " distinct records for " +
                                         std::to_string(expected) + " items");
  for (const auto& [key, times] : arrivals) {
    check(times == 1, name + ": point " + std::to_string(key.first) + " replication " + std::to_string(key.second) +
                          " arrived " + std::to_string(times) + " times");
  }
  std::printf("mpi_transport_probe: %s: %zu records back\n", name.c_str(), arrivals.size());
}

std::deque<WorkItem> grid(std::uint64_t first_point, std::uint64_t points, std::uint64_t replications) {
  std::deque<WorkItem> items;
  for (std::uint64_t p = first_point; p < first_point + points; ++p) {
    for (std::uint64_t r = 0; r < replications; ++r) items.push_back({p, r});
  }
  return items;
}

int coordinate(const MpiWorld& world) {
  {
    // The workers start serving late (as ranks still preparing a sweep do): stopping must wait for
    // their first requests and answer them, not hang or leave messages behind.
    MpiCoordinator early(world);
    early.stop_workers();
    check(early.outstanding() == 0, "early stop: items outstanding");
    std::printf("mpi_transport_probe: stopped workers that had not asked yet\n");
  }

  MpiCoordinator coordinator(world);
  run_batch(coordinator, grid(0, 50, 4), "batch 1");

  // Nothing to hand out for a while: the workers' requests must wait, not be lost or answered.
  std::size_t handed = 0;
  const auto idle_until = Clock::now() + std::chrono::milliseconds(300);
  while (Clock::now() < idle_until) {
    coordinator.poll([&]() -> std::optional<WorkItem> { ++handed; return std::nullopt; },
                     [&](ReplicationRecord&&) { check(false, "idle: a record arrived with nothing handed out"); });
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  check(handed > 0 && coordinator.outstanding() == 0, "idle: the waiting requests were not offered work");

  run_batch(coordinator, grid(50, 30, 3), "batch 2");

  // One worker's exception comes back through poll, naming the rank.
  std::string failure;
  bool given = false;
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (failure.empty() && Clock::now() < deadline) {
    try {
      coordinator.poll(
          [&]() -> std::optional<WorkItem> {
            if (given) return std::nullopt;
            given = true;
            return WorkItem{kFailingPoint, 0};
          },
          [&](ReplicationRecord&&) { check(false, "failure: a record arrived for the failing item"); });
    } catch (const std::runtime_error& error) {
      failure = error.what();
    }
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
  check(failure.rfind("rank ", 0) == 0 && failure.find(": fake failure at point 999999") != std::string::npos,
        "failure: poll threw \"" + failure + "\"");
  check(coordinator.outstanding() == 0, "failure: the failed item still counts as outstanding");
  std::printf("mpi_transport_probe: failure came back as \"%s\"\n", failure.c_str());

  coordinator.stop_workers();
  coordinator.stop_workers();  // a second call is harmless
  std::printf("mpi_transport_probe: %s\n", failures == 0 ? "all checks passed" : "FAILED");
  return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    MpiWorld world(&argc, &argv);
    if (world.size() < 2) {
      std::fprintf(stderr, "mpi_transport_probe: run me with at least 2 ranks (mpiexec -n 2)\n");
      return 1;
    }
    if (world.rank() != 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      fmsim::cli::sweep::run_mpi_worker(fake_run);  // until the early stop
      fmsim::cli::sweep::run_mpi_worker(fake_run);  // the batches, until the failure or the stop
      return 0;
    }
    return coordinate(world);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "mpi_transport_probe: %s\n", error.what());
    return 1;
  }
}
