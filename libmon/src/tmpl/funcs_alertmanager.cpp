// Alertmanager's template functions (template.DefaultFuncs) and its template data (template.Data).
#include <algorithm>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "funcs_common.hpp"
#include "gostr.hpp"
#include "mon/tmpl/alertmanager.hpp"
#include "mon/tmpl/prometheus.hpp"

namespace mon::tmpl {

namespace {

using detail::convert_to_float;

std::shared_ptr<const TypeInfo> strings_type() {
  static const auto type = [] {
    auto t = std::make_shared<TypeInfo>();
    t->name = "template.Strings";
    t->methods["Join"] = [](const Value& self, std::span<const Value> a) {
      expect_args(a, 1);
      const std::string& sep = arg_string(a[0]);
      std::string out;
      for (std::size_t i = 0; i < self.as_list().size(); ++i) out += (i ? sep : "") + self.as_list()[i].as_string();
      return Value(out);
    };
    return t;
  }();
  return type;
}

Value strings_value(std::vector<std::string> v) {
  List l;
  for (auto& s : v) l.emplace_back(std::move(s));
  return Value::list(std::move(l), strings_type());
}

std::shared_ptr<const TypeInfo> pair_type() {
  static const auto type = [] {
    auto t = std::make_shared<TypeInfo>();
    t->name = "template.Pair";
    return t;
  }();
  return type;
}

std::vector<std::pair<std::string, std::string>> sorted_pairs(const Value& kv) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : kv.as_map())
    if (k != "alertname") out.emplace_back(k, v.as_string());
  if (const Value* a = kv.field("alertname")) out.insert(out.begin(), {"alertname", a->as_string()});
  return out;
}

std::string pairs_string(const std::vector<std::pair<std::string, std::string>>& ps) {
  std::string out;
  for (std::size_t i = 0; i < ps.size(); ++i) out += (i ? ", " : "") + ps[i].first + "=" + ps[i].second;
  return out;
}

std::shared_ptr<const TypeInfo> pairs_type() {
  static const auto type = [] {
    auto t = std::make_shared<TypeInfo>();
    t->name = "template.Pairs";
    auto field_list = [](const Value& self, const char* which) {
      std::vector<std::string> out;
      for (const auto& p : self.as_list()) out.push_back(p.field(which)->as_string());
      return strings_value(std::move(out));
    };
    t->methods["Names"] = [field_list](const Value& self, std::span<const Value> a) {
      expect_args(a, 0);
      return field_list(self, "Name");
    };
    t->methods["Values"] = [field_list](const Value& self, std::span<const Value> a) {
      expect_args(a, 0);
      return field_list(self, "Value");
    };
    t->methods["String"] = [](const Value& self, std::span<const Value> a) {
      expect_args(a, 0);
      std::vector<std::pair<std::string, std::string>> ps;
      for (const auto& p : self.as_list()) ps.emplace_back(p.field("Name")->as_string(), p.field("Value")->as_string());
      return Value(pairs_string(ps));
    };
    return t;
  }();
  return type;
}

Value kv_value(Map m);

std::shared_ptr<const TypeInfo> kv_type() {
  static const auto type = [] {
    auto t = std::make_shared<TypeInfo>();
    t->name = "template.KV";
    t->elem_zero = Value(std::string());
    t->methods["SortedPairs"] = [](const Value& self, std::span<const Value> a) {
      expect_args(a, 0);
      List l;
      for (auto& [k, v] : sorted_pairs(self)) l.push_back(Value::structure({{"Name", Value(k)}, {"Value", Value(v)}}, pair_type()));
      return Value::list(std::move(l), pairs_type());
    };
    t->methods["Names"] = [](const Value& self, std::span<const Value> a) {
      expect_args(a, 0);
      std::vector<std::string> out;
      for (auto& p : sorted_pairs(self)) out.push_back(p.first);
      return strings_value(std::move(out));
    };
    t->methods["Values"] = [](const Value& self, std::span<const Value> a) {
      expect_args(a, 0);
      std::vector<std::string> out;
      for (auto& p : sorted_pairs(self)) out.push_back(p.second);
      return strings_value(std::move(out));
    };
    t->methods["Remove"] = [](const Value& self, std::span<const Value> a) {
      expect_args(a, 1);
      if (a[0].kind() != Value::Kind::list && !a[0].is_null()) throw ArgTypeError("[]string", a[0].type_name());
      Map m = self.as_map();
      for (const auto& k : a[0].as_list()) m.erase(arg_string(k));
      return kv_value(std::move(m));
    };
    t->methods["String"] = [](const Value& self, std::span<const Value> a) {
      expect_args(a, 0);
      return Value(pairs_string(sorted_pairs(self)));
    };
    return t;
  }();
  return type;
}

