#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "mon/promql/parse.hpp"
#include "sample_inputs.hpp"

using namespace mon::promql;

namespace {

std::string canon(std::string_view q) { return to_string(*parse(q)); }

std::string error_of(std::string_view q) {
  try {
    parse(q);
  } catch (const mon::ParseError& e) {
    return std::to_string(e.location().line) + ":" + std::to_string(e.location().column) + ": " + e.message();
  }
  return "no error";
}

double number_of(std::string_view q) {
  const auto e = parse(q);
  const auto* n = std::get_if<NumberLiteral>(&e->node);
  REQUIRE(n != nullptr);
  return n->value;
}

}  // namespace

TEST_CASE("promql parser: every node type parses and prints in Prometheus' canonical form") {
  CHECK(canon("1") == "1");
  CHECK(canon("\"a\"") == "\"a\"");
  CHECK(canon("foo") == "foo");
  CHECK(canon("foo{a=\"b\", c!=\"d\", e=~\"f.*\", g!~\"h\"}") == "foo{a=\"b\",c!=\"d\",e=~\"f.*\",g!~\"h\"}");
  CHECK(canon("foo[5m]") == "foo[5m]");
  CHECK(canon("foo[1h30m]") == "foo[1h30m]");
  CHECK(canon("foo[5m:1m]") == "foo[5m:1m]");
  CHECK(canon("rate(x[5m])[30m:]") == "rate(x[5m])[30m:]");
  CHECK(canon("-foo") == "-foo");
  CHECK(canon("(foo)") == "(foo)");
  CHECK(canon("sum by (a) (x)") == "sum by (a) (x)");
  CHECK(canon("sum(x) by (a)") == "sum by (a) (x)");
  CHECK(canon("sum without (a, b) (x)") == "sum without (a, b) (x)");
  CHECK(canon("topk(3, x)") == "topk(3, x)");
  CHECK(canon("count_values(\"v\", x)") == "count_values(\"v\", x)");
  CHECK(canon("label_join(x, \"d\", \",\", \"a\", \"b\", \"c\")") == "label_join(x, \"d\", \",\", \"a\", \"b\", \"c\")");
  CHECK(canon("a + on (x) group_left (y) b") == "a + on (x) group_left (y) b");
  CHECK(canon("a * ignoring(x) group_right b") == "a * ignoring (x) group_right () b");
  CHECK(canon("a > bool 1") == "a > bool 1");
  CHECK(canon("a and on() b") == "a and on () b");
  CHECK(canon("foo offset 5m") == "foo offset 5m");
  CHECK(canon("foo offset -5m") == "foo offset -5m");
  CHECK(canon("foo @ 100") == "foo @ 100.000");
  CHECK(canon("foo @ start()") == "foo @ start()");
  CHECK(canon("foo[5m] @ end() offset 1m") == "foo[5m] @ end() offset 1m");
  CHECK(canon("foo offset 1m @ 10") == "foo @ 10.000 offset 1m");
  CHECK(canon("x[5m:] offset 1h") == "x[5m:] offset 1h");
  CHECK(canon("{__name__=~\"a|b\"}") == "{__name__=~\"a|b\"}");
  CHECK(canon("{\"my.metric\"}") == "{__name__=\"my.metric\"}");
  CHECK(canon("{\"my.metric\", \"a.b\"=\"c\"}") == "{\"a.b\"=\"c\",__name__=\"my.metric\"}");
  CHECK(canon("sum by (\"a.b\") (x)") == "sum by (\"a.b\") (x)");
  CHECK(canon("foo # a comment\n + bar") == "foo + bar");
  CHECK(canon("SUM(x) BY (a)") == "sum by (a) (x)");
  CHECK(canon("x AND y") == "x and y");
  CHECK(canon("sum") == "sum");  // a metric named like an aggregator
  CHECK(canon("sum{a=\"b\"}") == "sum{a=\"b\"}");
  CHECK(error_of("on") == "1:1: unexpected <on>");
}

