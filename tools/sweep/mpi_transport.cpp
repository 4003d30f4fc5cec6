// The MPI side of a sweep: rank 0 answers requests for work and gathers records; ranks 1..N-1
// ask, run, and send back. Per worker rank the conversation is
//   REQUEST → ITEM → RESULT → REQUEST → ITEM → ... → REQUEST → STOP
// with FAILURE in place of a RESULT when `run` throws (the worker then leaves). Rank 0 answers a
// REQUEST only when it has an item, so a request made while the schedule has nothing to hand out
// (a plan between batches) simply waits; every rank's last request is answered with STOP.
#include "tools/sweep/mpi_transport.h"

#include <charconv>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

#if FMSIM_WITH_MPI
#include <mpi.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <deque>
#include <thread>
#include <vector>
#endif

namespace fmsim::cli::sweep {

namespace {

// A launcher's world size: Open MPI's mpirun sets OMPI_COMM_WORLD_SIZE; MPICH's Hydra and Slurm's
// PMI-2 set PMI_SIZE. (Open MPI 4.1 sets no PMIX_SIZE: its PMIx variables carry rank and
// namespace only.)
bool world_size_above_one(const char* variable) {
  const char* text = std::getenv(variable);
  if (!text) return false;
  const std::string_view view(text);
  long size = 0;
  const auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), size);
  return error == std::errc() && end == view.data() + view.size() && size > 1;
}

}  // namespace

bool launched_under_mpi() {
  return world_size_above_one("OMPI_COMM_WORLD_SIZE") || world_size_above_one("PMI_SIZE");
}

#if FMSIM_WITH_MPI

namespace {

// Tags far from small numbers, so that no other point-to-point traffic on MPI_COMM_WORLD is
// mistaken for ours.
enum Tag : int { kRequest = 0x5e01, kItem, kResult, kFailure, kStop };

// Byte images in the machine's own byte order: every rank runs the same binary, and a cluster
// mixing byte orders is not supported. Doubles travel as their bits, so a NaN (a metric that was
// null) arrives as the same NaN.
class WireWriter {
 public:
  void u64(std::uint64_t value) { put(&value, sizeof value); }
  void f64(double value) { put(&value, sizeof value); }
  void u8(std::uint8_t value) { put(&value, sizeof value); }
  std::vector<unsigned char> take() { return std::move(bytes_); }

 private:
  void put(const void* data, std::size_t size) {
    const auto* first = static_cast<const unsigned char*>(data);
    bytes_.insert(bytes_.end(), first, first + size);
  }
  std::vector<unsigned char> bytes_;
};

class WireReader {
 public:
  WireReader(const unsigned char* data, std::size_t size, std::string what)
      : data_(data), size_(size), what_(std::move(what)) {}
  std::uint64_t u64() { return get<std::uint64_t>(); }
  double f64() { return get<double>(); }
  std::uint8_t u8() { return get<std::uint8_t>(); }
  std::size_t remaining() const { return size_ - at_; }
  void expect_end() const {
    if (at_ != size_) throw std::runtime_error(what_ + ": " + std::to_string(size_ - at_) + " bytes too many");
  }

 private:
  template <class T>
  T get() {
    if (size_ - at_ < sizeof(T)) throw std::runtime_error(what_ + ": message cut short");
    T value;
    std::memcpy(&value, data_ + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }
  const unsigned char* data_;
  std::size_t size_;
  std::size_t at_ = 0;
  std::string what_;
};

constexpr std::size_t kItemBytes = 2 * sizeof(std::uint64_t);

std::array<unsigned char, kItemBytes> encode_item(const WorkItem& item) {
  std::array<unsigned char, kItemBytes> bytes{};
  std::memcpy(bytes.data(), &item.point, sizeof item.point);
  std::memcpy(bytes.data() + sizeof item.point, &item.replication, sizeof item.replication);
  return bytes;
}

WorkItem decode_item(const unsigned char* data, std::size_t size) {
  WireReader in(data, size, "MPI work item");
  WorkItem item;
  item.point = in.u64();
  item.replication = in.u64();
  in.expect_end();
  return item;
}

std::vector<unsigned char> encode_record(const ReplicationRecord& record) {
  WireWriter out;
  out.u64(record.point);
  out.u64(record.replication);
  out.u64(record.seed);
  out.u64(record.events);
  out.u64(record.fingerprint);
  out.u8(record.conservation_ok ? 1 : 0);
  out.f64(record.wall_s);
  out.u64(record.values.size());
  for (double value : record.values) out.f64(value);
  return out.take();
}

ReplicationRecord decode_record(const std::vector<unsigned char>& bytes, int source) {
  WireReader in(bytes.data(), bytes.size(), "MPI result from rank " + std::to_string(source));
  ReplicationRecord record;
  record.point = in.u64();
  record.replication = in.u64();
  record.seed = in.u64();
  record.events = in.u64();
  record.fingerprint = in.u64();
  record.conservation_ok = in.u8() != 0;
  record.wall_s = in.f64();
  const std::uint64_t count = in.u64();
  if (count > in.remaining() / sizeof(double)) throw std::runtime_error("MPI result from rank " + std::to_string(source) + ": message cut short");
  record.values.resize(static_cast<std::size_t>(count));
  for (double& value : record.values) value = in.f64();
  in.expect_end();
  return record;
}

// Open MPI's blocking calls spin on a core while they wait. A rank that waits for rank 0 (or
// rank 0 waiting for the last workers) shares cores with the threads doing the work, so it
// checks with growing pauses instead, short enough to keep hand-outs prompt.
class Backoff {
 public:
  void pause() {
    std::this_thread::sleep_for(delay_);
    delay_ = std::min(delay_ * 2, std::chrono::microseconds(2000));
  }

