// Command strings, shell detection and parameter expansion of monctl bench.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "mon/bench/command.hpp"
#include "mon/bench/plan.hpp"
#include "mon/error.hpp"

using namespace mon::bench;
using Words = std::vector<std::string>;

TEST_CASE("bench: split_words follows POSIX quoting without expansion") {
  CHECK(split_words("grep -i todo") == Words{"grep", "-i", "todo"});
  CHECK(split_words("  echo   'a b'  \"c d\" ") == Words{"echo", "a b", "c d"});
  CHECK(split_words(R"(echo a\ b "x\"y" 'it''s')") == Words{"echo", "a b", "x\"y", "its"});
  CHECK(split_words(R"(printf "%s\n" '\n')") == Words{"printf", "%s\\n", "\\n"});
  CHECK(split_words("echo ''") == Words{"echo", ""});
  CHECK(split_words("") == Words{});
  CHECK_THROWS_WITH_AS(split_words("echo 'open"), "cannot split command 'echo 'open': unterminated single quote",
                       mon::Error);
  CHECK_THROWS_AS(split_words("echo \"open"), mon::Error);
  CHECK_THROWS_AS(split_words("echo \\"), mon::Error);
}

TEST_CASE("bench: needs_shell finds syntax only a shell understands") {
  for (const char* plain : {"true", "sleep 0.01", "grep -i 'a|b' file", "echo \"a;b\"", "echo a\\;b",
                            "echo a=b", "git log --format=%H", "echo {n}"})
    CHECK_MESSAGE(!needs_shell(plain), plain);
  for (const char* shell : {"sleep 1 && echo", "a | b", "echo $HOME", "echo \"$HOME\"", "echo `date`", "ls *.txt",
                            "cat < in", "echo > out", "(cd /tmp)", "X=1 cmd", "ls ~", "true # comment", "a; b",
                            "echo a\nb", "ls file?", "ls [ab]"})
    CHECK_MESSAGE(needs_shell(shell), shell);
}

TEST_CASE("bench: Prepared resolves the program once, or says it does not exist") {
  Prepared p("true", ShellMode::automatic);
  CHECK_FALSE(p.uses_shell());
  CHECK(std::string(p.argv()[0]).find('/') != std::string::npos);
  CHECK(p.argv()[1] == nullptr);
  Prepared s("true && true", ShellMode::automatic);
  CHECK(s.uses_shell());
  CHECK(std::string(s.argv()[1]) == "-c");
  CHECK(std::string(s.argv()[2]) == "true && true");
  Prepared forced("true", ShellMode::always);
  CHECK(forced.uses_shell());
  CHECK_THROWS_AS(Prepared("no-such-program-xyz --flag", ShellMode::automatic), CommandNotFound);
  CHECK_THROWS_AS(Prepared("   ", ShellMode::automatic), mon::Error);
  Prepared copy = p;
  CHECK(copy.argv()[0] != p.argv()[0]);  // the copy's argv points into its own strings
  CHECK(std::string(copy.argv()[0]) == std::string(p.argv()[0]));
}

TEST_CASE("bench: substitute never re-scans substituted text (hyperfine's rule)") {
  std::vector<Parameter> params = {{"foo", "a{bar}"}, {"bar", "baz"}};
  CHECK(substitute("echo {foo} {bar} {nope}", params) == "echo a{bar} baz {nope}");
}

TEST_CASE("bench: parameter scans are exact in decimal") {
  CHECK(scan_values({"n", "1", "3", ""}) == Words{"1", "2", "3"});
  CHECK(scan_values({"d", "0.3", "0.7", "0.2"}) == Words{"0.3", "0.5", "0.7"});
  CHECK(scan_values({"d", "0", "1", "0.25"}) == Words{"0.00", "0.25", "0.50", "0.75", "1.00"});
  CHECK(scan_values({"n", "-2", "0", ""}) == Words{"-2", "-1", "0"});
  CHECK_THROWS_AS(scan_values({"n", "5", "1", ""}), mon::Error);
  CHECK_THROWS_AS(scan_values({"n", "1", "x", ""}), mon::Error);
  CHECK_THROWS_AS(scan_values({"n", "1", "2", "0"}), mon::Error);
  CHECK_THROWS_AS(scan_values({"n", "0", "10000000", ""}), mon::Error);
}

TEST_CASE("bench: parameter lists cross in hyperfine's order, names substituted") {
  std::vector<ParameterList> lists = {{"cc", {"gcc", "clang"}}, {"o", {"1", "2"}}};
  auto b = expand({"{cc} -O{o}"}, {}, std::nullopt, lists);
  REQUIRE(b.size() == 4);
  CHECK(b[0].command == "gcc -O1");
  CHECK(b[1].command == "clang -O1");
  CHECK(b[2].command == "gcc -O2");
  CHECK(b[3].command == "clang -O2");
  CHECK(b[3].parameters.size() == 2);
  auto named = expand({"sleep {t}"}, {"nap {t}"}, ParameterScan{"t", "1", "2", ""}, {});
  REQUIRE(named.size() == 2);
  CHECK(named[1].name == "nap 2");
  CHECK(named[1].command == "sleep 2");
  CHECK_THROWS_AS(expand({"a", "b"}, {"x", "y", "z"}, std::nullopt, {}), mon::Error);
  CHECK_THROWS_AS(expand({"a"}, {}, std::nullopt, {{"v", {"1"}}, {"v", {"2"}}}), mon::Error);
  CHECK(split_list("a,b\\,c,") == Words{"a", "b,c", ""});
}
