#include "mon/model/names.hpp"

namespace mon::model {

namespace {
bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

std::string show(char c) {
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
    static const char hex[] = "0123456789abcdef";
    unsigned char u = static_cast<unsigned char>(c);
    return std::string("byte 0x") + hex[u >> 4] + hex[u & 15];
  }
  return std::string("'") + c + "'";
}
}  // namespace

std::optional<std::string> check_metric_name(std::string_view name) {
  if (name.empty()) return "a metric name cannot be empty";
  if (!alpha(name[0]) && name[0] != ':')
    return "a metric name must start with a letter, '_' or ':' (got " + show(name[0]) + ")";
  for (std::size_t i = 1; i < name.size(); ++i)
    if (!alpha(name[i]) && !digit(name[i]) && name[i] != ':')
      return "a metric name may contain only letters, digits, '_' and ':' (got " + show(name[i]) + " at position " +
             std::to_string(i + 1) + ")";
  return std::nullopt;
}

std::optional<std::string> check_label_name(std::string_view name) {
  if (name.empty()) return "a label name cannot be empty";
  if (!alpha(name[0])) return "a label name must start with a letter or '_' (got " + show(name[0]) + ")";
  for (std::size_t i = 1; i < name.size(); ++i)
    if (!alpha(name[i]) && !digit(name[i]))
      return "a label name may contain only letters, digits and '_' (got " + show(name[i]) + " at position " +
             std::to_string(i + 1) + ")";
  if (name.size() >= 2 && name[0] == '_' && name[1] == '_')
    return "label names starting with \"__\" are reserved for Prometheus' own use";
  return std::nullopt;
}

std::string sanitize_metric_name(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 1);
  for (char c : text) out += (alpha(c) || digit(c) || c == ':') ? c : '_';
  if (out.empty() || digit(out[0])) out.insert(out.begin(), '_');
  return out;
}

}  // namespace mon::model
