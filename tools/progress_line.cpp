// Drawing the progress line.
#include "tools/progress_line.h"

#include <cstdio>

#include <fmt/format.h>

namespace fmsim::cli {

ProgressLine::ProgressLine(bool enabled, sim::Duration horizon, std::size_t replications)
    : enabled_(enabled),
      horizon_(horizon),
      done_ns_(replications),
      events_(replications),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void ProgressLine::update(std::size_t replication, sim::SimTime now, std::uint64_t events) {
  if (!enabled_) return;
  done_ns_[replication].store(now.ns(), std::memory_order_relaxed);
  events_[replication].store(events, std::memory_order_relaxed);
  const auto wall = std::chrono::steady_clock::now();
  std::unique_lock lock(draw_mutex_, std::try_to_lock);
  if (!lock.owns_lock() || wall - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = wall;

  double done = 0;
  std::uint64_t ev = 0;
  for (std::size_t i = 0; i < done_ns_.size(); ++i) {
    done += static_cast<double>(done_ns_[i].load(std::memory_order_relaxed));
    ev += events_[i].load(std::memory_order_relaxed);
  }
  const double total = static_cast<double>(horizon_.ns()) * static_cast<double>(done_ns_.size());
  const double frac = total > 0 ? done / total : 1.0;
  const double elapsed = std::chrono::duration<double>(wall - start_).count();
  const double eta = frac > 0 ? elapsed * (1 - frac) / frac : 0;
  std::string reps = done_ns_.size() > 1 ? fmt::format(" x{} replications", done_ns_.size()) : "";
  fmt::print(stderr, "\r\x1b[2K  simulated {} of {}{}  {:5.1f}%  {:.2f}M events/s  ETA {:.0f}s",
             sim::to_string(sim::Duration::nanoseconds(static_cast<std::int64_t>(done / static_cast<double>(done_ns_.size())))),
             sim::to_string(horizon_), reps, 100 * frac, elapsed > 0 ? static_cast<double>(ev) / elapsed / 1e6 : 0.0, eta);
  std::fflush(stderr);
}

void ProgressLine::finish() {
  if (!enabled_) return;
  std::lock_guard lock(draw_mutex_);
  fmt::print(stderr, "\r\x1b[2K");
  std::fflush(stderr);
}

}  // namespace fmsim::cli