 private:
  std::chrono::microseconds delay_{20};
};

struct Message {
  int source = 0;
  int tag = 0;
  std::vector<unsigned char> bytes;
};

std::optional<Message> receive_if_any() {
  int flag = 0;
  MPI_Status status;
  MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status);
  if (!flag) return std::nullopt;
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  Message message{status.MPI_SOURCE, status.MPI_TAG, std::vector<unsigned char>(static_cast<std::size_t>(count))};
  MPI_Recv(message.bytes.data(), count, MPI_BYTE, message.source, message.tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return message;
}

void send_bytes(const void* data, std::size_t size, int destination, Tag tag) {
  MPI_Send(data, static_cast<int>(size), MPI_BYTE, destination, tag, MPI_COMM_WORLD);
}

}  // namespace

bool mpi_available() { return true; }

MpiWorld::MpiWorld(int* argc, char*** argv) {
  int already = 0;
  MPI_Initialized(&already);
  if (already) throw std::logic_error("MPI is already initialised: only one MpiWorld may exist");
  int provided = 0;
  if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
    throw std::runtime_error("MPI_Init_thread failed");
  }
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw std::runtime_error("this MPI library does not support MPI_THREAD_FUNNELED (threads beside MPI calls on the main thread), which fmsim needs");
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiWorld::~MpiWorld() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

void MpiWorld::abort(int code) const {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);  // MPI_Abort does not return; this only satisfies [[noreturn]]
}

struct MpiCoordinator::Impl {
  // What rank 0 knows of a worker rank. `Busy`: it will send something (it has not asked yet, or
  // it is running an item and its result and next request will follow).
  enum class State { Busy, Waiting, Stopped, Failed };

  explicit Impl(int size) : states(static_cast<std::size_t>(size), State::Busy), given(static_cast<std::size_t>(size)) {}

  std::vector<State> states;                 // by rank; [0] unused
  std::vector<std::optional<WorkItem>> given;  // by rank: the item it is running
  std::deque<int> waiting;                   // ranks whose request is unanswered, oldest first
  std::size_t outstanding = 0;
  bool stopped = false;

  State& state(int rank) { return states[static_cast<std::size_t>(rank)]; }
  std::optional<WorkItem>& item_of(int rank) { return given[static_cast<std::size_t>(rank)]; }

  // The rank's item is over (its result arrived, or it failed).
  std::optional<WorkItem> take_item(int rank) {
    auto item = item_of(rank);
    if (item) {
      item_of(rank).reset();
      --outstanding;
    }
    return item;
  }

  bool any_busy() const { return std::find(states.begin() + 1, states.end(), State::Busy) != states.end(); }

  void tell_stop(int rank) {
    send_bytes(nullptr, 0, rank, kStop);
    state(rank) = State::Stopped;
  }
};

MpiCoordinator::MpiCoordinator(const MpiWorld& world) {
  if (world.rank() != 0) throw std::logic_error("MpiCoordinator belongs on rank 0");
  impl_ = new Impl(world.size());
}

MpiCoordinator::~MpiCoordinator() {
  // Rank 0 leaving early (an error) must still release the workers, or MPI_Finalize never returns.
  try {
    stop_workers();
  } catch (...) {
  }
  delete impl_;
}

