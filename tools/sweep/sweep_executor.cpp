// The sweep executor: worker threads run replications; the calling thread hands out items,
// commits results (the store is used from this thread only) and, under MPI, serves the other
// ranks between results.
#include "tools/sweep/sweep_executor.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "tools/sweep/mpi_transport.h"
#include "tools/sweep/summary_metrics.h"
#include "tools/sweep/sweep_progress.h"

namespace fmsim::cli::sweep {

namespace {

std::atomic<int> g_interrupts{0};

extern "C" void on_sigint(int) {
  // The second Ctrl-C gets the default action: the user wants out now, and the store is
  // consistent whatever moment the process dies.
  if (g_interrupts.fetch_add(1) >= 1) {
    std::signal(SIGINT, SIG_DFL);
    std::raise(SIGINT);
  }
}

// Items to the worker threads, results (or failures) back to the calling thread.
class LocalWorkers {
 public:
  LocalWorkers(const PreparedSweep& sweep, unsigned threads) : sweep_(sweep) {
    for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
  }
  ~LocalWorkers() {
    {
      std::lock_guard lock(mutex_);
      closing_ = true;
    }
    work_ready_.notify_all();
    for (auto& t : threads_) t.join();
  }
  LocalWorkers(const LocalWorkers&) = delete;
  LocalWorkers& operator=(const LocalWorkers&) = delete;

  void submit(const WorkItem& item) {
    {
      std::lock_guard lock(mutex_);
      items_.push_back(item);
      ++in_flight_;
    }
    work_ready_.notify_one();
  }

  std::size_t in_flight() const { return in_flight_; }
  void cancel() { cancelled_.store(true); }

  // Waits up to `timeout` for a result; returns the ones that arrived. A failure is rethrown.
  std::vector<ReplicationRecord> collect(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    result_ready_.wait_for(lock, timeout, [this] { return !results_.empty() || failure_ || cancelled_done_ > 0; });
    std::vector<ReplicationRecord> out(std::make_move_iterator(results_.begin()), std::make_move_iterator(results_.end()));
    in_flight_ -= results_.size() + cancelled_done_;
    results_.clear();
    cancelled_done_ = 0;
    if (failure_) {
      auto f = failure_;
      failure_ = nullptr;
      --in_flight_;
      std::rethrow_exception(f);
    }
    return out;
  }

 private:
  void work() {
    for (;;) {
      WorkItem item;
      {
        std::unique_lock lock(mutex_);
        work_ready_.wait(lock, [this] { return closing_ || !items_.empty(); });
        if (items_.empty()) return;
        item = items_.front();
        items_.pop_front();
      }
      std::optional<ReplicationRecord> record;
      std::exception_ptr failure;
      bool cancelled = false;
      try {
        record = run_replication_for_metrics(sweep_.scenario_of(item.point), item.point, item.replication,
                                             sweep_.metric_paths, [this] { return cancelled_.load(); });
      } catch (const ReplicationCancelled&) {
        cancelled = true;
      } catch (...) {
        failure = std::current_exception();
      }
      {
        std::lock_guard lock(mutex_);
        if (record) results_.push_back(std::move(*record));
        if (cancelled) ++cancelled_done_;
        if (failure && !failure_) failure_ = failure;
        else if (failure) ++cancelled_done_;  // a second failure: only the first is reported
      }
      result_ready_.notify_one();
    }
  }

  const PreparedSweep& sweep_;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable result_ready_;
  std::deque<WorkItem> items_;
  std::vector<ReplicationRecord> results_;
  std::exception_ptr failure_;
  std::size_t in_flight_ = 0;       // submitted, result not yet collected (calling thread only)
  std::size_t cancelled_done_ = 0;  // finished without a result
  std::atomic<bool> cancelled_{false};
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace

void SweepExecutor::install_interrupt_handler() { std::signal(SIGINT, on_sigint); }
bool SweepExecutor::interrupted() { return g_interrupts.load() > 0; }

SweepExecutor::SweepExecutor(const PreparedSweep& sweep, ResultStore& store, ExecutorOptions options,
                             MpiCoordinator* mpi)
    : sweep_(sweep), store_(store), options_(options), mpi_(mpi) {}

bool SweepExecutor::run(SweepSchedule& schedule) {
  unsigned jobs = options_.jobs;
  if (jobs == 0) jobs = mpi_ ? 1u : std::max(1u, std::thread::hardware_concurrency());
  SweepProgress progress(options_.progress, schedule.done());
  LocalWorkers workers(sweep_, jobs);

  auto commit = [&](ReplicationRecord&& r) {
    store_.record(r);
    schedule.complete(r);
    progress.update(schedule.done(), schedule.planned(), schedule.points_done(), schedule.points());
  };
  auto next_item = [&]() -> std::optional<WorkItem> {
    if (interrupted()) return std::nullopt;
    return schedule.next();
  };
  auto remote_outstanding = [&] { return mpi_ ? mpi_->outstanding() : std::size_t{0}; };

  std::exception_ptr failure;
  progress.update(schedule.done(), schedule.planned(), schedule.points_done(), schedule.points());
  for (;;) {
    try {
      while (!failure && workers.in_flight() < jobs) {
        const auto item = next_item();
        if (!item) break;
        workers.submit(*item);
      }
      if (mpi_ && !failure) mpi_->poll(next_item, commit);
      // Under MPI the other ranks' messages are polled for, so the wait is short; with nothing
      // running here there is nothing to wait for.
      const auto wait = std::chrono::milliseconds(mpi_ ? 2 : workers.in_flight() ? 200 : 0);
      for (auto& r : workers.collect(wait)) commit(std::move(r));
    } catch (...) {
      if (!failure) failure = std::current_exception();
      workers.cancel();
    }
    if (interrupted()) workers.cancel();
    const bool idle = workers.in_flight() == 0 && remote_outstanding() == 0;
    if (idle && (failure || interrupted() || schedule.finished())) break;
    if (failure && workers.in_flight() == 0) break;  // remote items cannot be recalled: stop waiting
  }
  progress.finish();
  if (failure) std::rethrow_exception(failure);
  return schedule.finished();
}

}  // namespace fmsim::cli::sweep
