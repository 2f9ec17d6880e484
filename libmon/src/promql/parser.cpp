// PromQL's parser: precedence climbing over the lexer's tokens, building the tree of ast.hpp, then
// the type checks of Prometheus' checkAST. Errors are Prometheus' words at the offending token.
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "lexer.hpp"
#include "mon/promql/parse.hpp"

namespace mon::promql {

namespace {

using detail::Tok;
using detail::Token;

// How deeply expressions may nest (parentheses, calls, operator chains): the tree is walked
// recursively by the checker, the printer and the engine, so its depth must stay bounded.
constexpr int max_depth = 1000;

struct Failure {
  std::size_t pos;
  std::string message;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::optional<AggregateOp> aggregate_op(std::string_view lw) {
  static const std::pair<std::string_view, AggregateOp> ops[] = {
      {"sum", AggregateOp::sum},       {"avg", AggregateOp::avg},
      {"min", AggregateOp::min},       {"max", AggregateOp::max},
      {"count", AggregateOp::count},   {"stddev", AggregateOp::stddev},
      {"stdvar", AggregateOp::stdvar}, {"quantile", AggregateOp::quantile},
      {"topk", AggregateOp::topk},     {"bottomk", AggregateOp::bottomk},
      {"count_values", AggregateOp::count_values}, {"group", AggregateOp::group}};
  for (const auto& [name, op] : ops)
    if (name == lw) return op;
  return std::nullopt;
}

bool is_keyword(std::string_view lw) {
  static const std::string_view words[] = {"bool",     "by",         "group_left", "group_right", "ignoring",
                                           "offset",   "on",         "without",    "smoothed",    "anchored",
                                           "fill",     "fill_left",  "fill_right"};
  for (auto w : words)
    if (w == lw) return true;
  return false;
}
bool is_word_operator(std::string_view lw) { return lw == "and" || lw == "or" || lw == "unless" || lw == "atan2"; }
bool is_preprocessor(std::string_view lw) {
  return lw == "start" || lw == "end" || lw == "step" || lw == "range" || lw == "max_of" || lw == "min_of";
}

bool takes_param(AggregateOp op) {
  return op == AggregateOp::topk || op == AggregateOp::bottomk || op == AggregateOp::quantile ||
         op == AggregateOp::count_values;
}

// Go's %.10q: the first ten characters quoted, then "...".
std::string truncated_quote(std::string_view s) {
  if (s.size() <= 10) return detail::go_quote(s);
  std::size_t n = 0, i = 0;
  while (i < s.size() && n < 10) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xc0) == 0x80) ++i;
    ++n;
  }
  if (i >= s.size()) return detail::go_quote(s);
  return detail::go_quote(s.substr(0, i)) + "...";
}

// Prometheus' Item.desc(): "end of input", "identifier \"foo\"", "<op:+>", "\"(\"", "<by>".
std::string describe(const Token& t) {
  switch (t.kind) {
    case Tok::eof: return "end of input";
    case Tok::identifier: {
      const std::string lw = lower(t.text);
      if (lw == "inf" || lw == "nan") return "number " + detail::go_quote(t.text);
      if (is_word_operator(lw)) return "<op:" + std::string(t.text) + ">";
      if (aggregate_op(lw) || lw == "limitk" || lw == "limit_ratio") return "<aggr:" + std::string(t.text) + ">";
      if (is_keyword(lw)) return "<" + std::string(t.text) + ">";
      if (is_preprocessor(lw)) return detail::go_quote(t.text);
      return "identifier " + detail::go_quote(t.text);
    }
    case Tok::metric_identifier: return "metric identifier " + detail::go_quote(t.text);
    case Tok::number: return "number " + truncated_quote(t.text);
    case Tok::duration: return "duration " + truncated_quote(t.text);
    case Tok::string: return "string " + truncated_quote(t.text);
    case Tok::add:
    case Tok::sub:
    case Tok::mul:
    case Tok::div:
    case Tok::mod:
    case Tok::pow:
    case Tok::eqlc:
    case Tok::neq:
    case Tok::gtr:
    case Tok::lss:
    case Tok::gte:
    case Tok::lte:
    case Tok::eql_regex:
    case Tok::neq_regex:
    case Tok::at: return "<op:" + std::string(t.text) + ">";
    default: return detail::go_quote(t.text);
  }
}

