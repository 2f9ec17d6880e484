#include "templates.hpp"

#include "mon/error.hpp"
#include "mon/promql/parse.hpp"
#include "mon/tmpl/prometheus.hpp"

namespace mon::rules::detail {

std::optional<std::string> template_error(const std::string& text, const std::string& rule_name) {
  if (!has_template(text)) return std::nullopt;
  try {
    tmpl::check_alert_template(rule_name, text);  // the name gets "__alert_" there
  } catch (const Error& e) {  // Go's text: "template: __alert_NAME:1: ..."
    return std::string(e.what());
  }
  return std::nullopt;
}

std::string expand_template(const std::string& text, const std::string& rule_name, const TemplateContext& ctx) {
  tmpl::AlertTemplateData data;
  if (ctx.labels) data.labels = *ctx.labels;
  if (ctx.external_labels) data.external_labels = *ctx.external_labels;
  if (ctx.external_url) data.external_url = *ctx.external_url;
  data.value = ctx.value;
  tmpl::QueryFunc query;
  if (ctx.engine) {
    const promql::Engine* engine = ctx.engine;
    std::int64_t t = ctx.t_ms;
    query = [engine, t](const std::string& expr) {
      promql::ExprPtr e = promql::parse(expr);
      promql::Result r = engine->instant(*e, t);
      std::vector<tmpl::QuerySample> out;
      if (r.value.type == promql::ValueType::vector) {
        out.reserve(r.value.vector.size());
        for (auto& s : r.value.vector) out.push_back({std::move(s.labels), s.value});
      } else if (r.value.type == promql::ValueType::scalar) {
        out.push_back({{}, r.value.scalar});
      } else {
        throw Error("rule result is not a vector or scalar");
      }
      return out;
    };
  }
  return tmpl::expand_alert_template_or_error(rule_name, text, data, query, ctx.t_ms);
}

}  // namespace mon::rules::detail
