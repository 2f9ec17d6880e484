// Label sets in the Prometheus text exposition syntax (label="value", escapes \\ \" \n), as
// https://prometheus.io/docs/instrumenting/exposition_formats/ describes them, minus the braces.
#include "label_text.hpp"

#include <algorithm>

#include "mon/model/names.hpp"
#include "utf8.hpp"

namespace mon::format::detail {

void append_label_text(std::string& out, const model::Labels& labels) {
  bool first = true;
  for (const auto& l : labels) {
    if (!first) out.push_back(',');
    first = false;
    out += l.name;
    out += "=\"";
    std::size_t run = 0;
    for (std::size_t i = 0; i < l.value.size(); ++i) {
      char c = l.value[i];
      if (c != '\\' && c != '"' && c != '\n') continue;
      out.append(l.value, run, i - run);
      out.push_back('\\');
      out.push_back(c == '\n' ? 'n' : c);
      run = i + 1;
    }
    out.append(l.value, run);
    out.push_back('"');
  }
}

namespace {
bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
}  // namespace

std::optional<std::string> parse_label_text(std::string_view text, model::Labels& labels, std::size_t& error_pos) {
  labels.clear();
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  };
  auto fail = [&](std::size_t pos, std::string msg) -> std::optional<std::string> {
    error_pos = pos;
    return msg;
  };
  for (;;) {
    skip_space();
    if (i == text.size()) break;
    std::size_t name_start = i;
    while (i < text.size() && name_char(text[i])) ++i;
    std::string_view name = text.substr(name_start, i - name_start);
    if (name.empty()) return fail(i, "expected a label name");
    if (auto why = model::check_label_name(name)) return fail(name_start, "label \"" + std::string(name) + "\": " + *why);
    skip_space();
    if (i == text.size() || text[i] != '=') return fail(i, "expected '=' after label name \"" + std::string(name) + "\"");
    ++i;
    skip_space();
    if (i == text.size() || text[i] != '"') return fail(i, "expected '\"' starting the value of label \"" + std::string(name) + "\"");
    std::size_t value_start = ++i;
    std::string value;
    for (;;) {
      if (i == text.size()) return fail(value_start - 1, "the value of label \"" + std::string(name) + "\" has no closing '\"'");
      char c = text[i];
      if (c == '"') break;
      if (c == '\\') {
        if (i + 1 == text.size()) return fail(i, "a '\\' ends the label value");
        char e = text[i + 1];
        if (e == '\\') value.push_back('\\');
        else if (e == '"') value.push_back('"');
        else if (e == 'n') value.push_back('\n');
        else return fail(i, "unknown escape '\\" + std::string(1, e) + "' (expected \\\\, \\\" or \\n)");
        i += 2;
        continue;
      }
      value.push_back(c);
      ++i;
    }
    if (std::size_t bad = find_invalid_utf8(value); bad != std::string::npos)
      return fail(value_start, "the value of label \"" + std::string(name) + "\" is not valid UTF-8");
    ++i;  // closing quote
    labels.push_back({std::string(name), std::move(value)});
    skip_space();
    if (i == text.size()) break;
    if (text[i] != ',') return fail(i, "expected ',' between labels");
    ++i;
  }
  if (auto dup = sort_labels_checked(labels)) return fail(0, "label \"" + *dup + "\" appears twice");
  model::drop_empty_labels(labels);
  return std::nullopt;
}

std::optional<std::string> sort_labels_checked(model::Labels& labels) {
  // model::sort_labels is an insertion sort, quadratic on a hostile line with 100,000 labels.
  if (labels.size() <= 16) return model::sort_labels(labels);
  std::sort(labels.begin(), labels.end(), [](const model::Label& a, const model::Label& b) { return a.name < b.name; });
  for (std::size_t i = 1; i < labels.size(); ++i)
    if (labels[i].name == labels[i - 1].name) return labels[i].name;
  return std::nullopt;
}

}  // namespace mon::format::detail
