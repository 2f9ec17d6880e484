#pragma once
// Turning a benchmark's command string into something to execute, as hyperfine does but without
// a shell where none is needed: a string with no shell syntax is split into words (POSIX quoting:
// '...', "...", backslash) and run directly; anything a shell would interpret runs under sh -c.
#include <string>
#include <string_view>
#include <vector>

#include "mon/error.hpp"

namespace mon::bench {

// The program of a command does not exist or cannot be executed: known before any run.
class CommandNotFound : public Error {
 public:
  using Error::Error;
};

// Splits a command line into words with POSIX shell quoting rules, nothing expanded.
// Throws mon::Error for an unterminated quote or a trailing backslash, naming the command.
std::vector<std::string> split_words(std::string_view command);

// True when the command uses shell syntax that split_words cannot reproduce: unquoted | & ; < > ( )
// $ ` * ? [ ~ (at a word start) # (at a word start), a newline, an assignment prefix (NAME=value as
// first word), or $ and ` inside double quotes.
bool needs_shell(std::string_view command);

enum class ShellMode { automatic, always, never };

// A command ready to run many times: the argv is built once so that the timed path allocates
// nothing.
class Prepared {
 public:
  Prepared() = default;
  // Resolves the program through PATH once, so that runs need no PATH search (argv[0] becomes
  // the program's path). Throws mon::Error for an empty command or bad quoting (direct mode),
  // CommandNotFound when the program does not exist or is not executable. `shell` may carry
  // arguments ("bash --norc"): they come before -c.
  Prepared(std::string command, ShellMode mode, std::string shell = "sh");
  // `shell -c ""`: the shell alone, to measure its spawn time.
  static Prepared empty_shell(const std::string& shell);
  Prepared(const Prepared& other);
  Prepared& operator=(const Prepared& other);

  char* const* argv() const { return argv_.data(); }
  bool uses_shell() const { return uses_shell_; }
  const std::string& command() const { return command_; }
  const std::string& program() const { return words_.front(); }
  bool empty() const { return words_.empty(); }

 private:
  void build_argv();
  std::string command_;
  bool uses_shell_ = false;
  std::vector<std::string> words_;
  std::vector<char*> argv_;
};

// Replaces every "{NAME}" by its value, left to right, never re-scanning a substituted value
// (hyperfine's rule: -L a '{b}' -L b x must not turn into "x").
struct Parameter {
  std::string name;
  std::string value;
};
std::string substitute(std::string_view text, const std::vector<Parameter>& parameters);

}  // namespace mon::bench
