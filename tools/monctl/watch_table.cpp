// The live view's table; see watch_table.hpp.
#include "watch_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "mon/time/rfc3339.hpp"
#include "screen_line.hpp"

namespace monctl::watch_view {

namespace {

constexpr const char* kBlocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};

std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  return fmt::format("{:.4g}", v);
}

// A count in full up to a million (123456), shorter beyond (1.235e+07): a column stays narrow.
std::string count_text(double n) {
  if (n < 1e6 && n == std::trunc(n)) return fmt::format("{:.0f}", n);
  return number(n);
}

// What a sparkline follows: the rate of a counter, the mean of anything else.
double trend_value(const mon::watch::WindowRecord& r) {
  if (r.counter) return r.rate ? *r.rate : std::nan("");
  return r.mean;
}

std::string sparkline(const std::deque<double>& values) {
  double lo = INFINITY, hi = -INFINITY;
  for (double v : values)
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  std::string out;
  for (double v : values) {
    if (!std::isfinite(v)) {
      out += ' ';
    } else if (!(hi > lo)) {
      out += kBlocks[3];  // flat
    } else {
      auto i = static_cast<std::size_t>((v - lo) / (hi - lo) * 7 + 0.5);
      out += kBlocks[std::min<std::size_t>(i, 7)];
    }
  }
  return out;
}

std::string duration(std::int64_t ms) {
  if (ms % 60000 == 0) return fmt::format("{}m", ms / 60000);
  if (ms % 1000 == 0) return fmt::format("{}s", ms / 1000);
  return fmt::format("{}ms", ms);
}

std::string utc(std::int64_t ms) {
  return mon::time::format_rfc3339(mon::time::SystemTime(std::chrono::milliseconds(ms)), 0);
}

void append_escaped(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

}  // namespace

std::string series_key(const mon::watch::WindowRecord& r) {
  std::string key = r.name;
  if (r.labels.empty()) return key;
  key += '{';
  for (std::size_t i = 0; i < r.labels.size(); ++i) {
    if (i > 0) key += ',';
    key += r.labels[i].name;
    key += "=\"";
    append_escaped(key, r.labels[i].value);
    key += '"';
  }
  return key + '}';
}

Table::Table(TableOptions options) : options_(std::move(options)) {}

void Table::add(const std::vector<mon::watch::WindowRecord>& window, const mon::watch::WindowTotals& totals) {
  ++windows_;
  totals_ = totals;
  if (!window.empty()) {
    last_start_ = window.front().start_ms;
    last_end_ = window.front().end_ms;
  }
  for (auto& [key, s] : series_) s.trend.push_back(std::nan(""));  // replaced below when the series has a value
  for (const auto& r : window) {
    Series& s = series_[series_key(r)];
    s.last = r;
    if (s.trend.empty()) s.trend.push_back(0);
    s.trend.back() = trend_value(r);
  }
  for (auto it = series_.begin(); it != series_.end();) {
    auto& trend = it->second.trend;
    while (trend.size() > kTrend) trend.pop_front();
    bool quiet = std::none_of(trend.begin(), trend.end(), [](double v) { return !std::isnan(v); }) &&
                 trend.size() == kTrend;
    it = quiet ? series_.erase(it) : std::next(it);
  }
}

void Table::cycle_sort() {
  switch (sort_) {
    case SortKey::name: sort_ = SortKey::rate; break;
    case SortKey::rate: sort_ = options_.quantile_names.empty() ? SortKey::count : SortKey::quantile; break;
    case SortKey::quantile: sort_ = SortKey::count; break;
    case SortKey::count: sort_ = SortKey::mean; break;
    case SortKey::mean: sort_ = SortKey::name; break;
  }
}

std::vector<const Table::Entry*> Table::matching() const {
  std::vector<const Entry*> rows;
  for (const auto& e : series_)
    if (filter_.empty() || e.first.find(filter_) != std::string::npos) rows.push_back(&e);
  if (sort_ == SortKey::name) return rows;  // the map's order
  auto value = [this](const Entry* e) {
    const auto& r = e->second.last;
    switch (sort_) {
      case SortKey::rate: return r.rate ? *r.rate : std::nan("");
      case SortKey::quantile: return r.quantiles.empty() ? std::nan("") : r.quantiles.back().second;
      case SortKey::count: return r.count;
      case SortKey::mean: return r.mean;
      case SortKey::name: break;
    }
    return std::nan("");
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const Entry* a, const Entry* b) {
    double x = value(a), y = value(b);
    if (std::isnan(y)) return !std::isnan(x);  // no value: last
    return !std::isnan(x) && x > y;
  });
  return rows;
}