int precedence(BinaryOp op) {
  switch (op) {
    case BinaryOp::lor: return 1;
    case BinaryOp::land:
    case BinaryOp::lunless: return 2;
    case BinaryOp::eq:
    case BinaryOp::ne:
    case BinaryOp::gt:
    case BinaryOp::lt:
    case BinaryOp::ge:
    case BinaryOp::le: return 3;
    case BinaryOp::add:
    case BinaryOp::sub: return 4;
    case BinaryOp::mul:
    case BinaryOp::div:
    case BinaryOp::mod:
    case BinaryOp::atan2: return 5;
    case BinaryOp::pow: return 6;
  }
  return 0;
}
constexpr int pow_precedence = 6;

ExprPtr make(std::size_t pos, auto node) {
  auto e = std::make_unique<Expr>();
  e->node = std::move(node);
  e->position = pos;
  return e;
}

class Parser {
 public:
  explicit Parser(std::string_view query) : lex_(query) {}

  ExprPtr parse_query() {
    fill();
    if (cur().kind == Tok::eof) fail(0, "no expression found in input");
    ExprPtr e = parse_expr(0);
    if (cur().kind != Tok::eof) unexpected("", "");
    check(*e);
    return e;
  }

 private:
  // --- tokens ------------------------------------------------------------------------------------
  struct Slot {
    Token tok;
    std::optional<Failure> error;  // the lexer failed here
  };

  void fill() {
    while (buffered_ < 2) {
      Slot& s = buf_[(head_ + buffered_) % 2];
      s.error.reset();
      if (lexer_done_) {
        s.tok = Token{Tok::eof, lex_.input().size(), {}};
      } else {
        try {
          s.tok = lex_.next();
          if (s.tok.kind == Tok::eof) lexer_done_ = true;
        } catch (const detail::LexError& e) {
          s.tok = Token{Tok::eof, e.pos, {}};
          s.error = Failure{e.pos, e.what()};
          lexer_done_ = true;
        }
      }
      ++buffered_;
    }
  }
  const Token& cur() {
    const Slot& s = buf_[head_];
    if (s.error) throw *s.error;
    return s.tok;
  }
  // The token after the current one (an eof when the lexer failed there).
  const Token& peek() { return buf_[(head_ + 1) % 2].tok; }
  Token advance() {
    Token t = cur();
    head_ = (head_ + 1) % 2;
    --buffered_;
    fill();
    return t;
  }
  bool at_word(std::string_view lw) {
    const Token& t = cur();
    return (t.kind == Tok::identifier) && t.text.size() == lw.size() && lower(t.text) == lw;
  }
  static bool is_word(const Token& t, std::string_view lw) {
    return t.kind == Tok::identifier && t.text.size() == lw.size() && lower(t.text) == lw;
  }

  [[noreturn]] static void fail(std::size_t pos, std::string message) { throw Failure{pos, std::move(message)}; }
  [[noreturn]] void unexpected(std::string_view context, std::string_view expected) {
    const Token& t = cur();
    std::string m = "unexpected " + describe(t);
    if (!context.empty()) m += " in " + std::string(context);
    if (!expected.empty()) m += ", expected " + std::string(expected);
    fail(t.pos, std::move(m));
  }
  void expect(Tok kind, std::string_view context, std::string_view expected) {
    if (cur().kind != kind) unexpected(context, expected);
    advance();
  }

  struct DepthGuard {
    Parser& p;
    int added;
    DepthGuard(Parser& parser, std::size_t pos, int n = 1) : p(parser), added(n) {
      p.depth_ += n;
      if (p.depth_ > max_depth) fail(pos, "expression nests too deeply (more than " + std::to_string(max_depth) + " levels)");
    }
    void more(std::size_t pos) {
      ++added;
      if (++p.depth_ > max_depth) fail(pos, "expression nests too deeply (more than " + std::to_string(max_depth) + " levels)");
    }
    ~DepthGuard() { p.depth_ -= added; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
  };