Value kv_value(Map m) { return Value::map(std::move(m), kv_type()); }

Value kv_of(const model::Labels& labels) {
  Map m;
  for (const auto& l : labels) m.emplace(l.name, Value(l.value));
  return kv_value(std::move(m));
}

std::shared_ptr<const TypeInfo> alert_type() {
  static const auto type = [] {
    auto t = std::make_shared<TypeInfo>();
    t->name = "template.Alert";
    return t;
  }();
  return type;
}

List with_status(const Value& alerts, const char* status) {
  List out;
  for (const auto& a : alerts.as_list())
    if (a.field("Status")->as_string() == status) out.push_back(a);
  return out;
}

std::shared_ptr<const TypeInfo> alerts_type() {
  static const auto type = [] {
    auto t = std::make_shared<TypeInfo>();
    t->name = "template.Alerts";
    t->methods["Firing"] = [](const Value& self, std::span<const Value> a) {
      expect_args(a, 0);
      return Value::list(with_status(self, "firing"));
    };
    t->methods["Resolved"] = [](const Value& self, std::span<const Value> a) {
      expect_args(a, 0);
      return Value::list(with_status(self, "resolved"));
    };
    return t;
  }();
  return type;
}

std::shared_ptr<const TypeInfo> data_type() {
  static const auto type = [] {
    auto t = std::make_shared<TypeInfo>();
    t->name = "*template.Data";
    return t;
  }();
  return type;
}

std::string quote_meta(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

const Time& time_param(const Value& v) {
  if (v.kind() != Value::Kind::time) throw ArgTypeError("time.Time", v.is_null() ? "<nil>" : v.type_name());
  return v.as_time();
}

void json_string(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);
    }
  }
  out += '"';
}

void to_json(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::null: out += "null"; return;
    case Value::Kind::boolean: out += v.as_bool() ? "true" : "false"; return;
    case Value::Kind::integer:
    case Value::Kind::duration: out += std::to_string(v.as_int()); return;
    case Value::Kind::number: {
      double d = v.as_number();
      if (!std::isfinite(d)) throw Error("json: unsupported value: " + format_float(d));
      double a = std::fabs(d);
      std::string s = (a != 0 && (a < 1e-6 || a >= 1e21)) ? format_float_e(d, -1, false) : format_float_f(d, -1);
      if (a != 0 && (a < 1e-6 || a >= 1e21)) {
        // shortest e form, "e-07" -> "e-7"
        s = format_float_g(d, -1, false);
        auto e = s.find('e');
        if (e != std::string::npos && e + 2 < s.size() && s[e + 2] == '0') s.erase(e + 2, 1);
      } else {
        s = format_float_g(d, -1, false);
        if (s.find('e') != std::string::npos) {
          // plain decimal for 1e6..1e21
          s = fmt::format("{}", d);
          if (s.find('e') != std::string::npos) s = format_float_f(d, 0);
        }
      }
      out += s;
      return;
    }
    case Value::Kind::string: json_string(out, v.as_string()); return;
    case Value::Kind::time:
      json_string(out, format_go_time(v.as_time(), "2006-01-02T15:04:05.999999999Z07:00"));
      return;
    case Value::Kind::list: {
      out += '[';
      for (std::size_t i = 0; i < v.as_list().size(); ++i) {
        if (i) out += ',';
        to_json(out, v.as_list()[i]);
      }
      out += ']';
      return;
    }
    case Value::Kind::map: {
      out += '{';
      bool first = true;
      for (const auto& [k, e] : v.as_map()) {
        if (!first) out += ',';
        first = false;
        json_string(out, k);
        out += ':';
        to_json(out, e);
      }
      out += '}';
      return;
    }
    case Value::Kind::structure: {
      out += '{';
      bool first = true;
      for (const auto& [k, e] : v.as_fields()) {
        if (!first) out += ',';
        first = false;
        json_string(out, k);
        out += ':';
        to_json(out, e);
      }
      out += '}';
      return;
    }
    case Value::Kind::function: throw Error("json: unsupported type: func");
  }
}

