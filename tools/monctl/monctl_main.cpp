// monctl's front door: builds the command line, runs one subcommand, and turns every error
// into "monctl: error: ..." and the subcommand's documented exit status.
#include <cstdio>
#include <cstring>
#include <string>

#include "command.hpp"
#include "mon/error.hpp"
#include "version.hpp"

namespace monctl {

namespace {

// Levenshtein distance, for "did you mean" hints on unknown subcommands.
std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

const Command* find_command(std::string_view name) {
  for (const auto& c : commands())
    if (c.name == name) return &c;
  return nullptr;
}

void print_error(const std::string& message) { std::fprintf(stderr, "monctl: error: %s\n", message.c_str()); }

}  // namespace

int monctl_main(int argc, char** argv) {
  // `monctl --version` answers before any option table is built: scripts call it to probe for us.
  if (argc == 2 && (std::strcmp(argv[1], "--version") == 0 || std::strcmp(argv[1], "-V") == 0)) {
    std::fputs("monctl " MONCTL_VERSION "\n", stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
  }
  CLI::App app{"monctl - monitoring utilities for the shell: export, time, bench, probe"};
  app.name("monctl");
  app.set_version_flag("-V,--version", std::string("monctl ") + MONCTL_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  // Only the subcommand named on the command line builds its options: the others are listed
  // for --help and cost nothing at start-up.
  const Command* chosen = nullptr;
  if (argc > 1 && argv[1][0] != '-') {
    chosen = find_command(argv[1]);
    if (!chosen) {
      std::string hint;
      std::size_t best = 3;
      for (const auto& c : commands()) {
        std::size_t d = distance(argv[1], c.name);
        if (d < best) {
          best = d;
          hint = std::string(c.name);
        }
      }
      print_error(std::string("unknown subcommand '") + argv[1] + "'" +
                  (hint.empty() ? std::string() : "; did you mean '" + hint + "'?") +
                  " (see 'monctl --help')");
      return 2;
    }
  }
  Run run;
  for (const auto& c : commands()) {
    CLI::App* sub = app.add_subcommand(std::string(c.name), std::string(c.summary));
    if (&c == chosen) run = c.setup(*sub);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    if (code == 0) return 0;  // --help, --version
    return chosen ? chosen->usage_exit : 2;
  }
  try {
    return run ? run() : 2;
  } catch (const CLI::ParseError& e) {  // option combinations checked after parsing
    print_error(e.what());
    return chosen ? chosen->usage_exit : 2;
  } catch (const std::exception& e) {
    print_error(e.what());
    return chosen ? chosen->error_exit : 1;
  }
}

}  // namespace monctl
