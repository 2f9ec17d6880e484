// Go's fmt and strconv formatting of values: %v, Sprint, Sprintln, Sprintf with Go's verbs, flags
// and its error notes for wrong or missing arguments.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "mon/tmpl/value.hpp"
#include "gostr.hpp"

namespace mon::tmpl {

namespace {

// The decimal digits of |v| (no trailing zeros) and the decimal point position: |v| = 0.DIGITS x 10^dp.
struct Digits {
  std::string d;
  int dp = 0;
};

Digits digits_of(double v, int significant /* 0 = shortest */) {
  Digits out;
  if (v == 0) return out;
  char buf[64];
  auto r = significant > 0 ? std::to_chars(buf, buf + sizeof buf, std::fabs(v), std::chars_format::scientific, significant - 1)
                           : std::to_chars(buf, buf + sizeof buf, std::fabs(v), std::chars_format::scientific);
  std::string s(buf, r.ptr);
  auto e = s.find('e');
  for (std::size_t i = 0; i < e; ++i)
    if (s[i] != '.') out.d += s[i];
  out.dp = std::atoi(s.c_str() + e + 1) + 1;
  while (!out.d.empty() && out.d.back() == '0') out.d.pop_back();
  if (out.d.empty()) out.dp = 0;
  return out;
}

std::string fmt_e(const Digits& g, int prec, char e) {
  std::string out;
  out += g.d.empty() ? '0' : g.d[0];
  if (prec > 0) {
    out += '.';
    int i = 1;
    int m = std::min(static_cast<int>(g.d.size()), prec + 1);
    if (i < m) {
      out.append(g.d, 1, static_cast<std::size_t>(m - 1));
      i = m;
    }
    for (; i <= prec; ++i) out += '0';
  }
  out += e;
  int exp = g.d.empty() ? 0 : g.dp - 1;
  out += exp < 0 ? '-' : '+';
  if (exp < 0) exp = -exp;
  if (exp < 10) out += '0';
  out += std::to_string(exp);
  return out;
}

std::string fmt_f(const Digits& g, int prec) {
  std::string out;
  int nd = static_cast<int>(g.d.size());
  if (g.dp > 0) {
    int m = std::min(nd, g.dp);
    out.append(g.d, 0, static_cast<std::size_t>(m));
    for (; m < g.dp; ++m) out += '0';
  } else {
    out += '0';
  }
  if (prec > 0) {
    out += '.';
    for (int i = 1; i <= prec; ++i) {
      int j = g.dp + i - 1;
      out += (j >= 0 && j < nd) ? g.d[static_cast<std::size_t>(j)] : '0';
    }
  }
  return out;
}

std::string special(double v) {
  if (std::isnan(v)) return "NaN";
  return v > 0 ? "+Inf" : "-Inf";
}

}  // namespace

// strconv.FormatFloat(v, 'g'/'G', prec, 64); prec -1 = shortest.
std::string format_float_g(double v, int prec, bool upper) {
  if (std::isnan(v) || std::isinf(v)) return special(v);
  bool shortest = prec < 0;
  if (prec == 0) prec = 1;
  Digits g = digits_of(v, shortest ? 0 : prec);
  int nd = static_cast<int>(g.d.size());
  if (shortest) prec = nd == 0 ? 1 : nd;  // Go: a zero has one digit for this decision
  int eprec = prec;
  if (eprec > nd && nd >= g.dp) eprec = nd;
  if (shortest) eprec = 6;
  int exp = g.dp - 1;
  std::string body;
  if (nd != 0 && (exp < -4 || exp >= eprec)) {
    if (prec > nd) prec = nd;
    body = fmt_e(g, prec - 1, upper ? 'E' : 'e');
  } else {
    if (prec > g.dp) prec = nd;
    body = fmt_f(g, std::max(prec - g.dp, 0));
  }
  return (std::signbit(v) ? "-" : "") + body;
}

std::string format_float_e(double v, int prec, bool upper) {
  if (std::isnan(v) || std::isinf(v)) return special(v);
  char buf[400];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific, prec);
  std::string s(buf, r.ptr);
  if (upper)
    for (auto& c : s)
      if (c == 'e') c = 'E';
  if (std::signbit(v) && s[0] != '-') s = "-" + s;
  return s;
}

std::string format_float_f(double v, int prec) {
  if (std::isnan(v) || std::isinf(v)) return special(v);
  char buf[400];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, prec);
  if (r.ec != std::errc()) return std::to_string(v);
  std::string s(buf, r.ptr);
  if (std::signbit(v) && s[0] != '-') s = "-" + s;
  return s;
}

