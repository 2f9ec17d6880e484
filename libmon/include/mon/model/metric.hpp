#pragma once
// The metric model every subcommand shares: a family (name, type, help, unit) and its
// samples (name, sorted unique labels, a double value, an optional timestamp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mon::model {

enum class MetricType { untyped, counter, gauge, histogram, summary, gaugehistogram, info, stateset };

// Prometheus text names: "untyped", "counter", ... ("gaugehistogram", "info", "stateset" for OpenMetrics).
std::string_view to_string(MetricType type);
// Accepts the names above and OpenMetrics' "unknown" (= untyped).
std::optional<MetricType> parse_type(std::string_view text);

struct Label {
  std::string name;
  std::string value;
  bool operator==(const Label&) const = default;
};

// Sorted by name, names unique. An empty value means the label is absent.
using Labels = std::vector<Label>;

struct Family {
  std::string name;
  MetricType type = MetricType::untyped;
  std::string help;
  std::string unit;
  bool has_help = false;  // "# HELP x" with empty text differs from no HELP at all
};

struct Sample {
  std::string name;
  Labels labels;
  double value = 0;
  std::optional<std::int64_t> timestamp_ms;
  // The nanoseconds within timestamp_ms's millisecond (0..999999) for inputs finer than the
  // model (Influx): the Influx writer writes them back, the other writers the millisecond.
  std::int32_t timestamp_sub_ms_ns = 0;
};

// Sorts labels by name. Returns the name that occurs twice, if any (labels then stay sorted).
std::optional<std::string> sort_labels(Labels& labels);

// Drops labels whose value is empty (Prometheus: an empty value is an absent label).
void drop_empty_labels(Labels& labels);

// The family a sample name belongs to, given the family's type: for histograms and
// summaries "x_bucket"/"x_sum"/"x_count" belong to "x"; for OpenMetrics counters "x_total"
// and "x_created" to "x". Returns the name unchanged otherwise.
std::string_view family_name_of(std::string_view sample_name, MetricType type);

// Does sample_name belong to family `family` of type `type`?
bool belongs_to(std::string_view sample_name, std::string_view family, MetricType type);

}  // namespace mon::model