TEST_CASE("promql parser: the tree has the fields the engine reads") {
  auto e = parse("sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m] offset 1m))");
  const auto& agg = std::get<Aggregate>(e->node);
  CHECK(agg.op == AggregateOp::sum);
  CHECK(agg.grouping == std::vector<std::string>{"job"});
  const auto& call = std::get<Call>(agg.expr->node);
  CHECK(call.func->name == "rate");
  const auto& ms = std::get<MatrixSelector>(call.args[0]->node);
  CHECK(ms.range_ms == 300000);
  CHECK(ms.selector.time.offset_ms == 60000);
  CHECK(ms.selector.name == "http_requests_total");
  REQUIRE(ms.selector.matchers.size() == 2);
  CHECK(ms.selector.matchers[0].matches("500"));
  CHECK_FALSE(ms.selector.matchers[0].matches("200"));
  CHECK(ms.selector.matchers[1].name == "__name__");
  CHECK(e->type() == ValueType::vector);

  e = parse("a / on(x) group_left(y) b");
  const auto& b = std::get<Binary>(e->node);
  REQUIRE(b.matching);
  CHECK(b.matching->card == Cardinality::many_to_one);
  CHECK(b.matching->on);
  CHECK(b.matching->labels == std::vector<std::string>{"x"});
  CHECK(b.matching->include == std::vector<std::string>{"y"});

  e = parse("a or b");
  CHECK(std::get<Binary>(e->node).matching->card == Cardinality::many_to_many);
  e = parse("a + 1");
  CHECK_FALSE(std::get<Binary>(e->node).matching);
  e = parse("1 + 2");
  CHECK(e->type() == ValueType::scalar);

  e = parse("x @ 100.5");
  CHECK(std::get<VectorSelector>(e->node).time.at == AtKind::timestamp);
  CHECK(std::get<VectorSelector>(e->node).time.at_ms == 100500);
  e = parse("x[10m:30s]");
  CHECK(std::get<Subquery>(e->node).step_ms == 30000);
  CHECK(std::get<Subquery>(e->node).range_ms == 600000);
  CHECK(e->type() == ValueType::matrix);
  e = parse("x[300]");  // a range as a number of seconds
  CHECK(std::get<MatrixSelector>(e->node).range_ms == 300000);
  e = parse("round(x)");
  CHECK(std::get<Call>(e->node).args.size() == 1);
  e = parse("time()");
  CHECK(e->type() == ValueType::scalar);
}

TEST_CASE("promql parser: precedence and associativity") {
  CHECK(canon("1 + 2 * 3") == "1 + 2 * 3");
  auto e = parse("1 + 2 * 3");
  CHECK(std::get<Binary>(e->node).op == BinaryOp::add);
  e = parse("2 ^ 3 ^ 2");  // right-associative
  const auto& p = std::get<Binary>(e->node);
  CHECK(std::get<NumberLiteral>(p.lhs->node).value == 2);
  CHECK(std::get<Binary>(p.rhs->node).op == BinaryOp::pow);
  e = parse("-2 ^ 2");  // -(2^2)
  const auto& u = std::get<Unary>(e->node);
  CHECK(u.op == UnaryOp::minus);
  CHECK(std::get<Binary>(u.expr->node).op == BinaryOp::pow);
  CHECK(canon("-2 ^ 2") == "-2 ^ 2");
  e = parse("-a * b");  // (-a) * b
  CHECK(std::get<Binary>(e->node).op == BinaryOp::mul);
  e = parse("a - b - c");  // (a - b) - c
  CHECK(std::get<Binary>(std::get<Binary>(e->node).lhs->node).op == BinaryOp::sub);
  e = parse("a or b and c");  // a or (b and c)
  CHECK(std::get<Binary>(e->node).op == BinaryOp::lor);
  e = parse("a == b + c");
  CHECK(std::get<Binary>(e->node).op == BinaryOp::eq);
  e = parse("a unless b or c");
  CHECK(std::get<Binary>(e->node).op == BinaryOp::lor);
  e = parse("a atan2 b * c");  // atan2 as * : left to right
  CHECK(std::get<Binary>(e->node).op == BinaryOp::mul);
  e = parse("a + b offset 5m");
  CHECK(std::get<VectorSelector>(std::get<Binary>(e->node).rhs->node).time.offset_ms == 300000);
  CHECK(number_of("-1") == -1);
  CHECK(number_of("- -1") == 1);
  CHECK(number_of("+1") == 1);
}

