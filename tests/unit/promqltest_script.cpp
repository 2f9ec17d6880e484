// The structure of Prometheus' PromQL test scripts; see promqltest_script.hpp.
#include "promqltest_script.hpp"

#include <bit>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace promqltest {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// The next whitespace-separated word of `s`, removed from it.
std::string_view next_word(std::string_view& s) {
  s = trim(s);
  std::size_t i = 0;
  while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  auto w = s.substr(0, i);
  s.remove_prefix(i);
  s = trim(s);
  return w;
}

bool is_number(std::string_view s) {
  s = trim(s);
  if (s.empty()) return false;
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') body.remove_prefix(1);
  if (body == "Inf" || body == "inf" || body == "NaN" || body == "nan") return true;
  double v = 0;
  auto r = std::from_chars(body.data(), body.data() + body.size(), v);
  return r.ec == std::errc() && r.ptr == body.data() + body.size();
}

}  // namespace

std::optional<std::int64_t> parse_duration_ms(std::string_view text) {
  text = trim(text);
  bool neg = false;
  if (!text.empty() && text[0] == '-') {
    neg = true;
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  if (text == "0") return 0;
  std::int64_t total = 0;
  while (!text.empty()) {
    std::size_t i = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == 0) return std::nullopt;
    std::int64_t n = 0;
    std::from_chars(text.data(), text.data() + i, n);
    text.remove_prefix(i);
    std::int64_t unit = 0;
    if (starts_with(text, "ms")) {
      unit = 1;
      text.remove_prefix(2);
    } else if (!text.empty()) {
      switch (text[0]) {
        case 's': unit = 1000; break;
        case 'm': unit = 60 * 1000; break;
        case 'h': unit = 3600 * 1000; break;
        case 'd': unit = 24LL * 3600 * 1000; break;
        case 'w': unit = 7LL * 24 * 3600 * 1000; break;
        case 'y': unit = 365LL * 24 * 3600 * 1000; break;
        default: return std::nullopt;
      }
      text.remove_prefix(1);
    } else {
      return std::nullopt;
    }
    total += n * unit;
  }
  return neg ? -total : total;
}

SeriesLine split_series_line(std::string_view line) {
  line = trim(line);
  SeriesLine out;
  std::size_t i = 0;
  bool in_quote = false;
  char quote = 0;
  int depth = 0;
  for (; i < line.size(); ++i) {
    char c = line[i];
    if (in_quote) {
      if (c == '\\') {
        ++i;
        continue;
      }
      if (c == quote) in_quote = false;
      continue;
    }
    if (c == '"' || c == '\'' || c == '`') {
      in_quote = true;
      quote = c;
    } else if (c == '{') {
      ++depth;
    } else if (c == '}') {
      --depth;
      if (depth == 0) {
        ++i;
        break;
      }
    } else if (depth == 0 && std::isspace(static_cast<unsigned char>(c))) {
      break;
    }
  }
  out.series = std::string(trim(line.substr(0, i)));
  out.values = std::string(trim(line.substr(i)));
  return out;
}

