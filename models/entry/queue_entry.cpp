// QueueEntry: messages, pollers, visibility, redrive, retention and the client's polls.
#include "models/entry/queue_entry.h"

#include <algorithm>
#include <stdexcept>

namespace fmsim::models {

QueueEntry::QueueEntry(ServiceContext& ctx, std::string name, const QueueSpec& spec, const LambdaSpec& function,
                       Service& downstream)
    : ctx_(ctx),
      name_(std::move(name)),
      spec_(spec),
      downstream_(downstream),
      function_(ctx, "function", function, static_cast<LambdaHandler&>(*this)) {
  if (spec_.batch_size < 1 || spec_.batch_size > kMaxBatch)
    throw std::invalid_argument("QueueEntry: batch size must be 1-10");
  if (spec_.max_pollers < 1) throw std::invalid_argument("QueueEntry: max pollers must be >= 1");
  if (spec_.max_receives < 1) throw std::invalid_argument("QueueEntry: max receives must be >= 1");
  if (spec_.poll_interval <= sim::Duration::zero()) throw std::invalid_argument("QueueEntry: poll interval must be > 0");
  if (spec_.max_message_age <= sim::Duration::zero())
    throw std::invalid_argument("QueueEntry: max message age must be > 0");
  if (spec_.visibility_timeout < sim::Duration::zero())
    throw std::invalid_argument("QueueEntry: visibility timeout must be >= 0");
  queue_requests_line_ = ctx.cost.add_line(name_ + ".queue_requests");
  result_writes_line_ = ctx.cost.add_line(name_ + ".result_writes");
  result_reads_line_ = ctx.cost.add_line(name_ + ".result_reads");
  m_messages_ = ctx.metrics.add_counter(name_, "messages");
  m_receives_ = ctx.metrics.add_counter(name_, "receives");
  m_delivered_ = ctx.metrics.add_counter(name_, "delivered");
  m_expired_ = ctx.metrics.add_counter(name_, "expired");
  m_dead_lettered_ = ctx.metrics.add_counter(name_, "dead_lettered");
  m_redeliveries_ = ctx.metrics.add_counter(name_, "redeliveries");
  m_failures_ = ctx.metrics.add_counter(name_, "processing_failures");
  g_queue_ = ctx.metrics.add_gauge(name_, "queue_length");
  g_in_flight_ = ctx.metrics.add_gauge(name_, "in_flight");
  g_pollers_ = ctx.metrics.add_gauge(name_, "busy_pollers");
}

void QueueEntry::start() { function_.start(); }

QueueEntry::Message* QueueEntry::live_message(CallTag tag) {
  const std::uint32_t slot = tag_slot(tag);
  if (slot >= messages_.capacity()) return nullptr;
  Message& m = messages_[slot];
  if (m.generation == 0 || m.generation != tag_generation(tag)) return nullptr;
  return &m;
}

QueueEntry::Batch* QueueEntry::live_batch(CallTag tag) {
  const std::uint32_t slot = tag_slot(tag);
  if (slot >= batches_.capacity()) return nullptr;
  Batch& b = batches_[slot];
  if (b.generation == 0 || b.generation != tag_generation(tag)) return nullptr;
  return &b;
}

// ---------------------------------------------------------------- the client's side

void QueueEntry::call(const CallInput& input, CallListener& listener, CallTag tag) {
  const sim::SimTime now = ctx_.sim.now();
  const std::uint32_t id = messages_.acquire();
  Message& m = messages_[id];
  m.listener = &listener;
  m.tag = tag;
  m.input = input;
  m.submitted = now;
  m.generation = next_generation_++;
  if (next_generation_ == 0) next_generation_ = 1;
  m.state = Message::State::visible;
  const CallTag self = make_tag(id, m.generation);
  m.expiry = ctx_.sim.schedule_in<&QueueEntry::on_message_expired>(spec_.max_message_age, this, self);
  ready_.push_back(self);
  ++visible_;
  ++counts_.submitted;
  ctx_.metrics.add(now, m_messages_);
  ctx_.cost.charge(now, queue_requests_line_, spec_.price_per_queue_request_usd);  // SendMessage
  dispatch();
  update_gauges();
}

void QueueEntry::settle(std::uint32_t id, CallStatus status) {
  const sim::SimTime now = ctx_.sim.now();
  Message& m = messages_[id];
  if (m.state == Message::State::visible) --visible_;
  if (m.state == Message::State::in_flight) --in_flight_;
  m.state = Message::State::done;
  m.outcome = status;
  ctx_.sim.cancel(m.visibility);
  ctx_.sim.cancel(m.expiry);
  switch (status) {
    case CallStatus::ok:
      ++counts_.delivered;
      ctx_.metrics.add(now, m_delivered_);
      break;
    case CallStatus::timed_out:
      ++counts_.expired;
      ctx_.metrics.add(now, m_expired_);
      break;
    default:
      ++counts_.dead_lettered;
      ctx_.metrics.add(now, m_dead_lettered_);
      break;
  }
  // The client polls at submitted + k * poll_interval, k = 1, 2, ...: the first poll at or after
  // now finds the fate.
  const std::int64_t waited = (now - m.submitted).ns();
  const std::int64_t p = spec_.poll_interval.ns();
  m.polls = std::max<std::int64_t>(1, (waited + p - 1) / p);
  ctx_.sim.schedule_at<&QueueEntry::on_client_poll>(m.submitted + spec_.poll_interval * m.polls, this,
                                                    make_tag(id, m.generation));
}

void QueueEntry::on_client_poll(std::uint64_t tag) {
  Message* m = live_message(tag);
  if (!m) return;
  const sim::SimTime now = ctx_.sim.now();
  ctx_.cost.charge(now, result_reads_line_, static_cast<double>(m->polls) * spec_.price_per_result_read_usd);
  ++counts_.answered;
  CallResult r;
  r.status = m->outcome;
  if (r.status == CallStatus::ok) r.first_token_at = now;  // the whole result, at the poll
  r.cold_start = m->cold_start;
  r.attempts = static_cast<std::uint32_t>(std::max(1, m->receives));
  CallListener* listener = m->listener;
  const CallTag caller_tag = m->tag;
  m->generation = 0;
  messages_.release(tag_slot(tag));
  listener->on_call_done(caller_tag, r);
}

void QueueEntry::on_message_expired(std::uint64_t tag) {
  Message* m = live_message(tag);
  if (!m || m->state == Message::State::done) return;
  m->expiry = {};
  settle(tag_slot(tag), CallStatus::timed_out);
  update_gauges();
}

void QueueEntry::on_visibility_expired(std::uint64_t tag) {
  Message* m = live_message(tag);
  if (!m || m->state != Message::State::in_flight) return;
  m->visibility = {};
  m->state = Message::State::visible;
  --in_flight_;
  ++visible_;
  ready_.push_back(tag);
  ++counts_.redeliveries;
  ctx_.metrics.add(ctx_.sim.now(), m_redeliveries_);
  dispatch();
  update_gauges();
}

// ---------------------------------------------------------------- pollers

void QueueEntry::dispatch() {
  // Invocations may answer inside start_batch (a throttle) and call back here: the outer loop
  // picks up whatever they freed.
  if (dispatching_) return;
  dispatching_ = true;
  while (busy_pollers_ < spec_.max_pollers && visible_ > 0) start_batch();
  dispatching_ = false;
}

void QueueEntry::start_batch() {
  const sim::SimTime now = ctx_.sim.now();
  const std::uint32_t b = batches_.acquire();
  Batch& batch = batches_[b];
  batch.generation = next_generation_++;
  if (next_generation_ == 0) next_generation_ = 1;
  ctx_.cost.charge(now, queue_requests_line_, spec_.price_per_queue_request_usd);  // ReceiveMessage
  while (batch.count < spec_.batch_size && !ready_.empty()) {
    const CallTag entry = ready_.pop_front();
    Message* m = live_message(entry);
    if (!m || m->state != Message::State::visible) continue;  // settled since it became visible
    const std::uint32_t id = tag_slot(entry);
    if (m->receives >= spec_.max_receives) {
      ctx_.events.record({now, name_, "dead_letter", static_cast<double>(m->receives), 0, "max receives reached"});
      settle(id, CallStatus::error);
      continue;
    }
    --visible_;
    ++in_flight_;
    ++m->receives;
    ++counts_.receives;
    ctx_.metrics.add(now, m_receives_);
    m->state = Message::State::in_flight;
    m->visibility = ctx_.sim.schedule_in<&QueueEntry::on_visibility_expired>(spec_.visibility_timeout, this, entry);
    batch.message[batch.count] = id;
    batch.message_generation[batch.count] = m->generation;
    ++batch.count;
  }
  if (batch.count == 0) {
    batch.generation = 0;
    batches_.release(b);
    return;
  }
  ++busy_pollers_;
  const CallTag self = make_tag(b, batch.generation);
  const CallInput input = messages_[batch.message[0]].input;
  function_.invoke(input, self, invocation_listener_, self);
}

void QueueEntry::handle(const CallInput&, std::uint64_t payload, bool cold_start, CallListener& done, CallTag tag) {
  Batch* batch = live_batch(payload);
  if (!batch) {  // cannot happen: a batch lives until its invocation ends
    CallResult r;
    r.status = CallStatus::error;
    done.on_call_done(tag, r);
    return;
  }
  batch->done = &done;
  batch->done_tag = tag;
  batch->cold_start = cold_start;
  process_next(tag_slot(payload));
}

void QueueEntry::process_next(std::uint32_t b) {
  Batch& batch = batches_[b];
  while (batch.next < batch.count) {
    const Message& m = messages_[batch.message[batch.next]];
    if (m.generation != batch.message_generation[batch.next] || m.state == Message::State::done) {
      ++batch.next;  // settled meanwhile (expired, or delivered by another poller)
      continue;
    }
    const CallInput input = m.input;
    // The answer may come inside this call and end the batch: nothing is touched afterwards.
    downstream_.call(input, message_listener_, make_tag(b, batch.generation));
    return;
  }
  CallListener* done = batch.done;
  const CallTag done_tag = batch.done_tag;
  done->on_call_done(done_tag, CallResult{});  // partial-batch response: failures are left in flight
}

void QueueEntry::on_message_done(CallTag tag, const CallResult& result) {
  Batch* batch = live_batch(tag);
  const sim::SimTime now = ctx_.sim.now();
  if (!batch) return;  // the invocation was killed: its process wrote nothing
  const std::int32_t i = batch->next++;
  const std::uint32_t id = batch->message[i];
  Message& m = messages_[id];
  const bool current = m.generation == batch->message_generation[i] && m.state != Message::State::done;
  if (!current) {
    ++counts_.duplicates;
  } else if (result.status == CallStatus::ok) {
    ctx_.cost.charge(now, result_writes_line_, spec_.price_per_result_write_usd);
    ctx_.cost.charge(now, queue_requests_line_, spec_.price_per_queue_request_usd);  // DeleteMessage
    m.cold_start = result.cold_start || batch->cold_start;
    settle(id, CallStatus::ok);
    update_gauges();
  } else {
    ++counts_.processing_failures;
    ctx_.metrics.add(now, m_failures_);
  }
  process_next(tag_slot(tag));
}

void QueueEntry::on_invocation_done(CallTag tag, const CallResult& result) {
  Batch* batch = live_batch(tag);
  if (!batch) return;
  if (result.status != CallStatus::ok) ++counts_.failed_invocations;
  batch->generation = 0;
  batches_.release(tag_slot(tag));
  --busy_pollers_;
  dispatch();
  update_gauges();
}

void QueueEntry::update_gauges() {
  const sim::SimTime now = ctx_.sim.now();
  ctx_.metrics.set(now, g_queue_, static_cast<double>(visible_));
  ctx_.metrics.set(now, g_in_flight_, static_cast<double>(in_flight_));
  ctx_.metrics.set(now, g_pollers_, busy_pollers_);
}

}  // namespace fmsim::models
