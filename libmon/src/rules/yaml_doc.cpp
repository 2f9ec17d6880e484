#include "yaml_doc.hpp"

#include "mon/time/duration.hpp"

namespace mon::rules::detail {

YamlDoc::YamlDoc(std::string name, std::string content) : file(std::move(name)), text(std::move(content)) {
  line_starts.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_starts.push_back(i + 1);
}

Location YamlDoc::at(const YAML::Node& n) const {
  YAML::Mark m = n.Mark();
  if (m.is_null() || m.line < 0) {
    // yaml-cpp leaves some block mappings without a mark: their first key has one.
    if (n.IsMap() && n.begin() != n.end()) return at(n.begin()->first);
    return {file, 0, 0};
  }
  return {file, static_cast<std::uint64_t>(m.line + 1), static_cast<std::uint64_t>(m.column + 1)};
}

Location YamlDoc::content_at(const YAML::Node& n) const {
  Location loc = at(n);
  if (loc.line == 0 || !n.IsScalar()) return loc;
  std::size_t line = loc.line - 1;
  if (line >= line_starts.size()) return loc;
  std::size_t pos = line_starts[line] + (loc.column - 1);
  if (pos >= text.size()) return loc;
  char c = text[pos];
  if (c == '"' || c == '\'') {
    ++loc.column;
    return loc;
  }
  if (c == '|' || c == '>') {
    // The block's text starts on the first non-blank line after the indicator.
    for (std::size_t l = line + 1; l < line_starts.size(); ++l) {
      std::size_t b = line_starts[l];
      std::size_t e = l + 1 < line_starts.size() ? line_starts[l + 1] : text.size();
      std::size_t i = b;
      while (i < e && text[i] == ' ') ++i;
      if (i < e && text[i] != '\n' && text[i] != '\r') return {file, l + 1, i - b + 1};
    }
  }
  return loc;
}

YAML::Node load_yaml(const YamlDoc& doc) {
  try {
    return YAML::Load(doc.text);
  } catch (const YAML::ParserException& e) {
    throw ParseError({doc.file, static_cast<std::uint64_t>(e.mark.line + 1), static_cast<std::uint64_t>(e.mark.column + 1)},
                     "YAML error: " + e.msg);
  } catch (const YAML::Exception& e) {
    throw ParseError({doc.file, 0, 0}, std::string("YAML error: ") + e.what());
  }
}

std::string kind_of(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: return "nothing";
    default: return "\"" + n.Scalar() + "\"";
  }
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3Fu);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

std::optional<std::int64_t> duration_ms(std::string_view text) {
  try {
    auto d = time::parse_duration(text);
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::string format_duration_ms(std::int64_t ms) {
  // Prometheus' model.Duration.String(): units y w d h m s ms, largest first; "0s" for zero.
  if (ms == 0) return "0s";
  std::string out;
  if (ms < 0) {
    out = "-";
    ms = -ms;
  }
  struct Unit {
    std::int64_t size;
    const char* name;
  };
  static const Unit units[] = {{365LL * 24 * 3600 * 1000, "y"}, {7LL * 24 * 3600 * 1000, "w"}, {24LL * 3600 * 1000, "d"},
                               {3600LL * 1000, "h"},            {60LL * 1000, "m"},            {1000, "s"},
                               {1, "ms"}};
  for (const auto& u : units) {
    // Years and weeks only when exact, as Go's model.Duration writes them ("90d", not "12w6d").
    if ((u.name[0] == 'y' || u.name[0] == 'w') && ms % u.size != 0) continue;
    if (ms >= u.size) {
      out += std::to_string(ms / u.size);
      out += u.name;
      ms %= u.size;
    }
  }
  return out;
}

}  // namespace mon::rules::detail