Script read_script(std::string_view text) {
  Script script;
  std::vector<std::string> lines;
  {
    std::string cur;
    for (char c : text) {
      if (c == '\n') {
        lines.push_back(cur);
        cur.clear();
      } else {
        cur += c;
      }
    }
    lines.push_back(cur);
  }
  auto error = [&](std::size_t i, std::string what) {
    script.errors.push_back(std::to_string(i + 1) + ": " + what);
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view l = trim(lines[i]);
    if (l.empty() || l[0] == '#') continue;
    Command cmd;
    cmd.line = static_cast<int>(i + 1);
    std::string_view rest = l;
    std::string_view word = next_word(rest);
    if (word == "clear") {
      cmd.kind = Command::clear;
      script.commands.push_back(std::move(cmd));
      continue;
    }
    if (word == "load" || word == "load_with_nhcb") {
      cmd.kind = Command::load;
      cmd.nhcb = word == "load_with_nhcb";
      auto step = parse_duration_ms(rest);
      if (!step) {
        error(i, "bad load interval");
        continue;
      }
      cmd.step_ms = *step;
    } else if (starts_with(word, "eval")) {
      if (word == "eval_fail") cmd.expects.push_back(Expect{Expect::fail, "", "", 0, 0, 0});
      else if (word == "eval_warn") cmd.expects.push_back(Expect{Expect::warn, "", "", 0, 0, 0});
      else if (word == "eval_info") cmd.expects.push_back(Expect{Expect::info, "", "", 0, 0, 0});
      else if (word == "eval_ordered") cmd.expects.push_back(Expect{Expect::ordered, "", "", 0, 0, 0});
      else if (word != "eval") {
        error(i, "unknown command");
        continue;
      }
      auto mode = next_word(rest);
      if (mode == "instant") {
        cmd.kind = Command::eval_instant;
        if (next_word(rest) != "at") {
          error(i, "expected 'at'");
          continue;
        }
        auto t = parse_duration_ms(next_word(rest));
        if (!t) {
          error(i, "bad time");
          continue;
        }
        cmd.time_ms = *t;
      } else if (mode == "range") {
        cmd.kind = Command::eval_range;
        std::optional<std::int64_t> s, e, st;
        if (next_word(rest) == "from") s = parse_duration_ms(next_word(rest));
        if (next_word(rest) == "to") e = parse_duration_ms(next_word(rest));
        if (next_word(rest) == "step") st = parse_duration_ms(next_word(rest));
        if (!s || !e || !st) {
          error(i, "bad range");
          continue;
        }
        cmd.start_ms = *s;
        cmd.end_ms = *e;
        cmd.step_ms = *st;
      } else {
        error(i, "expected instant or range");
        continue;
      }
      cmd.query = std::string(rest);
    } else {
      error(i, "unknown command");
      continue;
    }
    if (cmd.query.find("{{") != std::string::npos) cmd.native_histograms = true;
    // The block: lines up to a blank (or comment) line.
    for (; i + 1 < lines.size(); ++i) {
      std::string_view b = trim(lines[i + 1]);
      if (b.empty() || b[0] == '#') break;
      if (b.find("{{") != std::string_view::npos) cmd.native_histograms = true;
      std::string_view r = b;
      auto w = next_word(r);
      if (w == "expect" && cmd.kind != Command::load) {
        auto what = next_word(r);
        Expect e;
        if (what == "fail") e.kind = Expect::fail;
        else if (what == "warn") e.kind = Expect::warn;
        else if (what == "info") e.kind = Expect::info;
        else if (what == "no_warn") e.kind = Expect::no_warn;
        else if (what == "no_info") e.kind = Expect::no_info;
        else if (what == "ordered") e.kind = Expect::ordered;
        else if (what == "string") {
          e.kind = Expect::string;
          std::string_view s = trim(r);
          if (s.size() >= 2) s = s.substr(1, s.size() - 2);
          e.message = std::string(s);
        } else if (what == "range") {
          e.kind = Expect::range_vector;
          next_word(r);  // vector
          std::optional<std::int64_t> s, en, st;
          if (next_word(r) == "from") s = parse_duration_ms(next_word(r));
          if (next_word(r) == "to") en = parse_duration_ms(next_word(r));
          if (next_word(r) == "step") st = parse_duration_ms(next_word(r));
          if (!s || !en || !st) error(i + 1, "bad expect range vector");
          e.start_ms = s.value_or(0);
          e.end_ms = en.value_or(0);
          e.step_ms = st.value_or(1);
        } else {
          error(i + 1, "unknown expect");
          continue;
        }
        if (e.kind != Expect::string && e.kind != Expect::range_vector) {
          std::string_view m = trim(r);
          if (starts_with(m, "msg:")) e.message = std::string(trim(m.substr(4)));
          else if (starts_with(m, "regex:")) e.regex = std::string(trim(m.substr(6)));
        }
        cmd.expects.push_back(std::move(e));
        continue;
      }
      if (w == "expected_fail_message" || w == "expected_fail_regexp") {
        for (auto& e : cmd.expects)
          if (e.kind == Expect::fail) (w == "expected_fail_message" ? e.message : e.regex) = std::string(trim(r));
        continue;
      }
      SeriesLine sl;
      if (cmd.kind != Command::load && is_number(b)) {
        sl.values = std::string(b);
      } else {
        sl = split_series_line(b);
      }
      sl.line = static_cast<int>(i + 2);
      cmd.lines.push_back(std::move(sl));
    }
    script.commands.push_back(std::move(cmd));
  }
  return script;
}

bool almost_equal(double a, double b) {
  const auto stale = [](double v) { return std::bit_cast<std::uint64_t>(v) == 0x7ff0000000000002ULL; };
  if (stale(a) || stale(b)) return stale(a) && stale(b);
  if (std::isnan(a) && std::isnan(b)) return true;
  if (a == b) return true;
  const double min_normal = std::numeric_limits<double>::min();
  const double eps = 1e-6;
  double abs_sum = std::fabs(a) + std::fabs(b);
  double diff = std::fabs(a - b);
  if (a == 0 || b == 0 || abs_sum < min_normal) return diff < eps * min_normal;
  return diff / std::min(abs_sum, std::numeric_limits<double>::max()) < eps;
}

}  // namespace promqltest
