#include "alert_output.hpp"

#include <fmt/format.h>

#include <cmath>

#include "mon/error.hpp"
#include "mon/format/number.hpp"

namespace monctl {

namespace {

using mon::model::Labels;


// JSON has no NaN or infinities: they are strings, as export writes them.
void json_number(std::string& out, double v) {
  if (std::isfinite(v)) {
    mon::format::append_double(out, v);
  } else {
    out += '"';
    mon::format::append_double(out, v);
    out += '"';
  }
}

std::string_view name_of(const Labels& labels) {
  for (const auto& l : labels)
    if (l.name == "__name__") return l.value;
  return {};
}

void json_line(std::string& out, const Labels& labels, double v, const std::int64_t* t) {
  out += "{\"name\":";
  append_json_string(out, name_of(labels));
  out += ",\"labels\":{";
  bool first = true;
  for (const auto& l : labels) {
    if (l.name == "__name__") continue;
    if (!first) out += ',';
    first = false;
    append_json_string(out, l.name);
    out += ':';
    append_json_string(out, l.value);
  }
  out += "},\"value\":";
  json_number(out, v);
  if (t) {
    out += ",\"timestamp\":";
    mon::format::append_int64(out, *t);
  }
  out += "}\n";
}

void escaped_value(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
}

// name{a="b"} as the exposition format writes it; `with_name` false gives {__name__="x", ...} as
// promtool prints a selector-like text.
void label_text(std::string& out, const Labels& labels, bool prom) {
  std::string_view name = name_of(labels);
  if (prom) out += name;
  bool any = false;
  for (const auto& l : labels) {
    if (prom && l.name == "__name__") continue;
    out += any ? (prom ? "," : ", ") : "{";
    any = true;
    out += l.name;
    out += "=\"";
    escaped_value(out, l.value);
    out += '"';
  }
  if (any) out += '}';
  else if (!prom) out += "{}";
}

void prom_line(std::string& out, const Labels& labels, double v, const std::int64_t* t) {
  if (name_of(labels).empty())
    throw mon::Error(
        "the result has series without a metric name, which the Prometheus text format cannot hold; use --format json "
        "or text");
  label_text(out, labels, true);
  out += ' ';
  mon::format::append_double(out, v);
  if (t) {
    out += ' ';
    mon::format::append_int64(out, *t);
  }
  out += '\n';
}

// promtool's "@[1764756000.5]": seconds with the milliseconds when there are any.
std::string at_text(std::int64_t t) {
  if (t % 1000 == 0) return fmt::format("@[{}]", t / 1000);
  return fmt::format("@[{}.{:03}]", t / 1000, std::abs(t % 1000));
}

void text_line(std::string& out, const Labels& labels, double v, std::int64_t t) {
  std::string_view name = name_of(labels);
  out += name;
  Labels rest;
  for (const auto& l : labels)
    if (l.name != "__name__") rest.push_back(l);
  if (!rest.empty() || name.empty()) label_text(out, rest, false);
  out += " => ";
  mon::format::append_double(out, v);
  out += ' ';
  out += at_text(t);
  out += '\n';
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);
    }
  }
  out += '"';
}

std::string render_query_result(const mon::promql::Value& value, std::int64_t t_ms, QueryFormat format) {
  using mon::promql::ValueType;
  std::string out;
  auto point = [&](const Labels& labels, double v, std::int64_t t, bool timestamped) {
    switch (format) {
      case QueryFormat::json: json_line(out, labels, v, timestamped ? &t : nullptr); break;
      case QueryFormat::prom: prom_line(out, labels, v, timestamped ? &t : nullptr); break;
      case QueryFormat::text: text_line(out, labels, v, t); break;
    }
  };
  switch (value.type) {
    case ValueType::scalar: point({}, value.scalar, t_ms, false); break;
    case ValueType::string:
      if (format == QueryFormat::json) {
        out += "{\"name\":\"\",\"labels\":{},\"value\":";
        append_json_string(out, value.string);
        out += "}\n";
      } else if (format == QueryFormat::text) {
        out += value.string + " " + at_text(t_ms) + "\n";
      } else {
        throw mon::Error("a string result cannot be written in the Prometheus text format; use --format json or text");
      }
      break;
    case ValueType::vector:
      for (const auto& s : value.vector) point(s.labels, s.value, t_ms, false);
      break;
    case ValueType::matrix:
      for (const auto& series : value.matrix)
        for (const auto& p : series.points) point(series.labels, p.v, p.t, true);
      break;
    case ValueType::none: break;
  }
  return out;
}

}  // namespace monctl
