// GpuServer: shared-speed progress of the requests in service, one pending milestone event.
#include "models/sagemaker/gpu_server.h"

#include <algorithm>
#include <stdexcept>

namespace fmsim::models {

GpuServer::GpuServer(sim::Simulator& sim, const GpuServerSpec& spec, GpuServerListener& listener)
    : sim_(sim),
      listener_(listener),
      max_concurrency_(spec.max_concurrency),
      itl0_s_(spec.inter_token_latency.seconds_f()),
      slope_s_(spec.inter_token_slope.seconds_f()),
      ceiling_(spec.max_output_tokens_per_s),
      ttft_base_s_(spec.ttft_base.seconds_f()),
      prefill_per_s_(spec.prefill_tokens_per_s) {
  if (max_concurrency_ < 1) throw std::invalid_argument("GpuServer: max_concurrency must be >= 1");
  if (!(itl0_s_ > 0) || !(slope_s_ >= 0) || !(ceiling_ > 0) || !(ttft_base_s_ >= 0) || !(prefill_per_s_ > 0)) {
    throw std::invalid_argument("GpuServer: latencies and rates must be positive");
  }
  speed_.assign(static_cast<std::size_t>(max_concurrency_) + 1, 0.0);
  const double itl1 = inter_token_latency_s(1);
  for (std::int32_t n = 1; n <= max_concurrency_; ++n) speed_[static_cast<std::size_t>(n)] = itl1 / inter_token_latency_s(n);
  slots_.resize(static_cast<std::size_t>(max_concurrency_));
}

GpuServer::~GpuServer() { sim_.cancel(pending_); }

double GpuServer::inter_token_latency_s(std::int32_t n) const {
  return std::max(itl0_s_ + slope_s_ * (n - 1), n / ceiling_);
}

double GpuServer::inter_token_latency_s(const GpuServerSpec& spec, std::int32_t n) {
  return std::max(spec.inter_token_latency.seconds_f() + spec.inter_token_slope.seconds_f() * (n - 1),
                  n / spec.max_output_tokens_per_s);
}

GpuServer::Work GpuServer::work_for(const GpuServerSpec& spec, std::int64_t input_tokens, std::int64_t output_tokens) {
  Work w;
  w.prefill_s = spec.ttft_base.seconds_f() +
                static_cast<double>(std::max<std::int64_t>(input_tokens, 0)) / spec.prefill_tokens_per_s;
  w.decode_s = static_cast<double>(std::max<std::int64_t>(output_tokens - 1, 0)) * inter_token_latency_s(spec, 1);
  return w;
}

void GpuServer::advance() {
  const sim::SimTime now = sim_.now();
  if (n_ > 0 && now > last_) {
    const double progress = (now - last_).seconds_f() * speed_[static_cast<std::size_t>(n_)];
    for (std::int32_t i = 0; i < n_; ++i) slots_[static_cast<std::size_t>(i)].remaining -= progress;
  }
  last_ = now;
}

void GpuServer::admit(std::uint32_t job, Work work) {
  if (full()) throw std::logic_error("GpuServer::admit: no free place");
  advance();
  slots_[static_cast<std::size_t>(n_)] = Slot{job, false, std::max(work.prefill_s, 0.0), std::max(work.decode_s, 0.0)};
  ++n_;
  if (!in_event_) reschedule();
}

bool GpuServer::remove(std::uint32_t job) {
  for (std::int32_t i = 0; i < n_; ++i) {
    if (slots_[static_cast<std::size_t>(i)].job == job) {
      advance();
      erase(i);
      if (!in_event_) reschedule();
      return true;
    }
  }
  return false;
}

void GpuServer::erase(std::int32_t i) {
  slots_[static_cast<std::size_t>(i)] = slots_[static_cast<std::size_t>(n_ - 1)];
  --n_;
}

void GpuServer::reschedule() {
  sim_.cancel(pending_);
  pending_ = {};
  if (n_ == 0) return;
  double least = slots_[0].remaining;
  for (std::int32_t i = 1; i < n_; ++i) least = std::min(least, slots_[static_cast<std::size_t>(i)].remaining);
  const sim::Duration d = sim::Duration::from_seconds(std::max(least, 0.0) / speed_[static_cast<std::size_t>(n_)]);
  pending_ = sim_.schedule_in<&GpuServer::on_milestone>(d, this, 0);
}

void GpuServer::on_milestone(std::uint64_t) {
  pending_ = {};
  advance();
  in_event_ = true;
  // Every milestone due now, one at a time: a completion changes n and so the speed, and the
  // listener may admit or remove jobs in its callbacks. "Due" means its time rounds to now; the
  // rounding of event times to whole nanoseconds leaves the one that fired within half a
  // nanosecond of zero work, on either side.
  while (n_ > 0) {
    std::int32_t first = 0;
    for (std::int32_t i = 1; i < n_; ++i) {
      if (slots_[static_cast<std::size_t>(i)].remaining < slots_[static_cast<std::size_t>(first)].remaining) first = i;
    }
    Slot& s = slots_[static_cast<std::size_t>(first)];
    if (sim::Duration::from_seconds(s.remaining / speed_[static_cast<std::size_t>(n_)]) > sim::Duration::zero()) break;
    const std::uint32_t job = s.job;
    if (!s.decoding) {
      s.decoding = true;
      s.remaining = s.decode;
      listener_.on_first_token(job);
      continue;  // a decode part of zero finishes in the next pass
    }
    erase(first);
    listener_.on_finished(job);
  }
  in_event_ = false;
  reschedule();
}

}  // namespace fmsim::models
