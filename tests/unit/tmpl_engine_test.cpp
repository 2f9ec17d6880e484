// The Go text/template engine: syntax, Go's output formatting, scoping, errors with positions,
// hostile input.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include "mon/error.hpp"
#include "mon/tmpl/template.hpp"
#include "mon/tmpl/value.hpp"

using mon::tmpl::FuncMap;
using mon::tmpl::List;
using mon::tmpl::Map;
using mon::tmpl::Template;
using mon::tmpl::Value;

namespace {

std::string run(std::string_view text, const Value& dot = Value(), const FuncMap& funcs = {}) {
  return Template::parse("t", text, funcs).execute(dot);
}

std::string parse_error(std::string_view text, const FuncMap& funcs = {}) {
  try {
    Template::parse("t", text, funcs);
  } catch (const mon::tmpl::TemplateParseError& e) {
    return e.what();
  }
  return "no error";
}

std::string exec_error(std::string_view text, const Value& dot = Value(), const FuncMap& funcs = {}) {
  try {
    run(text, dot, funcs);
  } catch (const mon::Error& e) {
    return e.what();
  }
  return "no error";
}

Value sample_data() {
  Map labels{{"job", Value("api")}, {"instance", Value("host:9090")}, {"env", Value("prod")}};
  return Value::map({{"Labels", Value::map(labels)},
                     {"Value", Value(0.5)},
                     {"Count", Value(3)},
                     {"Items", Value::list({Value("a"), Value("b"), Value("c")})},
                     {"Empty", Value::list({})},
                     {"Name", Value("world")}});
}

}  // namespace

TEST_CASE("tmpl: text, actions, fields and literals") {
  CHECK(run("hello") == "hello");
  CHECK(run("") == "");
  CHECK(run("hello {{.Name}}!", sample_data()) == "hello world!");
  CHECK(run("{{.Labels.job}}", sample_data()) == "api");
  CHECK(run("{{.Missing}}", sample_data()) == "<no value>");
  CHECK(run("{{.Labels.nope}}", sample_data()) == "<no value>");
  CHECK(run("{{\"a\\tb\"}}") == "a\tb");
  CHECK(run("{{`raw\\n`}}") == "raw\\n");
  CHECK(run("{{1}} {{1.5}} {{1e6}} {{0x10}} {{'a'}} {{true}} {{-3}}") == "1 1.5 1e+06 16 97 true -3");
  CHECK(run("{{.}}", Value(1000000.0)) == "1e+06");
  CHECK(run("{{.}}", Value(123456.0)) == "123456");
  CHECK(run("{{.}}", Value(0.000012)) == "1.2e-05");
  CHECK(run("{{.}}", Value(0.0001)) == "0.0001");
  CHECK(run("{{.}}", Value(1.0 / 3)) == "0.3333333333333333");
  CHECK(run("{{.}}", Value(-0.0)) == "-0");
  CHECK(run("{{.}}", Value(std::numeric_limits<double>::infinity())) == "+Inf");
  CHECK(run("{{.}}", Value(std::nan(""))) == "NaN");
  CHECK(run("{{.Items}}", sample_data()) == "[a b c]");
  CHECK(run("{{.Labels}}", sample_data()) == "map[env:prod instance:host:9090 job:api]");
  CHECK(run("{{/* a comment */}}x{{- /* trimmed */ -}}  y") == "xy");
}

TEST_CASE("tmpl: trim markers") {
  CHECK(run("a  {{- 1 -}}  b") == "a1b");
  CHECK(run("a \n {{- 1}} \n b") == "a1 \n b");
  CHECK(run("a {{1 -}} \n\t b") == "a 1b");
  CHECK(run("{{- 3 }}") == "3");
  CHECK(run("x {{-3}}") == "x -3");  // no space: a negative number
}

