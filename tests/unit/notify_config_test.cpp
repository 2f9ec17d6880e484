// Alertmanager's label matchers (mon/notify/matchers.hpp) and configuration file
// (mon/notify/config.hpp): what is read, what is inherited down the route tree, the route keys,
// errors at FILE:LINE:COL, what monctl reports as unsupported — and, for every configuration
// accepted or refused here, the verdict of the real `amtool check-config`.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "mon/error.hpp"
#include "mon/notify/config.hpp"
#include "mon/notify/matchers.hpp"
#include "mon/proc/spawn.hpp"
#include "temp_files.hpp"

using namespace mon::notify;
using mon::model::Labels;

namespace {

// The ParseError's "FILE:LINE:COL: message", or "(accepted)".
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const mon::ParseError& e) {
    return e.what();
  } catch (const mon::Error& e) {
    return std::string("(not a ParseError) ") + e.what();
  }
  return "(accepted)";
}

mon::ParseError parse_error_of(std::string_view text, const mon::Location& where = {}) {
  try {
    parse_matchers(text, where);
  } catch (const mon::ParseError& e) {
    return e;
  }
  FAIL("accepted: " << text);
  return mon::ParseError({}, "");
}

bool have_amtool() { return ::access("/usr/bin/amtool", X_OK) == 0; }

// amtool check-config's exit status on the text (0: accepted).
int amtool_verdict(const std::string& text) {
  temp_files::TempDir dir;
  std::string path = dir.path + "/alertmanager.yml";
  std::ofstream(path) << text;
  int devnull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  REQUIRE(devnull >= 0);
  mon::proc::SpawnOptions so;
  so.stdout_fd = devnull;
  so.stderr_fd = devnull;
  pid_t pid = mon::proc::spawn(std::vector<std::string>{"/usr/bin/amtool", "check-config", path}, so);
  ::close(devnull);
  return mon::proc::wait(pid).status.shell_status();
}

// monctl accepts the text; so does amtool when it is installed.
Config accept(const std::string& text, const std::string& name = "/etc/am/alertmanager.yml") {
  Config cfg;
  CHECK_NOTHROW(cfg = parse_config(text, name));
  if (have_amtool()) {
    INFO("amtool check-config refuses what monctl accepts:\n" << text);
    CHECK(amtool_verdict(text) == 0);
  } else {
    MESSAGE("SKIPPED: /usr/bin/amtool is not installed: amtool check-config not compared");
  }
  return cfg;
}

// monctl refuses the text with a ParseError whose what() is returned; so does amtool.
std::string refuse(const std::string& text) {
  std::string err = error_of([&] { parse_config(text, "am.yml"); });
  INFO(text);
  CHECK(err != "(accepted)");
  CHECK(err.rfind("(not a ParseError)", 0) != 0);
  if (have_amtool()) CHECK(amtool_verdict(text) != 0);
  return err;
}

const char* kReceivers = "receivers:\n  - name: team\n  - name: pager\n";

}  // namespace

// ---------------------------------------------------------------------------------------- matchers

TEST_CASE("notify_matchers: one matcher, each operator, the value quoted or not") {
  auto one = [](std::string_view t) {
    Matchers ms = parse_matchers(t);
    REQUIRE(ms.size() == 1);
    return ms[0];
  };
  Matcher m = one(R"(severity="page")");
  CHECK(m.name == "severity");
  CHECK(m.type == MatchType::equal);
  CHECK(m.value == "page");
  CHECK(m.re == nullptr);

  m = one("severity=page");
  CHECK(m.type == MatchType::equal);
  CHECK(m.value == "page");

  m = one(R"(job!="node")");
  CHECK(m.type == MatchType::not_equal);
  CHECK(m.value == "node");

  m = one(R"(  instance =~ "db-.*"  )");
  CHECK(m.name == "instance");
  CHECK(m.type == MatchType::regex);
  CHECK(m.value == "db-.*");
  CHECK(m.re != nullptr);

  m = one("env!~dev|test");
  CHECK(m.type == MatchType::not_regex);
  CHECK(m.value == "dev|test");

  m = one(R"(a="")");
  CHECK(m.value.empty());
}

