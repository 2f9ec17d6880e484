// The writers of mon/watch/record_writer.hpp.
#include "mon/watch/record_writer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "../format/json_escape.hpp"
#include "../format/label_text.hpp"
#include "mon/format/csv_field.hpp"
#include "mon/format/number.hpp"
#include "mon/time/rfc3339.hpp"

namespace mon::watch {

namespace {

std::string rfc3339(std::int64_t ms) {
  return time::format_rfc3339(time::SystemTime(std::chrono::milliseconds(ms)), 3);
}

// Whole numbers below 10^15 (counts above all) in full, as jq, spreadsheets and people read
// them: 5000000, not the shortest form's 5e+06. The rest shortest, exactly.
void plain_number(std::string& out, double v) {
  if (v == std::trunc(v) && std::fabs(v) < 1e15 && !(v == 0 && std::signbit(v)))
    format::append_int64(out, static_cast<std::int64_t>(v));
  else
    format::append_double(out, v);
}

void json_number(std::string& out, double v) {
  if (std::isfinite(v)) {
    plain_number(out, v);
  } else {
    out.push_back('"');
    format::append_double(out, v);
    out.push_back('"');
  }
}

void json_optional(std::string& out, const std::optional<double>& v) {
  if (v)
    json_number(out, *v);
  else
    out += "null";
}

class JsonWriter : public RecordWriter {
 public:
  void write(const std::vector<WindowRecord>& window, io::Output& out) override {
    for (const auto& r : window) {
      std::string& b = out.buffer();
      b += "{\"name\":";
      format::detail::append_json_string(b, r.name);
      b += ",\"labels\":{";
      for (std::size_t i = 0; i < r.labels.size(); ++i) {
        if (i) b.push_back(',');
        format::detail::append_json_string(b, r.labels[i].name);
        b.push_back(':');
        format::detail::append_json_string(b, r.labels[i].value);
      }
      b += "},\"start\":\"" + rfc3339(r.start_ms) + "\",\"end\":\"" + rfc3339(r.end_ms) + "\"";
      const std::pair<const char*, double> fields[] = {{"count", r.count}, {"sum", r.sum},       {"min", r.min},
                                                       {"max", r.max},     {"mean", r.mean},     {"stddev", r.stddev},
                                                       {"first", r.first}, {"last", r.last}};
      for (const auto& [key, value] : fields) {
        b += ",\"";
        b += key;
        b += "\":";
        json_number(b, value);
      }
      b += ",\"rate\":";
      json_optional(b, r.rate);
      b += ",\"increase\":";
      json_optional(b, r.increase);
      b += ",\"quantiles\":{";
      for (std::size_t i = 0; i < r.quantiles.size(); ++i) {
        if (i) b.push_back(',');
        format::detail::append_json_string(b, r.quantiles[i].first);
        b.push_back(':');
        json_number(b, r.quantiles[i].second);
      }
      b += "}}\n";
      out.maybe_flush();
    }
  }
};

class CsvWriter : public RecordWriter {
 public:
  explicit CsvWriter(std::vector<std::string> quantiles) : quantiles_(std::move(quantiles)) {}
  void write(const std::vector<WindowRecord>& window, io::Output& out) override {
    std::string& b = out.buffer();
    if (!header_done_) {
      b += "name,labels,start,end,count,sum,min,max,mean,stddev,first,last,rate,increase";
      for (const auto& q : quantiles_) {
        b.push_back(',');
        format::append_csv_field(b, "q" + q);
      }
      b += "\r\n";
      header_done_ = true;
    }
    for (const auto& r : window) {
      format::append_csv_text_field(b, r.name);
      b.push_back(',');
      std::string labels;
      format::detail::append_label_text(labels, r.labels);
      format::append_csv_text_field(b, labels);
      b += "," + rfc3339(r.start_ms) + "," + rfc3339(r.end_ms);
      for (double v : {r.count, r.sum, r.min, r.max, r.mean, r.stddev, r.first, r.last}) {
        b.push_back(',');
        plain_number(b, v);
      }
      for (const auto& v : {r.rate, r.increase}) {
        b.push_back(',');
        if (v) plain_number(b, *v);
      }
      for (const auto& q : r.quantiles) {
        b.push_back(',');
        plain_number(b, q.second);
      }
      b += "\r\n";
      out.maybe_flush();
    }
  }

