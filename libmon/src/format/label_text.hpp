#pragma once
// Internal: a label set as text, in Prometheus exposition syntax without the braces:
// code="200",path="/a \"b\"". CSV keeps a whole label set in one column this way.
#include <optional>
#include <string>
#include <string_view>

#include "mon/model/metric.hpp"

namespace mon::format::detail {

// Appends name="value" pairs joined by ',', values escaped as the text format does (\\ \" \n).
void append_label_text(std::string& out, const model::Labels& labels);

// Parses that syntax into labels (sorted; empty values dropped, as Prometheus treats them as
// absent). Spaces around tokens and a trailing ',' are accepted. On error returns what was
// expected and sets error_pos to the byte offset in text where it went wrong.
std::optional<std::string> parse_label_text(std::string_view text, model::Labels& labels, std::size_t& error_pos);

// Sorts labels by name in O(n log n) whatever the input; returns a name that occurs twice.
std::optional<std::string> sort_labels_checked(model::Labels& labels);

}  // namespace mon::format::detail