TEST_CASE("tmpl: printf with Go's verbs") {
  CHECK(run("{{printf \"%.2f\" 3.14159}}") == "3.14");
  CHECK(run("{{printf \"%d\" 42}}") == "42");
  CHECK(run("{{printf \"%s-%s\" \"a\" \"b\"}}") == "a-b");
  CHECK(run("{{printf \"%q\" \"a\\\"b\"}}") == "\"a\\\"b\"");
  CHECK(run("{{printf \"%x %X\" 255 \"hi\"}}") == "ff 6869");
  CHECK(run("{{printf \"%5.1f|%-5d|%05d\" 3.14159 42 42}}") == "  3.1|42   |00042");
  CHECK(run("{{printf \"%v %v\" 1.5 2}}") == "1.5 2");
  CHECK(run("{{printf \"%g\" 1234567.0}}") == "1.234567e+06");
  CHECK(run("{{printf \"%.3g\" 1234.5}}") == "1.23e+03");
  CHECK(run("{{printf \"%e\" 1234.5}}") == "1.234500e+03");
  CHECK(run("{{printf \"%d\" 1.5}}") == "%!d(float64=1.5)");
  CHECK(run("{{printf \"%s\" 1}}") == "%!s(int=1)");
  CHECK(run("{{printf \"%d %d\" 1}}") == "1 %!d(MISSING)");
  CHECK(run("{{printf \"%d\" 1 2}}") == "1%!(EXTRA int=2)");
  CHECK(run("{{printf \"100%%\"}}") == "100%");
  CHECK(run("{{printf \"%v\" .}}", sample_data().field("Labels") ? *sample_data().field("Labels") : Value()) ==
        "map[env:prod instance:host:9090 job:api]");
  CHECK(run("{{printf \"%T %T %T\" 1 1.5 \"s\"}}") == "int float64 string");
  CHECK(run("{{printf \"%+d %t\" 5 true}}") == "+5 true");
  CHECK(run("{{printf \"%.1f\" .}}", Value(0.05)) == "0.1");  // 0.05 is 0.05000000000000000277
  CHECK(run("{{printf \"%.0f\" .}}", Value(2.5)) == "2");     // round half to even
  CHECK(run("{{print 1 2 \"a\" 3}} {{println 1 \"b\"}}") == "1 2a3 1 b\n");
}

TEST_CASE("tmpl: if, else if, else; with; and, or, not; comparisons") {
  auto d = sample_data();
  CHECK(run("{{if .Count}}yes{{else}}no{{end}}", d) == "yes");
  CHECK(run("{{if .Empty}}yes{{else}}no{{end}}", d) == "no");
  CHECK(run("{{if gt .Count 5}}big{{else if gt .Count 2}}mid{{else}}small{{end}}", d) == "mid");
  CHECK(run("{{if eq .Count 1}}1{{else if eq .Count 2}}2{{else if eq .Count 3}}3{{end}}", d) == "3");
  CHECK(run("{{with .Labels}}{{.job}}{{end}}", d) == "api");
  CHECK(run("{{with .Missing}}x{{else}}none{{end}}", d) == "none");
  CHECK(run("{{with .Missing}}x{{else with .Name}}{{.}}{{end}}", d) == "world");
  CHECK(run("{{and 1 0 2}} {{and 1 2}} {{or 0 \"\" 3}} {{or 0 false}} {{not 0}}") == "0 2 3 false true");
  CHECK(run("{{eq .Labels.job \"x\" \"api\"}} {{ne 1 2}} {{lt 1.5 2.5}} {{le \"a\" \"a\"}} {{ge 3 4}}", d) ==
        "true true true true false");
  // and/or short-circuit: the failing call is never made
  FuncMap f{{"boom", [](std::span<const Value>) -> Value { throw mon::Error("boom"); }}};
  CHECK(run("{{or 1 boom}} {{and 0 boom}}", Value(), f) == "1 0");
  CHECK(exec_error("{{if gt .Value 1}}x{{end}}", d).find("error calling gt: incompatible types for comparison") !=
        std::string::npos);
}

TEST_CASE("tmpl: range over lists, maps (sorted keys), ints; else; break and continue") {
  auto d = sample_data();
  CHECK(run("{{range .Items}}[{{.}}]{{end}}", d) == "[a][b][c]");
  CHECK(run("{{range $i, $v := .Items}}{{$i}}={{$v}} {{end}}", d) == "0=a 1=b 2=c ");
  CHECK(run("{{range $k, $v := .Labels}}{{$k}}:{{$v}},{{end}}", d) == "env:prod,instance:host:9090,job:api,");
  CHECK(run("{{range .Empty}}x{{else}}empty{{end}}", d) == "empty");
  CHECK(run("{{range .Missing}}x{{else}}none{{end}}", d) == "none");
  CHECK(run("{{range 3}}{{.}}{{end}}") == "012");
  CHECK(run("{{range .Items}}{{if eq . \"b\"}}{{break}}{{end}}{{.}}{{end}}", d) == "a");
  CHECK(run("{{range .Items}}{{if eq . \"b\"}}{{continue}}{{end}}{{.}}{{end}}", d) == "ac");
  CHECK(exec_error("{{range .Name}}{{end}}", d).find("range can't iterate over world") != std::string::npos);
}

