// promtool's series descriptions (`metric{a="b"} 1+1x3 _ stale`), as Prometheus' parser reads them
// (ParseSeriesDesc): the values expand into one value per evaluation step.
#include <bit>
#include <cmath>
#include <cstdint>
#include <optional>
#include <limits>
#include <string>

#include "lexer.hpp"
#include "mon/promql/parse.hpp"

namespace mon::promql {

namespace {

using detail::Tok;

// A series of more values than this is refused rather than exhausting memory.
constexpr std::uint64_t max_values = 10'000'000;

struct Failure {
  std::size_t pos;
  std::string message;
};

[[noreturn]] void fail(std::size_t pos, std::string message) { throw Failure{pos, std::move(message)}; }

// The labels part starting at `pos`; returns the offset just after it.
std::size_t read_labels(std::string_view text, std::size_t pos, model::Labels& labels) {
  detail::Lexer lex(text.substr(pos));
  auto at = [&](const detail::Token& t) { return pos + t.pos; };
  std::size_t end = 0;
  try {
    detail::Token t = lex.next();
    if (t.kind == Tok::identifier || t.kind == Tok::metric_identifier) {
      labels.push_back({"__name__", std::string(t.text)});
      end = t.pos + t.text.size();
      if (end >= text.size() - pos || text[pos + end] != '{') return pos + end;
      t = lex.next();
    }
    if (t.kind != Tok::lbrace) fail(at(t), "unexpected " + std::string(t.kind == Tok::eof ? "end of input" : "\"" + std::string(t.text) + "\"") + ", expected a metric name or \"{\"");
    for (;;) {
      t = lex.next();
      if (t.kind == Tok::rbrace) break;
      if (t.kind != Tok::identifier && t.kind != Tok::string)
        fail(at(t), "unexpected " + detail::go_quote(t.text) + " in label set, expected identifier or \"}\"");
      const std::string name = t.kind == Tok::string ? detail::unquote(t.text) : std::string(t.text);
      detail::Token op = lex.next();
      if (op.kind == Tok::assign) {
        const detail::Token v = lex.next();
        if (v.kind != Tok::string) fail(at(v), "unexpected " + detail::go_quote(v.text) + " in label set, expected string");
        labels.push_back({name, detail::unquote(v.text)});
        op = lex.next();
      } else if (t.kind == Tok::string) {
        labels.push_back({"__name__", name});
      } else {
        fail(at(op), "unexpected " + detail::go_quote(op.text) + " in label set, expected \"=\"");
      }
      if (op.kind == Tok::rbrace) {
        t = op;
        break;
      }
      if (op.kind != Tok::comma) fail(at(op), "unexpected " + detail::go_quote(op.text) + " in label set, expected \",\" or \"}\"");
    }
    end = t.pos + 1;
  } catch (const detail::LexError& e) {
    fail(pos + e.pos, e.what());
  }
  return pos + end;
}

void finish_labels(model::Labels& labels, std::size_t pos) {
  model::drop_empty_labels(labels);
  if (const auto dup = model::sort_labels(labels)) fail(pos, "duplicate label name " + detail::go_quote(*dup));
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

class Values {
 public:
  Values(std::string_view text, std::size_t base) : s_(text), i_(base) {}

  std::vector<SeriesValue> read() {
    std::vector<SeriesValue> out;
    for (;;) {
      while (i_ < s_.size() && is_space(s_[i_])) ++i_;
      if (i_ >= s_.size()) return out;
      item(out);
      if (i_ < s_.size() && !is_space(s_[i_])) unexpected("expected a space between values");
    }
  }

 private:
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }

  [[noreturn]] void unexpected(std::string_view expected) {
    std::string what = i_ >= s_.size() ? "end of input" : detail::quote_char(s_[i_]);
    fail(i_, "unexpected " + what + " in series values, " + std::string(expected));
  }

  void push(std::vector<SeriesValue>& out, SeriesValue v, std::uint64_t times) {
    if (times > max_values || out.size() + times > max_values)
      fail(start_, "too many values in series (more than " + std::to_string(max_values) + ")");
    out.insert(out.end(), times, v);
  }

  std::uint64_t repetition() {
    const std::size_t d0 = i_;
    while (detail::is_digit(peek())) ++i_;
    if (i_ == d0) unexpected("expected a repetition count after \"x\"");
    if (detail::is_alpha(peek()) || peek() == '.') unexpected("expected a repetition count after \"x\"");
    const std::string_view digits = s_.substr(d0, i_ - d0);
    if (digits.size() > 19) fail(d0, "invalid repetition in series values: value out of range");
    std::uint64_t n = 0;
    for (char c : digits) n = n * 10 + static_cast<std::uint64_t>(c - '0');
    return n;
  }

  // A number (signed when `sign_allowed`), or nullopt when none starts here.
  std::optional<double> number(bool sign_allowed) {
    const std::size_t start = i_;
    bool negative = false;
    if (sign_allowed && (peek() == '+' || peek() == '-')) {
      negative = peek() == '-';
      ++i_;
    }
    const std::size_t n0 = i_;
    if (detail::is_alpha(peek())) {
      while (detail::is_alnum(peek())) ++i_;
      std::string w(s_.substr(n0, i_ - n0));
      for (char& c : w) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      double v = 0;
      if (w == "inf" || w == "infx") {
        v = std::numeric_limits<double>::infinity();
      } else if (w == "nan") {
        v = std::numeric_limits<double>::quiet_NaN();
      } else {
        i_ = start;
        return std::nullopt;
      }
      if (w == "infx") --i_;
      return negative ? -v : v;
    }
    if (!(detail::is_digit(peek()) || (peek() == '.' && i_ + 1 < s_.size() && detail::is_digit(s_[i_ + 1])))) {
      i_ = start;
      return std::nullopt;
    }
    while (detail::is_digit(peek()) || peek() == '.' || peek() == '_') ++i_;
    if ((peek() == 'e' || peek() == 'E')) {
      ++i_;
      if (peek() == '+' || peek() == '-') ++i_;
      while (detail::is_digit(peek())) ++i_;
    }
    const std::string_view text = s_.substr(n0, i_ - n0);
    if (detail::is_alpha(peek()) && peek() != 'x') unexpected("expected a number");
    try {
      const double v = detail::parse_number(text);
      if (std::isinf(v)) fail(n0, "error parsing number: " + detail::go_quote(text) + ": value out of range");
      return negative ? -v : v;
    } catch (const std::invalid_argument&) {
      fail(n0, "bad number syntax: " + detail::go_quote(text));
    }
  }

  void item(std::vector<SeriesValue>& out) {
    start_ = i_;
    if (s_.compare(i_, 2, "{{") == 0) fail(i_, "native histograms are not supported");
    if (peek() == '_') {
      ++i_;
      if (peek() == 'x') {
        ++i_;
        push(out, SeriesValue{SeriesValue::missing, 0}, repetition());
      } else {
        push(out, SeriesValue{SeriesValue::missing, 0}, 1);
      }
      return;
    }
    if (s_.compare(i_, 5, "stale") == 0 && (i_ + 5 >= s_.size() || !detail::is_alnum(s_[i_ + 5]))) {
      i_ += 5;
      push(out, SeriesValue{SeriesValue::stale, std::bit_cast<double>(std::uint64_t{0x7ff0000000000002})}, 1);
      return;
    }
    const auto first = number(true);
    if (!first) unexpected("expected number or \"stale\"");
    if (peek() == 'x') {
      ++i_;
      push(out, SeriesValue{SeriesValue::value, *first}, repetition() + 1);
      return;
    }
    if (peek() == '+' || peek() == '-') {
      const auto step = number(true);
      if (!step) unexpected("expected a number");
      if (peek() != 'x') unexpected("expected \"x\" after the increment");
      ++i_;
      const std::uint64_t n = repetition();
      if (n + 1 > max_values || out.size() + n + 1 > max_values)
        fail(start_, "too many values in series (more than " + std::to_string(max_values) + ")");
      double v = *first;
      for (std::uint64_t k = 0; k <= n; ++k) {
        out.push_back(SeriesValue{SeriesValue::value, v});
        v += *step;
      }
      return;
    }
    push(out, SeriesValue{SeriesValue::value, *first}, 1);
  }

  std::string_view s_;
  std::size_t i_;
  std::size_t start_ = 0;
};

template <typename F>
auto located(std::string_view text, const Location& where, F&& f) {
  try {
    return f();
  } catch (const Failure& e) {
    throw ParseError(locate(text, e.pos, where), e.message);
  }
}

}  // namespace

SeriesDescription parse_series(std::string_view line, const Location& where) {
  return located(line, where, [&] {
    SeriesDescription d;
    std::size_t i = 0;
    while (i < line.size() && is_space(line[i])) ++i;
    const std::size_t end = read_labels(line, i, d.labels);
    finish_labels(d.labels, i);
    if (end < line.size() && !is_space(line[end])) fail(end, "unexpected " + detail::quote_char(line[end]) + " after the labels, expected a space");
    d.values = Values(line, end).read();
    return d;
  });
}

model::Labels parse_series_labels(std::string_view text, const Location& where) {
  return located(text, where, [&] {
    model::Labels labels;
    std::size_t i = 0;
    while (i < text.size() && is_space(text[i])) ++i;
    std::size_t end = read_labels(text, i, labels);
    finish_labels(labels, i);
    while (end < text.size() && is_space(text[end])) ++end;
    if (end < text.size()) fail(end, "unexpected " + detail::quote_char(text[end]) + " after the labels");
    return labels;
  });
}

std::vector<SeriesValue> parse_series_values(std::string_view text, const Location& where) {
  return located(text, where, [&] { return Values(text, 0).read(); });
}

}  // namespace mon::promql
