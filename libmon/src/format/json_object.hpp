#pragma once
// Internal: one JSON Lines object (the text of a single {...}) parsed into a family and a sample.
#include <cstddef>
#include <string>
#include <string_view>

#include "mon/model/metric.hpp"

namespace mon::format::detail {

struct JsonObjectError {
  std::size_t pos = 0;  // byte offset in the object's text
  std::string message;
};

// Parses `text`, which holds exactly one JSON object (the splitter found its braces), into
// family and sample. Returns false and fills error on malformed JSON or a schema violation.
bool parse_json_sample(std::string_view text, model::Family& family, model::Sample& sample, JsonObjectError& error);

}  // namespace mon::format::detail
