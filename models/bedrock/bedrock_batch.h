// Bedrock batch inference as a daily job (seed R4): records (requests) arriving through the day
// wait; at the local time `run_at` a job takes the records received before it and processes
// them. Billed per input and output token at the batch price (the reader resolves the catalog's
// batch price, 50 % of on demand, unless the scenario overrides it). No quotas apply.
//
// Throughput model (AWS publishes none; only that a job completes within its window, 24 h):
// - With `tokens_per_minute` set, the job processes its records in order at that rate of input +
//   output tokens after `startup`: record j completes at run + startup + (tokens of records 1..j)
//   / rate. Records that would complete after run + completion_window end timed_out at the
//   window's end and are not billed (AWS bills only processed records).
// - Without it, only the documented bound is known: every record completes at
//   run + completion_window (the worst case the service promises).
// A job still running at the next run time: that run is skipped (event `job_skipped`).
//
// Metrics (`<name>.`): gauge queue_length; counters records, timed_out, jobs, input_tokens,
// output_tokens. Events: job_start, job_end, job_skipped. Cost lines `<name>.input_tokens`,
// `<name>.output_tokens`.
#pragma once

#include <cstdint>
#include <string>

#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "models/sagemaker/daily_batch_queue.h"

namespace fmsim::models {

class BedrockBatch final : public Service, private DailyBatchQueue::Owner {
 public:
  // `model` carries the batch prices (input/output per 1M tokens); throws std::invalid_argument for
  // negative prices, a rate <= 0, a non-positive window.
  BedrockBatch(ServiceContext& ctx, std::string name, const BedrockOnDemandSpec& model, const BatchJobSpec& job);

  void call(const CallInput& input, CallListener& listener, CallTag tag) override;
  void start() override;

  const std::string& name() const { return name_; }
  bool job_running() const { return job_remaining_ > 0; }

 private:
  void on_run(std::size_t ready) override;
  void on_next(std::uint64_t);
  // Schedules the completion of the job's next record (or the window's end).
  void schedule_next();
  void complete(const PendingCall& record, CallStatus status);

  ServiceContext& ctx_;
  std::string name_;
  BedrockOnDemandSpec model_;
  BatchJobSpec job_;
  double input_usd_per_token_, output_usd_per_token_;
  DailyBatchQueue queue_;
  sim::SimTime job_start_, deadline_;
  std::size_t job_remaining_ = 0;
  double tokens_done_ = 0;  // input + output tokens of the job's records so far
  PendingCall in_progress_;  // with a rate: the record whose completion is scheduled
  bool in_progress_on_time_ = true;

  CostLedger::LineId input_line_, output_line_;
  ServiceMetrics::Gauge g_queue_;
  ServiceMetrics::Counter c_records_, c_timed_out_, c_jobs_, c_input_, c_output_;
};

}  // namespace fmsim::models
