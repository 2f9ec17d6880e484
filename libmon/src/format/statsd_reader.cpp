// StatsD reader (the Etsy protocol, https://github.com/statsd/statsd/blob/master/docs/metric_types.md,
// with DogStatsD's "|#tag:value,…" tags). One metric per line:
//   name:value|type[|@rate][|#k:v,k2:v2]
// StatsD is a stream of events, not of samples, so the reader keeps per-series state (series =
// type + name + tags) and turns every line into the sample a scrape at that moment would see:
//   c       counter: the running total (value / rate for sampled lines) as "name_total"
//   g       gauge: the value; "+N" / "-N" add to the series' last value (which starts at 0)
//   ms      timer: the observation in seconds (base units), untyped "name_seconds" (a "_ms"
//           suffix of the name is dropped first)
//   h, d    histogram / distribution: the observation as is, untyped "name"
//   s       set: a gauge of the distinct values seen so far for that series
// Names become valid metric names (dots and dashes -> '_', model::sanitize_metric_name); tag
// keys valid label names; a tag with no ':' is a label with an empty value, i.e. absent. A
// "|T<unix seconds>" section (DogStatsD) sets the timestamp, "|c:<container id>" is ignored.
// Memory is bounded: at most 100,000 series keep state (lines of further series are reported
// and skipped) and a set remembers at most 100,000 distinct values (it then stops growing and
// says so once).
#include <cmath>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "codecs.hpp"
#include "label_text.hpp"
#include "mon/format/number.hpp"
#include "mon/model/names.hpp"
#include "reader_util.hpp"
#include "utf8.hpp"

namespace mon::format::detail {

namespace {

constexpr std::size_t kMaxSeries = 100000;
constexpr std::size_t kMaxSetValues = 100000;

struct Series {
  double value = 0;                     // counter total, gauge value
  std::unordered_set<std::string> set;  // set members
  bool set_capped = false;
};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

class StatsdReader {
 public:
  StatsdReader(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options)
      : in_(in), sink_(sink), diag_(diag), options_(options) {}

  bool run() {
    for_each_line(in_, diag_, options_, ok_, [this](std::string_view line) { return parse(line); });
    return ok_;
  }

 private:
  bool error(std::size_t i, const std::string& msg) {
    ok_ = false;
    return diag_.error(at(in_, i + 1), msg);
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
    if (type != "s") {
      value = parse_double(value_text);
      if (!value || std::isnan(*value) || std::isinf(*value))
        return error(value_at, "expected a number as the value (like 1, -2.5, 3e3)");
      delta = type == "g" && (value_text[0] == '+' || value_text[0] == '-');
    }

    // The series: its state, and the sample name and type for this line.
    model::MetricType mtype = model::MetricType::untyped;
    std::string sample_name = name;
    if (type == "c") {
      mtype = model::MetricType::counter;
      if (!ends_with(name, "_total")) sample_name += "_total";
    } else if (type == "g" || type == "s") {
      mtype = model::MetricType::gauge;
    } else if (type == "ms" && !ends_with(name, "_seconds")) {
      // "api.latency_ms" is in seconds now: "api_latency_seconds", not "api_latency_ms_seconds".
      if (ends_with(sample_name, "_ms")) sample_name.resize(sample_name.size() - 3);
      sample_name += "_seconds";
    }
    Series* series = nullptr;
    if (type == "c" || type == "g" || type == "s") {
      key_.assign(type);
      key_ += ' ';
      key_ += name;
      for (const auto& l : labels_) {
        key_ += '\0';
        key_ += l.name;
        key_ += '\0';
        key_ += l.value;
      }
      auto it = series_.find(key_);
      if (it == series_.end()) {
        if (series_.size() >= kMaxSeries)
          return error(start, "more than " + std::to_string(kMaxSeries) +
                                  " distinct counters, gauges and sets: their state is not kept; line skipped");
        it = series_.emplace(key_, Series{}).first;
      }
      series = &it->second;
    }

    double out;
    if (type == "c") {
      series->value += *value / rate;
      out = series->value;
    } else if (type == "g") {
      series->value = delta ? series->value + *value : *value;
      out = series->value;
    } else if (type == "s") {
      if (series->set.size() < kMaxSetValues) {
        series->set.emplace(value_text);
      } else if (!series->set_capped && series->set.find(std::string(value_text)) == series->set.end()) {
        series->set_capped = true;
        diag_.warning(at(in_, value_at + 1), "set \"" + name + "\" has " + std::to_string(kMaxSetValues) +
                                                  " distinct values; further new values are not counted");
      }
      out = static_cast<double>(series->set.size());
    } else if (type == "ms") {
      out = *value / 1000;
    } else {
      out = *value;
    }

    family_.name = std::string(model::family_name_of(sample_name, mtype));
    family_.type = mtype;
    sample_.name = std::move(sample_name);
    sample_.labels = labels_;
    sample_.value = out;
    sample_.timestamp_ms = ts_ms;
    sink_.sample(family_, sample_);
    return true;
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

  io::LineReader& in_;
  Sink& sink_;
  Diagnostics& diag_;
  const ReadOptions& options_;
  bool ok_ = true;
  std::unordered_map<std::string, Series> series_;
  std::string key_;
  model::Labels labels_;
  model::Family family_;
  model::Sample sample_;
};

}  // namespace

bool read_statsd(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options) {
  return StatsdReader(in, sink, diag, options).run();
}

}  // namespace mon::format::detail
