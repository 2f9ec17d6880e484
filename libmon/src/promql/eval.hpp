#pragma once
// The evaluator's own values: samples that may carry a delayed __name__ removal, range vectors with
// the window they were read over, and the annotations an evaluation collects.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mon/error.hpp"
#include "mon/model/metric.hpp"
#include "mon/promql/ast.hpp"
#include "mon/promql/engine.hpp"
#include "mon/promql/storage.hpp"

namespace mon::promql::detail {

using model::Labels;

struct ESample {
  Labels labels;
  double v = 0;
  std::int64_t t = 0;      // the sample's own time (timestamp()); the evaluation time otherwise
  bool drop_name = false;  // __name__ to be removed at the end (delayed name removal)
};
using EVector = std::vector<ESample>;

struct ESeries {
  Labels labels;
  std::vector<Point> points;
  bool drop_name = false;
};

struct EMatrix {
  std::vector<ESeries> series;
  std::int64_t range_start = 0;  // the window (range_start, range_end] the points were read from
  std::int64_t range_end = 0;
  std::int64_t range_ms = 0;
};

struct EValue {
  ValueType type = ValueType::none;
  double scalar = 0;
  std::string string;
  EVector vector;
  EMatrix matrix;
};

class Annotations {
 public:
  void warn(std::string text);
  void info(std::string text);
  std::vector<std::string> warnings, infos;
};

[[noreturn]] void fail(const std::string& message);

// Label helpers (sets are sorted by name).
const std::string* find_label(const Labels& labels, std::string_view name);
std::string_view label_value(const Labels& labels, std::string_view name);  // "" when absent
void set_label(Labels& labels, std::string_view name, std::string_view value);  // "" deletes
void del_label(Labels& labels, std::string_view name);
void drop_metric_name(Labels& labels);
std::string labels_string(const Labels& labels);  // {a="b", c="d"}, as Prometheus prints them
// A key of the labels `names` (on) or of all but `names` and __name__ (not on).
std::string signature(const Labels& labels, const std::vector<std::string>& names, bool on);
std::string full_key(const Labels& labels);
Labels match_labels(const Labels& labels, const std::vector<std::string>& names, bool on);
std::string format_float(double v);  // Go's strconv.FormatFloat(v, 'f', -1, 64)
std::string format_g(double v);      // Go's %g / %v of a float
std::string quote(std::string_view s);  // Go's %q
bool valid_label_name(std::string_view name);  // non-empty valid UTF-8, as Prometheus 3

struct Context;

class Evaluator {
 public:
  Evaluator(const Storage& storage, const EngineOptions& options, std::int64_t start, std::int64_t end,
            Annotations& annotations)
      : storage_(storage), options_(options), start_(start), end_(end), ann_(annotations) {}

  EValue eval(const Expr& expr, std::int64_t t);
  // A range-vector expression (a range selector or a subquery) at t.
  EMatrix eval_matrix(const Expr& expr, std::int64_t t);
  EVector eval_vector(const Expr& expr, std::int64_t t);
  double eval_scalar(const Expr& expr, std::int64_t t);

  const EngineOptions& options() const { return options_; }
  Annotations& annotations() { return ann_; }
  bool delayed() const { return options_.delayed_name_removal; }
  // Marks the name for removal (and removes it at once without delayed name removal).
  void drop_name(ESample& s) const;
  void drop_name(ESeries& s) const;
  std::int64_t start() const { return start_; }
  std::int64_t end() const { return end_; }
  std::int64_t reference_time(const TimeModifiers& m, std::int64_t t) const;

  EVector select_vector(const VectorSelector& vs, std::int64_t t, bool keep_timestamps = false);
  EMatrix select_matrix(const MatrixSelector& ms, std::int64_t t);
  EMatrix subquery(const Subquery& sq, std::int64_t t);

  EValue binary(const Binary& b, std::int64_t t);
  EValue aggregate(const Aggregate& a, std::int64_t t);
  EValue call(const Call& c, const Expr& expr, std::int64_t t);

 private:
  const Storage& storage_;
  const EngineOptions& options_;
  std::int64_t start_, end_;
  Annotations& ann_;
};

// Families of functions (functions_*.cpp). Each returns true when it knows the name.
bool call_range_function(Evaluator& ev, std::string_view name, const Call& c, std::int64_t t, EValue& out);
bool call_instant_function(Evaluator& ev, std::string_view name, const Call& c, const Expr& expr, std::int64_t t,
                           EValue& out);
bool call_histogram_function(Evaluator& ev, std::string_view name, const Call& c, std::int64_t t, EValue& out);

// Throws "vector cannot contain metrics with the same labelset" when two samples share labels.
void check_unique(const EVector& v);

// The inner workings of range functions, on one series' points (tests call them directly).
namespace range_fn {
// rate/increase/delta with Prometheus 3's extrapolation; false when there are fewer than 2 points.
bool extrapolated_rate(const std::vector<Point>& pts, std::int64_t range_start, std::int64_t range_end,
                       std::int64_t range_ms, bool is_counter, bool is_rate, double& out);
bool instant_value(const std::vector<Point>& pts, bool is_rate, double& out);  // irate, idelta
bool deriv(const std::vector<Point>& pts, double& out);
bool predict_linear(const std::vector<Point>& pts, std::int64_t t, double duration_s, double& out);
double resets(const std::vector<Point>& pts);
double changes(const std::vector<Point>& pts);
double sum_over_time(const std::vector<Point>& pts);
double avg_over_time(const std::vector<Point>& pts);
double stdvar_over_time(const std::vector<Point>& pts);
double quantile(double q, std::vector<double> values);  // Prometheus' quantile (sorts a copy)
}  // namespace range_fn

double kahan_inc(double inc, double sum, double& c);

}  // namespace mon::promql::detail
