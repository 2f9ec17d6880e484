// InfluxDB line protocol reader, after https://docs.influxdata.com/influxdb/v2/reference/syntax/line-protocol/:
//   measurement[,tag=value…] field=value[,field=value…] [timestamp]
// Every numeric field becomes one untyped sample: floats, integers (1i), unsigned (1u) and
// booleans (t, T, true, True, TRUE, f, …: 1 or 0). String fields are not numbers: they are
// skipped with a warning. The sample is named after the measurement for the field "value"
// (what our writer produces) and measurement_field otherwise; names become valid Prometheus
// names (model::sanitize_metric_name, "cpu.load" -> "cpu_load"), tag keys valid label names,
// with a warning the first times a name changes. Timestamps are nanoseconds: the model's
// millisecond (rounded toward the past) plus Sample::timestamp_sub_ms_ns, which only the Influx
// writer writes back.
// Escapes: '\' before ',', ' ', '=' or '\' stands for that character (in field string values:
// before '"' or '\'); before anything else the backslash is literal, as the spec allows.
// A line is checked whole before any of its samples is emitted, so a bad line yields none.
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "codecs.hpp"
#include "label_text.hpp"
#include "mon/format/number.hpp"
#include "mon/model/names.hpp"
#include "reader_util.hpp"
#include "series_seen.hpp"
#include "utf8.hpp"

namespace mon::format::detail {

namespace {

struct Field {
  std::string key;
  double value;
};

class InfluxReader {
 public:
  InfluxReader(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options)
      : in_(in), sink_(sink), diag_(diag), options_(options) {
    if (options.stream) seen_.disable();
  }

  bool run() {
    for_each_line(in_, diag_, options_, ok_, [this](std::string_view line) { return parse(line); });
    return ok_;
  }

 private:
  bool error(std::size_t i, const std::string& msg) {
    ok_ = false;
    return diag_.error(at(in_, i + 1), msg);
  }

  // Reads up to an unescaped character of `stops`, undoing escapes.
  std::string token(std::string_view line, std::size_t& i, std::string_view stops) {
    std::string out;
    while (i < line.size() && stops.find(line[i]) == std::string_view::npos) {
      char c = line[i];
      if (c == '\\' && i + 1 < line.size()) {
        char e = line[i + 1];
        if (e == ',' || e == ' ' || e == '=' || e == '\\') {
          out.push_back(e);
          i += 2;
          continue;
        }
      }
      out.push_back(c);
      ++i;
    }
    return out;
  }

  std::optional<double> field_value(std::string_view v) {
    if (v == "t" || v == "T" || v == "true" || v == "True" || v == "TRUE") return 1.0;
    if (v == "f" || v == "F" || v == "false" || v == "False" || v == "FALSE") return 0.0;
    if (v.empty()) return std::nullopt;
    char last = v.back();
    std::string_view digits = v.substr(0, v.size() - 1);
    if (last == 'i') {
      auto n = parse_int64(digits);
      if (!n || digits.front() == '+') return std::nullopt;
      return static_cast<double>(*n);
    }
    if (last == 'u') {
      std::uint64_t u = 0;
      auto r = std::from_chars(digits.data(), digits.data() + digits.size(), u);
      if (digits.empty() || r.ec != std::errc() || r.ptr != digits.data() + digits.size()) return std::nullopt;
      return static_cast<double>(u);
    }
    // Floats: decimal forms only (no NaN, Inf or hex in line protocol).
    char c = v[0];
    if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.')) return std::nullopt;
    if (v.find_first_of("xXnN") != std::string_view::npos) return std::nullopt;
    return parse_value(v);
  }

