// StatsD lines (the Etsy protocol, https://github.com/statsd/statsd/blob/master/docs/metric_types.md,
// with DogStatsD's "|#tag:value,…" tags). One metric per line:
//   name:value|type[|@rate][|#k:v,k2:v2]
// (DogStatsD's "name:v1:v2:v3|type" gives timers, histograms and distributions several values.)
// StatsD is a stream of events, not of samples: the reader aggregates the whole input, as a
// statsd_exporter scraped once at its end would show it, and emits one sample per series
// (series = output name + tags) after the last line, families in order of first appearance:
//   c       counter "name_total": the sum of value / rate (a line sampled "@0.1" counts 10
//           times). A negative value is an error (a counter cannot go down), as in statsd_exporter.
//   g       gauge: the last value; "+N" / "-N" add to the series' value (which starts at 0)
//   ms      timer: observations in seconds (base units), a summary "name_seconds" (a "_ms"
//           suffix of the name is dropped first). A negative time is an error, as in Etsy StatsD.
//   h, d    histogram / distribution: observations as they are, a summary "name"
//   s       set: a gauge of the number of distinct members
// Timers, histograms and distributions become summaries with quantiles 0.5, 0.9 and 0.99 plus
// _sum and _count: statsd_exporter's default observer ("summary", quantiles 0.5/0.9/0.99). A
// sampled observation ("@0.25") adds int(1/rate) to _count and as many times its value to
// _sum, as statsd_exporter repeats it; a stream passes it on int(1/rate) times (at most
// 10,000). A name used with two kinds (a gauge and a set, a gauge "x" and a histogram "x") is
// an error on the later line, which is skipped.
// As a stream (ReadOptions::stream: watch), each line passes on its series' state at once: a
// counter's running total, a gauge's value, a set's size, a timer's observation; the state
// lasts as long as the parser (a file, or a StatsD server's whole run).
// Names become valid metric names (dots and dashes -> '_', model::sanitize_metric_name); tag
// keys valid label names (a '#' before each key is dropped); a tag with no ':' is a label with
// an empty value, i.e. absent. A "|T<unix seconds>" section (DogStatsD) sets the timestamp (the
// series keeps its latest), "|c:<container id>" is ignored.
// Memory is bounded and held per series: at most 100,000 series (lines of further series are
// reported and skipped); a set remembers at most 100,000 distinct members (it then stops
// growing and says so once); a summary keeps at most 1,024 observations for its quantiles
// (exact up to there, then a uniform reservoir sample -- Vitter's algorithm R with a fixed
// seed, so the output is reproducible), and all summaries together at most 4 Mi observations.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "statsd_parser.hpp"

#include "label_text.hpp"
#include "mon/format/number.hpp"
#include "mon/model/names.hpp"
#include "reader_util.hpp"
#include "utf8.hpp"

namespace mon::format::detail {

namespace {

constexpr std::size_t kMaxSeries = 100000;
constexpr std::size_t kMaxSetValues = 100000;
constexpr std::size_t kReservoir = 1024;
constexpr std::size_t kObservationBudget = std::size_t(4) << 20;
constexpr double kQuantiles[] = {0.5, 0.9, 0.99};
constexpr std::uint64_t kMaxRepeat = 10000;  // a stream's copies of one sampled observation

enum class Kind { counter, gauge, set, observer };

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::counter: return "counter";
    case Kind::gauge: return "gauge";
    case Kind::set: return "set";
    case Kind::observer: return "timer/histogram";
  }
  return "";
}

struct Series {
  model::Labels labels;
  double value = 0;                     // counter total, gauge value
  std::unordered_set<std::string> set;  // set members
  bool set_capped = false;
  double count = 0, sum = 0;            // observer
  std::uint64_t seen = 0;               // observations offered to the reservoir
  std::vector<double> reservoir;
  std::optional<std::int64_t> ts_ms;
};

struct FamilyState {
  std::string name;         // family name
  std::string sample_name;  // counter: name_total; others: the family name
  Kind kind;
  Location first;           // where it was first seen
  std::vector<std::size_t> series;
};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

class StatsdParser::Impl {
 public:
  Impl(Sink& sink, Diagnostics& diag, const ReadOptions& options) : sink_(sink), diag_(diag), options_(options) {}

  bool line(std::string_view text, const std::string& file, std::uint64_t line_number, std::uint64_t packet) {
    file_ = &file;
    line_ = line_number;
    packet_ = packet;
    if (auto nul = find_nul(text); nul != std::string_view::npos) {
      ok_ = false;
      return diag_.error(at(nul + 1), nul_message());
    }
    return parse(text);
  }
  bool ok() const { return ok_; }
  void fail() { ok_ = false; }

