// SageMaker batch transform as a daily job (seed R4): requests (documents) arriving through the
// day wait; at the local time `run_at` a job launches `instances` instances, which after
// `startup` process the documents received before the run, each instance one document at a time
// at documents_per_s_per_instance. A request completes (ok) when its document is done.
//
// - Work sharing: an instance takes the next document of the job as soon as it finishes one, so
//   with deterministic per-document times the k-th document of an instance completes at
//   run + startup + k / rate (computed from k, so no drift over millions of documents).
// - Billing: per instance from launch until it finds the job's documents exhausted, rounded up to
//   the whole second (per-second billing), at price_per_instance_hour. The rate shows in the cost
//   series while instances run; the rounding is charged when each instance stops.
// - A job still running at the next run time: that run is skipped (event `job_skipped`); its
//   documents wait for the following day. A run with no documents launches nothing.
//
// Metrics (`<name>.`): gauges instances, queue_length (documents waiting or in the job); counters
// documents, jobs. Events: job_start (0 -> instances), job_end, job_skipped. Cost line
// `<name>.instances`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "models/sagemaker/daily_batch_queue.h"

namespace fmsim::models {

class BatchTransform final : public Service, private DailyBatchQueue::Owner {
 public:
  // Throws std::invalid_argument for instances < 1, a rate <= 0, negative startup or price.
  BatchTransform(ServiceContext& ctx, std::string name, const BatchJobSpec& spec);

  void call(const CallInput& input, CallListener& listener, CallTag tag) override;
  void start() override;

  const std::string& name() const { return name_; }
  bool job_running() const { return running_ > 0; }
  std::int32_t instances_running() const { return running_; }

 private:
  struct Instance {
    PendingCall doc;
    bool has_doc = false;
    std::int64_t done = 0;  // documents finished in this job
  };

  void on_run(std::size_t ready) override;
  void on_started(std::uint64_t);
  void on_document_done(std::uint64_t instance);
  // Gives the instance its next document, or stops it when the job has none left.
  void next_document(std::int32_t instance);
  void stop(std::int32_t instance);
  void gauges();

  ServiceContext& ctx_;
  std::string name_;
  BatchJobSpec spec_;
  double ns_per_document_;
  DailyBatchQueue queue_;
  std::vector<Instance> instances_;
  sim::SimTime job_start_;       // launch time of the running job
  std::size_t job_remaining_ = 0;  // documents of the running job not yet taken
  std::int32_t running_ = 0;

  CostLedger::LineId cost_line_;
  ServiceMetrics::Gauge g_instances_, g_queue_;
  ServiceMetrics::Counter c_documents_, c_jobs_;
};

}  // namespace fmsim::models