std::string format_float(double d) { return format_float_g(d, -1, false); }

std::string format_go_duration(std::int64_t ns) {
  // time.Duration.String()
  if (ns == 0) return "0s";
  bool neg = ns < 0;
  unsigned long long u = neg ? 0ULL - static_cast<unsigned long long>(ns) : static_cast<unsigned long long>(ns);
  std::string out;
  auto frac = [](unsigned long long v, int prec, std::string& digits) {
    // v's last prec digits as a fraction with trailing zeros removed; returns v / 10^prec
    std::string f;
    bool print = false;
    for (int i = 0; i < prec; ++i) {
      unsigned digit = static_cast<unsigned>(v % 10);
      print = print || digit != 0;
      if (print) f.insert(f.begin(), static_cast<char>('0' + digit));
      v /= 10;
    }
    if (print) f.insert(f.begin(), '.');
    digits = f;
    return v;
  };
  if (u < 1000000000ULL) {
    std::string f;
    int prec = 0;
    const char* unit = "";
    if (u < 1000ULL) {
      unit = "ns";
    } else if (u < 1000000ULL) {
      prec = 3;
      unit = "µs";
    } else {
      prec = 6;
      unit = "ms";
    }
    unsigned long long whole = frac(u, prec, f);
    out = std::to_string(whole) + f + unit;
  } else {
    std::string f;
    unsigned long long secs = frac(u, 9, f);
    out = std::to_string(secs % 60) + f + "s";
    unsigned long long mins = secs / 60;
    if (mins > 0) {
      out = std::to_string(mins % 60) + "m" + out;
      unsigned long long hours = mins / 60;
      if (hours > 0) out = std::to_string(hours) + "h" + out;
    }
  }
  return neg ? "-" + out : out;
}

std::string go_quote(std::string_view s, bool ascii_only) {
  std::string out = "\"";
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = 0;
    std::size_t len = utf8_decode(s, i, cp);
    if (len == 0) {  // invalid byte
      out += fmt_hex_escape(c);
      ++i;
      continue;
    }
    i += len;
    if (cp == '"' || cp == '\\') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (cp < 0x80) {
      switch (cp) {
        case '\a': out += "\\a"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\v': out += "\\v"; break;
        default:
          if (cp < 0x20 || cp == 0x7f) out += fmt_hex_escape(c);
          else out += static_cast<char>(cp);
      }
    } else if (!ascii_only && is_printable(cp)) {
      out.append(s.substr(i - len, len));
    } else {
      char buf[16];
      if (cp < 0x10000) std::snprintf(buf, sizeof buf, "\\u%04x", cp);
      else std::snprintf(buf, sizeof buf, "\\U%08x", cp);
      out += buf;
    }
  }
  out += '"';
  return out;
}

