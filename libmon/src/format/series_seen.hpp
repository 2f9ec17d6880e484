#pragma once
// Internal: "was this series already in this input?" -- the duplicate-series warning every
// reader gives (one exposition must not hold the same name and labels twice: a scraper keeps
// one of them at random, node_exporter's textfile collector serves the stale one). A series
// with a timestamp is a point in time: the same series at another timestamp is not a duplicate,
// at the same one it is.
//
// Memory is bounded: one 64-bit hash per series in a capped set (kMax series, ~4 MiB); past
// that, further new series go unchecked.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mon/model/metric.hpp"
#include "name_hash_set.hpp"
#include "text_escape.hpp"

namespace mon::format::detail {

class SeriesSeen {
 public:
  static constexpr std::size_t kMax = std::size_t(1) << 18;

  // A stream (ReadOptions::stream) repeats its series by nature: nothing is a duplicate there.
  void disable() { off_ = true; }

  // True when `s` was seen before in this input.
  bool repeated(const model::Sample& s) {
    if (off_) return false;
    return !set_.insert(hash(s));
  }

  static std::uint64_t hash(const model::Sample& s) {
    std::uint64_t h = mix(s.name, 0x243F6A8885A308D3ull);
    for (const auto& l : s.labels) h = mix(l.value, mix(l.name, h ^ 0xff));
    if (s.timestamp_ms) h = step(h ^ 0x51, static_cast<std::uint64_t>(*s.timestamp_ms));
    if (s.timestamp_sub_ms_ns) h = step(h ^ 0x52, static_cast<std::uint64_t>(s.timestamp_sub_ms_ns));
    return h;
  }

 private:
  static std::uint64_t step(std::uint64_t h, std::uint64_t w) {
    h ^= w;
    h *= 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
  }
  // Eight bytes at a time: this runs on every sample, so it must cost next to nothing.
  static std::uint64_t mix(std::string_view s, std::uint64_t h) {
    const char* p = s.data();
    std::size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      h = step(h, w);
    }
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    return step(h, w ^ (static_cast<std::uint64_t>(s.size()) << 56));
  }

  text::NameHashSet set_{kMax};
  bool off_ = false;
};

// The same answers for the text formats, whose families come in blocks: the series of the family
// at hand are looked up in a set of their own, small enough to stay in cache (one set over a
// whole large exposition misses the cache on nearly every sample). When a block ends its hashes
// are put aside, and taken back if the family reappears (files concatenated). Bounded as
// SeriesSeen: at most SeriesSeen::kMax series and kMaxFamilies families put aside.
class BlockSeriesSeen {
 public:
  static constexpr std::size_t kMaxFamilies = std::size_t(1) << 16;

  void disable() { off_ = true; }

  // True when `s`, a sample of `family`, was seen before in this input.
  bool repeated(std::string_view family, const model::Sample& s) {
    if (off_) return false;
    if (family != family_) switch_to(family);
    if (current_.size() + kept_ >= SeriesSeen::kMax) return false;  // full: unchecked from here on
    return !current_.insert(SeriesSeen::hash(s));
  }

 private:
  void switch_to(std::string_view family) {
    // (The family at hand is never among those put aside: taking one back removes it there.)
    if (current_.size() > 0 && aside_.size() < kMaxFamilies) {
      current_.append_to(aside_[family_]);
      kept_ += current_.size();
    }
    current_.clear();
    family_.assign(family);
    auto it = aside_.find(family_);
    if (it != aside_.end()) {  // a family again: its earlier series count
      kept_ -= it->second.size();
      for (auto h : it->second) current_.insert(h);
      aside_.erase(it);
    }
  }

  text::NameHashSet current_{SeriesSeen::kMax};
  std::string family_;
  std::unordered_map<std::string, std::vector<std::uint64_t>> aside_;
  std::size_t kept_ = 0;  // hashes put aside
  bool off_ = false;
};

// The warning's text.
inline std::string duplicate_series_message(const model::Sample& s) {
  std::string m = "duplicate series: " + s.name;
  text::append_labels(m, s.labels);
  return m + " already appeared earlier in this input (consumers keep only one of them)";
}

}  // namespace mon::format::detail
