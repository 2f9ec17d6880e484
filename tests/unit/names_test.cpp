#include <doctest/doctest.h>

#include "mon/model/metric.hpp"
#include "mon/model/names.hpp"

using namespace mon::model;

TEST_CASE("names: metric names follow [a-zA-Z_:][a-zA-Z0-9_:]*") {
  CHECK(is_metric_name("http_requests_total"));
  CHECK(is_metric_name(":recording:rule"));
  CHECK(is_metric_name("_x9"));
  CHECK_FALSE(is_metric_name(""));
  CHECK_FALSE(is_metric_name("9x"));
  CHECK_FALSE(is_metric_name("a-b"));
  CHECK(*check_metric_name("a-b") == "a metric name may contain only letters, digits, '_' and ':' (got '-' at position 2)");
}

TEST_CASE("names: label names follow [a-zA-Z_][a-zA-Z0-9_]* and __ is reserved") {
  CHECK(is_label_name("le"));
  CHECK(is_label_name("_private"));
  CHECK_FALSE(is_label_name("a:b"));
  CHECK_FALSE(is_label_name("9x"));
  CHECK(*check_label_name("__name__") == "label names starting with \"__\" are reserved for Prometheus' own use");
  CHECK(*check_label_name("9x") == "a label name must start with a letter or '_' (got '9')");
}

TEST_CASE("names: sanitizing makes any text a valid metric name") {
  CHECK(sanitize_metric_name("my-job.sh") == "my_job_sh");
  CHECK(sanitize_metric_name("9lives") == "_9lives");
  CHECK(sanitize_metric_name("") == "_");
  CHECK(is_metric_name(sanitize_metric_name("ünïcode spaces")));
}

TEST_CASE("model: labels sort by name and a repeated name is reported") {
  Labels l{{"z", "1"}, {"a", "2"}, {"m", "3"}};
  CHECK_FALSE(sort_labels(l));
  CHECK(l[0].name == "a");
  CHECK(l[2].name == "z");
  Labels dup{{"b", "1"}, {"a", "2"}, {"b", "3"}};
  CHECK(*sort_labels(dup) == "b");
  Labels empty{{"a", ""}, {"b", "x"}};
  drop_empty_labels(empty);
  CHECK(empty.size() == 1);
}

TEST_CASE("model: sample names map to their family by type") {
  CHECK(family_name_of("rpc_seconds_bucket", MetricType::histogram) == "rpc_seconds");
  CHECK(family_name_of("rpc_seconds_count", MetricType::summary) == "rpc_seconds");
  CHECK(family_name_of("rpc_seconds_bucket", MetricType::summary) == "rpc_seconds_bucket");
  CHECK(family_name_of("jobs_total", MetricType::counter) == "jobs");
  CHECK(family_name_of("up", MetricType::gauge) == "up");
  CHECK(belongs_to("rpc_bucket", "rpc", MetricType::histogram));
  CHECK_FALSE(belongs_to("rpcx_bucket", "rpc", MetricType::histogram));
  CHECK(parse_type("unknown") == MetricType::untyped);
  CHECK_FALSE(parse_type("Counter"));
}