std::string Table::header(std::size_t matched, std::size_t hidden) const {
  std::string h = "monctl watch  ";
  h += options_.window_ms > 0 ? "window " + duration(options_.window_ms) : std::string("whole input");
  h += fmt::format("  {} series", series_.size());
  if (windows_ > 0)
    h += options_.window_ms > 0 ? "  last " + utc(last_end_) : "  " + utc(last_start_) + " .. " + utc(last_end_);
  if (totals_.late > 0) h += fmt::format("  late {}", totals_.late);
  if (totals_.dropped > 0) h += fmt::format("  dropped {}", totals_.dropped);
  static constexpr const char* kSortNames[] = {"name", "rate", "quantile", "count", "mean"};
  std::string sort = kSortNames[static_cast<int>(sort_)];
  if (sort_ == SortKey::quantile) sort = "p" + options_.quantile_names.back();
  if (options_.window_ms > 0) h += "  sort " + sort;  // a table printed once is in name order
  if (!filter_.empty()) h += fmt::format("  filter \"{}\" ({} match)", filter_, matched);
  if (hidden > 0) h += fmt::format("  {} hidden", hidden);
  return h;
}

std::vector<std::string> Table::render(std::size_t columns, std::size_t rows, const std::string& prompt) const {
  auto shown = matching();
  std::size_t fixed = 2 + (prompt.empty() ? 0 : 1);
  std::size_t hidden = 0;
  if (rows > 0) {
    std::size_t room = rows > fixed ? rows - fixed : 0;
    if (shown.size() > room) {
      room = room > 0 ? room - 1 : 0;  // one line says how many are hidden
      hidden = shown.size() - room;
      shown.resize(room);
    }
  }

  // The columns: series, trend, count, mean, the quantiles, rate; numbers right-aligned.
  std::vector<std::string> heads = {"COUNT", "MEAN"};
  for (const auto& q : options_.quantile_names) heads.push_back("P" + q);
  heads.push_back("RATE/S");
  std::vector<std::vector<std::string>> cells;
  // The trend column (none for one window over the whole input): as wide as a live view's
  // sparklines grow, so that the columns do not move, unless the terminal is too narrow.
  const bool trend = options_.window_ms > 0;
  std::size_t trend_width = 0, name_width = 6;
  for (const Entry* e : shown) {
    const auto& r = e->second.last;
    std::vector<std::string> row = {count_text(r.count), number(r.mean)};
    for (const auto& q : r.quantiles) row.push_back(number(q.second));
    row.resize(heads.size() - 1);
    row.push_back(r.rate ? number(*r.rate) : "-");
    cells.push_back(std::move(row));
    name_width = std::max(name_width, text_columns(e->first));
  }
  std::vector<std::size_t> widths;
  std::size_t rest = 0;
  for (std::size_t i = 0; i < heads.size(); ++i) {
    std::size_t w = heads[i].size();
    for (const auto& row : cells) w = std::max(w, row[i].size());
    widths.push_back(w);
    rest += 2 + w;
  }
  if (trend) {
    std::size_t taken = rest + std::min<std::size_t>(name_width, 24) + 2;
    trend_width = std::clamp<std::size_t>(columns > taken ? columns - taken : 0, 5, kTrend);
    rest += 2 + trend_width;
  }
  // The series column gives way to the figures, down to 24 columns; past that the line is cut.
  if (columns > rest) name_width = std::min(name_width, std::max<std::size_t>(24, columns - rest));
  else name_width = std::min<std::size_t>(name_width, 24);

  const mon::Style& st = options_.style;
  std::vector<std::string> lines;
  ScreenLine head(columns, st);
  head.put(header(shown.size() + hidden, hidden), st.strong);
  lines.push_back(head.str());

  ScreenLine heading(columns, st);
  heading.put(fit("SERIES", name_width), st.faint);
  heading.spaces(name_width - text_columns(fit("SERIES", name_width)));
  if (trend) {
    heading.spaces(2);
    heading.put("TREND", st.faint);
    heading.spaces(trend_width - 5);
  }
  for (std::size_t i = 0; i < heads.size(); ++i) {
    heading.spaces(2 + widths[i] - heads[i].size());
    heading.put(heads[i], st.faint);
  }
  lines.push_back(heading.str());

  for (std::size_t k = 0; k < shown.size(); ++k) {
    const Entry* e = shown[k];
    ScreenLine line(columns, st);
    std::string name = fit(e->first, name_width);
    line.put(name, st.strong);
    line.spaces(name_width - text_columns(name));
    if (trend) {
      const auto& all = e->second.trend;
      auto from = all.end() - static_cast<std::ptrdiff_t>(std::min(all.size(), trend_width));
      std::string spark = sparkline({from, all.end()});
      line.spaces(2 + trend_width - text_columns(spark));  // a young series: its windows on the right
      line.put(spark, st.good);
    }
    for (std::size_t i = 0; i < heads.size(); ++i) {
      line.spaces(2 + widths[i] - cells[k][i].size());
      line.put(cells[k][i]);
    }
    lines.push_back(line.str());
  }
  if (hidden > 0) {
    ScreenLine more(columns, st);
    more.put(fmt::format("… {} more series not shown (of {})", hidden, shown.size() + hidden), st.faint);
    lines.push_back(more.str());
  }
  if (!prompt.empty()) {
    ScreenLine p(columns, st);
    p.put(prompt, st.warning);
    lines.push_back(p.str());
  }
  return lines;
}

}  // namespace monctl::watch_view