TEST_CASE("tmpl: variables and their scope") {
  auto d = sample_data();
  CHECK(run("{{$x := 1}}{{$x}}{{$x = 2}}{{$x}}") == "12");
  CHECK(run("{{$x := \"outer\"}}{{if true}}{{$x := \"inner\"}}{{$x}}{{end}} {{$x}}") == "inner outer");
  CHECK(run("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}") == "2");
  CHECK(run("{{range .Items}}{{$.Name}}{{end}}", d) == "worldworldworld");
  CHECK(run("{{with $l := .Labels}}{{$l.env}}{{end}}", d) == "prod");
  CHECK(parse_error("{{if true}}{{$y := 1}}{{end}}{{$y}}") == "template: t:1: undefined variable \"$y\"");
  CHECK(parse_error("{{$z}}") == "template: t:1: undefined variable \"$z\"");
}

TEST_CASE("tmpl: pipelines, parentheses, index, len, slice, html, js, urlquery, call") {
  auto d = sample_data();
  CHECK(run("{{.Name | printf \"%s!\"}}", d) == "world!");
  CHECK(run("{{\"x\" | printf \"%s-%s\" \"a\"}}") == "a-x");
  CHECK(run("{{(index .Items 1)}} {{index .Labels \"job\"}} {{len .Items}} {{len .Name}}", d) == "b api 3 5");
  CHECK(run("{{slice .Items 1}} {{slice .Name 1 3}}", d) == "[b c] or");
  CHECK(run("{{html \"<a href='x'>&</a>\"}}") == "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
  CHECK(run("{{js \"it's <b>\"}}") == "it\\'s \\u003Cb\\u003E");
  CHECK(run("{{urlquery \"a b&c\"}}") == "a+b%26c");
  Map m{{"F", Value::function([](std::span<const Value> a) { return Value(static_cast<long long>(a.size())); })}};
  CHECK(run("{{call .F 1 2 3}}", Value::map(m)) == "3");
  CHECK(exec_error("{{index .Items 5}}", d) ==
        "template: t:1:2: executing \"t\" at <index .Items 5>: error calling index: index out of range: 5");
}

TEST_CASE("tmpl: define, template, block and add_definitions") {
  auto d = sample_data();
  CHECK(run("{{define \"x\"}}[{{.}}]{{end}}{{template \"x\" .Name}}", d) == "[world]");
  CHECK(run("{{define \"x\"}}[{{.}}]{{end}}{{template \"x\"}}", d) == "[<no value>]");
  CHECK(run("{{block \"b\" .Name}}<{{.}}>{{end}}", d) == "<world>");
  auto lib = Template::parse("lib", "{{define \"greet\"}}hi {{.}}{{end}}", {});
  auto main = Template::parse("main", "{{template \"greet\" .Name}}", {});
  main.add_definitions(lib);
  CHECK(main.execute(d) == "hi world");
  CHECK(main.execute_named("greet", Value("x")) == "hi x");
  // a later definition replaces an earlier one
  main.add_definitions(Template::parse("lib2", "{{define \"greet\"}}hello {{.}}{{end}}", {}));
  CHECK(main.execute(d) == "hello world");
  CHECK(exec_error("{{template \"nope\"}}") == "template: t:1:11: executing \"t\" at <{{template \"nope\"}}>: template \"nope\" not defined");
}

TEST_CASE("tmpl: methods on values with a TypeInfo") {
  auto type = std::make_shared<mon::tmpl::TypeInfo>();
  type->name = "KV";
  type->methods["Upper"] = [](const Value& self, std::span<const Value> args) {
    mon::tmpl::expect_args(args, 0);
    return Value(self.field("a")->as_string() + "!");
  };
  type->methods["Get"] = [](const Value& self, std::span<const Value> args) {
    mon::tmpl::expect_args(args, 1);
    const Value* v = self.field(mon::tmpl::arg_string(args[0]));
    return v ? *v : Value();
  };
  Value kv = Value::map({{"a", Value("x")}}, type);
  CHECK(run("{{.Upper}} {{.Get \"a\"}} {{\"a\" | .Get}} {{.a}}", kv) == "x! x x x");
  CHECK(exec_error("{{.Get}}", kv) == "template: t:1:2: executing \"t\" at <.Get>: wrong number of args for Get: want 1 got 0");
}

TEST_CASE("tmpl: parse errors in Go's wording with the line") {
  CHECK(parse_error("{{if true}}x") == "template: t:1: unexpected EOF");
  CHECK(parse_error("{{.Name") == "template: t:1: unclosed action");
  CHECK(parse_error("a\n{{.Name\n\n") == "template: t:4: unclosed action started at t:2");
  CHECK(parse_error("{{nope 1}}") == "template: t:1: function \"nope\" not defined");
  CHECK(parse_error("x\n\n{{end}}") == "template: t:3: unexpected {{end}}");
  CHECK(parse_error("{{\"abc}}") == "template: t:1: unterminated quoted string");
  CHECK(parse_error("{{/* x }}") == "template: t:1: unclosed comment");
  CHECK(parse_error("{{if}}{{end}}") == "template: t:1: missing value for if");
  CHECK(parse_error("{{)}}") == "template: t:1: unexpected right paren");
  CHECK(parse_error("{{(1}}") == "template: t:1: unclosed left paren");
  CHECK(parse_error("{{break}}") == "template: t:1: {{break}} outside {{range}}");
  CHECK(parse_error("{{template}}") == "template: t:1: unexpected \"}}\" in template clause");
  CHECK(parse_error("{{3x}}") == "template: t:1: bad number syntax: \"3x\"");
  CHECK(parse_error("{{range .x}}{{else}}{{else}}{{end}}") == "template: t:1: expected end; found {{else}}");
  // the location: template name, line and 1-based column
  try {
    Template::parse("n", "ab\n  {{ nope }}", {});
    FAIL("no error");
  } catch (const mon::tmpl::TemplateParseError& e) {
    CHECK(e.location().file == "n");
    CHECK(e.location().line == 2);
    CHECK(e.location().column == 6);
    CHECK(e.message() == "function \"nope\" not defined");
  }
}

TEST_CASE("tmpl: execution errors name the template, line and column as Go does") {
  auto d = sample_data();
  CHECK(exec_error("x\n  {{.Name.Foo}}", d) ==
        "template: t:2:9: executing \"t\" at <.Name.Foo>: can't evaluate field Foo in type string");
  CHECK(exec_error("{{.Name 1}}", d) == "template: t:1:2: executing \"t\" at <.Name>: Name is not a method but has arguments");
  CHECK(exec_error("{{1 2}}") == "template: t:1:2: executing \"t\" at <1>: can't give argument to non-function 1");
  FuncMap f{{"fail", [](std::span<const Value>) -> Value { throw mon::Error("it broke"); }}};
  CHECK(exec_error("{{fail 1 2 3 4 5 6 7 8 9}}", Value(), f) ==
        "template: t:1:2: executing \"t\" at <fail 1 2 3 4 5 6 7 8...>: error calling fail: it broke");
}

TEST_CASE("tmpl: hostile input is refused or bounded, never a crash") {
  // recursion: a template calling itself stops at the depth limit
  CHECK(exec_error("{{define \"r\"}}{{template \"r\" .}}{{end}}{{template \"r\" .}}").find(
            "exceeded maximum template depth (1000)") != std::string::npos);
  // deep nesting is refused at parse time
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "{{if true}}";
  CHECK(parse_error(deep) == "template: t:1: max expression depth exceeded");
  std::string parens = "{{";
  for (int i = 0; i < 5000; ++i) parens += "(";
  CHECK(parse_error(parens) == "template: t:1: max expression depth exceeded");
  // nesting within the limit works
  std::string ok_deep, ok_end;
  for (int i = 0; i < 100; ++i) ok_deep += "{{if true}}", ok_end += "{{end}}";
  CHECK(run(ok_deep + "x" + ok_end) == "x");
  // a 1 MB template of text and actions
  std::string big;
  while (big.size() < 1000000) big += "line {{.Name}} and {{len .Items}}\n";
  std::string out = run(big, sample_data());
  CHECK(out.size() == big.size() / 34 * 17);
  // truncated input at every length parses or fails cleanly
  std::string t = "{{range $i, $v := .Items}}{{if eq $i 1}}{{printf \"%d:%s\" $i $v}}{{else}}-{{end}}{{end}}";
  for (std::size_t n = 0; n < t.size(); ++n) {
    try {
      run(t.substr(0, n), sample_data());
    } catch (const mon::Error&) {
    }
  }
  CHECK(run(t, sample_data()) == "-1:b-");
  // binary junk
  CHECK(parse_error(std::string("{{\x01}}", 5)).find("unrecognized character in action") != std::string::npos);
}
