// Drawing the sweep progress line.
#include "tools/sweep/sweep_progress.h"

#include <cmath>
#include <cstdio>
#include <string>

#include <fmt/format.h>

namespace fmsim::cli::sweep {

namespace {
std::string duration_text(double s) {
  if (s < 90) return fmt::format("{:.0f}s", s);
  if (s < 5400) return fmt::format("{:.0f}min{:02.0f}s", std::floor(s / 60), std::fmod(s, 60));
  return fmt::format("{:.0f}h{:02.0f}min", std::floor(s / 3600), std::fmod(s, 3600) / 60);
}
}  // namespace

SweepProgress::SweepProgress(bool enabled, std::uint64_t already)
    : enabled_(enabled), already_(already), start_(std::chrono::steady_clock::now()) {}

void SweepProgress::update(std::uint64_t done, std::uint64_t planned, std::uint64_t points_done, std::uint64_t points) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(200) && done < planned) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const auto ran = done > already_ ? done - already_ : 0;
  std::string eta = "ETA --";
  if (ran > 0 && planned >= done) eta = "ETA " + duration_text(elapsed / static_cast<double>(ran) * static_cast<double>(planned - done));
  fmt::print(stderr, "\r\x1b[2K  sweep: {}/{} replications  {}/{} points  {:5.1f}%  {}", done, planned, points_done,
             points, planned ? 100.0 * static_cast<double>(done) / static_cast<double>(planned) : 100.0, eta);
  std::fflush(stderr);
}

void SweepProgress::finish() {
  if (!enabled_) return;
  fmt::print(stderr, "\r\x1b[2K");
  std::fflush(stderr);
}

}  // namespace fmsim::cli::sweep
