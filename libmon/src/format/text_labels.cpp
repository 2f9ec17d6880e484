// Label sets of the Prometheus text dialects: "{name="value",...}" parsed into the model's
// sorted, unique, non-empty labels (see text_labels.hpp).
#include "text_labels.hpp"

#include <algorithm>
#include <cstring>
#include <optional>

#include "mon/model/names.hpp"

namespace mon::format::detail::text {

namespace {

// Walks a label set from the '{' at line[pos]. For each label, slot(name_begin, name_end)
// returns the string its unescaped value is read into. Returns the offset past '}', or npos
// with fault set. Shared by parsing and by locating a repeated name for its message.
template <class Slot>
std::size_t walk_labels(std::string_view line, std::size_t pos, LabelSyntax syntax, Fault& fault, Slot&& slot) {
  const std::size_t n = line.size();
  ++pos;  // '{'
  bool after_comma = false;
  for (;;) {
    if (syntax.blanks) pos = skip_blanks(line, pos);
    if (pos < n && line[pos] == '}') {
      if (after_comma && !syntax.trailing_comma) {
        fault = {pos, "expected a label name after ',' (OpenMetrics allows no trailing comma), found '}'"};
        return std::string_view::npos;
      }
      return pos + 1;
    }
    std::size_t name_end = scan_label_name(line, pos);
    if (name_end == pos) {
      fault = {pos, std::string(after_comma ? "expected a label name" : "expected a label name or '}'") +
                        ", found " + describe(line, pos)};
      return std::string_view::npos;
    }
    std::size_t name_begin = pos;
    std::string_view name = line.substr(pos, name_end - pos);
    if (name.size() >= 2 && name[0] == '_' && name[1] == '_') {
      fault = {pos, "bad label name \"" + std::string(name) + "\": " + *model::check_label_name(name)};
      return std::string_view::npos;
    }
    pos = name_end;
    if (syntax.blanks) pos = skip_blanks(line, pos);
    if (pos >= n || line[pos] != '=') {
      fault = {pos, "expected '=' after label name \"" + std::string(name) + "\", found " + describe(line, pos)};
      return std::string_view::npos;
    }
    ++pos;
    if (syntax.blanks) pos = skip_blanks(line, pos);
    if (pos >= n || line[pos] != '"') {
      fault = {pos, "expected '\"' to open the value of label \"" + std::string(name) + "\", found " +
                        describe(line, pos)};
      return std::string_view::npos;
    }
    std::size_t value_begin = pos + 1;
    bool high = false;
    std::size_t bad_escape;
    std::size_t end = read_quoted(line, value_begin, slot(name_begin, name_end), high, syntax.strict_escapes, bad_escape);
    if (end == std::string_view::npos && bad_escape != std::string_view::npos) {
      fault = {bad_escape, "invalid escape sequence \"\\" + std::string(line.substr(bad_escape + 1, 1)) +
                               "\" in the value of label \"" + std::string(name) +
                               "\" (only \\\\, \\\" and \\n are allowed)"};
      return std::string_view::npos;
    }
    if (end == std::string_view::npos) {
      fault = {pos, "the value of label \"" + std::string(name) + "\" has no closing '\"'"};
      return std::string_view::npos;
    }
    if (high) {
      std::size_t bad = invalid_utf8_at(line.substr(value_begin, end - 1 - value_begin));
      if (bad != std::string_view::npos) {
        fault = {value_begin + bad, "the value of label \"" + std::string(name) + "\" is not valid UTF-8 (" +
                                        describe(line, value_begin + bad) + ")"};
        return std::string_view::npos;
      }
    }
    pos = end;
    if (syntax.blanks) pos = skip_blanks(line, pos);
    if (pos < n && line[pos] == ',') {
      ++pos;
      after_comma = true;
      continue;
    }
    if (pos < n && line[pos] == '}') return pos + 1;
    fault = {pos, "expected ',' or '}' after the value of label \"" + std::string(name) + "\", found " +
                      describe(line, pos)};
    return std::string_view::npos;
  }
}

}  // namespace

namespace {

// Label sets this small are sorted by model::sort_labels (insertion sort, fastest there) and
// get their sorted layout cached; larger ones, which only hostile input has, take O(n log n).
constexpr std::size_t kSmall = 32;

std::optional<std::string> sort_by_name(model::Labels& labels) {
  if (labels.size() <= kSmall) return model::sort_labels(labels);
  std::sort(labels.begin(), labels.end(), [](const model::Label& a, const model::Label& b) { return a.name < b.name; });
  for (std::size_t i = 1; i < labels.size(); ++i)
    if (labels[i].name == labels[i - 1].name) return labels[i].name;
  return std::nullopt;
}

// Parses a label set in input order into labels, then sorts it (model::sort_labels), reports a
// repeated name at its second occurrence and drops empty values. With `order`, also records
// the names in input order.
std::size_t parse_in_order(std::string_view line, std::size_t pos, model::Labels& labels, LabelSyntax syntax,
                           Fault& fault, std::vector<std::string>* order) {
  std::size_t used = 0;
  // Each label lands in the next element, reused with its strings' capacity.
  std::size_t end = walk_labels(line, pos, syntax, fault, [&](std::size_t nb, std::size_t ne) -> std::string& {
    if (used == labels.size()) labels.emplace_back();
    model::Label& l = labels[used++];
    assign_if_changed(l.name, line.data() + nb, ne - nb);
    if (order) {
      if (order->size() < used) order->emplace_back();
      assign_if_changed((*order)[used - 1], line.data() + nb, ne - nb);
    }
    return l.value;
  });
  labels.resize(used);
  if (order) order->resize(used);
  if (end == std::string_view::npos) return end;
  if (auto dup = sort_by_name(labels)) {
    // Point at the second occurrence of the name.
    std::string scratch;
    std::size_t seen = 0, at = pos;
    Fault ignored;
    walk_labels(line, pos, syntax, ignored, [&](std::size_t nb, std::size_t ne) -> std::string& {
      if (line.substr(nb, ne - nb) == *dup && ++seen == 2) at = nb;
      return scratch;
    });
    fault = {at, "label \"" + *dup + "\" appears twice in one label set"};
    return std::string_view::npos;
  }
  return end;
}

bool drop_empty(model::Labels& labels) {
  for (const auto& l : labels)
    if (l.value.empty()) {
      model::drop_empty_labels(labels);
      return true;
    }
  return false;
}

}  // namespace

std::size_t parse_labels(std::string_view line, std::size_t pos, model::Labels& labels, LabelSyntax syntax,
                         Fault& fault) {
  std::size_t end = parse_in_order(line, pos, labels, syntax, fault, nullptr);
  if (end != std::string_view::npos) drop_empty(labels);
  return end;
}

std::size_t LabelSetParser::parse(std::string_view line, std::size_t pos, model::Labels& labels, Fault& fault) {
  if (valid_ && labels.size() == order_.size()) {
    // Same names in the same order as the line the slots were made for: each value goes
    // straight to its sorted place, no sorting, no name copied.
    std::size_t k = 0;
    bool hit = true;
    std::size_t end = walk_labels(line, pos, syntax_, fault, [&](std::size_t nb, std::size_t ne) -> std::string& {
      if (hit && k < order_.size() && order_[k].size() == ne - nb &&
          std::memcmp(order_[k].data(), line.data() + nb, ne - nb) == 0)
        return labels[slot_[k++]].value;
      hit = false;
      return miss_;
    });
    if (hit && end == std::string_view::npos) return end;  // the line is bad; names stay intact
    if (hit && k == order_.size()) {
      if (drop_empty(labels)) valid_ = false;
      return end;
    }
  }
  valid_ = false;
  std::size_t end = parse_in_order(line, pos, labels, syntax_, fault, &order_);
  if (end == std::string_view::npos) return end;
  if (order_.size() > kSmall) {
    drop_empty(labels);  // no cached layout for big sets (valid_ stays false)
    return end;
  }
  slot_.resize(order_.size());
  for (std::size_t k = 0; k < order_.size(); ++k)
    for (std::size_t i = 0; i < labels.size(); ++i)
      if (labels[i].name == order_[k]) slot_[k] = i;
  valid_ = !drop_empty(labels);
  return end;
}

}  // namespace mon::format::detail::text