  // --- expressions -------------------------------------------------------------------------------
  std::optional<BinaryOp> binary_op() {
    const Token& t = cur();
    switch (t.kind) {
      case Tok::add: return BinaryOp::add;
      case Tok::sub: return BinaryOp::sub;
      case Tok::mul: return BinaryOp::mul;
      case Tok::div: return BinaryOp::div;
      case Tok::mod: return BinaryOp::mod;
      case Tok::pow: return BinaryOp::pow;
      case Tok::eqlc: return BinaryOp::eq;
      case Tok::neq: return BinaryOp::ne;
      case Tok::gtr: return BinaryOp::gt;
      case Tok::lss: return BinaryOp::lt;
      case Tok::gte: return BinaryOp::ge;
      case Tok::lte: return BinaryOp::le;
      case Tok::identifier: {
        const std::string lw = lower(t.text);
        if (lw == "and") return BinaryOp::land;
        if (lw == "or") return BinaryOp::lor;
        if (lw == "unless") return BinaryOp::lunless;
        if (lw == "atan2") return BinaryOp::atan2;
        return std::nullopt;
      }
      default: return std::nullopt;
    }
  }

  ExprPtr parse_expr(int min_prec) {
    DepthGuard guard(*this, cur().pos);
    ExprPtr lhs = parse_unary();
    for (;;) {
      const auto op = binary_op();
      if (!op || precedence(*op) < min_prec) return lhs;
      const Token op_tok = advance();
      guard.more(op_tok.pos);
      Binary b;
      b.op = *op;
      b.op_position = op_tok.pos;
      VectorMatching vm;
      if (at_word("bool")) {
        advance();
        b.return_bool = true;
      }
      if (at_word("on") || at_word("ignoring")) {
        vm.on = at_word("on");
        advance();
        vm.labels = grouping_labels();
        if (at_word("group_left") || at_word("group_right")) {
          vm.card = at_word("group_left") ? Cardinality::many_to_one : Cardinality::one_to_many;
          advance();
          if (cur().kind == Tok::lparen) vm.include = grouping_labels();
        }
      }
      if (at_word("fill") || at_word("fill_left") || at_word("fill_right"))
        if (peek().kind == Tok::lparen) fail(cur().pos, "binop fill modifiers are experimental and not supported");
      b.matching = std::move(vm);
      const int next_min = *op == BinaryOp::pow ? precedence(*op) : precedence(*op) + 1;
      b.rhs = parse_expr(next_min);
      const std::size_t pos = lhs->position;
      b.lhs = std::move(lhs);
      lhs = make(pos, std::move(b));
    }
  }

  ExprPtr parse_unary() {
    const Token& t = cur();
    if (t.kind == Tok::add || t.kind == Tok::sub) {
      const Token op = advance();
      DepthGuard guard(*this, op.pos);
      ExprPtr operand = parse_expr(pow_precedence);
      if (auto* n = std::get_if<NumberLiteral>(&operand->node)) {
        if (op.kind == Tok::sub) n->value = -n->value;
        operand->position = op.pos;
        return operand;
      }
      Unary u;
      u.op = op.kind == Tok::sub ? UnaryOp::minus : UnaryOp::plus;
      u.expr = std::move(operand);
      return make(op.pos, std::move(u));
    }
    ExprPtr e = parse_primary();
    return parse_postfix(std::move(e));
  }

  // A number or duration literal in seconds (Prometheus' number_duration_literal).
  double number_literal(const Token& t) {
    if (t.kind == Tok::duration) {
      try {
        return static_cast<double>(detail::parse_duration_ms(t.text)) / 1000.0;
      } catch (const std::invalid_argument& e) {
        fail(t.pos, e.what());
      }
    }
    const std::string lw = lower(t.text);
    if (lw == "inf") return std::numeric_limits<double>::infinity();
    if (lw == "nan") return std::numeric_limits<double>::quiet_NaN();
    try {
      const double v = detail::parse_number(t.text);
      if (std::isinf(v)) fail(t.pos, "error parsing number: strconv.ParseFloat: parsing " + detail::go_quote(t.text) + ": value out of range");
      return v;
    } catch (const std::invalid_argument&) {
      fail(t.pos, "error parsing number: strconv.ParseFloat: parsing " + detail::go_quote(t.text) + ": invalid syntax");
    }
  }
  bool at_number() {
    const Token& t = cur();
    return t.kind == Tok::number || t.kind == Tok::duration || is_word(t, "inf") || is_word(t, "nan");
  }

