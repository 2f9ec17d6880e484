// Command strings to argv: POSIX quoting without expansion (IEEE Std 1003.1, Shell Command
// Language, 2.2 Quoting), and the test for syntax that needs a real shell.
#include "mon/bench/command.hpp"

#include <cstring>

#include "mon/error.hpp"
#include "mon/proc/spawn.hpp"

namespace mon::bench {

std::vector<std::string> split_words(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  std::size_t i = 0;
  auto fail = [&](const char* what) {
    throw Error("cannot split command '" + std::string(command) + "': " + what);
  };
  while (i < command.size()) {
    char c = command[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      ++i;
    } else if (c == '\'') {
      std::size_t end = command.find('\'', i + 1);
      if (end == std::string_view::npos) fail("unterminated single quote");
      word.append(command.substr(i + 1, end - i - 1));
      in_word = true;
      i = end + 1;
    } else if (c == '"') {
      ++i;
      for (;;) {
        if (i >= command.size()) fail("unterminated double quote");
        char d = command[i];
        if (d == '"') break;
        // Inside double quotes a backslash only escapes $ ` " \ and newline.
        if (d == '\\' && i + 1 < command.size() && std::strchr("$`\"\\\n", command[i + 1])) {
          if (command[i + 1] != '\n') word.push_back(command[i + 1]);
          i += 2;
          continue;
        }
        word.push_back(d);
        ++i;
      }
      in_word = true;
      ++i;
    } else if (c == '\\') {
      if (i + 1 >= command.size()) fail("trailing backslash");
      if (command[i + 1] != '\n') {
        word.push_back(command[i + 1]);
        in_word = true;
      }
      i += 2;
    } else {
      word.push_back(c);
      in_word = true;
      ++i;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

bool needs_shell(std::string_view command) {
  auto name_start = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  auto name_char = [&](char c) { return name_start(c) || (c >= '0' && c <= '9'); };
  // "NAME=value cmd" sets an environment variable: only a shell does that.
  std::size_t j = command.find_first_not_of(" \t");
  if (j != std::string_view::npos && name_start(command[j])) {
    while (j < command.size() && name_char(command[j])) ++j;
    if (j < command.size() && command[j] == '=') return true;
  }
  bool word_start = true;
  std::size_t i = 0;
  while (i < command.size()) {
    char c = command[i];
    if (c == ' ' || c == '\t') {
      word_start = true;
      ++i;
      continue;
    }
    if (c == '\n' || std::strchr("|&;<>()$`*?[", c)) return true;
    if (word_start && (c == '~' || c == '#')) return true;
    word_start = false;
    if (c == '\'') {
      std::size_t end = command.find('\'', i + 1);
      if (end == std::string_view::npos) return false;  // split_words reports the error
      i = end + 1;
    } else if (c == '"') {
      ++i;
      while (i < command.size() && command[i] != '"') {
        if (command[i] == '$' || command[i] == '`') return true;
        i += command[i] == '\\' ? 2 : 1;
      }
      ++i;
    } else if (c == '\\') {
      i += 2;
    } else {
      ++i;
    }
  }
  return false;
}

namespace {

// "bash --norc" is a shell with its arguments (hyperfine's --shell accepts a command line).
std::vector<std::string> shell_words(const std::string& shell) {
  auto words = split_words(shell);
  if (words.empty() || words.front().empty()) throw Error("the shell '" + shell + "' is empty");
  return words;
}

}  // namespace

Prepared::Prepared(std::string command, ShellMode mode, std::string shell) : command_(std::move(command)) {
  bool blank = command_.find_first_not_of(" \t\n") == std::string::npos;
  if (blank) throw Error("empty command: nothing to run");
  uses_shell_ = mode == ShellMode::always || (mode == ShellMode::automatic && needs_shell(command_));
  if (uses_shell_) {
    words_ = shell_words(shell);
    words_.push_back("-c");
    words_.push_back(command_);
  } else {
    words_ = split_words(command_);
    if (words_.empty() || words_.front().empty()) throw Error("empty command: nothing to run in '" + command_ + "'");
  }
  std::string path = proc::find_program(words_.front());
  if (path.empty() && uses_shell_)
    throw CommandNotFound("cannot run the shell '" + shell + "': " + words_.front() + ": " +
                          (words_.front().find('/') == std::string::npos ? "command not found" : "no such executable file"));
  if (path.empty()) {
    std::string what = words_.front().find('/') == std::string::npos ? "command not found" : "no such executable file";
    throw CommandNotFound("cannot run '" + command_ + "': " + words_.front() + ": " + what);
  }
  words_.front() = std::move(path);
  build_argv();
}

Prepared Prepared::empty_shell(const std::string& shell) {
  Prepared p;
  p.uses_shell_ = true;
  p.words_ = shell_words(shell);
  std::string path = proc::find_program(p.words_.front());
  if (path.empty()) throw CommandNotFound("cannot run the shell '" + shell + "': command not found");
  p.words_.front() = path;
  p.words_.push_back("-c");
  p.words_.push_back("");
  p.build_argv();
  return p;
}

Prepared::Prepared(const Prepared& other)
    : command_(other.command_), uses_shell_(other.uses_shell_), words_(other.words_) {
  build_argv();
}

Prepared& Prepared::operator=(const Prepared& other) {
  if (this != &other) {
    command_ = other.command_;
    uses_shell_ = other.uses_shell_;
    words_ = other.words_;
    build_argv();
  }
  return *this;
}

void Prepared::build_argv() {
  argv_.clear();
  argv_.reserve(words_.size() + 1);
  for (auto& w : words_) argv_.push_back(w.data());
  argv_.push_back(nullptr);
}

std::string substitute(std::string_view text, const std::vector<Parameter>& parameters) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    bool replaced = false;
    if (text[i] == '{') {
      for (const auto& p : parameters) {
        std::size_t len = p.name.size() + 2;
        if (text.size() - i >= len && text.compare(i + 1, p.name.size(), p.name) == 0 &&
            text[i + 1 + p.name.size()] == '}') {
          out += p.value;
          i += len;
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out.push_back(text[i++]);
  }
  return out;
}

}  // namespace mon::bench
