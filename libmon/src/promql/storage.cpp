// The in-memory series the engine reads: one vector of series, indexed by their full label set
// and by __name__ so that a selector naming its metric touches only that metric's series.
#include "mon/promql/storage.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace mon::promql {

namespace {
constexpr std::uint64_t stale_bits = 0x7ff0000000000002ULL;

std::string key_of(const model::Labels& labels) {
  std::string key;
  for (const auto& l : labels) {
    key += l.name;
    key += '\xff';
    key += l.value;
    key += '\xff';
  }
  return key;
}

std::string_view name_of(const model::Labels& labels) {
  for (const auto& l : labels)
    if (l.name == "__name__") return l.value;
  return {};
}
}  // namespace

double stale_marker() { return std::bit_cast<double>(stale_bits); }
bool is_stale(double v) { return std::bit_cast<std::uint64_t>(v) == stale_bits; }

void Storage::add(const model::Labels& labels, std::int64_t t_ms, double v) {
  auto key = key_of(labels);
  auto it = by_key_.find(key);
  std::size_t index = 0;
  if (it == by_key_.end()) {
    index = series_.size();
    series_.push_back(Series{labels, {}});
    by_key_.emplace(std::move(key), index);
    by_name_[std::string(name_of(labels))].push_back(index);
  } else {
    index = it->second;
  }
  auto& points = series_[index].points;
  if (points.empty() || points.back().t < t_ms) {
    points.push_back(Point{t_ms, v});
    return;
  }
  auto pos = std::lower_bound(points.begin(), points.end(), t_ms, [](const Point& p, std::int64_t t) { return p.t < t; });
  if (pos != points.end() && pos->t == t_ms)
    pos->v = v;
  else
    points.insert(pos, Point{t_ms, v});
}

void Storage::clear() {
  series_.clear();
  by_name_.clear();
  by_key_.clear();
}

std::vector<const Series*> Storage::select(std::span<const Matcher> matchers) const {
  const std::vector<std::size_t>* candidates = nullptr;
  for (const auto& m : matchers)
    if (m.name == "__name__" && m.op == MatchOp::equal) {
      auto it = by_name_.find(m.value);
      if (it == by_name_.end()) return {};
      candidates = &it->second;
      break;
    }
  std::vector<const Series*> out;
  auto accept = [&](const Series& s) {
    for (const auto& m : matchers) {
      std::string_view value;
      for (const auto& l : s.labels)
        if (l.name == m.name) {
          value = l.value;
          break;
        }
      if (!m.matches(value)) return false;
    }
    return true;
  };
  if (candidates) {
    for (auto i : *candidates)
      if (accept(series_[i])) out.push_back(&series_[i]);
  } else {
    for (const auto& s : series_)
      if (accept(s)) out.push_back(&s);
  }
  return out;
}

std::int64_t Storage::min_time() const {
  bool any = false;
  std::int64_t t = 0;
  for (const auto& s : series_)
    if (!s.points.empty() && (!any || s.points.front().t < t)) {
      t = s.points.front().t;
      any = true;
    }
  return t;
}

std::int64_t Storage::max_time() const {
  bool any = false;
  std::int64_t t = 0;
  for (const auto& s : series_)
    if (!s.points.empty() && (!any || s.points.back().t > t)) {
      t = s.points.back().t;
      any = true;
    }
  return t;
}

}  // namespace mon::promql