TEST_CASE("notify_matchers: escapes in quoted values") {
  Matchers ms = parse_matchers(R"(msg="say \"hi\"\\now\nthen")");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].value == "say \"hi\"\\now\nthen");
  // A comma or a brace inside quotes is part of the value.
  ms = parse_matchers(R"({a="x,y}", b="z"})");
  REQUIRE(ms.size() == 2);
  CHECK(ms[0].value == "x,y}");
  CHECK(ms[1].value == "z");
}

// Alertmanager 0.25 (pkg/labels/parse.go) only knows \n, \" and \\ as escapes and keeps any other
// backslash literally, so that `instance=~"db\d+"` is the regular expression db\d+ (amtool
// check-config accepts such a route; see the config test below).
TEST_CASE("notify_matchers: a backslash before another character is kept, as Alertmanager keeps it") {
  Matchers ms;
  CHECK_NOTHROW(ms = parse_matchers(R"(instance=~"db\d+\.example")"));
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].value == R"(db\d+\.example)");
  CHECK(ms[0].matches({{"instance", "db12.example"}}));
}

// \t and \r are no escapes for Alertmanager 0.25 either: the value keeps the backslash.
TEST_CASE("notify_matchers: \\t and \\r are kept as written, as Alertmanager keeps them") {
  Matchers ms;
  CHECK_NOTHROW(ms = parse_matchers(R"(a="x\ty\r")"));
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].value == R"(x\ty\r)");
}

TEST_CASE("notify_matchers: lists in braces or separated by commas") {
  for (std::string_view t : {R"({a="b",c=~"d"})", R"({ a="b" , c=~"d" })", R"(a="b",c=~"d")", "{a=b,c=~d}",
                             "{a=b, c=~d,}"}) {
    INFO(t);
    Matchers ms = parse_matchers(t);
    REQUIRE(ms.size() == 2);
    CHECK(ms[0].name == "a");
    CHECK(ms[0].type == MatchType::equal);
    CHECK(ms[0].value == "b");
    CHECK(ms[1].name == "c");
    CHECK(ms[1].type == MatchType::regex);
    CHECK(ms[1].value == "d");
  }
}