namespace {

std::string stringer(const Value& v, bool& has) {
  has = false;
  if (const Method* m = v.method("String")) {
    has = true;
    Value r = (*m)(v, {});
    return r.as_string();
  }
  return {};
}

void print_v(std::string& out, const Value& v, bool plus, int depth) {
  bool has = false;
  std::string s = stringer(v, has);
  if (has) {
    out += s;
    return;
  }
  switch (v.kind()) {
    case Value::Kind::null: out += "<nil>"; return;
    case Value::Kind::boolean: out += v.as_bool() ? "true" : "false"; return;
    case Value::Kind::integer: out += std::to_string(v.as_int()); return;
    case Value::Kind::number: out += format_float(v.as_number()); return;
    case Value::Kind::string: out += v.as_string(); return;
    case Value::Kind::duration: out += format_go_duration(v.as_int()); return;
    case Value::Kind::time: out += format_go_time(v.as_time(), "2006-01-02 15:04:05.999999999 -0700 MST"); return;
    case Value::Kind::function: out += "0x1"; return;
    case Value::Kind::list: {
      out += '[';
      bool first = true;
      for (const auto& e : v.as_list()) {
        if (!first) out += ' ';
        first = false;
        print_v(out, e, plus, depth + 1);
      }
      out += ']';
      return;
    }
    case Value::Kind::map: {
      out += "map[";
      bool first = true;
      for (const auto& [k, e] : v.as_map()) {
        if (!first) out += ' ';
        first = false;
        out += k;
        out += ':';
        print_v(out, e, plus, depth + 1);
      }
      out += ']';
      return;
    }
    case Value::Kind::structure: {
      out += '{';
      bool first = true;
      for (const auto& [k, e] : v.as_fields()) {
        if (!first) out += ' ';
        first = false;
        if (plus) {
          out += k;
          out += ':';
        }
        print_v(out, e, plus, depth + 1);
      }
      out += '}';
      return;
    }
  }
}

struct Spec {
  bool minus = false, plus = false, sharp = false, space = false, zero = false;
  int width = -1, prec = -1;
};

void pad(std::string& out, const std::string& s, const Spec& sp, bool numeric_zero_ok = true) {
  std::size_t len = utf8_length(s);
  if (sp.width < 0 || len >= static_cast<std::size_t>(sp.width)) {
    out += s;
    return;
  }
  std::size_t n = static_cast<std::size_t>(sp.width) - len;
  if (sp.minus) {
    out += s;
    out.append(n, ' ');
  } else if (sp.zero && numeric_zero_ok) {
    // zeros go after a sign
    std::size_t at = (!s.empty() && (s[0] == '-' || s[0] == '+' || s[0] == ' ')) ? 1 : 0;
    out.append(s, 0, at);
    out.append(n, '0');
    out.append(s, at, std::string::npos);
  } else {
    out.append(n, ' ');
    out += s;
  }
}

std::string bad_verb(char verb, const Value& v) {
  std::string out = "%!";
  out += verb;
  out += '(';
  if (v.is_null()) {
    out += "<nil>";
  } else {
    out += v.type_name();
    out += '=';
    print_v(out, v, false, 0);
  }
  out += ')';
  return out;
}

std::string with_sign(std::string digits, bool neg, const Spec& sp) {
  if (neg) return "-" + digits;
  if (sp.plus) return "+" + digits;
  if (sp.space) return " " + digits;
  return digits;
}

void fmt_integer(std::string& out, std::int64_t i, char verb, const Spec& sp) {
  bool neg = i < 0;
  unsigned long long u = neg ? 0ULL - static_cast<unsigned long long>(i) : static_cast<unsigned long long>(i);
  std::string d;
  int base = 10;
  switch (verb) {
    case 'x': case 'X': base = 16; break;
    case 'o': case 'O': base = 8; break;
    case 'b': base = 2; break;
    default: break;
  }
  const char* digs = verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  if (u == 0) d = "0";
  while (u > 0) {
    d.insert(d.begin(), digs[u % static_cast<unsigned>(base)]);
    u /= static_cast<unsigned>(base);
  }
  if (sp.prec >= 0) {
    if (sp.prec == 0 && i == 0) d.clear();
    while (d.size() < static_cast<std::size_t>(sp.prec)) d.insert(d.begin(), '0');
  }
  if (sp.sharp) {
    if (base == 16) d = (verb == 'X' ? "0X" : "0x") + d;
    else if (base == 8 && (d.empty() || d[0] != '0')) d = "0" + d;
    else if (base == 2) d = "0b" + d;
  }
  if (verb == 'O') d = "0o" + d;
  Spec s2 = sp;
  if (sp.prec >= 0) s2.zero = false;
  pad(out, with_sign(d, neg, sp), s2);
}

void fmt_float_verb(std::string& out, double d, char verb, const Spec& sp) {
  std::string s;
  int prec = sp.prec;
  switch (verb) {
    case 'v': case 'g': s = format_float_g(d, prec, false); break;
    case 'G': s = format_float_g(d, prec, true); break;
    case 'e': s = format_float_e(d, prec < 0 ? 6 : prec, false); break;
    case 'E': s = format_float_e(d, prec < 0 ? 6 : prec, true); break;
    case 'f': case 'F': s = format_float_f(d, prec < 0 ? 6 : prec); break;
    default: s = format_float_g(d, -1, false);
  }
  if (std::isinf(d) || std::isnan(d)) {
    if (std::isnan(d) && (sp.plus || sp.space)) s = (sp.plus ? "+" : " ") + s;
    if (std::isinf(d) && d > 0 && !sp.plus) s = sp.space ? " Inf" : "+Inf";
    Spec s2 = sp;
    s2.zero = false;
    pad(out, s, s2);
    return;
  }
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.erase(0, 1);
  pad(out, with_sign(s, neg, sp), sp);
}

std::string hex_string(const std::string& s, bool upper, const Spec& sp) {
  const char* digs = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (sp.space && i > 0) out += ' ';
    if (sp.sharp && (sp.space || i == 0)) out += upper ? "0X" : "0x";
    unsigned char c = static_cast<unsigned char>(s[i]);
    out += digs[c >> 4];
    out += digs[c & 15];
  }
  return out;
}