  static std::int64_t seconds_to_ms(double s) { return static_cast<std::int64_t>(std::llround(s * 1000.0)); }
  // Go's time.Duration (nanoseconds) holds at most ~292 years.
  static bool duration_out_of_range(double seconds) {
    return !std::isfinite(seconds) || std::fabs(seconds) >= static_cast<double>(std::numeric_limits<std::int64_t>::max()) / 1e9;
  }

  // The range or step of `[...]`: positive.
  std::int64_t positive_duration(std::string_view context, std::string_view expected) {
    std::size_t sign_pos = std::string_view::npos;
    bool negative = false;
    if (cur().kind == Tok::add || cur().kind == Tok::sub) {
      negative = cur().kind == Tok::sub;
      sign_pos = advance().pos;
    }
    if (!at_number()) unexpected(context, expected);
    const Token t = advance();
    double s = number_literal(t);
    if (negative) s = -s;
    if (!(s > 0)) fail(sign_pos != std::string_view::npos ? sign_pos : t.pos, "duration must be greater than 0");
    if (duration_out_of_range(s)) fail(t.pos, "duration out of range");
    return seconds_to_ms(s);
  }

  ExprPtr parse_postfix(ExprPtr e) {
    for (;;) {
      const Token& t = cur();
      if (t.kind == Tok::lbracket) {
        e = parse_range(std::move(e));
      } else if (is_word(t, "offset")) {
        parse_offset(*e);
      } else if (t.kind == Tok::at) {
        parse_at(*e);
      } else if (is_word(t, "anchored") || is_word(t, "smoothed")) {
        fail(t.pos, std::string(t.text) + " modifier is experimental and not supported");
      } else {
        return e;
      }
    }
  }

  ExprPtr parse_range(ExprPtr e) {
    const Token open = advance();
    const std::int64_t range =
        positive_duration("subquery or range selector", "number, duration, step(), or range()");
    if (cur().kind == Tok::rbracket) {
      advance();
      auto* vs = std::get_if<VectorSelector>(&e->node);
      if (vs == nullptr) fail(open.pos, "ranges only allowed for vector selectors");
      if (vs->time.offset_ms != 0) fail(open.pos, "no offset modifiers allowed before range");
      if (vs->time.at != AtKind::none) fail(open.pos, "no @ modifiers allowed before range");
      MatrixSelector m;
      m.selector = std::move(*vs);
      m.range_ms = range;
      return make(e->position, std::move(m));
    }
    if (cur().kind != Tok::colon) unexpected("subquery or range", "\":\" or \"]\"");
    advance();
    Subquery sq;
    sq.range_ms = range;
    if (cur().kind != Tok::rbracket) {
      sq.step_ms = positive_duration("subquery selector", "number, duration, step(), range(), or \"]\"");
      if (cur().kind != Tok::rbracket) unexpected("subquery selector", "\"]\"");
    }
    advance();
    const std::size_t pos = e->position;
    sq.expr = std::move(e);
    return make(pos, std::move(sq));
  }

  TimeModifiers* modifiers_of(Expr& e) {
    if (auto* vs = std::get_if<VectorSelector>(&e.node)) return &vs->time;
    if (auto* m = std::get_if<MatrixSelector>(&e.node)) return &m->selector.time;
    if (auto* sq = std::get_if<Subquery>(&e.node)) return &sq->time;
    return nullptr;
  }

