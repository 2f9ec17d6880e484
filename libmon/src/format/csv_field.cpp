#include "mon/format/csv_field.hpp"

namespace mon::format {

namespace {
bool needs_quotes(std::string_view s) {
  for (char c : s)
    if (c == ',' || c == '"' || c == '\r' || c == '\n' || c == '\0') return true;  // NUL: our reader takes it only quoted
  return false;
}
}  // namespace

void append_csv_field(std::string& out, std::string_view s) {
  if (!needs_quotes(s)) {
    out += s;
    return;
  }
  out.push_back('"');
  for (std::size_t q; (q = s.find('"')) != std::string_view::npos; s.remove_prefix(q + 1)) {
    out.append(s.data(), q + 1);
    out.push_back('"');
  }
  out += s;
  out.push_back('"');
}

namespace {
bool formula_start(char c) { return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'; }

// Does the text after any leading "'"s start like a formula?
bool guarded_shape(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && s[i] == '\'') ++i;
  return i < s.size() && formula_start(s[i]);
}
}  // namespace

void append_csv_text_field(std::string& out, std::string_view s) {
  if (!guarded_shape(s)) return append_csv_field(out, s);
  out += "\"'";
  for (std::size_t q; (q = s.find('"')) != std::string_view::npos; s.remove_prefix(q + 1)) {
    out.append(s.data(), q + 1);
    out.push_back('"');
  }
  out += s;
  out.push_back('"');
}

std::string_view csv_text_value(std::string_view cell) {
  if (!cell.empty() && cell[0] == '\'' && guarded_shape(cell.substr(1))) cell.remove_prefix(1);
  return cell;
}

}  // namespace mon::format
