// A pool of objects addressed by small integer ids, reused through a free list. Requests in
// flight live here, so memory is O(peak in flight), never O(requests simulated), and nothing is
// allocated per request once the pool has grown to its peak.
//
// acquire / release / operator[] are O(1). Ids are dense indices: a released id is handed out
// again, so holders must not keep an id past its release.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace fmsim::sim {

template <class T>
class SlotPool {
 public:
  using Id = std::uint32_t;

  Id acquire() {
    ++in_use_;
    if (!free_.empty()) {
      const Id id = free_.back();
      free_.pop_back();
      items_[id] = T{};
      return id;
    }
    if (items_.size() >= 0xffffffffu) throw std::length_error("SlotPool: too many live objects");
    items_.emplace_back();
    return static_cast<Id>(items_.size() - 1);
  }
  void release(Id id) {
    --in_use_;
    free_.push_back(id);
  }
  T& operator[](Id id) { return items_[id]; }
  const T& operator[](Id id) const { return items_[id]; }

  std::size_t in_use() const { return in_use_; }
  std::size_t capacity() const { return items_.size(); }

 private:
  std::vector<T> items_;
  std::vector<Id> free_;
  std::size_t in_use_ = 0;
};

}  // namespace fmsim::sim
