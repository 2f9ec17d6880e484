#pragma once
// Alertmanager's configuration file, as monctl alert run routes notifications by it: the global
// block and the receivers (mon/notify/receiver.hpp), the route tree, inhibit rules and template
// files. What `amtool check-config` refuses is refused here too, at FILE:LINE:COL; what
// Alertmanager has and monctl does not implement (other receiver kinds, time intervals, ...) is
// listed in `unsupported` with its place, for the caller to report — never silently ignored.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "mon/error.hpp"
#include "mon/notify/matchers.hpp"
#include "mon/notify/receiver.hpp"

namespace mon::notify {

struct Route {
  std::string receiver;
  std::vector<std::string> group_by;  // sorted as given; empty: group everything together
  bool group_by_all = false;          // group_by: ['...']
  Matchers matchers;                  // matchers, match and match_re together, sorted as Alertmanager does
  bool continue_matching = false;
  Milliseconds group_wait{30'000};
  Milliseconds group_interval{5 * 60'000};
  Milliseconds repeat_interval{4 * 3'600'000};
  std::vector<std::string> mute_time_intervals, active_time_intervals;
  std::vector<Route> routes;
  Location where;
  std::string key;  // Alertmanager's route key: "{}" for the root, "{}/{severity=\"page\"}" below
};

struct InhibitRule {
  Matchers source, target;
  std::vector<std::string> equal;
  Location where;
};

struct Config {
  std::string file;
  GlobalConfig global;
  Route route;
  std::vector<Receiver> receivers;
  std::vector<InhibitRule> inhibit_rules;
  std::vector<std::string> templates;  // glob patterns, made absolute from the file's folder
  std::vector<std::string> unsupported;  // "FILE:LINE:COL: what is not supported by monctl"

  const Receiver* receiver(const std::string& name) const;
};

// Throws mon::ParseError (or mon::Error when the file cannot be read).
Config load_config(const std::string& path);
Config parse_config(const std::string& text, const std::string& name);

}  // namespace mon::notify