const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

Value notification_data(const notify::Notification& n) {
  List alerts;
  bool any_firing = false;
  for (const auto& a : n.alerts) {
    bool resolved = a.resolved(n.now_ms);
    any_firing = any_firing || !resolved;
    alerts.push_back(Value::structure(
        {{"Status", Value(resolved ? "resolved" : "firing")},
         {"Labels", kv_of(a.labels)},
         {"Annotations", kv_of(a.annotations)},
         {"StartsAt", Value::time(a.starts_at_ms == 0 ? Time::zero_time() : Time::from_unix_ms(a.starts_at_ms))},
         {"EndsAt", Value::time(a.ends_at_ms == 0 ? Time::zero_time() : Time::from_unix_ms(a.ends_at_ms))},
         {"GeneratorURL", Value(a.generator_url)},
         {"Fingerprint", Value(a.fingerprint())}},
        alert_type()));
  }
  // labels and annotations all alerts share
  Map common_labels, common_annotations;
  if (!n.alerts.empty()) {
    for (const auto& l : n.alerts[0].labels) common_labels.emplace(l.name, Value(l.value));
    for (const auto& l : n.alerts[0].annotations) common_annotations.emplace(l.name, Value(l.value));
    auto keep_common = [](Map& common, const model::Labels& labels) {
      for (auto it = common.begin(); it != common.end();) {
        auto f = std::find_if(labels.begin(), labels.end(), [&](const model::Label& l) { return l.name == it->first; });
        if (f == labels.end() || f->value != it->second.as_string()) it = common.erase(it);
        else ++it;
      }
    };
    for (std::size_t i = 1; i < n.alerts.size(); ++i) {
      keep_common(common_labels, n.alerts[i].labels);
      keep_common(common_annotations, n.alerts[i].annotations);
    }
  }
  return Value::structure({{"Receiver", Value(quote_meta(n.receiver))},
                           {"Status", Value(any_firing ? "firing" : "resolved")},
                           {"Alerts", Value::list(std::move(alerts), alerts_type())},
                           {"GroupLabels", kv_of(n.group_labels)},
                           {"CommonLabels", kv_value(std::move(common_labels))},
                           {"CommonAnnotations", kv_value(std::move(common_annotations))},
                           {"ExternalURL", Value(n.external_url)}},
                          data_type());
}