TEST_CASE("notify_matchers: errors name the column of the offending character") {
  // Columns are 1-based; where.column, when given, is that of the text's first character.
  auto e = parse_error_of(R"(a="b)");
  CHECK(e.location().line == 1);
  CHECK(e.location().column == 5);
  CHECK(e.message().find("unterminated") != std::string::npos);

  e = parse_error_of(R"(a="b)", {"am.yml", 3, 10});
  CHECK(e.location().file == "am.yml");
  CHECK(e.location().line == 3);
  CHECK(e.location().column == 14);
  CHECK(std::string(e.what()).rfind("am.yml:3:14: ", 0) == 0);

  e = parse_error_of(R"(a~"b")");
  CHECK(e.location().column == 2);
  CHECK(e.message().find("expected one of = != =~ !~") != std::string::npos);

  e = parse_error_of(R"({a="b" c="d"})");
  CHECK(e.location().column == 8);
  CHECK(e.message().find("expected ','") != std::string::npos);

  e = parse_error_of(R"({a="b")");
  CHECK(e.location().column == 7);
  CHECK(e.message().find("missing closing '}'") != std::string::npos);

  e = parse_error_of(R"({a="b"} x)");
  CHECK(e.location().column == 9);

  e = parse_error_of(R"(x="1", a=~"(")");
  CHECK(e.location().column == 8);
  CHECK(e.message().find("invalid regular expression") != std::string::npos);

  e = parse_error_of(R"("1a"="b")");
  CHECK(e.location().column == 1);
  CHECK(e.message().find("invalid label name") != std::string::npos);

  e = parse_error_of(R"(="b")");
  CHECK(e.message().find("expected a label name") != std::string::npos);

  for (std::string_view t : {"", "   ", "{}", "{", "}", "a", "a=\"\\", "{a=\"b\",,}", "\"", "a!", "=~"}) {
    INFO(t);
    CHECK_THROWS_AS(parse_matchers(t), mon::ParseError);
  }
}

TEST_CASE("notify_matchers: regular expressions are anchored at both ends") {
  Matcher m = make_matcher("job", MatchType::regex, "node|db");
  CHECK(m.matches({{"job", "node"}}));
  CHECK(m.matches({{"job", "db"}}));
  CHECK_FALSE(m.matches({{"job", "xnode"}}));
  CHECK_FALSE(m.matches({{"job", "nodex"}}));
  CHECK_FALSE(m.matches({{"job", "node|db"}}));
  Matcher n = make_matcher("job", MatchType::not_regex, "no.*");
  CHECK_FALSE(n.matches({{"job", "node"}}));
  CHECK(n.matches({{"job", "xnode"}}));
  // An absent label has the value "".
  CHECK(make_matcher("x", MatchType::equal, "").matches({{"job", "a"}}));
  CHECK_FALSE(make_matcher("x", MatchType::not_equal, "").matches({{"job", "a"}}));
  CHECK(make_matcher("x", MatchType::regex, ".*").matches({}));
  CHECK_FALSE(make_matcher("x", MatchType::regex, ".+").matches({}));
  CHECK(matches_all(parse_matchers(R"({job="a",x!~".+"})"), {{"job", "a"}}));
  CHECK_FALSE(matches_all(parse_matchers(R"({job="a",x=~".+"})"), {{"job", "a"}}));
  // RE2 syntax, as Alertmanager's: an inline flag, still anchored.
  Matcher ci = make_matcher("job", MatchType::regex, "(?i)node");
  CHECK(ci.matches({{"job", "NoDe"}}));
  CHECK_FALSE(ci.matches({{"job", "xnode"}}));
  CHECK_THROWS_AS(make_matcher("job", MatchType::regex, "(unclosed"), mon::Error);
  CHECK_THROWS_AS(make_matcher("bad-name", MatchType::equal, "x"), mon::Error);
}

TEST_CASE("notify_matchers: text() quotes as Go's %q") {
  CHECK(make_matcher("severity", MatchType::equal, "page").text() == R"(severity="page")");
  CHECK(make_matcher("a", MatchType::not_equal, "").text() == R"(a!="")");
  CHECK(make_matcher("a", MatchType::regex, "b.*").text() == R"(a=~"b.*")");
  CHECK(make_matcher("a", MatchType::not_regex, "b").text() == R"(a!~"b")");
  CHECK(make_matcher("a", MatchType::equal, "x\"y\\z\n\t\r").text() == R"(a="x\"y\\z\n\t\r")");
  CHECK(make_matcher("a", MatchType::equal, std::string("\x01\x7f", 2)).text() == R"(a="\x01\x7f")");
  CHECK(make_matcher("a", MatchType::equal, "caf\xc3\xa9").text() == "a=\"caf\xc3\xa9\"");
  CHECK(text(parse_matchers(R"({a="b", c=~"d"})")) == R"({a="b",c=~"d"})");
  // The text parses back to the same matchers.
  Matchers ms = parse_matchers(R"({a="x\"y\\z\nw",b!~"q"})");
  CHECK(text(parse_matchers(text(ms))) == text(ms));
}

// Go's %q writes \a \b \f \v for BEL, BS, FF and VT (strconv.Quote), not \x07 \x08 \x0c \x0b.
TEST_CASE("notify_matchers: text() writes Go's short escapes \\a \\b \\f \\v") {
  CHECK(make_matcher("a", MatchType::equal, "\a\b\f\v").text() == R"(a="\a\b\f\v")");
}

TEST_CASE("notify_matchers: sort_matchers orders by name, value, then type as Alertmanager does") {
  Matchers ms = parse_matchers(R"({b="1", a=~"2", a="2", a!="1"})");
  sort_matchers(ms);
  CHECK(text(ms) == R"({a!="1",a="2",a=~"2",b="1"})");
}

// ------------------------------------------------------------------------------------------ config