  // After the last line: one sample per series (a summary's quantiles, _sum and _count).
  void emit();

 private:
  Location at(std::size_t column) const {
    return {packet_ ? *file_ + " packet " + std::to_string(packet_) : *file_, line_, column};
  }

  bool error(std::size_t i, const std::string& msg) {
    ok_ = false;
    return diag_.error(at(i + 1), msg);
  }

  // Where a family was first seen, as a reader of this line needs it.
  std::string since(const Location& first) const {
    if (first.file == at(0).file) return "line " + std::to_string(first.line);
    return to_string(first);
  }

  bool parse(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t start = 0;
    while (start < line.size() && (line[start] == ' ' || line[start] == '\t')) ++start;
    if (start == line.size()) return true;
    std::size_t colon = line.find(':', start);
    if (colon == std::string_view::npos) return error(line.size(), "expected ':' after the metric name (name:value|type)");
    std::string_view raw_name = line.substr(start, colon - start);
    if (raw_name.empty()) return error(start, "expected a metric name before ':'");
    std::size_t bar = line.find('|', colon);
    if (bar == std::string_view::npos) return error(line.size(), "expected '|' and a type (c, g, ms, h, d or s) after the value");
    std::string_view value_text = line.substr(colon + 1, bar - colon - 1);
    std::size_t value_at = colon + 1;
    std::size_t type_at = bar + 1;
    std::size_t type_end = line.find('|', type_at);
    if (type_end == std::string_view::npos) type_end = line.size();
    std::string_view type = line.substr(type_at, type_end - type_at);
    if (type != "c" && type != "g" && type != "ms" && type != "h" && type != "d" && type != "s")
      return error(type_at, "expected a metric type: c, g, ms, h, d or s");

    double rate = 1;
    std::optional<std::int64_t> ts_ms;
    labels_.clear();
    for (std::size_t i = type_end; i < line.size();) {
      std::size_t sec_at = i + 1;
      std::size_t end = line.find('|', sec_at);
      if (end == std::string_view::npos) end = line.size();
      std::string_view sec = line.substr(sec_at, end - sec_at);
      if (!sec.empty() && sec[0] == '@') {
        auto r = parse_double(sec.substr(1));
        if (!r || !(*r > 0 && *r <= 1)) return error(sec_at, "expected a sample rate after '@', above 0 and at most 1");
        rate = *r;
      } else if (!sec.empty() && sec[0] == '#') {
        bool go_on = true;
        if (!tags(sec.substr(1), sec_at + 1, go_on)) return go_on;
      } else if (!sec.empty() && sec[0] == 'T') {
        auto s = parse_int64(sec.substr(1));
        if (!s || *s > 9223372036854775 || *s < -9223372036854775)
          return error(sec_at, "expected a timestamp in Unix seconds after 'T'");
        ts_ms = *s * 1000;
      } else if (sec.substr(0, 2) != "c:") {
        return error(sec_at, "expected '@rate', '#tags' or 'T<timestamp>' after '|'");
      }
      i = end;
    }

    std::string name = model::sanitize_metric_name(raw_name);
    std::optional<double> value;
    bool delta = false;
    values_.clear();
    if (type != "s") {
      // DogStatsD packs several observations in one line ("t:1:2:3|ms"): each one counts.
      for (std::size_t from = 0;;) {
        std::size_t to = value_text.find(':', from);
        auto one = parse_value(value_text.substr(from, to == std::string_view::npos ? to : to - from));
        if (!one || std::isnan(*one) || std::isinf(*one))
          return error(value_at + from, "expected a number as the value (like 1, -2.5, 3e3)");
        values_.push_back(*one);
        if (to == std::string_view::npos) break;
        from = to + 1;
      }
      if (values_.size() > 1 && (type == "c" || type == "g"))
        return error(value_at, "several values (name:1:2:3|ms) are for timers, histograms and distributions only");
      value = values_[0];
      delta = type == "g" && (value_text[0] == '+' || value_text[0] == '-');
    }
    if (type == "ms")
      for (double v : values_)
        if (v < 0) return error(value_at, "a timer cannot be negative: line skipped (as Etsy StatsD does)");
    if (type == "c" && *value < 0)
      return error(value_at, "a counter cannot go down: negative increment skipped (send a gauge for values that fall)");

    // The family: its output name and kind.
    Kind kind = type == "c" ? Kind::counter : type == "g" ? Kind::gauge : type == "s" ? Kind::set : Kind::observer;
    std::string sample_name = name;
    if (kind == Kind::counter) {
      if (!ends_with(name, "_total")) sample_name += "_total";
      name = std::string(model::family_name_of(sample_name, model::MetricType::counter));
    } else if (type == "ms" && !ends_with(name, "_seconds")) {
      // "api.latency_ms" is in seconds now: "api_latency_seconds", not "api_latency_ms_seconds".
      if (ends_with(name, "_ms")) name.resize(name.size() - 3);
      name += "_seconds";
      sample_name = name;
    }
    auto fit = families_.find(sample_name);
    if (fit != families_.end() && order_[fit->second].kind != kind) {
      const FamilyState& f = order_[fit->second];
      return error(start, "\"" + sample_name + "\" is a " + kind_name(f.kind) + " since " + since(f.first) +
                              ", not a " + kind_name(kind) + "; line skipped");
    }

    // The series within it.
    key_ = sample_name;
    for (const auto& l : labels_) {
      key_ += '\0';
      key_ += l.name;
      key_ += '\0';
      key_ += l.value;
    }
    auto it = series_index_.find(key_);
    if (it == series_index_.end()) {
      if (series_.size() >= kMaxSeries)
        return error(start, "more than " + std::to_string(kMaxSeries) + " distinct series: their state is not kept; line skipped");
      if (fit == families_.end()) {
        fit = families_.emplace(sample_name, order_.size()).first;
        order_.push_back(FamilyState{name, sample_name, kind, at(0), {}});
      }
      order_[fit->second].series.push_back(series_.size());
      it = series_index_.emplace(key_, series_.size()).first;
      series_.emplace_back();
      series_.back().labels = labels_;
    }
    Series& series = series_[it->second];
    if (ts_ms) series.ts_ms = ts_ms;
    const double scale = type == "ms" ? 1.0 / 1000 : 1.0;  // timers in seconds

    switch (kind) {
      case Kind::counter: series.value += *value / rate; break;
      case Kind::gauge: series.value = delta ? series.value + *value : *value; break;
      case Kind::set:
        if (series.set.size() < kMaxSetValues) {
          series.set.emplace(value_text);
        } else if (!series.set_capped && series.set.find(std::string(value_text)) == series.set.end()) {
          series.set_capped = true;
          diag_.warning(at(value_at + 1), "set \"" + name + "\" has " + std::to_string(kMaxSetValues) +
                                                    " distinct values; further new values are not counted");
        }
        break;
      case Kind::observer:
        if (!options_.stream)  // a stream passes them on below, not kept
          for (double v : values_) observe(series, v * scale, rate);
        break;
    }
    if (options_.stream) {
      if (kind != Kind::observer) {
        stream_sample(order_[fit->second], series, 0);
      } else {
        // A sampled observation ("@0.25") stands for int(1/rate) of them, as in observe(); at
        // most kMaxRepeat, so that a tiny rate cannot stall a server.
        const std::uint64_t times = std::min(weight(rate), kMaxRepeat);
        for (double v : values_)
          for (std::uint64_t n = 0; n < times; ++n) stream_sample(order_[fit->second], series, v * scale);
      }
    }
    return true;
  }

