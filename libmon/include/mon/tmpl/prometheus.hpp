#pragma once
// Alerting-rule templates (labels and annotations) as Prometheus expands them: text/template with
// missingkey=zero, Prometheus' definitions prepended and Prometheus' functions: humanize,
// humanize1024, humanizeDuration, humanizePercentage, humanizeTimestamp, toUpper, toLower, title,
// reReplaceAll, match, safeHtml, stripPort, stripDomain, parseDuration, toTime, toDuration, now,
// pathPrefix, externalURL, graphLink, tableLink, urlQueryEscape, query, first, label, value,
// strvalue, sortByLabel, args — plus text/template's built-ins (printf, eq, ...). The data is
// Prometheus' struct {Labels, ExternalLabels, ExternalURL, Value}; the variables $labels,
// $externalLabels, $externalURL and $value are set.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "mon/model/metric.hpp"
#include "mon/tmpl/template.hpp"
#include "mon/tmpl/value.hpp"

namespace mon::tmpl {

struct QuerySample {
  model::Labels labels;  // including __name__ when the result has one
  double value = 0;
};
// Answers `query "EXPR"` at the evaluation time (an instant vector; a scalar as one sample with no
// labels). May throw mon::Error: the template's expansion fails with that message.
using QueryFunc = std::function<std::vector<QuerySample>(const std::string& expr)>;

struct AlertTemplateData {
  model::Labels labels;
  model::Labels external_labels;
  std::string external_url;
  double value = 0;
};

// Prometheus' alert template data as a Value (struct {Labels, ExternalLabels, ExternalURL, Value}).
Value alert_template_value(const AlertTemplateData& data);
// Prometheus' function set. `query` may be empty: `query` then fails with "query is not
// available here". `now_ms` is the evaluation time (for `now`).
FuncMap prometheus_functions(const QueryFunc& query, std::int64_t now_ms, const std::string& external_url);

// Expands as Prometheus' rule evaluation does. `alert_name` is the rule's `alert:`; the template is
// named "__alert_" + alert_name as in Prometheus (NAME below). Throws mon::Error with Prometheus'
// text: "error parsing template NAME: template: NAME:1: ..." or
// "error executing template NAME: template: NAME:1:152: executing \"NAME\" at <...>: ..." (columns
// count the prepended definitions on line 1, as Prometheus' do).
std::string expand_alert_template(std::string_view alert_name, std::string_view text, const AlertTemplateData& data,
                                  const QueryFunc& query, std::int64_t now_ms);
// What Prometheus puts into the label or annotation: the expansion, or on failure
// "<error expanding template: MESSAGE>" (MESSAGE as thrown above).
std::string expand_alert_template_or_error(std::string_view alert_name, std::string_view text, const AlertTemplateData& data,
                                           const QueryFunc& query, std::int64_t now_ms);

// Parses only, as `promtool check rules` does (with the definitions prepended). Throws
// TemplateParseError (a mon::ParseError); what() is Go's "template: __alert_NAME:LINE: MESSAGE",
// the text promtool prints after `annotation "summary": `.
void check_alert_template(std::string_view alert_name, std::string_view text);

// The humanize functions on a float, as Prometheus formats them.
std::string humanize(double v);             // 1234567 -> "1.235M", 0.0123 -> "12.3m"
std::string humanize1024(double v);         // 1048576 -> "1Mi"
std::string humanize_duration(double seconds);   // 90061 -> "1d 1h 1m 1s", 0.0012 -> "1.2ms"
std::string humanize_percentage(double ratio);   // 0.1234 -> "12.34%"
std::string humanize_timestamp(double unix_seconds);  // "2020-09-13 12:26:40 +0000 UTC"

}  // namespace mon::tmpl