TEST_CASE("promql parser: number and duration literals") {
  CHECK(number_of("0x1f") == 31);
  CHECK(number_of("0X1F") == 31);
  CHECK(number_of("1e-3") == 0.001);
  CHECK(number_of("1E3") == 1000);
  CHECK(number_of(".5") == 0.5);
  CHECK(number_of("5.") == 5);
  CHECK(number_of("1_000") == 1000);
  CHECK(number_of("Inf") == INFINITY);
  CHECK(number_of("-inf") == -INFINITY);
  CHECK(std::isnan(number_of("NaN")));
  CHECK(std::isnan(number_of("nan")));
  CHECK(number_of("5m") == 300);
  CHECK(number_of("1h30m") == 5400);
  CHECK(number_of("100ms") == 0.1);
  CHECK(number_of("99999999999999999999") == 1e20);
  CHECK(number_of("010") == 8);  // Go's ParseInt with base 0, as Prometheus
  CHECK(canon("1e20") == "100000000000000000000");
  CHECK(canon("0.1") == "0.1");
  CHECK(canon("Inf") == "+Inf");
  CHECK(canon("-Inf") == "-Inf");
  CHECK(canon("NaN") == "NaN");
  CHECK(canon("foo[90s]") == "foo[1m30s]");
  CHECK(canon("foo[7d]") == "foo[1w]");
  CHECK(canon("foo[1500ms]") == "foo[1s500ms]");
  CHECK(error_of("1e999").find("value out of range") != std::string::npos);
  CHECK(error_of("1.5m") == "1:1: not a valid duration string: \"1.5m\"");
  CHECK(error_of("foo[5mm]") != "no error");
  CHECK(error_of("foo[1m1h]") == "1:5: not a valid duration string: \"1m1h\"");
  CHECK(error_of("1x") == "1:1: bad number or duration syntax: \"1\"");
  CHECK(error_of("100..4") == "1:1: bad number or duration syntax: \"100..\"");
  CHECK(error_of("foo[5y1hs]") == "1:5: unknown unit \"hs\" in duration \"5y1hs\"");
  CHECK(error_of("foo[-1]") == "1:5: duration must be greater than 0");
  CHECK(error_of("foo @ +Inf") == "1:1: timestamp out of bounds for @ modifier: +Inf");
  CHECK(error_of("(1))") == "1:5: unexpected right parenthesis ')'");
  CHECK(error_of("@@") == "1:1: unexpected <op:@>");
}

TEST_CASE("promql parser: strings with Go's escapes and raw strings") {
  auto str = [](std::string_view q) { return std::get<StringLiteral>(parse(q)->node).value; };
  CHECK(str(R"("a\nb\tc\\d\"e")") == "a\nb\tc\\d\"e");
  CHECK(str(R"('it\'s')") == "it's");
  CHECK(str(R"("\a\b\f\r\v")") == "\a\b\f\r\v");
  CHECK(str(R"("\x41\101\u00e9\U0001F600")") == "AA\xc3\xa9\xf0\x9f\x98\x80");
  CHECK(str("`raw \\n string\nwith newline`") == "raw \\n string\nwith newline");
}

