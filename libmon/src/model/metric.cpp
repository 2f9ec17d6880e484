#include "mon/model/metric.hpp"

#include <algorithm>
#include <array>

namespace mon::model {

namespace {
constexpr std::array<std::string_view, 8> kTypeNames = {
    "untyped", "counter", "gauge", "histogram", "summary", "gaugehistogram", "info", "stateset"};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
}  // namespace

std::string_view to_string(MetricType type) { return kTypeNames[static_cast<std::size_t>(type)]; }

std::optional<MetricType> parse_type(std::string_view text) {
  if (text == "unknown") return MetricType::untyped;
  for (std::size_t i = 0; i < kTypeNames.size(); ++i)
    if (kTypeNames[i] == text) return static_cast<MetricType>(i);
  return std::nullopt;
}

std::optional<std::string> sort_labels(Labels& labels) {
  // Label sets are small: insertion sort beats std::sort here and keeps equal names adjacent.
  for (std::size_t i = 1; i < labels.size(); ++i)
    for (std::size_t j = i; j > 0 && labels[j].name < labels[j - 1].name; --j) std::swap(labels[j], labels[j - 1]);
  for (std::size_t i = 1; i < labels.size(); ++i)
    if (labels[i].name == labels[i - 1].name) return labels[i].name;
  return std::nullopt;
}

void drop_empty_labels(Labels& labels) {
  labels.erase(std::remove_if(labels.begin(), labels.end(), [](const Label& l) { return l.value.empty(); }),
               labels.end());
}

std::string_view family_name_of(std::string_view name, MetricType type) {
  auto strip = [&](std::initializer_list<std::string_view> suffixes) {
    for (auto s : suffixes)
      if (ends_with(name, s)) return name.substr(0, name.size() - s.size());
    return name;
  };
  switch (type) {
    case MetricType::histogram:
    case MetricType::gaugehistogram:
      return strip({"_bucket", "_sum", "_count", "_gsum", "_gcount", "_created"});
    case MetricType::summary:
      return strip({"_sum", "_count", "_created"});
    case MetricType::counter:
      return strip({"_total", "_created"});
    case MetricType::info:
      return strip({"_info"});
    default:
      return name;
  }
}

bool belongs_to(std::string_view sample_name, std::string_view family, MetricType type) {
  if (sample_name == family) return true;
  if (sample_name.size() <= family.size() || sample_name.substr(0, family.size()) != family) return false;
  return family_name_of(sample_name, type) == family;
}

}  // namespace mon::model
