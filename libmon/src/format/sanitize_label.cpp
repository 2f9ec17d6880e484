#include <string>

#include "reader_util.hpp"

namespace mon::format::detail {

std::string sanitize_label_name(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 1);
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    out.push_back(ok ? c : '_');
  }
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out.insert(out.begin(), '_');
  // "__" names are Prometheus' own (__name__): keep one underscore, and a letter after it.
  std::size_t underscores = out.find_first_not_of('_');
  if (underscores == std::string::npos) return "_";
  if (underscores >= 2) out.erase(0, underscores - 1);
  return out;
}

}  // namespace mon::format::detail