TEST_CASE("promql parser: Prometheus' errors, at the offending token") {
  CHECK(error_of("") == "1:1: no expression found in input");
  CHECK(error_of("rate(x)") == "1:6: expected type range vector in call to function \"rate\", got instant vector");
  CHECK(error_of("1 + x[5m]") == "1:5: binary expression must contain only scalar and instant vector types");
  CHECK(error_of("1 and x") == "1:1: set operator \"and\" not allowed in binary scalar expression");
  CHECK(error_of("1 > 2") == "1:3: comparisons between scalars must use BOOL modifier");
  CHECK(error_of("1 > bool 2") == "no error");
  CHECK(error_of("a + bool b") == "1:3: bool modifier can only be used on comparison operators");
  CHECK(error_of("{}") == "1:1: vector selector must contain at least one non-empty matcher");
  CHECK(error_of("{a=\"\"}") == "1:1: vector selector must contain at least one non-empty matcher");
  CHECK(error_of("{a=~\".*\"}") == "1:1: vector selector must contain at least one non-empty matcher");
  CHECK(error_of("{a=~\".+\"}") == "no error");
  CHECK(error_of("a and on(x) group_left b") == "1:1: no grouping allowed for \"and\" operation");
  CHECK(error_of("foo(x)") == "1:1: unknown function with name \"foo\"");
  CHECK(error_of("abs(x, y)") == "1:1: expected 1 argument(s) in call to \"abs\", got 2");
  CHECK(error_of("round(x, 1, 2)") == "1:1: expected at most 2 argument(s) in call to \"round\", got 3");
  CHECK(error_of("label_join(x, \"a\")") == "1:1: expected at least 3 argument(s) in call to \"label_join\", got 2");
  CHECK(error_of("hour()") == "no error");
  CHECK(error_of("sum(x, y)") == "1:1: wrong number of arguments for aggregate expression provided, expected 1, got 2");
  CHECK(error_of("topk(x)") == "1:1: wrong number of arguments for aggregate expression provided, expected 2, got 1");
  CHECK(error_of("topk(\"a\", x)") == "1:6: expected type scalar in aggregation parameter, got string");
  CHECK(error_of("sum(x[5m])") == "1:5: expected type instant vector in aggregation expression, got range vector");
  CHECK(error_of("foo offset 5m[5m]") == "1:14: no offset modifiers allowed before range");
  CHECK(error_of("(foo)[5m]") == "1:6: ranges only allowed for vector selectors");
  CHECK(error_of("sum(x) offset 5m") ==
        "1:1: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
  CHECK(error_of("x offset 1m offset 2m") == "1:1: offset may not be set multiple times");
  CHECK(error_of("x @ 1 @ 2") == "1:1: @ <timestamp> may not be set multiple times");
  CHECK(error_of("x[0s]") == "1:3: duration must be greater than 0");
  CHECK(error_of("foo{__name__=\"bar\"}") == "1:1: metric name must not be set twice: \"foo\" or \"bar\"");
  CHECK(error_of("(1 + 2)[5m:]") == "1:1: subquery is only allowed on instant vector, got scalar instead");
  CHECK(error_of("-\"a\"") == "1:1: unary expression only allowed on expressions of type scalar or instant vector, got \"string\"");
  CHECK(error_of("sum(") == "1:5: unclosed left parenthesis");
  CHECK(error_of("foo bar") == "1:5: unexpected identifier \"bar\"");
  CHECK(error_of("foo +") == "1:6: unexpected end of input");
  CHECK(error_of("foo{a=\"b\"") == "1:10: unexpected end of input inside braces");
  CHECK(error_of("foo{a}") == "1:6: unexpected \"}\" in label matching, expected label matching operator");
  CHECK(error_of("foo{a=1}") == "1:7: unexpected character inside braces: '1'");
  CHECK(error_of("\"abc") == "1:1: unterminated quoted string");
  CHECK(error_of("`abc") == "1:1: unterminated raw string");
  CHECK(error_of("\"\\q\"") == "1:1: unknown escape sequence U+0071 'q'");
  CHECK(error_of("foo[5m") == "1:7: unclosed left bracket");
  CHECK(error_of("x{a=~\"(\"}") .find("1:3: invalid regular expression") == 0);
  CHECK(error_of("1 +\n  foo(") == "2:7: unclosed left parenthesis");
  CHECK(error_of("sum by (a b) (x)") == "1:11: unexpected identifier \"b\" in grouping opts, expected \",\" or \")\"");
  CHECK(error_of("rate(x[5m],)") == "1:11: trailing commas not allowed in function call args");
  CHECK(error_of("x[5m:1m:]") == "1:8: unexpected colon ':'");
}

TEST_CASE("promql parser: a location inside a file shifts the reported position") {
  try {
    parse("rate(x)", mon::Location{"rules.yml", 4, 11});
    FAIL("no error");
  } catch (const mon::ParseError& e) {
    CHECK(e.location().file == "rules.yml");
    CHECK(e.location().line == 4);
    CHECK(e.location().column == 16);
  }
}

TEST_CASE("promql parser: hostile input fails cleanly") {
  CHECK(error_of(std::string(100000, '(')).find("nests too deeply") != std::string::npos);
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "-";
  deep += "1";
  CHECK(error_of(deep).find("nests too deeply") != std::string::npos);
  std::string chain = "1";
  for (int i = 0; i < 100000; ++i) chain += "+1";
  CHECK(error_of(chain).find("nests too deeply") != std::string::npos);
  std::string calls;
  for (int i = 0; i < 50000; ++i) calls += "abs(";
  CHECK(error_of(calls) != "no error");
  CHECK(error_of(std::string(1000, '9')).find("value out of range") != std::string::npos);
  CHECK(error_of(std::string(300, '9')) == "no error");
  CHECK(error_of(std::string("foo\0bar", 7)) == "1:4: unexpected character: '\\x00'");
  CHECK(error_of(std::string("\"a\0b\"", 5)) == "no error");
  CHECK(error_of("\"\xff\"") == "1:1: invalid UTF-8 rune");
  CHECK(error_of("\xc3\xa9") == "1:1: unexpected character: '\xc3\xa9'");
  const std::string q =
      "sum by (job, \"a.b\") (rate(http_requests_total{code=~\"5..\", method!=`GET`}[5m] offset -1m @ 100)) / on(job) "
      "group_left(x) max without (i) (rate(x[1h:5m] @ end())) > bool 0.5 or -vector(time()) ^ 2 # c\n unless label_replace(up, "
      "\"a\", \"$1\", \"b\", \"(.*)\")";
  CHECK(error_of(q) == "no error");
  int errors = 0;
  for (std::size_t n = 0; n < q.size(); ++n) {
    try {
      parse(q.substr(0, n));
    } catch (const mon::ParseError& e) {
      ++errors;
      CHECK(e.location().line >= 1);
      CHECK(e.location().column >= 1);
    }
  }
  CHECK(errors > static_cast<int>(q.size()) / 2);
}

namespace {

bool experimental(std::string q) {
  for (const char* at : {"@ start()", "@ end()"})
    for (auto p = q.find(at); p != std::string::npos; p = q.find(at)) q.erase(p, std::string_view(at).size());
  for (const char* f : {"info(", "limitk", "limit_ratio", "fill(", "fill_left", "fill_right", "anchored", "smoothed",
                        "step()", "range()", "mad_over_time", "sort_by_label", "double_exponential_smoothing", "ts_of_",
                        "first_over_time", "{{", "min_of", "max_of", "start_timestamp", "histogram_quantiles", "start()", "end()"})
    if (q.find(f) != std::string::npos) return true;
  return false;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

// The query of an `eval` line, "" for other lines.
std::string eval_query(const std::string& line, bool& fails) {
  fails = line.rfind("eval_fail", 0) == 0;
  std::istringstream in(line);
  std::string word;
  in >> word;
  if (word.rfind("eval", 0) != 0) return "";
  in >> word;
  int skip = word == "instant" ? 2 : word == "range" ? 6 : -1;  // at T | from A to B step S
  if (skip < 0) return "";
  for (int i = 0; i < skip; ++i) in >> word;
  std::string rest;
  std::getline(in, rest);
  return trim(rest);
}

}  // namespace

TEST_CASE("promql parser: every float-only query of Prometheus' engine tests and the compliance suite") {
  if (sample_inputs::skip_without_shared("upstream/prometheus/promql/promqltest/testdata")) return;
  int parsed = 0, failed_as_expected = 0, skipped = 0, messages_agree = 0, messages_checked = 0;
  std::vector<std::string> wrong;
  for (const auto& file : sample_inputs::files_in(sample_inputs::shared("upstream/prometheus/promql/promqltest/testdata"), ".test")) {
    const std::string base = file.filename().string();
    if (base == "duration_expression.test" || base == "extended_vectors.test" || base == "type_and_unit.test" ||
        base == "fill-modifier.test" || base == "native_histograms.test" || base == "start_timestamps.test") {
      ++skipped;
      continue;
    }
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      bool eval_fail = false;
      const std::string q = eval_query(lines[i], eval_fail);
      if (q.empty()) continue;
      if (experimental(q)) {
        ++skipped;
        continue;
      }
      std::string fail_msg;
      bool expect_fail = eval_fail;
      for (std::size_t k = i + 1; k < lines.size() && (lines[k].rfind(" ", 0) == 0 || lines[k].rfind("\t", 0) == 0); ++k) {
        const std::string t = trim(lines[k]);
        if (t.rfind("expect fail", 0) == 0) {
          expect_fail = true;
          if (const auto m = t.find("msg:"); m != std::string::npos) fail_msg = trim(t.substr(m + 4));
        }
        if (t.empty() || t.rfind("expect", 0) != 0) break;
      }
      try {
        const std::string printed = to_string(*parse(q));
        ++parsed;
        // The canonical form parses back to itself.
        try {
          if (to_string(*parse(printed)) != printed) wrong.push_back(base + ": " + q + "  prints unstably as  " + printed);
        } catch (const mon::ParseError& e) {
          wrong.push_back(base + ": " + q + "  prints as  " + printed + "  which fails: " + e.what());
        }
      } catch (const mon::ParseError& e) {
        if (expect_fail) {
          ++failed_as_expected;
          if (!fail_msg.empty()) {
            ++messages_checked;
            const std::string full = std::to_string(e.location().line) + ":" + std::to_string(e.location().column) +
                                     ": parse error: " + e.message();
            if (full == fail_msg || e.message() == fail_msg) ++messages_agree;
          }
        } else {
          wrong.push_back(base + ": " + q + "  ->  " + e.what());
        }
      }
    }
  }
  int compliance_parsed = 0, compliance_failed = 0;
  const auto tsv = sample_inputs::shared("upstream/prometheus-compliance/derived/promql-test-queries.expanded.tsv");
  std::ifstream in(tsv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const bool should_fail = line.substr(0, tab) == "1";
    const std::string q = line.substr(tab + 1);
    if (experimental(q)) {
      ++skipped;
      continue;
    }
    try {
      parse(q);
      ++compliance_parsed;
    } catch (const mon::ParseError& e) {
      ++compliance_failed;
      if (!should_fail) wrong.push_back("compliance: " + q + "  ->  " + e.what());
    }
  }
  for (const auto& w : wrong) MESSAGE(w);
  MESSAGE("engine tests: " << parsed << " parsed, " << failed_as_expected << " failed as expected (" << messages_agree << " of "
                           << messages_checked << " with Prometheus' message); compliance: " << compliance_parsed
                           << " parsed, " << compliance_failed << " refused; " << skipped << " skipped (experimental)");
  CHECK(parsed > 1000);
  CHECK(wrong.empty());
}
