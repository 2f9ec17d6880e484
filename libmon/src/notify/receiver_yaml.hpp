#pragma once
// Reading Alertmanager's `global:` block and one `receivers:` entry from a yaml-cpp tree, with
// Alertmanager's field names and defaults. Errors are mon::ParseError at FILE:LINE:COL. What
// Alertmanager has and monctl does not implement (receiver kinds such as pagerduty_configs,
// fields such as slack's actions) is appended to `unsupported` as "FILE:LINE:COL: what", never
// silently ignored; a field neither knows is an error, as it is for amtool.
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "mon/notify/receiver.hpp"

namespace mon::notify {

// `node` is the value of `global:` (a mapping, or null/absent for all defaults).
GlobalConfig parse_global(const YAML::Node& node, const std::string& file, std::vector<std::string>& unsupported);

// `node` is one item of `receivers:`. Global defaults (smtp_*, slack_api_url, http_config) are
// applied as Alertmanager applies them; an email without a smarthost or from anywhere, a Slack
// config without an api_url anywhere, a webhook without url or url_file is an error.
Receiver parse_receiver(const YAML::Node& node, const GlobalConfig& global, const std::string& file,
                        std::vector<std::string>& unsupported);

// Go's time.ParseDuration syntax ("1.5s", "1h30m", "300ms", "2us"), also accepting Prometheus'
// ("1d", "1w"). Throws mon::Error.
Milliseconds parse_go_duration(const std::string& text);

}  // namespace mon::notify
