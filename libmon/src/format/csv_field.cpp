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

}  // namespace mon::format
