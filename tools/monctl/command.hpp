#pragma once
// The table of subcommands. Each subcommand lives in one file (cmd_NAME.cpp): it adds its
// options to a CLI11 subcommand and returns the function that runs it.
#include <CLI/CLI.hpp>
#include <functional>
#include <string_view>
#include <vector>

namespace monctl {

using Run = std::function<int()>;

struct Command {
  std::string_view name;
  std::string_view summary;
  Run (*setup)(CLI::App& sub);
  int usage_exit;  // exit status for a usage error (2; probe: 3, UNKNOWN)
  int error_exit;  // exit status when monctl itself fails (1; time: 125; probe: 3)
};

const std::vector<Command>& commands();

// Entry point: main() only calls this.
int monctl_main(int argc, char** argv);

}  // namespace monctl