  static std::uint64_t weight(double rate) { return static_cast<std::uint64_t>(std::max(1.0, std::floor(1 / rate + 1e-9))); }

  // A stream (watch): the series' state after this line -- a counter's running total, a
  // gauge's value, a set's size -- or the observation itself for timers and histograms.
  void stream_sample(const FamilyState& f, const Series& s, double observation) {
    stream_family_.name = f.name;
    stream_family_.type = f.kind == Kind::counter ? model::MetricType::counter
                          : f.kind == Kind::observer ? model::MetricType::untyped
                                                     : model::MetricType::gauge;
    stream_sample_.name = f.sample_name;
    stream_sample_.labels = s.labels;
    stream_sample_.timestamp_ms = s.ts_ms;
    stream_sample_.value = f.kind == Kind::set        ? static_cast<double>(s.set.size())
                           : f.kind == Kind::observer ? observation
                                                      : s.value;
    sink_.sample(stream_family_, stream_sample_);
  }

  void observe(Series& s, double v, double rate) {
    const double w = static_cast<double>(weight(rate));
    s.count += w;
    s.sum += v * w;
    ++s.seen;
    if (s.reservoir.size() < kReservoir && (observations_ < kObservationBudget || s.reservoir.empty())) {
      s.reservoir.push_back(v);
      ++observations_;
      return;
    }
    // Algorithm R: keep the new one with probability size/seen, in a uniformly chosen slot.
    std::uint64_t j = next_random() % s.seen;
    if (j < s.reservoir.size()) s.reservoir[j] = v;
  }

  std::uint64_t next_random() {  // xorshift64*: reproducible, good enough for sampling
    rng_ ^= rng_ >> 12;
    rng_ ^= rng_ << 25;
    rng_ ^= rng_ >> 27;
    return rng_ * 2685821657736338717ull;
  }