TEST_CASE("notify_config: route defaults are inherited down the tree") {
  const std::string yml = R"(route:
  receiver: team
  group_by: [alertname, cluster]
  group_wait: 10s
  group_interval: 2m
  routes:
    - matchers: ['severity="page"']
      receiver: pager
      repeat_interval: 1h
      routes:
        - match: {team: db}
        - group_by: ['...']
          group_wait: 0s
          match_re: {team: "web|api"}
    - match: {team: ops}
      group_by: [instance]
)" + std::string(kReceivers);
  Config cfg = accept(yml);
  const Route& root = cfg.route;
  CHECK(root.receiver == "team");
  CHECK(root.group_by == std::vector<std::string>{"alertname", "cluster"});
  CHECK(root.group_wait.count() == 10'000);
  CHECK(root.group_interval.count() == 120'000);
  CHECK(root.repeat_interval.count() == 4 * 3'600'000);  // Alertmanager's default
  CHECK(root.key == "{}");
  REQUIRE(root.routes.size() == 2);

  const Route& page = root.routes[0];
  CHECK(page.receiver == "pager");
  CHECK(page.group_by == root.group_by);
  CHECK(page.group_wait.count() == 10'000);
  CHECK(page.group_interval.count() == 120'000);
  CHECK(page.repeat_interval.count() == 3'600'000);
  CHECK(page.key == R"({}/{severity="page"})");
  REQUIRE(page.routes.size() == 2);

  const Route& db = page.routes[0];
  CHECK(db.receiver == "pager");
  CHECK(db.repeat_interval.count() == 3'600'000);
  CHECK(db.group_by == root.group_by);
  CHECK(db.key == R"({}/{severity="page"}/{team="db"})");
  CHECK_FALSE(db.continue_matching);

  const Route& web = page.routes[1];
  CHECK(web.group_by_all);
  CHECK(web.group_by.empty());
  CHECK(web.group_wait.count() == 0);
  CHECK(web.key == R"({}/{severity="page"}/{team=~"web|api"})");

  const Route& ops = root.routes[1];
  CHECK(ops.receiver == "team");
  CHECK(ops.group_by == std::vector<std::string>{"instance"});
  CHECK_FALSE(ops.group_by_all);
  CHECK(ops.repeat_interval.count() == 4 * 3'600'000);
  CHECK(cfg.unsupported.empty());
  CHECK(cfg.receiver("pager") != nullptr);
  CHECK(cfg.receiver("nobody") == nullptr);
}

TEST_CASE("notify_config: match, match_re and matchers are combined and sorted") {
  const std::string yml = R"(route:
  receiver: team
  routes:
    - match_re: {service: "web|api"}
      match: {env: prod}
      matchers: ['a!="x"', 'zone=~"eu-.*"']
      continue: true
    - matchers: ['{b="1", a="2"}']
)" + std::string(kReceivers);
  Config cfg = accept(yml);
  REQUIRE(cfg.route.routes.size() == 2);
  const Route& r = cfg.route.routes[0];
  CHECK(text(r.matchers) == R"({a!="x",env="prod",service=~"web|api",zone=~"eu-.*"})");
  CHECK(r.key == R"({}/{a!="x",env="prod",service=~"web|api",zone=~"eu-.*"})");
  CHECK(r.continue_matching);
  CHECK(r.matchers[2].matches({{"service", "api"}}));
  CHECK_FALSE(r.matchers[2].matches({{"service", "api2"}}));  // match_re is anchored too
  CHECK(cfg.route.routes[1].key == R"({}/{a="2",b="1"})");
  // match_re values are RE2, unescaped by the matcher syntax.
  Config re2 = accept("route:\n  receiver: team\n  routes:\n    - match_re: {instance: '(?i)db\\d+'}\n" + std::string(kReceivers));
  REQUIRE(re2.route.routes.size() == 1);
  CHECK(re2.route.routes[0].matchers.at(0).matches({{"instance", "DB12"}}));
  CHECK_FALSE(re2.route.routes[0].matchers.at(0).matches({{"instance", "db12x"}}));
  CHECK_FALSE(cfg.route.routes[1].continue_matching);
}

TEST_CASE("notify_config: templates are made absolute from the file's folder") {
  const std::string yml = "templates: ['tmpl/*.tmpl', '/abs/x.tmpl']\nroute:\n  receiver: team\n" + std::string(kReceivers);
  Config cfg = accept(yml);
  CHECK(cfg.templates == std::vector<std::string>{"/etc/am/tmpl/*.tmpl", "/abs/x.tmpl"});
  CHECK(cfg.file == "/etc/am/alertmanager.yml");
}

TEST_CASE("notify_config: what monctl does not implement is listed with its place") {
  const std::string yml = R"(route:
  receiver: team
  routes:
    - receiver: pd
      matchers: ['severity="page"']
      mute_time_intervals: [weekends]
receivers:
  - name: team
  - name: pd
    pagerduty_configs:
      - routing_key: abc123
mute_time_intervals:
  - name: weekends
    time_intervals:
      - weekdays: ['saturday', 'sunday']
)";
  Config cfg = accept(yml, "am.yml");
  std::string all;
  for (const auto& u : cfg.unsupported) all += u + "\n";
  INFO(all);
  CHECK(cfg.unsupported.size() == 3);
  auto has = [&](const std::string& place, const std::string& what) {
    for (const auto& u : cfg.unsupported)
      if (u.rfind(place, 0) == 0 && u.find(what) != std::string::npos && u.find("not supported") != std::string::npos)
        return true;
    return false;
  };
  CHECK(has("am.yml:6:7:", "mute_time_intervals"));
  CHECK(has("am.yml:11:7:", "pagerduty_configs"));
  CHECK(has("am.yml:12:1:", "mute_time_intervals"));
  REQUIRE(cfg.route.routes.size() == 1);
  CHECK(cfg.route.routes[0].mute_time_intervals == std::vector<std::string>{"weekends"});
  const Receiver* pd = cfg.receiver("pd");
  REQUIRE(pd != nullptr);
  CHECK(pd->webhooks.empty());
}

TEST_CASE("notify_config: errors at FILE:LINE:COL for what amtool check-config refuses") {
  if (!have_amtool()) MESSAGE("SKIPPED: /usr/bin/amtool is not installed: monctl's verdicts only");
  std::string e;
  e = refuse("route:\n  receiver: team\n  routes:\n    - receiver: nobody\nreceivers:\n  - name: team\n");
  CHECK(e == R"(am.yml:4:7: undefined receiver "nobody" used in route)");

  e = refuse("route:\n  receiver: nobody\nreceivers:\n  - name: team\n");
  CHECK(e.rfind("am.yml:2:3: ", 0) == 0);
  CHECK(e.find("undefined receiver \"nobody\"") != std::string::npos);

  e = refuse("route:\n  receiver: team\nreceivers:\n  - name: team\n  - name: team\n");
  CHECK(e.rfind("am.yml:5:5: ", 0) == 0);
  CHECK(e.find("\"team\" is not unique") != std::string::npos);

  e = refuse("route:\n  receiver: team\n  matchers: ['a=\"b\"']\nreceivers:\n  - name: team\n");
  CHECK(e == "am.yml:2:3: root route must not have any matchers");

  e = refuse("route:\n  receiver: team\n  match: {a: b}\nreceivers:\n  - name: team\n");
  CHECK(e == "am.yml:2:3: root route must not have any matchers");

  e = refuse("route:\n  receiver: team\n  continue: true\nreceivers:\n  - name: team\n");
  CHECK(e.find("continue in root route") != std::string::npos);

  e = refuse("route:\n  group_wait: 1s\nreceivers:\n  - name: team\n");
  CHECK(e.find("root route must specify a default receiver") != std::string::npos);

  e = refuse("route:\n  receiver: team\n  routes:\n    - group_interval: 0s\nreceivers:\n  - name: team\n");
  CHECK(e.rfind("am.yml:4:23: ", 0) == 0);
  CHECK(e.find("group_interval cannot be zero") != std::string::npos);

  e = refuse("route:\n  receiver: team\n  repeat_interval: 0s\nreceivers:\n  - name: team\n");
  CHECK(e.rfind("am.yml:3:20: ", 0) == 0);
  CHECK(e.find("repeat_interval cannot be zero") != std::string::npos);

  e = refuse("route:\n  receiver: team\n  group_byy: [a]\nreceivers:\n  - name: team\n");
  CHECK(e == "am.yml:3:3: field group_byy not found in type config.plain");

  e = refuse("route:\n  receiver: team\nreceivers:\n  - name: team\nrecievers: []\n");
  CHECK(e.rfind("am.yml:5:1: ", 0) == 0);
  CHECK(e.find("field recievers not found") != std::string::npos);

  e = refuse("route:\n  receiver: team\n  group_wait: 10x\nreceivers:\n  - name: team\n");
  CHECK(e.rfind("am.yml:3:15: ", 0) == 0);
  CHECK(e.find("group_wait") != std::string::npos);

  e = refuse("route:\n  receiver: team\n  routes:\n    - match_re: {a: \"(\"}\nreceivers:\n  - name: team\n");
  CHECK(e.rfind("am.yml:4:18: ", 0) == 0);
  CHECK(e.find("invalid regular expression") != std::string::npos);

  e = refuse("route:\n  receiver: team\n  routes:\n    - matchers:\n        - a=~(\nreceivers:\n  - name: team\n");
  CHECK(e.rfind("am.yml:5:11: ", 0) == 0);
  CHECK(e.find("invalid regular expression") != std::string::npos);

  e = refuse("route:\n  receiver: team\n  group_by: [a, a]\nreceivers:\n  - name: team\n");
  CHECK(e.find("duplicated label \"a\" in group_by") != std::string::npos);

  e = refuse("route:\n  receiver: team\n  group_by: ['...', a]\nreceivers:\n  - name: team\n");
  CHECK(e.find("wildcard group_by") != std::string::npos);

  e = refuse("route:\n  receiver: team\n  group_by: [bad-name]\nreceivers:\n  - name: team\n");
  CHECK(e.find("invalid label name \"bad-name\"") != std::string::npos);

  e = refuse("receivers:\n  - name: team\n");
  CHECK(e.find("no routes provided") != std::string::npos);

  e = refuse("route: [a]\nreceivers:\n  - name: team\n");
  CHECK(e.rfind("am.yml:1:8: ", 0) == 0);

  e = refuse("route:\n  receiver: team\nreceivers:\n  - name: team\n  - {name: x\n");
  CHECK(e.rfind("am.yml:", 0) == 0);
}

TEST_CASE("notify_config: hostile and truncated texts are refused with a location, never a crash") {
  const std::string good = "route:\n  receiver: team\n  routes:\n    - matchers: ['a=\"b\"']\n" + std::string(kReceivers);
  for (std::size_t n = 0; n < good.size(); ++n) {
    std::string cut = good.substr(0, n);
    try {
      parse_config(cut, "cut.yml");
    } catch (const mon::ParseError& e) {
      CHECK(std::string(e.what()).rfind("cut.yml", 0) == 0);
    }
  }
  for (const std::string& t : std::vector<std::string>{"", "~", "[]", "42", "route: 42\n", "route:\n  routes: 7\n  receiver: team\n" + std::string(kReceivers),
                        "route:\n  receiver: [x]\n", "receivers: {a: b}\nroute:\n  receiver: a\n"}) {
    INFO(t);
    CHECK_THROWS_AS(parse_config(t, "x.yml"), mon::ParseError);
  }
}

// A quoted YAML scalar's text starts one column after its mark (the quote): errors inside it point
// at the character itself.
TEST_CASE("notify_config: errors inside a quoted matcher point at the character itself") {
  // Plain scalar: right.
  std::string e = refuse("route:\n  receiver: team\n  routes:\n    - matchers:\n        - a=\"b\" c=\"d\"\nreceivers:\n  - name: team\n");
  INFO(e);
  CHECK(e.rfind("am.yml:5:17: ", 0) == 0);
  // Quoted: the ' is column 11, a is column 12, the unexpected c is column 18.
  e = refuse("route:\n  receiver: team\n  routes:\n    - matchers:\n        - 'a=\"b\" c=\"d\"'\nreceivers:\n  - name: team\n");
  CHECK(e.rfind("am.yml:5:18: ", 0) == 0);
}

TEST_CASE("notify_config: a route regex with a backslash escape is accepted, as amtool accepts it") {
  accept("route:\n  receiver: team\n  routes:\n    - matchers: ['instance=~\"db\\d+\"']\n" + std::string(kReceivers));
}

// Alertmanager 0.25's matcher syntax takes label names [a-zA-Z_:][a-zA-Z0-9_:]* in `matchers:`
// (amtool check-config accepts `a:b="c"`).
TEST_CASE("notify_config: a matcher label name with a colon is accepted, as amtool accepts it") {
  accept("route:\n  receiver: team\n  routes:\n    - matchers: ['a:b=\"c\"']\n" + std::string(kReceivers));
}

TEST_CASE("notify_config: monctl_command_configs is accepted by monctl and refused by amtool by design") {
  const std::string yml = R"(route:
  receiver: cmd
receivers:
  - name: cmd
    monctl_command_configs:
      - argv: [/bin/true]
)";
  Config cfg;
  CHECK_NOTHROW(cfg = parse_config(yml, "am.yml"));
  const Receiver* r = cfg.receiver("cmd");
  REQUIRE(r != nullptr);
  REQUIRE(r->commands.size() == 1);
  CHECK(r->commands[0].argv == std::vector<std::string>{"/bin/true"});
  if (!have_amtool()) {
    MESSAGE("SKIPPED: /usr/bin/amtool is not installed");
    return;
  }
  CHECK(amtool_verdict(yml) != 0);
}
