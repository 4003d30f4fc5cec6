// Bedrock batch inference (see bedrock_batch.h).
#include "models/bedrock/bedrock_batch.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace fmsim::models {

BedrockBatch::BedrockBatch(ServiceContext& ctx, std::string name, const BedrockOnDemandSpec& model,
                           const BatchJobSpec& job)
    : ctx_(ctx),
      name_(std::move(name)),
      model_(model),
      job_(job),
      input_usd_per_token_(model.input_usd_per_mtok / 1e6),
      output_usd_per_token_(model.output_usd_per_mtok / 1e6),
      queue_(ctx, job.run_at_minute, *this) {
  if (model.input_usd_per_mtok < 0 || model.output_usd_per_mtok < 0)
    throw std::invalid_argument("Bedrock batch prices must be >= 0");
  if (job.tokens_per_minute && !(*job.tokens_per_minute > 0))
    throw std::invalid_argument("Bedrock batch tokens_per_minute must be > 0");
  if (job.completion_window <= sim::Duration::zero())
    throw std::invalid_argument("Bedrock batch completion_window must be > 0");
  if (job.startup < sim::Duration::zero()) throw std::invalid_argument("Bedrock batch startup must be >= 0");
  input_line_ = ctx.cost.add_line(name_ + ".input_tokens");
  output_line_ = ctx.cost.add_line(name_ + ".output_tokens");
  g_queue_ = ctx.metrics.add_gauge(name_, "queue_length");
  c_records_ = ctx.metrics.add_counter(name_, "records");
  c_timed_out_ = ctx.metrics.add_counter(name_, "timed_out");
  c_jobs_ = ctx.metrics.add_counter(name_, "jobs");
  c_input_ = ctx.metrics.add_counter(name_, "input_tokens");
  c_output_ = ctx.metrics.add_counter(name_, "output_tokens");
}

void BedrockBatch::start() { queue_.start(); }

void BedrockBatch::call(const CallInput& input, CallListener& listener, CallTag tag) {
  queue_.push(input, listener, tag);
  ctx_.metrics.set(ctx_.sim.now(), g_queue_, static_cast<double>(queue_.size()));
}

void BedrockBatch::on_run(std::size_t ready) {
  const sim::SimTime now = ctx_.sim.now();
  if (job_remaining_ > 0) {
    ctx_.events.record({now, name_, "job_skipped", static_cast<double>(ready), static_cast<double>(ready),
                        "the previous job is still running"});
    return;
  }
  if (ready == 0) return;
  job_start_ = now;
  deadline_ = now + job_.completion_window;
  job_remaining_ = ready;
  tokens_done_ = 0;
  ctx_.metrics.add(now, c_jobs_);
  ctx_.events.record({now, name_, "job_start", 0, static_cast<double>(ready), fmt::format("{} records", ready)});
  schedule_next();
}

void BedrockBatch::schedule_next() {
  sim::SimTime at = deadline_;
  if (job_.tokens_per_minute) {
    // Peek at the next record's tokens: it is the queue's head (the job's records come first).
    const PendingCall next = queue_.pop();
    const double tokens = static_cast<double>(std::max<std::int64_t>(0, next.input_tokens) +
                                              std::max<std::int64_t>(0, next.output_tokens));
    tokens_done_ += tokens;
    const sim::SimTime done =
        job_start_ + job_.startup + sim::Duration::from_seconds(tokens_done_ * 60.0 / *job_.tokens_per_minute);
    at = std::min(done, deadline_);
    // Keep the record until its completion event: it is the only one in progress.
    in_progress_ = next;
    in_progress_on_time_ = done <= deadline_;
  }
  ctx_.sim.schedule_at<&BedrockBatch::on_next>(at, this);
}

void BedrockBatch::on_next(std::uint64_t) {
  const sim::SimTime now = ctx_.sim.now();
  if (!job_.tokens_per_minute || !in_progress_on_time_) {
    // The window's end: without a rate every record completes now; with one, the rest time out.
    const CallStatus status = job_.tokens_per_minute ? CallStatus::timed_out : CallStatus::ok;
    if (job_.tokens_per_minute) {
      --job_remaining_;
      complete(in_progress_, status);
    }
    while (job_remaining_ > 0) {
      --job_remaining_;
      complete(queue_.pop(), status);
    }
  } else {
    --job_remaining_;
    complete(in_progress_, CallStatus::ok);
    if (job_remaining_ > 0) {
      schedule_next();
      return;
    }
  }
  ctx_.events.record({now, name_, "job_end", 0, 0,
                      fmt::format("{:.3f} h after the run started", (now - job_start_).seconds_f() / 3600.0)});
}

void BedrockBatch::complete(const PendingCall& record, CallStatus status) {
  const sim::SimTime now = ctx_.sim.now();
  CallResult r;
  r.status = status;
  if (status == CallStatus::ok) {
    const std::int64_t in = std::max<std::int64_t>(0, record.input_tokens);
    const std::int64_t out = std::max<std::int64_t>(0, record.output_tokens);
    ctx_.cost.charge(now, input_line_, static_cast<double>(in) * input_usd_per_token_);
    ctx_.cost.charge(now, output_line_, static_cast<double>(out) * output_usd_per_token_);
    ctx_.metrics.add(now, c_records_);
    ctx_.metrics.add(now, c_input_, static_cast<double>(in));
    ctx_.metrics.add(now, c_output_, static_cast<double>(out));
    r.first_token_at = now;  // a batch result arrives whole
  } else {
    ctx_.metrics.add(now, c_timed_out_);
  }
  ctx_.metrics.set(now, g_queue_, static_cast<double>(queue_.size()));
  record.listener->on_call_done(record.tag, r);
}

}  // namespace fmsim::models