void fmt_one(std::string& out, const Value& v, char verb, const Spec& sp, int depth);

void fmt_elements(std::string& out, const Value& v, char verb, const Spec& sp, int depth) {
  if (v.kind() == Value::Kind::list) {
    out += '[';
    bool first = true;
    for (const auto& e : v.as_list()) {
      if (!first) out += ' ';
      first = false;
      fmt_one(out, e, verb, sp, depth + 1);
    }
    out += ']';
  } else if (v.kind() == Value::Kind::map) {
    out += "map[";
    bool first = true;
    for (const auto& [k, e] : v.as_map()) {
      if (!first) out += ' ';
      first = false;
      fmt_one(out, Value(k), verb, sp, depth + 1);
      out += ':';
      fmt_one(out, e, verb, sp, depth + 1);
    }
    out += ']';
  } else {
    out += '{';
    bool first = true;
    for (const auto& [k, e] : v.as_fields()) {
      if (!first) out += ' ';
      first = false;
      if (verb == 'v' && sp.plus) {
        out += k;
        out += ':';
      }
      fmt_one(out, e, verb, sp, depth + 1);
    }
    out += '}';
  }
}

void fmt_one(std::string& out, const Value& v, char verb, const Spec& sp, int depth) {
  if (verb == 'T') {
    pad(out, v.is_null() ? "<nil>" : v.type_name(), sp, false);
    return;
  }
  if (v.is_null()) {
    if (verb == 'v') pad(out, "<nil>", sp, false);
    else out += bad_verb(verb, v);
    return;
  }
  if (verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') {
    bool has = false;
    std::string s = stringer(v, has);
    if (has) {
      fmt_one(out, Value(s), verb, sp, depth);
      return;
    }
  }
  switch (v.kind()) {
    case Value::Kind::boolean:
      if (verb == 'v' || verb == 't') pad(out, v.as_bool() ? "true" : "false", sp, false);
      else out += bad_verb(verb, v);
      return;
    case Value::Kind::integer:
    case Value::Kind::duration:
      switch (verb) {
        case 'v': case 'd': case 'x': case 'X': case 'o': case 'O': case 'b':
          if (verb == 'v' && v.kind() == Value::Kind::duration) pad(out, format_go_duration(v.as_int()), sp, false);
          else fmt_integer(out, v.as_int(), verb == 'v' ? 'd' : verb, sp);
          return;
        case 'c': {
          std::string s;
          utf8_append(s, static_cast<std::uint32_t>(v.as_int()));
          pad(out, s, sp, false);
          return;
        }
        case 'q': {
          std::string s;
          utf8_append(s, static_cast<std::uint32_t>(v.as_int()));
          std::string q = go_quote(s, sp.plus);
          q.front() = '\'';
          q.back() = '\'';
          pad(out, q, sp, false);
          return;
        }
        case 'U': {
          char buf[32];
          std::snprintf(buf, sizeof buf, "U+%04llX", static_cast<unsigned long long>(v.as_int()));
          pad(out, buf, sp, false);
          return;
        }
        default: out += bad_verb(verb, v); return;
      }
    case Value::Kind::number:
      switch (verb) {
        case 'v': case 'g': case 'G': case 'e': case 'E': case 'f': case 'F':
          fmt_float_verb(out, v.as_number(), verb, sp);
          return;
        default: out += bad_verb(verb, v); return;
      }
    case Value::Kind::string:
      switch (verb) {
        case 'v': case 's': {
          std::string s = v.as_string();
          if (sp.prec >= 0) s = utf8_prefix(s, static_cast<std::size_t>(sp.prec));
          pad(out, s, sp, false);
          return;
        }
        case 'q': {
          std::string s = v.as_string();
          if (sp.prec >= 0) s = utf8_prefix(s, static_cast<std::size_t>(sp.prec));
          if (sp.sharp && s.find('`') == std::string::npos && is_backquotable(s)) pad(out, "`" + s + "`", sp, false);
          else pad(out, go_quote(s, sp.plus), sp, false);
          return;
        }
        case 'x': case 'X': pad(out, hex_string(v.as_string(), verb == 'X', sp), sp, false); return;
        default: out += bad_verb(verb, v); return;
      }
    case Value::Kind::time:
      if (verb == 'v' || verb == 's') {
        pad(out, format_go_time(v.as_time(), "2006-01-02 15:04:05.999999999 -0700 MST"), sp, false);
        return;
      }
      out += bad_verb(verb, v);
      return;
    case Value::Kind::function:
      out += "0x1";
      return;
    case Value::Kind::list:
    case Value::Kind::map:
    case Value::Kind::structure:
      fmt_elements(out, v, verb, sp, depth);
      return;
    case Value::Kind::null: return;
  }
}

}  // namespace