  void parse_offset(Expr& e) {
    advance();
    bool negative = false;
    std::size_t sign_pos = cur().pos;
    if (cur().kind == Tok::add || cur().kind == Tok::sub) {
      negative = cur().kind == Tok::sub;
      advance();
    } else {
      sign_pos = std::string_view::npos;
    }
    if (!at_number()) unexpected("offset", "number, duration, step(), or range()");
    const Token t = advance();
    double s = number_literal(t);
    if (negative) s = -s;
    if (duration_out_of_range(s)) fail(sign_pos != std::string_view::npos ? sign_pos : t.pos, "duration out of range");
    TimeModifiers* tm = modifiers_of(e);
    if (tm == nullptr)
      fail(e.position, "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    if (tm->offset_ms != 0) fail(e.position, "offset may not be set multiple times");
    tm->offset_ms = seconds_to_ms(s);
  }

  void parse_at(Expr& e) {
    advance();
    AtKind kind = AtKind::timestamp;
    double ts = 0;
    if ((is_word(cur(), "start") || is_word(cur(), "end")) && peek().kind == Tok::lparen) {
      kind = is_word(cur(), "start") ? AtKind::start : AtKind::end;
      advance();
      advance();
      expect(Tok::rparen, "@", "\")\"");
    } else {
      bool negative = false;
      if (cur().kind == Tok::add || cur().kind == Tok::sub) {
        negative = cur().kind == Tok::sub;
        advance();
      }
      if (!at_number()) unexpected("@", "timestamp");
      ts = number_literal(advance());
      if (negative) ts = -ts;
    }
    TimeModifiers* tm = modifiers_of(e);
    if (tm == nullptr)
      fail(e.position, "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    if (tm->at != AtKind::none) fail(e.position, "@ <timestamp> may not be set multiple times");
    if (kind == AtKind::timestamp) {
      if (!std::isfinite(ts) || ts >= static_cast<double>(std::numeric_limits<std::int64_t>::max()) / 1000.0 ||
          ts <= static_cast<double>(std::numeric_limits<std::int64_t>::min()) / 1000.0) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%f", ts);
        const std::string shown = std::isnan(ts) ? "NaN" : std::isinf(ts) ? (ts > 0 ? "+Inf" : "-Inf") : buf;
        fail(e.position, "timestamp out of bounds for @ modifier: " + shown);
      }
      tm->at_ms = seconds_to_ms(ts);
    }
    tm->at = kind;
  }

  ExprPtr parse_primary() {
    const Token& t = cur();
    switch (t.kind) {
      case Tok::number:
      case Tok::duration: {
        const Token n = advance();
        return make(n.pos, NumberLiteral{number_literal(n)});
      }
      case Tok::string: {
        const Token s = advance();
        return make(s.pos, StringLiteral{detail::unquote(s.text)});
      }
      case Tok::lparen: {
        const Token open = advance();
        Paren p;
        p.expr = parse_expr(0);
        if (cur().kind != Tok::rparen) unexpected("", "");
        advance();
        return make(open.pos, std::move(p));
      }
      case Tok::lbrace: {
        VectorSelector vs;
        const std::size_t pos = t.pos;
        label_matchers(vs);
        return make(pos, std::move(vs));
      }
      case Tok::identifier:
      case Tok::metric_identifier: return parse_word();
      default: unexpected("", "");
    }
  }

  ExprPtr parse_word() {
    const Token word = cur();
    const std::string lw = lower(word.text);
    const bool plain = word.kind == Tok::identifier;
    if (plain && (lw == "inf" || lw == "nan")) {
      advance();
      return make(word.pos, NumberLiteral{number_literal(word)});
    }
    if (plain && (lw == "limitk" || lw == "limit_ratio") && peek().kind == Tok::lparen)
      fail(word.pos, lw + "() is experimental and not supported");
    if (plain) {
      if (const auto op = aggregate_op(lw)) {
        const Token& n = peek();
        if (n.kind == Tok::lparen || is_word(n, "by") || is_word(n, "without")) return parse_aggregate(*op);
      }
      if (lw == "atan2" || lw == "on" || lw == "ignoring" || lw == "group_left" || lw == "group_right" || lw == "bool")
        unexpected("", "");
      const bool callable = !aggregate_op(lw) && !is_word_operator(lw) &&
                            (!is_keyword(lw) || lw == "fill" || lw == "fill_left" || lw == "fill_right");
      if (callable && peek().kind == Tok::lparen) return parse_call();
    }
    advance();
    VectorSelector vs;
    vs.name = std::string(word.text);
    if (cur().kind == Tok::lbrace) label_matchers(vs);
    Matcher m;
    m.name = "__name__";
    m.value = vs.name;
    vs.matchers.push_back(std::move(m));
    return make(word.pos, std::move(vs));
  }

  std::vector<ExprPtr> call_args() {
    expect(Tok::lparen, "", "");
    std::vector<ExprPtr> args;
    if (cur().kind == Tok::rparen) {
      advance();
      return args;
    }
    for (;;) {
      args.push_back(parse_expr(0));
      if (cur().kind == Tok::rparen) break;
      if (cur().kind != Tok::comma) unexpected("", "");
      const Token comma = advance();
      if (cur().kind == Tok::rparen) fail(comma.pos, "trailing commas not allowed in function call args");
    }
    advance();
    return args;
  }

  ExprPtr parse_call() {
    const Token name = advance();
    DepthGuard guard(*this, name.pos);
    Call c;
    c.args = call_args();
    c.func = find_function(name.text);
    if (c.func == nullptr) fail(name.pos, "unknown function with name " + detail::go_quote(name.text));
    return make(name.pos, std::move(c));
  }

  ExprPtr parse_aggregate(AggregateOp op) {
    const Token name = advance();
    DepthGuard guard(*this, name.pos);
    Aggregate a;
    a.op = op;
    bool have_modifier = false;
    auto modifier = [&] {
      if (at_word("by") || at_word("without")) {
        a.without = at_word("without");
        advance();
        a.grouping = grouping_labels();
        have_modifier = true;
      }
    };
    modifier();
    if (cur().kind != Tok::lparen) unexpected("aggregation", "");
    std::vector<ExprPtr> args = call_args();
    if (!have_modifier) modifier();
    if (args.empty()) fail(name.pos, "no arguments for aggregate expression provided");
    const std::size_t want = takes_param(op) ? 2 : 1;
    if (args.size() != want)
      fail(name.pos, "wrong number of arguments for aggregate expression provided, expected " + std::to_string(want) +
                         ", got " + std::to_string(args.size()));
    if (want == 2) a.param = std::move(args[0]);
    a.expr = std::move(args[want - 1]);
    return make(name.pos, std::move(a));
  }

  static bool valid_utf8_nonempty(std::string_view s) { return !s.empty() && detail::go_quote(s).find("\\x") == std::string::npos; }

  std::vector<std::string> grouping_labels() {
    if (cur().kind != Tok::lparen) unexpected("grouping opts", "\"(\"");
    advance();
    std::vector<std::string> labels;
    if (cur().kind == Tok::rparen) {
      advance();
      return labels;
    }
    for (;;) {
      const Token& t = cur();
      if (t.kind == Tok::identifier) {
        labels.emplace_back(t.text);
      } else if (t.kind == Tok::metric_identifier) {
        fail(t.pos, "invalid label name for grouping: " + detail::go_quote(t.text));
      } else if (t.kind == Tok::string) {
        std::string name = detail::unquote(t.text);
        if (name.empty()) fail(t.pos, "invalid label name for grouping: " + detail::go_quote(name));
        labels.push_back(std::move(name));
      } else {
        unexpected("grouping opts", "label");
      }
      advance();
      if (cur().kind == Tok::comma) {
        advance();
        if (cur().kind == Tok::rparen) break;
        continue;
      }
      if (cur().kind == Tok::rparen) break;
      unexpected("grouping opts", "\",\" or \")\"");
    }
    advance();
    return labels;
  }

  static std::optional<MatchOp> match_op(Tok k) {
    switch (k) {
      case Tok::assign: return MatchOp::equal;
      case Tok::neq: return MatchOp::not_equal;
      case Tok::eql_regex: return MatchOp::regex;
      case Tok::neq_regex: return MatchOp::not_regex;
      default: return std::nullopt;
    }
  }

  void label_matchers(VectorSelector& vs) {
    advance();  // '{'
    for (;;) {
      if (cur().kind == Tok::rbrace) break;
      const Token name = cur();
      if (name.kind != Tok::identifier && name.kind != Tok::string) unexpected("label matching", "identifier or \"}\"");
      advance();
      const auto op = match_op(cur().kind);
      if (!op) {
        if (name.kind == Tok::string) {
          Matcher m;
          m.name = "__name__";
          m.value = detail::unquote(name.text);
          vs.matchers.push_back(std::move(m));
        } else {
          unexpected("label matching", "label matching operator");
        }
      } else {
        advance();
        if (cur().kind != Tok::string) unexpected("label matching", "string");
        const Token value = advance();
        Matcher m;
        m.name = name.kind == Tok::string ? detail::unquote(name.text) : std::string(name.text);
        m.op = *op;
        m.value = detail::unquote(value.text);
        if (*op == MatchOp::regex || *op == MatchOp::not_regex) {
          try {
            m.regex = std::make_shared<const Regex>(m.value);
          } catch (const Error& e) {
            fail(name.pos, e.what());
          }
        }
        vs.matchers.push_back(std::move(m));
      }
      if (cur().kind == Tok::comma) {
        advance();
        continue;
      }
      if (cur().kind != Tok::rbrace) unexpected("label matching", "\",\" or \"}\"");
    }
    advance();  // '}'
  }

  // --- type checks (Prometheus' checkAST) ---------------------------------------------------------
  // ValueType's String() in Go ("matrix"), where Prometheus prints it rather than DocumentedType.
  static std::string_view go_type_name(ValueType t) {
    switch (t) {
      case ValueType::scalar: return "scalar";
      case ValueType::vector: return "vector";
      case ValueType::matrix: return "matrix";
      case ValueType::string: return "string";
      case ValueType::none: break;
    }
    return "none";
  }
  static std::string quoted_type(ValueType t) { return std::string(to_string(t)); }

  void expect_type(const Expr& e, ValueType want, std::string_view context) {
    const ValueType t = check(e);
    if (t != want)
      fail(e.position, "expected type " + quoted_type(want) + " in " + std::string(context) + ", got " + quoted_type(t));
  }

  ValueType check(const Expr& e) {
    return std::visit([&](const auto& n) { return check_node(e, n); }, e.node);
  }

  ValueType check_node(const Expr&, const NumberLiteral&) { return ValueType::scalar; }
  ValueType check_node(const Expr&, const StringLiteral&) { return ValueType::string; }
  ValueType check_node(const Expr& e, const Paren& p) {
    check(*p.expr);
    return e.type();
  }
  ValueType check_node(const Expr& e, const Unary& u) {
    const ValueType t = check(*u.expr);
    if (t != ValueType::scalar && t != ValueType::vector)
      fail(e.position, "unary expression only allowed on expressions of type scalar or instant vector, got \"" +
                           quoted_type(t) + "\"");
    return t;
  }
  ValueType check_node(const Expr& e, const VectorSelector& vs) {
    check_selector(e.position, vs);
    return ValueType::vector;
  }
  ValueType check_node(const Expr& e, const MatrixSelector& m) {
    check_selector(e.position, m.selector);
    return ValueType::matrix;
  }
  void check_selector(std::size_t pos, const VectorSelector& vs) {
    if (!vs.name.empty()) {
      for (std::size_t i = 0; i + 1 < vs.matchers.size(); ++i)
        if (vs.matchers[i].name == "__name__")
          fail(pos, "metric name must not be set twice: " + detail::go_quote(vs.name) + " or " +
                        detail::go_quote(vs.matchers[i].value));
      return;
    }
    for (const Matcher& m : vs.matchers)
      if (!m.matches("")) return;
    fail(pos, "vector selector must contain at least one non-empty matcher");
  }
  ValueType check_node(const Expr& e, const Subquery& sq) {
    const ValueType t = check(*sq.expr);
    if (t != ValueType::vector)
      fail(e.position, "subquery is only allowed on instant vector, got " + std::string(go_type_name(t)) + " instead");
    return ValueType::matrix;
  }
  ValueType check_node(const Expr& e, const Aggregate& a) {
    expect_type(*a.expr, ValueType::vector, "aggregation expression");
    if (a.param) {
      if (a.op == AggregateOp::count_values)
        expect_type(*a.param, ValueType::string, "aggregation parameter");
      else
        expect_type(*a.param, ValueType::scalar, "aggregation parameter");
    }
    return e.type();
  }
  ValueType check_node(const Expr& e, const Call& c) {
    const FunctionInfo& f = *c.func;
    const std::size_t n = f.args.size();
    const std::size_t got = c.args.size();
    const std::string name = detail::go_quote(f.name);
    if (f.variadic) {
      if (got < n - 1)
        fail(e.position, "expected at least " + std::to_string(n - 1) + " argument(s) in call to " + name + ", got " +
                             std::to_string(got));
    } else if (f.optional_args > 0) {
      const std::size_t least = n - static_cast<std::size_t>(f.optional_args);
      if (got < least)
        fail(e.position, "expected at least " + std::to_string(least) + " argument(s) in call to " + name + ", got " +
                             std::to_string(got));
      if (got > n)
        fail(e.position, "expected at most " + std::to_string(n) + " argument(s) in call to " + name + ", got " +
                             std::to_string(got));
    } else if (got != n) {
      fail(e.position, "expected " + std::to_string(n) + " argument(s) in call to " + name + ", got " + std::to_string(got));
    }
    for (std::size_t i = 0; i < got; ++i) {
      const ValueType want = f.args[std::min(i, n - 1)];
      const ValueType t = check(*c.args[i]);
      if (t != want)
        fail(c.args[i]->position, "expected type " + quoted_type(want) + " in call to function " + name + ", got " +
                                      quoted_type(t));
    }
    return f.returns;
  }
  ValueType check_node(const Expr& e, const Binary& cb) {
    auto& b = const_cast<Binary&>(cb);  // the checker settles the matching, as Prometheus' does
    const ValueType lt = check(*b.lhs);
    const ValueType rt = check(*b.rhs);
    const std::size_t op_pos = b.op_position;
    if (b.return_bool && !is_comparison(b.op)) fail(op_pos, "bool modifier can only be used on comparison operators");
    if (is_comparison(b.op) && !b.return_bool && lt == ValueType::scalar && rt == ValueType::scalar)
      fail(op_pos, "comparisons between scalars must use BOOL modifier");
    VectorMatching& vm = *b.matching;
    if (is_set_operator(b.op) && vm.card == Cardinality::one_to_one) vm.card = Cardinality::many_to_many;
    if (vm.on)
      for (const auto& l1 : vm.labels)
        for (const auto& l2 : vm.include)
          if (l1 == l2) fail(op_pos, "label " + detail::go_quote(l1) + " must not occur in ON and GROUP clause at once");
    if (lt != ValueType::scalar && lt != ValueType::vector)
      fail(b.lhs->position, "binary expression must contain only scalar and instant vector types");
    if (rt != ValueType::scalar && rt != ValueType::vector)
      fail(b.rhs->position, "binary expression must contain only scalar and instant vector types");
    if (lt != ValueType::vector || rt != ValueType::vector) {
      if (!vm.labels.empty()) fail(e.position, "vector matching only allowed between instant vectors");
      b.matching.reset();
    } else if (is_set_operator(b.op)) {
      if (vm.card == Cardinality::one_to_many || vm.card == Cardinality::many_to_one)
        fail(e.position, "no grouping allowed for \"" + std::string(to_string(b.op)) + "\" operation");
    }
    if ((lt == ValueType::scalar || rt == ValueType::scalar) && is_set_operator(b.op))
      fail(e.position, "set operator \"" + std::string(to_string(b.op)) + "\" not allowed in binary scalar expression");
    return e.type();
  }

  detail::Lexer lex_;
  Slot buf_[2];
  std::size_t head_ = 0;
  std::size_t buffered_ = 0;
  bool lexer_done_ = false;
  int depth_ = 0;
};

}  // namespace

Location locate(std::string_view query, std::size_t offset, const Location& where) {
  Location loc = where;
  std::uint64_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < query.size(); ++i) {
    if (query[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  if (where.line == 0) {
    loc.line = line;
    loc.column = column;
  } else {
    loc.line = where.line + line - 1;
    loc.column = line == 1 ? (where.column == 0 ? 1 : where.column) + column - 1 : column;
  }
  return loc;
}

ExprPtr parse(std::string_view query, const Location& where) {
  Parser p(query);
  try {
    return p.parse_query();
  } catch (const Failure& f) {
    throw ParseError(locate(query, f.pos, where), f.message);
  }
}

}  // namespace mon::promql