 private:
  std::vector<std::string> quantiles_;
  bool header_done_ = false;
};

// prom, openmetrics and influx: the records as families and samples, through export's writers.
class ModelWriter : public RecordWriter {
 public:
  explicit ModelWriter(format::Format format) : format_(format) {}
  void write(const std::vector<WindowRecord>& unsorted, io::Output& out) override {
    // Families must not interleave (OpenMetrics): series of one name together, all summaries
    // first, then each gauge kind.
    std::vector<const WindowRecord*> window;
    window.reserve(unsorted.size());
    for (const auto& r : unsorted) window.push_back(&r);
    std::stable_sort(window.begin(), window.end(),
                     [](const WindowRecord* a, const WindowRecord* b) { return a->name < b->name; });
    announced_.clear();
    auto writer = format::make_writer(format_, out);
    for (const WindowRecord* r : window) summary(*writer, *r);
    const char* kinds[] = {"min", "max", "mean", "stddev", "first", "last", "rate", "increase"};
    for (const char* kind : kinds) {
      model::Family f;
      for (const WindowRecord* r : window) {
        std::optional<double> v = value_of(*r, kind);
        if (!v) continue;
        std::string name = base(*r) + "_" + kind;
        if (f.name != name) f = model::Family{name, model::MetricType::gauge, {}, {}, false};
        emit(*writer, f, name, r->labels, *v, r->end_ms);
      }
    }
    writer->finish();
  }

 private:
  static std::string base(const WindowRecord& r) {
    std::string_view n = r.name;
    if (r.counter && n.ends_with("_total")) n.remove_suffix(6);
    return std::string(n);
  }
  static std::optional<double> value_of(const WindowRecord& r, std::string_view kind) {
    if (kind == "min") return r.min;
    if (kind == "max") return r.max;
    if (kind == "mean") return r.mean;
    if (kind == "stddev") return r.stddev;
    if (kind == "first") return r.first;
    if (kind == "last") return r.last;
    if (kind == "rate") return r.rate;
    return r.increase;
  }
  void emit(format::Sink& sink, const model::Family& f, const std::string& name, const model::Labels& labels,
            double v, std::int64_t ts) {
    if (announced_ != f.name) {
      sink.family(f);
      announced_ = f.name;
    }
    model::Sample s{name, labels, v, ts};
    sink.sample(f, s);
  }
  void summary(format::Sink& sink, const WindowRecord& r) {
    model::Family f{base(r), model::MetricType::summary, {}, {}, false};
    for (const auto& [q, v] : r.quantiles) {
      model::Labels labels = r.labels;
      labels.push_back({"quantile", q});
      model::sort_labels(labels);
      emit(sink, f, f.name, labels, v, r.end_ms);
    }
    emit(sink, f, f.name + "_sum", r.labels, r.sum, r.end_ms);
    emit(sink, f, f.name + "_count", r.labels, r.count, r.end_ms);
  }

  format::Format format_;
  std::string announced_;
};

class TextWriter : public RecordWriter {
 public:
  void write(const std::vector<WindowRecord>& window, io::Output& out) override {
    if (window.empty()) return;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> head = {"SERIES", "COUNT", "MEAN", "MIN", "MAX"};
    for (const auto& q : window.front().quantiles) head.push_back("P" + q.first);
    head.push_back("RATE/S");
    rows.push_back(head);
    for (const auto& r : window) {
      std::string series = r.name;
      if (!r.labels.empty()) {
        series += "{";
        format::detail::append_label_text(series, r.labels);
        series += "}";
      }
      std::vector<std::string> row = {series, count_text(r.count), human(r.mean), human(r.min), human(r.max)};
      for (const auto& q : r.quantiles) row.push_back(human(q.second));
      row.push_back(r.rate ? human(*r.rate) : "-");
      rows.push_back(row);
    }
    std::vector<std::size_t> width(head.size(), 0);
    for (const auto& row : rows)
      for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
    std::string& b = out.buffer();
    b += "window " + rfc3339(window.front().start_ms) + " .. " + rfc3339(window.front().end_ms) + "\n";
    for (const auto& row : rows) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        std::size_t pad = width[i] - row[i].size();
        if (i == 0) {
          b += row[i];
          b.append(pad, ' ');
        } else {
          b += "  ";
          b.append(pad, ' ');
          b += row[i];
        }
      }
      b += '\n';
    }
    b += '\n';
    out.maybe_flush();
  }

 private:
  static std::string count_text(double n) {  // counts in full: 100000, not 1e+05
    std::string out;
    plain_number(out, n);
    return out;
  }
  static std::string human(double v) {
    if (std::isnan(v)) return "NaN";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
  }
};

}  // namespace

std::unique_ptr<RecordWriter> make_record_writer(RecordFormat format, std::vector<std::string> quantile_names) {
  switch (format) {
    case RecordFormat::json: return std::make_unique<JsonWriter>();
    case RecordFormat::csv: return std::make_unique<CsvWriter>(std::move(quantile_names));
    case RecordFormat::prom: return std::make_unique<ModelWriter>(format::Format::prom);
    case RecordFormat::openmetrics: return std::make_unique<ModelWriter>(format::Format::openmetrics);
    case RecordFormat::influx: return std::make_unique<ModelWriter>(format::Format::influx);
    case RecordFormat::text: return std::make_unique<TextWriter>();
  }
  return nullptr;
}

}  // namespace mon::watch
