#pragma once
// Internal: a set of 64-bit hashes of names with a hard size cap, for the checks that need
// "seen before?" across a whole input (a family reappearing, OpenMetrics' clashing names and
// interleaved label sets). Past the cap it stops remembering and says so through full(), so
// memory stays bounded whatever the input; 64-bit FNV-1a makes a false "seen" as unlikely as
// a 1 in 2^64 coincidence per pair.
#include <cstdint>
#include <string_view>
#include <vector>

namespace mon::format::detail::text {

inline std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 0xcbf29ce484222325ull) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

class NameHashSet {
 public:
  explicit NameHashSet(std::size_t cap) : cap_(cap) {}
  // Inserts h; returns false when it was already there.
  bool insert(std::uint64_t h) {
    if (h == 0) h = 1;  // 0 marks an empty slot
    if ((size_ + 1) * 2 > slots_.size()) {
      if (size_ >= cap_) {
        full_ = true;
        return !contains(h);
      }
      grow();
    }
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      if (slots_[i] == h) return false;
      if (slots_[i] == 0) {
        slots_[i] = h;
        ++size_;
        return true;
      }
    }
  }
  bool contains(std::uint64_t h) const {
    if (h == 0) h = 1;
    if (slots_.empty()) return false;
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      if (slots_[i] == h) return true;
      if (slots_[i] == 0) return false;
    }
  }
  void clear() {
    if (size_) slots_.assign(slots_.size() < 1024 ? slots_.size() : 1024, 0);
    size_ = 0;
    full_ = false;
  }
  bool full() const { return full_; }
  std::size_t size() const { return size_; }
  // Appends every hash held to out (in no particular order).
  void append_to(std::vector<std::uint64_t>& out) const {
    for (auto h : slots_)
      if (h) out.push_back(h);
  }

 private:
  void grow() {
    std::vector<std::uint64_t> old(slots_.empty() ? 16 : slots_.size() * 2, 0);
    old.swap(slots_);
    size_ = 0;
    for (auto h : old)
      if (h) insert(h);
  }
  std::size_t cap_;
  std::size_t size_ = 0;
  bool full_ = false;
  std::vector<std::uint64_t> slots_;
};

}  // namespace mon::format::detail::text
