// Daily batch collection (see daily_batch_queue.h).
#include "models/sagemaker/daily_batch_queue.h"

#include <algorithm>
#include <stdexcept>

namespace fmsim::models {

namespace {
constexpr std::int64_t kNsPerMinute = 60'000'000'000;
}

DailyBatchQueue::DailyBatchQueue(ServiceContext& ctx, std::int32_t run_at_minute, Owner& owner)
    : ctx_(ctx), run_at_minute_(run_at_minute), owner_(owner) {
  if (run_at_minute < 0 || run_at_minute >= 1440) throw std::invalid_argument("batch run_at must be 00:00-23:59");
}

void DailyBatchQueue::start() {
  ctx_.sim.schedule_at<&DailyBatchQueue::on_run_event>(next_run(ctx_.sim.now(), last_run_day_), this);
}

void DailyBatchQueue::push(const CallInput& input, CallListener& listener, CallTag tag) {
  const sim::SimTime now = ctx_.sim.now();
  queue_.push_back(PendingCall{&listener, tag, now, input.input_tokens, input.output_tokens});
  if (now == tail_received_) {
    ++tail_count_;
  } else {
    tail_received_ = now;
    tail_count_ = 1;
  }
}

sim::SimTime DailyBatchQueue::next_run(sim::SimTime from, std::int64_t after_day) const {
  const std::int64_t edge = run_at_minute_ * kNsPerMinute;
  sim::SimTime t = from;
  // Local-hour segments are at most an hour long: two days of them always contain the next run.
  for (int i = 0; i < 24 * 3; ++i) {
    const LocalCalendar::Segment seg = ctx_.calendar.segment(t);
    const std::int64_t length = (seg.end - seg.start).ns();
    if (seg.day_index > after_day && edge >= seg.ns_of_day_at_start && edge < seg.ns_of_day_at_start + length) {
      const sim::SimTime at = seg.start + sim::Duration::nanoseconds(edge - seg.ns_of_day_at_start);
      if (at >= from) return at;
    }
    t = seg.end;
  }
  throw std::logic_error("DailyBatchQueue: no run time found within three days");
}

void DailyBatchQueue::on_run_event(std::uint64_t) {
  const sim::SimTime now = ctx_.sim.now();
  last_run_day_ = ctx_.calendar.local(now).day_index;
  // Calls received at this very instant sit at the back (arrival order); they wait for tomorrow.
  const std::size_t at_now = tail_received_ == now ? std::min(tail_count_, queue_.size()) : 0;
  const std::size_t ready = queue_.size() - at_now;
  owner_.on_run(ready);
  ctx_.sim.schedule_at<&DailyBatchQueue::on_run_event>(next_run(now + sim::Duration::nanoseconds(1), last_run_day_),
                                                        this);
}

}  // namespace fmsim::models