void MpiCoordinator::poll(const std::function<std::optional<WorkItem>()>& next,
                          const std::function<void(ReplicationRecord&&)>& done) {
  if (impl_->stopped) throw std::logic_error("MpiCoordinator::poll after stop_workers");
  while (auto message = receive_if_any()) {
    const int rank = message->source;
    if (message->tag == kRequest) {
      impl_->state(rank) = Impl::State::Waiting;
      impl_->waiting.push_back(rank);
    } else if (message->tag == kResult) {
      auto record = decode_record(message->bytes, rank);
      const auto item = impl_->take_item(rank);
      if (!item || item->point != record.point || item->replication != record.replication) {
        throw std::runtime_error("rank " + std::to_string(rank) + ": sent a result for point " + std::to_string(record.point) +
                                 " replication " + std::to_string(record.replication) + " that it was not given");
      }
      done(std::move(record));
    } else if (message->tag == kFailure) {
      impl_->state(rank) = Impl::State::Failed;
      impl_->take_item(rank);
      throw std::runtime_error("rank " + std::to_string(rank) + ": " + std::string(message->bytes.begin(), message->bytes.end()));
    } else {
      throw std::runtime_error("rank " + std::to_string(rank) + ": unexpected MPI message tag " + std::to_string(message->tag));
    }
  }
  while (!impl_->waiting.empty()) {
    const auto item = next();
    if (!item) break;
    const int rank = impl_->waiting.front();
    impl_->waiting.pop_front();
    const auto bytes = encode_item(*item);
    send_bytes(bytes.data(), bytes.size(), rank, kItem);
    impl_->state(rank) = Impl::State::Busy;
    impl_->item_of(rank) = *item;
    ++impl_->outstanding;
  }
}

std::size_t MpiCoordinator::outstanding() const { return impl_->outstanding; }

void MpiCoordinator::stop_workers() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  for (int rank : impl_->waiting) impl_->tell_stop(rank);
  impl_->waiting.clear();
  // The others will still ask (a rank still preparing, or one finishing an item): answer each
  // request with STOP. A result arriving now belongs to a command that is ending early; it is
  // dropped, and a resumed sweep runs it again.
  Backoff backoff;
  while (impl_->any_busy()) {
    auto message = receive_if_any();
    if (!message) {
      backoff.pause();
      continue;
    }
    const int rank = message->source;
    if (message->tag == kRequest) {
      impl_->tell_stop(rank);
    } else if (message->tag == kResult) {
      impl_->take_item(rank);
    } else if (message->tag == kFailure) {
      impl_->state(rank) = Impl::State::Failed;
      impl_->take_item(rank);
    }
  }
}

void run_mpi_worker(const std::function<ReplicationRecord(const WorkItem&)>& run) {
  std::array<unsigned char, kItemBytes> buffer{};
  for (;;) {
    send_bytes(nullptr, 0, 0, kRequest);
    MPI_Request request;
    MPI_Irecv(buffer.data(), static_cast<int>(buffer.size()), MPI_BYTE, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &request);
    MPI_Status status;
    Backoff backoff;
    for (int flag = 0;;) {
      MPI_Test(&request, &flag, &status);
      if (flag) break;
      backoff.pause();
    }
    if (status.MPI_TAG == kStop) return;
    int count = 0;
    MPI_Get_count(&status, MPI_BYTE, &count);
    const WorkItem item = decode_item(buffer.data(), static_cast<std::size_t>(count));
    std::string failure;
    try {
      const auto bytes = encode_record(run(item));
      send_bytes(bytes.data(), bytes.size(), 0, kResult);
      continue;
    } catch (const std::exception& error) {
      failure = error.what();
    } catch (...) {
      failure = "unknown error";
    }
    send_bytes(failure.data(), failure.size(), 0, kFailure);
    return;
  }
}

#else  // built without MPI: only launched_under_mpi() and mpi_available() are meaningful

namespace {
[[noreturn]] void no_mpi() {
  throw std::runtime_error("this fmsim was built without MPI support (FMSIM_WITH_MPI=OFF or Open MPI not found when it was configured)");
}
}  // namespace

bool mpi_available() { return false; }

MpiWorld::MpiWorld(int*, char***) { no_mpi(); }
MpiWorld::~MpiWorld() = default;
void MpiWorld::abort(int code) const { std::_Exit(code); }

struct MpiCoordinator::Impl {};
MpiCoordinator::MpiCoordinator(const MpiWorld&) : impl_(nullptr) { no_mpi(); }
MpiCoordinator::~MpiCoordinator() = default;
void MpiCoordinator::poll(const std::function<std::optional<WorkItem>()>&, const std::function<void(ReplicationRecord&&)>&) {
  no_mpi();
}
std::size_t MpiCoordinator::outstanding() const { return 0; }
void MpiCoordinator::stop_workers() {}
void run_mpi_worker(const std::function<ReplicationRecord(const WorkItem&)>&) { no_mpi(); }

#endif

}  // namespace fmsim::cli::sweep
