#pragma once
// yaml-cpp helpers shared by the rule-file and the test-file loaders: locations, the shape of a
// node in the user's words, where a scalar's text really starts (after a quote, on the line after
// a block indicator), and UTF-8 checks for Prometheus 3's name validation.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mon/error.hpp"

namespace mon::rules::detail {

struct YamlDoc {
  std::string file;
  std::string text;
  std::vector<std::size_t> line_starts;  // byte offset of each line

  YamlDoc(std::string name, std::string content);

  Location at(const YAML::Node& n) const;
  // Where the characters of a scalar's value begin in the file.
  Location content_at(const YAML::Node& n) const;
};

// Parses the first document; throws ParseError at the place yaml-cpp reports.
YAML::Node load_yaml(const YamlDoc& doc);

// "a mapping", "a list", "nothing", or the scalar quoted.
std::string kind_of(const YAML::Node& n);

bool valid_utf8(std::string_view s);

// Parses a Prometheus duration ("5m", "1h30m", "0"); nullopt when it is not one.
std::optional<std::int64_t> duration_ms(std::string_view text);
// model.Duration's String(): "1h30m", "5m", "0s", "1d", "250ms".
std::string format_duration_ms(std::int64_t ms);

}  // namespace mon::rules::detail