  bool parse(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (i == line.size() || line[i] == '#') return true;  // blank line or comment

    std::string measurement = token(line, i, ", ");
    if (measurement.empty()) return error(i, "expected a measurement name");
    labels_.clear();
    while (i < line.size() && line[i] == ',') {
      std::size_t key_at = ++i;
      std::string key = token(line, i, "=, ");
      if (key.empty()) return error(key_at, "expected a tag key after ','");
      if (i == line.size() || line[i] != '=') return error(i, "expected '=' after tag key \"" + key + "\"");
      std::size_t value_at = ++i;
      std::string value = token(line, i, ", ");
      if (value.empty()) return error(value_at, "expected a value for tag \"" + key + "\" (empty tag values are not allowed)");
      if (find_invalid_utf8(value) != std::string::npos)
        return error(value_at, "the value of tag \"" + key + "\" is not valid UTF-8");
      std::string name = sanitize_label_name(key);
      if (name != key && renamed_.first("tag " + key))
        diag_.warning(at(in_, key_at + 1), "tag key \"" + key + "\" renamed to label \"" + name + "\"");
      labels_.push_back({std::move(name), std::move(value)});
    }
    if (auto dup = sort_labels_checked(labels_)) return error(0, "label \"" + *dup + "\" appears twice (tags after renaming)");
    if (i == line.size()) return error(i, "expected a space and a field set (like value=1) after the measurement and tags");
    if (line[i] != ' ') return error(i, "expected a space before the field set");
    while (i < line.size() && line[i] == ' ') ++i;

    fields_.clear();
    for (;;) {
      std::size_t key_at = i;
      std::string key = token(line, i, "=, ");
      if (key.empty()) return error(key_at, "expected a field key (like value=1)");
      if (i == line.size() || line[i] != '=') return error(i, "expected '=' after field key \"" + key + "\"");
      std::size_t value_at = ++i;
      if (i < line.size() && line[i] == '"') {
        ++i;
        bool closed = false;
        while (i < line.size()) {
          if (line[i] == '\\' && i + 1 < line.size()) i += 2;
          else if (line[i++] == '"') {
            closed = true;
            break;
          }
        }
        if (!closed) return error(value_at, "expected '\"' closing the string value of field \"" + key + "\"");
        if (strings_.first(measurement + " " + key))
          diag_.warning(at(in_, value_at + 1), "field \"" + key + "\" of \"" + measurement +
                                                   "\" is a string: skipped (only numeric fields become samples)");
      } else {
        std::size_t end = line.find_first_of(", ", i);
        if (end == std::string_view::npos) end = line.size();
        auto v = field_value(line.substr(i, end - i));
        if (!v)
          return error(value_at, "expected a value for field \"" + key +
                                     "\": a float, an integer (1i), an unsigned integer (1u), a boolean or a \"string\"");
        fields_.push_back({std::move(key), *v});
        i = end;
      }
      if (i < line.size() && line[i] == ',') {
        ++i;
        continue;
      }
      break;
    }

    std::optional<std::int64_t> ts_ms;
    std::int32_t sub_ms = 0;
    if (i < line.size()) {
      if (line[i] != ' ') return error(i, "expected ',' or a space after a field value");
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i < line.size()) {
        std::size_t ts_at = i;
        std::size_t end = line.find_first_of(" \t", i);
        if (end == std::string_view::npos) end = line.size();
        auto ns = parse_int64(line.substr(i, end - i));
        if (!ns) return error(ts_at, "expected a timestamp in nanoseconds (an integer)");
        // Floor, not truncation: -1 ns is in the millisecond before the epoch.
        std::int64_t ms = *ns / 1000000;
        if (*ns % 1000000 < 0) --ms;
        ts_ms = ms;
        sub_ms = static_cast<std::int32_t>(*ns - ms * 1000000);
        i = end;
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i < line.size()) return error(i, "unexpected text after the timestamp");
      }
    }

    for (auto& f : fields_) {
      std::string raw = f.key == "value" ? measurement : measurement + "_" + f.key;
      sample_.name = model::sanitize_metric_name(raw);
      if (sample_.name != raw && renamed_.first(raw))
        diag_.warning(at(in_, 1), "\"" + raw + "\" renamed to \"" + sample_.name + "\" (a valid metric name)");
      sample_.labels = labels_;
      sample_.value = f.value;
      sample_.timestamp_ms = ts_ms;
      sample_.timestamp_sub_ms_ns = sub_ms;
      family_.name = sample_.name;
      if (seen_.repeated(sample_)) diag_.warning(at(in_, 1), duplicate_series_message(sample_));
      sink_.sample(family_, sample_);
    }
    return true;
  }

  io::LineReader& in_;
  Sink& sink_;
  Diagnostics& diag_;
  const ReadOptions& options_;
  bool ok_ = true;
  WarnOnce renamed_, strings_;
  model::Labels labels_;
  std::vector<Field> fields_;
  model::Family family_;
  model::Sample sample_;
  SeriesSeen seen_;
};

}  // namespace

bool read_influx(io::LineReader& in, Sink& sink, Diagnostics& diag, const ReadOptions& options) {
  return InfluxReader(in, sink, diag, options).run();
}

}  // namespace mon::format::detail