std::string to_go_string(const Value& v) {
  std::string out;
  print_v(out, v, false, 0);
  return out;
}

std::string sprint(std::span<const Value> args) {
  std::string out;
  bool prev_string = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    bool is_string = args[i].kind() == Value::Kind::string;
    if (i > 0 && !is_string && !prev_string) out += ' ';
    print_v(out, args[i], false, 0);
    prev_string = is_string;
  }
  return out;
}

std::string sprintln(std::span<const Value> args) {
  std::string out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ' ';
    print_v(out, args[i], false, 0);
  }
  out += '\n';
  return out;
}

std::string sprintf(std::string_view format, std::span<const Value> args) {
  std::string out;
  std::size_t argi = 0;
  bool reordered = false;
  std::size_t i = 0;
  const std::size_t n = format.size();
  while (i < n) {
    std::size_t start = i;
    while (i < n && format[i] != '%') ++i;
    out.append(format.substr(start, i - start));
    if (i >= n) break;
    ++i;  // '%'
    Spec sp;
    for (; i < n; ++i) {
      char c = format[i];
      if (c == '-') { sp.minus = true; sp.zero = false; }
      else if (c == '+') sp.plus = true;
      else if (c == '#') sp.sharp = true;
      else if (c == ' ') sp.space = true;
      else if (c == '0') sp.zero = !sp.minus;
      else break;
    }
    auto arg_index = [&]() {
      if (i < n && format[i] == '[') {
        std::size_t close = format.find(']', i);
        if (close != std::string_view::npos) {
          int k = std::atoi(std::string(format.substr(i + 1, close - i - 1)).c_str());
          if (k >= 1) argi = static_cast<std::size_t>(k - 1);
          reordered = true;
          i = close + 1;
        }
      }
    };
    auto number = [&](int& target) {
      arg_index();
      if (i < n && format[i] == '*') {
        ++i;
        if (argi < args.size() && args[argi].kind() == Value::Kind::integer) {
          target = static_cast<int>(args[argi].as_int());
          if (&target == &sp.width && target < 0) {
            sp.minus = true;
            sp.zero = false;
            target = -target;
          }
        } else {
          out += "%!(BADWIDTH)";
        }
        ++argi;
        return;
      }
      if (i < n && format[i] >= '0' && format[i] <= '9') {
        target = 0;
        while (i < n && format[i] >= '0' && format[i] <= '9') target = target * 10 + (format[i++] - '0');
      }
    };
    number(sp.width);
    if (i < n && format[i] == '.') {
      ++i;
      sp.prec = 0;
      number(sp.prec);
      if (sp.prec < 0) sp.prec = -1;
    }
    arg_index();
    if (i >= n) {
      out += "%!(NOVERB)";
      break;
    }
    std::uint32_t verb_cp = 0;
    std::size_t vlen = utf8_decode(format, i, verb_cp);
    if (vlen == 0) vlen = 1, verb_cp = static_cast<unsigned char>(format[i]);
    std::string verb_text(format.substr(i, vlen));
    i += vlen;
    if (verb_cp == '%') {
      out += '%';
      continue;
    }
    if (argi >= args.size()) {
      out += "%!" + verb_text + "(MISSING)";
      continue;
    }
    char verb = verb_cp < 0x80 ? static_cast<char>(verb_cp) : '?';
    const Value& a = args[argi++];
    static const std::string_view known = "vTtbcdoOqxXUeEfFgGsp";
    if (verb_cp >= 0x80 || known.find(verb) == std::string_view::npos) {
      std::string bad = "%!" + verb_text + "(";
      if (a.is_null()) bad += "<nil>";
      else bad += a.type_name() + "=" + to_go_string(a);
      out += bad + ")";
      continue;
    }
    fmt_one(out, a, verb, sp, 0);
  }
  if (!reordered && argi < args.size()) {
    out += "%!(EXTRA ";
    for (std::size_t k = argi; k < args.size(); ++k) {
      if (k > argi) out += ", ";
      if (args[k].is_null()) out += "<nil>";
      else out += args[k].type_name() + "=" + to_go_string(args[k]);
    }
    out += ')';
  }
  return out;
}

}  // namespace mon::tmpl
