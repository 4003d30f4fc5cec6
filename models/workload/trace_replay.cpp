// Trace replay: validating scan, per-copy streaming readers, thinning, and the time-ordered merge.
#include "models/workload/trace_replay.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace fmsim::models {
namespace {

// Past this, nanoseconds would overflow int64: the copy is treated as finished (292 years).
constexpr double kMaxNs = 9.0e18;

}  // namespace

TraceReplay::TraceReplay(const TraceSpec& spec, sim::RandomEngine rng) : spec_(spec), rng_(rng) {
  if (!(spec_.time_scale > 0) || !std::isfinite(spec_.time_scale))
    throw std::invalid_argument(fmt::format("trace {}: time_scale must be > 0", spec_.path));
  if (!(spec_.volume >= 0) || !std::isfinite(spec_.volume))
    throw std::invalid_argument(fmt::format("trace {}: volume must be >= 0", spec_.path));
  if (spec_.offset < sim::Duration::zero())
    throw std::invalid_argument(fmt::format("trace {}: offset must be >= 0", spec_.path));

  // The validating scan: every row is checked before the run starts, and n, S are learnt.
  {
    TraceReader scan(spec_);
    TraceRow row;
    while (scan.next(row)) span_raw_ = row.t_ns;
    trace_rows_ = scan.rows_read();
    skipped_rows_ = scan.skipped_rows();
    class_names_ = scan.class_names();
  }
  gap_raw_ = trace_rows_ > 1 ? span_raw_ / static_cast<std::int64_t>(trace_rows_ - 1) : 0;
  period_raw_ = span_raw_ + gap_raw_;
  if (spec_.loop && period_raw_ <= 0)
    throw TraceError(fmt::format("{}: cannot loop a trace whose rows all have the same timestamp", spec_.path));

  const double whole = std::floor(spec_.volume);
  const double frac = spec_.volume - whole;
  const auto full = static_cast<std::size_t>(whole);
  const std::size_t n = full + (frac > 0 ? 1 : 0);
  // Many copies share a few MiB of buffers rather than taking 1 MiB each.
  const std::size_t buffer = std::clamp<std::size_t>((std::size_t{4} << 20) / std::max<std::size_t>(n, 1),
                                                     std::size_t{64} << 10, TraceReader::default_buffer_bytes);
  copies_.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    Copy& c = copies_[k];
    c.reader = std::make_unique<TraceReader>(spec_, buffer);
    c.shift_ns = gap_raw_ * static_cast<std::int64_t>(k) / static_cast<std::int64_t>(n);
    c.keep = k < full ? 1.0 : frac;
  }
  for (std::size_t k = 0; k < n; ++k) {
    if (!advance(k)) continue;
    heap_.push_back(k);
  }
  auto later = [this](std::size_t a, std::size_t b) {
    const auto ta = copies_[a].head.time, tb = copies_[b].head.time;
    return ta != tb ? ta > tb : a > b;
  };
  std::make_heap(heap_.begin(), heap_.end(), later);
}

TraceReplay::~TraceReplay() = default;

sim::Duration TraceReplay::span() const { return sim::Duration::nanoseconds(to_sim_ns(span_raw_)); }
sim::Duration TraceReplay::period() const { return sim::Duration::nanoseconds(to_sim_ns(period_raw_)); }

std::int64_t TraceReplay::to_sim_ns(std::int64_t raw_ns) const {
  if (spec_.time_scale == 1.0) return raw_ns;
  return static_cast<std::int64_t>(std::llround(static_cast<double>(raw_ns) * spec_.time_scale));
}

bool TraceReplay::advance(std::size_t k) {
  Copy& c = copies_[k];
  TraceRow row;
  for (;;) {
    if (!c.reader->next(row)) {
      if (!spec_.loop) return false;
      c.reader->rewind();
      ++c.cycle;
      continue;
    }
    ++rows_read_;
    if (c.keep < 1.0 && !boost::random::bernoulli_distribution<double>(c.keep)(rng_)) continue;
    const double raw = static_cast<double>(row.t_ns) + static_cast<double>(c.cycle) * static_cast<double>(period_raw_) +
                       static_cast<double>(c.shift_ns);
    if (raw * spec_.time_scale + static_cast<double>(spec_.offset.ns()) >= kMaxNs) return false;
    const std::int64_t raw_ns = row.t_ns + c.cycle * period_raw_ + c.shift_ns;
    c.head.time = sim::SimTime::zero() + spec_.offset + sim::Duration::nanoseconds(to_sim_ns(raw_ns));
    c.head.input_tokens = row.input_tokens;
    c.head.output_tokens = row.output_tokens;
    c.head.class_index = row.class_index;
    return true;
  }
}

bool TraceReplay::next(Arrival& out) {
  if (heap_.empty()) return false;
  auto later = [this](std::size_t a, std::size_t b) {
    const auto ta = copies_[a].head.time, tb = copies_[b].head.time;
    return ta != tb ? ta > tb : a > b;
  };
  std::pop_heap(heap_.begin(), heap_.end(), later);
  const std::size_t k = heap_.back();
  out = copies_[k].head;
  if (advance(k)) {
    std::push_heap(heap_.begin(), heap_.end(), later);
  } else {
    heap_.pop_back();
  }
  return true;
}

}  // namespace fmsim::models