FuncMap alertmanager_functions(std::int64_t now_ms) {
  FuncMap f;
  auto str1 = [](std::string (*fn)(std::string_view)) {
    return [fn](std::span<const Value> a) {
      expect_args(a, 1);
      return Value(fn(arg_string(a[0])));
    };
  };
  f["toUpper"] = str1([](std::string_view s) { return detail::to_upper(s); });
  f["toLower"] = str1([](std::string_view s) { return detail::to_lower(s); });
  f["title"] = str1([](std::string_view s) { return detail::title_case(s, false); });
  f["trimSpace"] = str1([](std::string_view s) { return detail::trim_space(s); });
  f["safeHtml"] = str1([](std::string_view s) { return std::string(s); });
  f["safeUrl"] = str1([](std::string_view s) { return std::string(s); });
  f["join"] = [](std::span<const Value> a) {
    expect_args(a, 2);
    const std::string& sep = arg_string(a[0]);
    if (a[1].kind() != Value::Kind::list && !a[1].is_null()) throw ArgTypeError("[]string", a[1].type_name());
    std::string out;
    for (std::size_t i = 0; i < a[1].as_list().size(); ++i) out += (i ? sep : "") + arg_string(a[1].as_list()[i]);
    return Value(out);
  };
  f["match"] = [](std::span<const Value> a) {
    expect_args(a, 2);
    return Value(detail::GoRegex(arg_string(a[0])).search(arg_string(a[1])));
  };
  f["reReplaceAll"] = [](std::span<const Value> a) {
    expect_args(a, 3);
    const std::string& pattern = arg_string(a[0]);
    try {
      return Value(detail::GoRegex(pattern).replace_all(arg_string(a[2]), arg_string(a[1])));
    } catch (const ArgTypeError&) {
      throw;
    } catch (const Error& e) {
      throw Error(fmt::format("regexp: Compile({}): {}", go_quote(pattern), e.what()));
    }
  };
  f["urlUnescape"] = [](std::span<const Value> a) {
    expect_args(a, 1);
    std::string out;
    if (!query_unescape(arg_string(a[0]), out)) throw Error(fmt::format("invalid URL escape in {}", go_quote(arg_string(a[0]))));
    return Value(out);
  };
  f["stringSlice"] = [](std::span<const Value> a) {
    List l;
    for (const auto& v : a) l.emplace_back(arg_string(v));
    return Value::list(std::move(l));
  };
  f["date"] = [](std::span<const Value> a) {
    expect_args(a, 2);
    return Value(format_go_time(time_param(a[1]), arg_string(a[0])));
  };
  f["tz"] = [](std::span<const Value> a) {
    expect_args(a, 2);
    const std::string& name = arg_string(a[0]);
    Time t = time_param(a[1]);
    if (name != "UTC" && name != "" && name != "Local")
      throw Error(fmt::format("unknown time zone {} (monctl knows only UTC)", name));
    t.offset_s = 0;
    t.zone = "UTC";
    return Value::time(t);
  };
  f["now"] = [now_ms](std::span<const Value> a) {
    expect_args(a, 0);
    return Value::time(Time::from_unix_ms(now_ms));
  };
  f["since"] = [now_ms](std::span<const Value> a) {
    expect_args(a, 1);
    const Time& t = time_param(a[0]);
    double ns = (static_cast<double>(now_ms) / 1000.0 - static_cast<double>(t.unix_s)) * 1e9 - t.nanos;
    ns = std::clamp(ns, -9.2e18, 9.2e18);
    return Value::duration(static_cast<std::int64_t>(ns));
  };
  f["humanizeDuration"] = [](std::span<const Value> a) {
    expect_args(a, 1);
    return Value(humanize_duration(convert_to_float(a[0])));
  };
  f["toJson"] = [](std::span<const Value> a) {
    expect_args(a, 1);
    std::string out;
    to_json(out, a[0]);
    return Value(out);
  };
  f["list"] = [](std::span<const Value> a) { return Value::list(List(a.begin(), a.end())); };
  f["append"] = [](std::span<const Value> a) {
    if (a.empty()) throw ArgCountError(1, 0, true);
    if (a[0].kind() != Value::Kind::list && !a[0].is_null()) throw ArgTypeError("[]interface {}", a[0].type_name());
    List l = a[0].as_list();
    l.insert(l.end(), a.begin() + 1, a.end());
    return Value::list(std::move(l));
  };
  f["dict"] = [](std::span<const Value> a) {
    if (a.size() % 2 != 0) throw Error("dict requires an even number of arguments");
    Map m;
    for (std::size_t i = 0; i < a.size(); i += 2) {
      if (a[i].kind() != Value::Kind::string) throw Error("dict keys must be strings");
      m.insert_or_assign(a[i].as_string(), a[i + 1]);
    }
    return Value::map(std::move(m));
  };
  f["base64encode"] = [](std::span<const Value> a) {
    expect_args(a, 1);
    const std::string& s = arg_string(a[0]);
    std::string out;
    for (std::size_t i = 0; i < s.size(); i += 3) {
      unsigned v = static_cast<unsigned char>(s[i]) << 16;
      if (i + 1 < s.size()) v |= static_cast<unsigned char>(s[i + 1]) << 8;
      if (i + 2 < s.size()) v |= static_cast<unsigned char>(s[i + 2]);
      out += b64[(v >> 18) & 63];
      out += b64[(v >> 12) & 63];
      out += i + 1 < s.size() ? b64[(v >> 6) & 63] : '=';
      out += i + 2 < s.size() ? b64[v & 63] : '=';
    }
    return Value(out);
  };
  f["base64decode"] = [](std::span<const Value> a) {
    expect_args(a, 1);
    const std::string& s = arg_string(a[0]);
    std::string out;
    unsigned v = 0;
    int bits = 0;
    std::size_t i = 0;
    for (; i < s.size() && s[i] != '='; ++i) {
      const char* p = std::strchr(b64, s[i]);
      if (!p || s[i] == '\0') throw Error(fmt::format("illegal base64 data at input byte {}", i));
      v = (v << 6) | static_cast<unsigned>(p - b64);
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out += static_cast<char>((v >> bits) & 0xff);
      }
    }
    if (s.size() % 4 != 0) throw Error(fmt::format("illegal base64 data at input byte {}", s.size()));
    return Value(out);
  };
  return f;
}

}  // namespace mon::tmpl
