#pragma once
// The bridge from rules to mon::tmpl: checking a rule's label and annotation templates at load,
// and expanding them for each alert, with the variables Prometheus defines in front of each
// ($labels, $externalLabels, $externalURL, $value) and `query` answered from the storage.
#include <cstdint>
#include <optional>
#include <string>

#include "mon/model/metric.hpp"
#include "mon/promql/engine.hpp"

namespace mon::rules::detail {

// Does `text` contain a template action at all? Text without "{{" expands to itself.
inline bool has_template(const std::string& text) { return text.find("{{") != std::string::npos; }

// The parse error of `text` as a Prometheus alert template, or nothing when it parses.
// `rule_name` is the alerting rule's name (the template is called "__alert_NAME").
std::optional<std::string> template_error(const std::string& text, const std::string& rule_name);

struct TemplateContext {
  const model::Labels* labels = nullptr;           // the alert's labels (without __name__)
  const model::Labels* external_labels = nullptr;  // may be null
  const std::string* external_url = nullptr;       // may be null
  double value = 0;
  std::int64_t t_ms = 0;                      // the evaluation time (for query)
  const promql::Engine* engine = nullptr;     // for `query`; may be null
};

// Expands `text`; an error gives Prometheus' "<error expanding template: ...>" as the result.
std::string expand_template(const std::string& text, const std::string& rule_name, const TemplateContext& ctx);

}  // namespace mon::rules::detail
