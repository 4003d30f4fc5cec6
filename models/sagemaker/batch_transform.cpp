// SageMaker batch transform (see batch_transform.h).
#include "models/sagemaker/batch_transform.h"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace fmsim::models {

BatchTransform::BatchTransform(ServiceContext& ctx, std::string name, const BatchJobSpec& spec)
    : ctx_(ctx),
      name_(std::move(name)),
      spec_(spec),
      ns_per_document_(1e9 / spec.documents_per_s_per_instance),
      queue_(ctx, spec.run_at_minute, *this) {
  if (spec.instances < 1) throw std::invalid_argument("batch transform needs at least one instance");
  if (!(spec.documents_per_s_per_instance > 0) || !std::isfinite(ns_per_document_))
    throw std::invalid_argument("batch transform documents_per_s_per_instance must be > 0");
  if (spec.startup < sim::Duration::zero()) throw std::invalid_argument("batch transform startup must be >= 0");
  if (spec.price_per_instance_hour_usd < 0) throw std::invalid_argument("batch transform price must be >= 0");
  instances_.resize(static_cast<std::size_t>(spec.instances));
  cost_line_ = ctx.cost.add_line(name_ + ".instances");
  g_instances_ = ctx.metrics.add_gauge(name_, "instances");
  g_queue_ = ctx.metrics.add_gauge(name_, "queue_length");
  c_documents_ = ctx.metrics.add_counter(name_, "documents");
  c_jobs_ = ctx.metrics.add_counter(name_, "jobs");
}

void BatchTransform::start() { queue_.start(); }

void BatchTransform::call(const CallInput& input, CallListener& listener, CallTag tag) {
  queue_.push(input, listener, tag);
  gauges();
}

void BatchTransform::on_run(std::size_t ready) {
  const sim::SimTime now = ctx_.sim.now();
  if (running_ > 0) {
    ctx_.events.record({now, name_, "job_skipped", static_cast<double>(ready), static_cast<double>(ready),
                        "the previous job is still running"});
    return;
  }
  if (ready == 0) return;
  job_start_ = now;
  job_remaining_ = ready;
  running_ = spec_.instances;
  for (Instance& i : instances_) i = Instance{};
  ctx_.metrics.add(now, c_jobs_);
  ctx_.cost.set_rate(now, cost_line_, running_ * spec_.price_per_instance_hour_usd);
  ctx_.events.record({now, name_, "job_start", 0, static_cast<double>(running_),
                      fmt::format("{} documents", ready)});
  ctx_.sim.schedule_in<&BatchTransform::on_started>(spec_.startup, this);
  gauges();
}

void BatchTransform::on_started(std::uint64_t) {
  for (std::int32_t i = 0; i < spec_.instances; ++i) next_document(i);
  gauges();
}

void BatchTransform::next_document(std::int32_t index) {
  Instance& inst = instances_[static_cast<std::size_t>(index)];
  if (job_remaining_ == 0) {
    stop(index);
    return;
  }
  --job_remaining_;
  inst.doc = queue_.pop();
  inst.has_doc = true;
  // The k-th document of this instance ends at launch + startup + k / rate, from k: no drift.
  const std::int64_t k = inst.done + 1;
  const sim::SimTime at = job_start_ + spec_.startup +
                          sim::Duration::nanoseconds(std::llround(static_cast<double>(k) * ns_per_document_));
  ctx_.sim.schedule_at<&BatchTransform::on_document_done>(at, this, static_cast<std::uint64_t>(index));
}

void BatchTransform::on_document_done(std::uint64_t index) {
  const sim::SimTime now = ctx_.sim.now();
  Instance& inst = instances_[index];
  const PendingCall doc = inst.doc;
  inst.has_doc = false;
  ++inst.done;
  ctx_.metrics.add(now, c_documents_);
  next_document(static_cast<std::int32_t>(index));
  gauges();
  CallResult r;
  r.first_token_at = now;  // a batch result arrives whole
  doc.listener->on_call_done(doc.tag, r);
}

void BatchTransform::stop(std::int32_t) {
  const sim::SimTime now = ctx_.sim.now();
  --running_;
  ctx_.cost.set_rate(now, cost_line_, running_ * spec_.price_per_instance_hour_usd);
  // Per-second billing: the rate covered the exact run time; charge the rest of the last second.
  const std::int64_t ns = (now - job_start_).ns();
  const std::int64_t whole_s = (ns + 999'999'999) / 1'000'000'000;
  const double extra_s = static_cast<double>(whole_s) - static_cast<double>(ns) / 1e9;
  if (extra_s > 0) ctx_.cost.charge(now, cost_line_, extra_s * spec_.price_per_instance_hour_usd / 3600.0);
  if (running_ == 0)
    ctx_.events.record({now, name_, "job_end", static_cast<double>(spec_.instances), 0,
                        fmt::format("{:.3f} h after launch", static_cast<double>(ns) / 3.6e12)});
}

void BatchTransform::gauges() {
  const sim::SimTime now = ctx_.sim.now();
  ctx_.metrics.set(now, g_instances_, running_);
  std::size_t in_job = 0;
  for (const Instance& i : instances_) in_job += i.has_doc ? 1 : 0;
  ctx_.metrics.set(now, g_queue_, static_cast<double>(queue_.size() + in_job));
}

}  // namespace fmsim::models
