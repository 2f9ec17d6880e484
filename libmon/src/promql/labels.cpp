// Label-set helpers of the evaluator, the signatures vector matching and grouping key on, and the
// number and string formatting Prometheus' messages and count_values use (Go's).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "eval.hpp"
#include "mon/format/go_quote.hpp"

namespace mon::promql::detail {

void Annotations::warn(std::string text) {
  if (std::find(warnings.begin(), warnings.end(), text) == warnings.end()) warnings.push_back(std::move(text));
}
void Annotations::info(std::string text) {
  if (std::find(infos.begin(), infos.end(), text) == infos.end()) infos.push_back(std::move(text));
}

void fail(const std::string& message) { throw Error(message); }

const std::string* find_label(const Labels& labels, std::string_view name) {
  for (const auto& l : labels)
    if (l.name == name) return &l.value;
  return nullptr;
}

std::string_view label_value(const Labels& labels, std::string_view name) {
  const auto* v = find_label(labels, name);
  return v ? std::string_view(*v) : std::string_view();
}

void set_label(Labels& labels, std::string_view name, std::string_view value) {
  auto it = std::lower_bound(labels.begin(), labels.end(), name,
                             [](const model::Label& l, std::string_view n) { return l.name < n; });
  if (it != labels.end() && it->name == name) {
    if (value.empty())
      labels.erase(it);
    else
      it->value = std::string(value);
  } else if (!value.empty()) {
    labels.insert(it, model::Label{std::string(name), std::string(value)});
  }
}

void del_label(Labels& labels, std::string_view name) {
  for (auto it = labels.begin(); it != labels.end(); ++it)
    if (it->name == name) {
      labels.erase(it);
      return;
    }
}

void drop_metric_name(Labels& labels) { del_label(labels, "__name__"); }

std::string quote(std::string_view s) { return format::go_quote(s); }

std::string labels_string(const Labels& labels) {
  std::string out = "{";
  bool first = true;
  for (const auto& l : labels) {
    if (!first) out += ", ";
    first = false;
    out += l.name;
    out += '=';
    out += quote(l.value);
  }
  out += '}';
  return out;
}

static bool listed(const std::vector<std::string>& names, std::string_view n) {
  return std::find(names.begin(), names.end(), n) != names.end();
}

std::string signature(const Labels& labels, const std::vector<std::string>& names, bool on) {
  std::string key;
  for (const auto& l : labels) {
    bool in = listed(names, l.name);
    if (on ? !in : (in || l.name == "__name__")) continue;
    key += l.name;
    key += '\xff';
    key += l.value;
    key += '\xff';
  }
  return key;
}

std::string full_key(const Labels& labels) {
  std::string key;
  for (const auto& l : labels) {
    key += l.name;
    key += '\xff';
    key += l.value;
    key += '\xff';
  }
  return key;
}

Labels match_labels(const Labels& labels, const std::vector<std::string>& names, bool on) {
  Labels out;
  for (const auto& l : labels) {
    bool in = listed(names, l.name);
    if (on ? in : (!in && l.name != "__name__")) out.push_back(l);
  }
  return out;
}

std::string format_float(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[400];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

std::string format_g(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  std::string sci(buf, r.ptr);  // d.ddde[+-]xx
  auto epos = sci.find('e');
  int exp = std::atoi(sci.c_str() + epos + 1);
  if (exp < -4 || exp >= 6) {
    std::string mant = sci.substr(0, epos);
    std::string e = sci.substr(epos + 1);
    char sign = e[0] == '-' ? '-' : '+';
    std::string digits = e.substr(e[0] == '-' || e[0] == '+' ? 1 : 0);
    while (digits.size() > 1 && digits[0] == '0') digits.erase(0, 1);
    if (digits.size() < 2) digits = "0" + digits;
    return mant + "e" + sign + digits;
  }
  return format_float(v);
}

bool valid_label_name(std::string_view name) {
  if (name.empty()) return false;
  // Prometheus 3 accepts any valid UTF-8 label name.
  std::size_t i = 0;
  while (i < name.size()) {
    auto c = static_cast<unsigned char>(name[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > name.size()) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(name[i + k]) >> 6) != 2) return false;
    i += len;
  }
  return true;
}

double kahan_inc(double inc, double sum, double& c) {
  double t = sum + inc;
  if (std::isinf(t))
    c = 0;
  else if (std::fabs(sum) >= std::fabs(inc))
    c += (sum - t) + inc;
  else
    c += (inc - t) + sum;
  return t;
}

void check_unique(const EVector& v) {
  if (v.size() < 2) return;
  std::vector<std::string> keys;
  keys.reserve(v.size());
  for (const auto& s : v) keys.push_back(full_key(s.labels));
  std::sort(keys.begin(), keys.end());
  if (std::adjacent_find(keys.begin(), keys.end()) != keys.end())
    fail("vector cannot contain metrics with the same labelset");
}

}  // namespace mon::promql::detail
