// Prometheus' template functions (template/template.go's function map) and its alert template data.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "funcs_common.hpp"
#include "gostr.hpp"
#include "mon/time/duration.hpp"
#include "mon/tmpl/prometheus.hpp"

namespace mon::tmpl {

namespace {

using detail::convert_to_float;

Value labels_value(const model::Labels& labels) {
  static const auto type = detail::string_map_type();
  Map m;
  for (const auto& l : labels) m.emplace(l.name, Value(l.value));
  return Value::map(std::move(m), type);
}

std::shared_ptr<const TypeInfo> sample_type() {
  static const auto type = [] {
    auto t = std::make_shared<TypeInfo>();
    t->name = "*template.sample";
    return t;
  }();
  return type;
}
std::shared_ptr<const TypeInfo> result_type() {
  static const auto type = [] {
    auto t = std::make_shared<TypeInfo>();
    t->name = "template.queryResult";
    return t;
  }();
  return type;
}

const Value& sample_arg(const Value& v) {
  if (v.kind() == Value::Kind::structure && v.type() == sample_type().get()) return v;
  throw ArgTypeError("*template.sample", v.is_null() ? "<nil>" : v.type_name());
}
const List& result_arg(const Value& v) {
  if (v.kind() == Value::Kind::list && v.type() == result_type().get()) return v.as_list();
  throw ArgTypeError("template.queryResult", v.is_null() ? "<nil>" : v.type_name());
}
std::string sample_label(const Value& s, const std::string& name) {
  const Value* labels = s.field("Labels");
  if (!labels) return "";
  const Value* v = labels->field(name);
  return v ? v->as_string() : std::string();
}

Value time_of_seconds(double v) {
  if (std::isnan(v) || std::isinf(v)) throw Error("value is NaN or Inf");
  double ns = v * 1e9;
  if (ns >= 9.223372036854775808e18 || ns < -9.223372036854775808e18)
    throw Error(format_float(v) + " cannot be represented as a nanoseconds timestamp since it overflows int64");
  return Value::time(Time::from_unix_ms(static_cast<long long>(ns) / 1000000));
}

std::string url_path(const std::string& url) {
  std::size_t scheme = url.find("://");
  std::size_t start = scheme == std::string::npos ? 0 : url.find('/', scheme + 3);
  if (start == std::string::npos) return "";
  std::size_t end = url.find_first_of("?#", start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

Function string_fn(std::string (*f)(std::string_view)) {
  return [f](std::span<const Value> a) {
    expect_args(a, 1);
    return Value(f(arg_string(a[0])));
  };
}
Function float_fn(std::string (*f)(double)) {
  return [f](std::span<const Value> a) {
    expect_args(a, 1);
    return Value(f(convert_to_float(a[0])));
  };
}

}  // namespace

Value alert_template_value(const AlertTemplateData& data) {
  static const auto type = [] {
    auto t = std::make_shared<TypeInfo>();
    t->name = "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }";
    return t;
  }();
  return Value::structure({{"Labels", labels_value(data.labels)},
                           {"ExternalLabels", labels_value(data.external_labels)},
                           {"ExternalURL", Value(data.external_url)},
                           {"Value", Value(data.value)}},
                          type);
}

FuncMap prometheus_functions(const QueryFunc& query, std::int64_t now_ms, const std::string& external_url) {
  FuncMap f;
  f["query"] = [query](std::span<const Value> a) {
    expect_args(a, 1);
    const std::string& expr = arg_string(a[0]);
    if (!query) throw Error("query is not available here");
    List samples;
    for (const auto& s : query(expr))
      samples.push_back(Value::structure({{"Labels", labels_value(s.labels)}, {"Value", Value(s.value)}}, sample_type()));
    return Value::list(std::move(samples), result_type());
  };
  f["first"] = [](std::span<const Value> a) {
    expect_args(a, 1);
    const List& l = result_arg(a[0]);
    if (l.empty()) throw Error("first() called on vector with no elements");
    return l[0];
  };
  f["label"] = [](std::span<const Value> a) {
    expect_args(a, 2);
    const std::string& name = arg_string(a[0]);
    return Value(sample_label(sample_arg(a[1]), name));
  };
  f["value"] = [](std::span<const Value> a) {
    expect_args(a, 1);
    const Value* v = sample_arg(a[0]).field("Value");
    return v ? *v : Value();
  };
  f["strvalue"] = [](std::span<const Value> a) {
    expect_args(a, 1);
    return Value(sample_label(sample_arg(a[0]), "__value__"));
  };
  f["args"] = [](std::span<const Value> a) {
    Map m;
    for (std::size_t i = 0; i < a.size(); ++i) m.emplace(fmt::format("arg{}", i), a[i]);
    return Value::map(std::move(m));
  };
  f["reReplaceAll"] = [](std::span<const Value> a) {
    expect_args(a, 3);
    const std::string &pattern = arg_string(a[0]), &repl = arg_string(a[1]), &text = arg_string(a[2]);
    try {
      return Value(detail::GoRegex(pattern).replace_all(text, repl));
    } catch (const Error& e) {
      throw Error(fmt::format("regexp: Compile({}): {}", go_quote(pattern), e.what()));
    }
  };
  f["match"] = [](std::span<const Value> a) {
    expect_args(a, 2);
    return Value(detail::GoRegex(arg_string(a[0])).search(arg_string(a[1])));
  };
  f["safeHtml"] = [](std::span<const Value> a) {
    expect_args(a, 1);
    return Value(arg_string(a[0]));
  };
  f["title"] = [](std::span<const Value> a) {
    expect_args(a, 1);
    return Value(detail::title_case(arg_string(a[0]), true));
  };
  f["toUpper"] = string_fn([](std::string_view s) { return detail::to_upper(s); });
  f["toLower"] = string_fn([](std::string_view s) { return detail::to_lower(s); });
  f["graphLink"] = string_fn([](std::string_view s) { return "/graph?g0.expr=" + query_escape(s) + "&g0.tab=0"; });
  f["tableLink"] = string_fn([](std::string_view s) { return "/graph?g0.expr=" + query_escape(s) + "&g0.tab=1"; });
  f["urlQueryEscape"] = string_fn([](std::string_view s) { return query_escape(s); });
  f["sortByLabel"] = [](std::span<const Value> a) {
    expect_args(a, 2);
    const std::string& label = arg_string(a[0]);
    List l = result_arg(a[1]);
    std::stable_sort(l.begin(), l.end(),
                     [&](const Value& x, const Value& y) { return sample_label(x, label) < sample_label(y, label); });
    return Value::list(std::move(l), result_type());
  };
  f["stripPort"] = string_fn([](std::string_view s) {
    std::string host, port;
    return detail::split_host_port(s, host, port) ? host : std::string(s);
  });
  f["stripDomain"] = string_fn([](std::string_view s) {
    std::string host, port;
    if (!detail::split_host_port(s, host, port)) host = std::string(s), port.clear();
    // an IP address (v4 or v6) is left alone
    bool ip4 = !host.empty() && host.find_first_not_of("0123456789.") == std::string::npos &&
               std::count(host.begin(), host.end(), '.') == 3;
    bool ip6 = host.find(':') != std::string::npos && host.find_first_not_of("0123456789abcdefABCDEF:.") == std::string::npos;
    if (ip4 || ip6) return std::string(s);
    host = host.substr(0, host.find('.'));
    if (!port.empty()) return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + port;
    return host;
  });
  f["humanize"] = float_fn(humanize);
  f["humanize1024"] = float_fn(humanize1024);
  f["humanizeDuration"] = float_fn(humanize_duration);
  f["humanizePercentage"] = float_fn(humanize_percentage);
  f["humanizeTimestamp"] = float_fn(humanize_timestamp);
  f["toTime"] = [](std::span<const Value> a) {
    expect_args(a, 1);
    return time_of_seconds(convert_to_float(a[0]));
  };
  f["toDuration"] = [](std::span<const Value> a) {
    expect_args(a, 1);
    double ns = convert_to_float(a[0]) * 1e9;
    if (std::isnan(ns)) ns = 0;
    ns = std::clamp(ns, -9.223372036854775808e18, 9.223372036854774784e18);
    return Value::duration(static_cast<std::int64_t>(ns));
  };
  f["now"] = [now_ms](std::span<const Value> a) {
    expect_args(a, 0);
    return Value(static_cast<double>(now_ms) / 1000.0);
  };
  f["pathPrefix"] = [external_url](std::span<const Value> a) {
    expect_args(a, 0);
    return Value(url_path(external_url));
  };
  f["externalURL"] = [external_url](std::span<const Value> a) {
    expect_args(a, 0);
    return Value(external_url);
  };
  f["parseDuration"] = [](std::span<const Value> a) {
    expect_args(a, 1);
    const std::string& s = arg_string(a[0]);
    std::string_view body = s;
    bool neg = !body.empty() && body[0] == '-';
    if (neg) body.remove_prefix(1);
    try {
      double secs = time::to_seconds(time::parse_duration(body));
      return Value(neg ? -secs : secs);
    } catch (const Error&) {
      throw Error(fmt::format("not a valid duration string: {}", go_quote(s)));
    }
  };
  return f;
}

namespace {

constexpr std::string_view definitions =
    "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}";

Template parse_alert(const std::string& name, std::string_view text, const FuncMap& funcs) {
  std::string full(definitions);
  full += text;
  Options o;
  o.missing_key = MissingKey::zero;
  return Template::parse(name, full, funcs, o);
}

}  // namespace

std::string expand_alert_template(std::string_view alert_name, std::string_view text, const AlertTemplateData& data,
                                  const QueryFunc& query, std::int64_t now_ms) {
  std::string name = "__alert_" + std::string(alert_name);
  FuncMap funcs = prometheus_functions(query, now_ms, data.external_url);
  Template t;
  try {
    t = parse_alert(name, text, funcs);
  } catch (const TemplateParseError& e) {
    throw Error(fmt::format("error parsing template {}: {}", name, e.what()));
  }
  try {
    return t.execute(alert_template_value(data));
  } catch (const Error& e) {
    throw Error(fmt::format("error executing template {}: {}", name, e.what()));
  }
}

std::string expand_alert_template_or_error(std::string_view alert_name, std::string_view text,
                                           const AlertTemplateData& data, const QueryFunc& query, std::int64_t now_ms) {
  try {
    return expand_alert_template(alert_name, text, data, query, now_ms);
  } catch (const Error& e) {
    return fmt::format("<error expanding template: {}>", e.what());
  }
}

void check_alert_template(std::string_view alert_name, std::string_view text) {
  static const FuncMap funcs = prometheus_functions({}, 0, "");
  parse_alert("__alert_" + std::string(alert_name), text, funcs);
}

}  // namespace mon::tmpl