  // "k:v,k2:v2" at byte at0 of the line, into labels_. Returns false after reporting an error
  // (go_on then says whether the diagnostics want more).
  bool tags(std::string_view text, std::size_t at0, bool& go_on) {
    std::size_t i = 0;
    while (i <= text.size()) {
      std::size_t end = text.find(',', i);
      if (end == std::string_view::npos) end = text.size();
      std::string_view tag = text.substr(i, end - i);
      if (!tag.empty()) {
        std::size_t colon = tag.find(':');
        std::string_view key = tag.substr(0, colon);
        if (!key.empty() && key[0] == '#') key.remove_prefix(1);  // "#a:1,#b:2", as DogStatsD's PHP client sends them
        std::string_view value = colon == std::string_view::npos ? std::string_view() : tag.substr(colon + 1);
        if (key.empty()) return go_on = error(at0 + i, "expected a tag name before ':'"), false;
        if (find_invalid_utf8(value) != std::string_view::npos)
          return go_on = error(at0 + i, "the value of tag \"" + std::string(key) + "\" is not valid UTF-8"), false;
        std::string label = sanitize_label_name(key);
        labels_.push_back({std::move(label), std::string(value)});
      }
      i = end + 1;
    }
    if (auto dup = sort_labels_checked(labels_)) return go_on = error(at0, "tag \"" + *dup + "\" appears twice"), false;
    model::drop_empty_labels(labels_);
    return true;
  }

  const std::string* file_ = nullptr;  // the line being parsed: its input's name and number
  std::uint64_t line_ = 0;
  std::uint64_t packet_ = 0;
  Sink& sink_;
  Diagnostics& diag_;
  const ReadOptions& options_;
  bool ok_ = true;
  std::unordered_map<std::string, std::size_t> families_;  // sample name -> index in order_
  std::vector<FamilyState> order_;
  std::unordered_map<std::string, std::size_t> series_index_;
  std::vector<Series> series_;
  std::size_t observations_ = 0;
  std::uint64_t rng_ = 0x9E3779B97F4A7C15ull;
  std::string key_;
  model::Labels labels_;
  std::vector<double> values_;  // of the line being parsed
  model::Family stream_family_;
  model::Sample stream_sample_;
};


void StatsdParser::Impl::emit() {
  model::Family family;
  model::Sample sample;
  std::vector<double> sorted;
  for (const FamilyState& f : order_) {
    family = model::Family{};
    family.name = f.name;
    family.type = f.kind == Kind::counter  ? model::MetricType::counter
                  : f.kind == Kind::observer ? model::MetricType::summary
                                             : model::MetricType::gauge;
    sink_.family(family);
    for (std::size_t idx : f.series) {
      Series& s = series_[idx];
      sample.timestamp_ms = s.ts_ms;
      if (f.kind != Kind::observer) {
        sample.name = f.sample_name;
        sample.labels = s.labels;
        sample.value = f.kind == Kind::set ? static_cast<double>(s.set.size()) : s.value;
        sink_.sample(family, sample);
        continue;
      }
      sorted = s.reservoir;
      std::sort(sorted.begin(), sorted.end());
      for (double q : kQuantiles) {
        sample.name = f.name;
        sample.labels = s.labels;
        model::Label ql{"quantile", format_double(q)};
        sample.labels.insert(std::lower_bound(sample.labels.begin(), sample.labels.end(), ql,
                                              [](const model::Label& a, const model::Label& b) { return a.name < b.name; }),
                             ql);
        // Nearest rank: the smallest observation with at least q of them at or below it.
        std::size_t rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
        sample.value = sorted[rank == 0 ? 0 : rank - 1];
        sink_.sample(family, sample);
      }
      sample.labels = s.labels;
      sample.name = f.name + "_sum";
      sample.value = s.sum;
      sink_.sample(family, sample);
      sample.name = f.name + "_count";
      sample.value = s.count;
      sink_.sample(family, sample);
      s = Series{};  // done with it: give the memory back as we go
    }
  }
}

StatsdParser::StatsdParser(Sink& sink, Diagnostics& diag, const ReadOptions& options)
    : impl_(std::make_unique<Impl>(sink, diag, options)) {}
StatsdParser::~StatsdParser() = default;
bool StatsdParser::line(std::string_view text, const std::string& file, std::uint64_t line_number,
                        std::uint64_t packet) {
  return impl_->line(text, file, line_number, packet);
}
void StatsdParser::fail() { impl_->fail(); }
bool StatsdParser::ok() const { return impl_->ok(); }
void StatsdParser::emit() { impl_->emit(); }

}  // namespace mon::format::detail
