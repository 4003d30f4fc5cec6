// The asynchronous queue pattern (reference R8): client -> queue (SQS) -> Lambda pollers -> model
// -> result store (DynamoDB) -> the client polls for the result.
//
// - call() enqueues a message (a SendMessage request) and is accepted at once; the caller hears
//   back only when a poll of the result store finds the outcome.
// - Pollers (Lambda's event source mapping): up to `max_pollers` batches in flight, each of up to
//   `batch_size` visible messages received together (one ReceiveMessage request). A batch is one
//   invocation of a real LambdaFunction (lambda_function.h: cold starts, concurrency, scale-up,
//   timeout and billing are the function's) whose handler processes the batch's messages one
//   after the other, each with ONE downstream call.
// - Received messages are invisible for the visibility timeout. The handler writes each result
//   (a result-store write) and deletes its message (a DeleteMessage request) as soon as its model
//   call succeeds — the partial-batch pattern, so a later failure in the batch never sends a
//   processed message round again. A failed model call, a throttled invocation or a killed one
//   leaves the message in flight; it becomes visible again when its visibility timeout ends and
//   is received again. A message received `max_receives` times is moved to the dead-letter queue
//   at its next receive (SQS redrive policy). A message older than `max_message_age` is deleted
//   (SQS retention) wherever it is.
// - If a message's visibility timeout ends while a poller still works on it, it may be received
//   again and processed twice (SQS delivers at least once); the first result written counts, the
//   other is wasted work, still billed by the model.
// - The client polls every `poll_interval` from submission; its call completes at the first poll
//   at or after the message's fate: ok (result written), error (dead-lettered; the client is
//   assumed to learn it from a failure record), timed_out (expired). Polls are counted from
//   submission to that poll and billed (one result-store read each) when the call completes;
//   nothing is scheduled per poll.
// - Nothing is lost: each message ends delivered, expired or dead-lettered exactly once;
//   counts() gives the conservation identity submitted = delivered + expired + dead_lettered +
//   pending.
// Not modelled: the event source mapping's empty long polls (a few requests per minute per poller,
// cents per month), its backoff when the function throttles, and SQS's own delivery latency.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "models/core/service.h"
#include "models/core/service_context.h"
#include "models/deployment/deployment_spec.h"
#include "models/entry/lambda_function.h"
#include "models/entry/lambda_handler.h"
#include "sim/ring_queue.h"
#include "sim/slot_pool.h"

namespace fmsim::models {

class QueueEntry final : public Service, private LambdaHandler {
 public:
  static constexpr std::int32_t kMaxBatch = 10;  // SQS ReceiveMessage returns at most 10

  // The function's component name is "function" (its cost lines and metric columns are those of
  // the lambda entry kind).
  QueueEntry(ServiceContext& ctx, std::string name, const QueueSpec& spec, const LambdaSpec& function,
             Service& downstream);
  QueueEntry(const QueueEntry&) = delete;
  QueueEntry& operator=(const QueueEntry&) = delete;

  void start() override;
  void call(const CallInput& input, CallListener& listener, CallTag tag) override;

  struct Counts {
    std::uint64_t submitted = 0;
    std::uint64_t delivered = 0;
    std::uint64_t expired = 0;
    std::uint64_t dead_lettered = 0;
    std::uint64_t answered = 0;             // calls completed (the client's poll found the fate)
    std::uint64_t receives = 0;             // message receives, first and repeated
    std::uint64_t redeliveries = 0;         // visibility timeouts that made a message visible again
    std::uint64_t processing_failures = 0;  // model calls that did not end ok
    std::uint64_t failed_invocations = 0;   // batches whose invocation was throttled, killed or failed
    std::uint64_t duplicates = 0;           // results of messages already settled, discarded
    std::uint64_t pending() const { return submitted - delivered - expired - dead_lettered; }
  };
  const Counts& counts() const { return counts_; }
  std::size_t visible() const { return visible_; }
  std::size_t in_flight() const { return in_flight_; }
  std::int32_t busy_pollers() const { return busy_pollers_; }
  const LambdaFunction& function() const { return function_; }

 private:
  struct Message {
    enum class State : std::uint8_t { visible, in_flight, done };
    CallListener* listener = nullptr;
    CallTag tag = 0;
    CallInput input;
    sim::SimTime submitted;
    std::uint32_t generation = 0;  // 0: free
    std::int32_t receives = 0;
    State state = State::visible;
    CallStatus outcome = CallStatus::ok;
    bool cold_start = false;
    std::int64_t polls = 0;
    sim::EventHandle visibility, expiry;
  };
  struct Batch {
    std::uint32_t generation = 0;  // 0: free
    std::int32_t count = 0;
    std::int32_t next = 0;  // the message being processed
    std::array<std::uint32_t, kMaxBatch> message{};
    std::array<std::uint32_t, kMaxBatch> message_generation{};
    CallListener* done = nullptr;  // the function's invocation
    CallTag done_tag = 0;
    bool cold_start = false;
  };
  struct InvocationListener final : CallListener {
    QueueEntry* self;
    explicit InvocationListener(QueueEntry* s) : self(s) {}
    void on_call_done(CallTag tag, const CallResult& r) override { self->on_invocation_done(tag, r); }
  };
  struct MessageListener final : CallListener {
    QueueEntry* self;
    explicit MessageListener(QueueEntry* s) : self(s) {}
    void on_call_done(CallTag tag, const CallResult& r) override { self->on_message_done(tag, r); }
  };

  void handle(const CallInput& input, std::uint64_t payload, bool cold_start, CallListener& done,
              CallTag tag) override;
  void on_invocation_done(CallTag tag, const CallResult& result);
  void on_message_done(CallTag tag, const CallResult& result);
  void on_visibility_expired(std::uint64_t tag);
  void on_message_expired(std::uint64_t tag);
  void on_client_poll(std::uint64_t tag);

  void dispatch();
  void start_batch();
  void process_next(std::uint32_t batch);
  Message* live_message(CallTag tag);
  Batch* live_batch(CallTag tag);
  // The message's fate is decided now: counted, timers cancelled, the client's poll scheduled.
  void settle(std::uint32_t id, CallStatus status);
  void update_gauges();

  ServiceContext& ctx_;
  std::string name_;
  QueueSpec spec_;
  Service& downstream_;
  LambdaFunction function_;
  InvocationListener invocation_listener_{this};
  MessageListener message_listener_{this};

  sim::SlotPool<Message> messages_;
  sim::SlotPool<Batch> batches_;
  sim::RingQueue<CallTag> ready_;  // (message, generation) in the order they became visible; stale entries skipped
  std::size_t visible_ = 0;
  std::size_t in_flight_ = 0;
  std::int32_t busy_pollers_ = 0;
  bool dispatching_ = false;
  std::uint32_t next_generation_ = 1;
  Counts counts_;

  CostLedger::LineId queue_requests_line_, result_writes_line_, result_reads_line_;
  ServiceMetrics::Counter m_messages_, m_receives_, m_delivered_, m_expired_, m_dead_lettered_, m_redeliveries_,
      m_failures_;
  ServiceMetrics::Gauge g_queue_, g_in_flight_, g_pollers_;
};

}  // namespace fmsim::models
