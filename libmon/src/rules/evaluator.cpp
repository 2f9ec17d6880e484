// The alert state machine and group evaluation (Prometheus' rules package semantics).
#include "mon/rules/evaluator.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "templates.hpp"

namespace mon::rules {

namespace {

constexpr std::int64_t kResolvedRetentionMs = 15 * 60 * 1000;

void set_label(model::Labels& ls, std::string_view name, std::string value) {
  auto it = std::lower_bound(ls.begin(), ls.end(), name, [](const model::Label& l, std::string_view n) { return l.name < n; });
  if (it != ls.end() && it->name == name) {
    if (value.empty()) ls.erase(it);
    else it->value = std::move(value);
  } else if (!value.empty()) {
    ls.insert(it, model::Label{std::string(name), std::move(value)});
  }
}

void del_label(model::Labels& ls, std::string_view name) {
  auto it = std::lower_bound(ls.begin(), ls.end(), name, [](const model::Label& l, std::string_view n) { return l.name < n; });
  if (it != ls.end() && it->name == name) ls.erase(it);
}

std::string rule_key(const Group& g, const std::string& name, int occurrence) {
  std::string k = g.file;
  k += '\x1f';
  k += g.name;
  k += '\x1f';
  k += name;
  k += '\x1f';
  k += std::to_string(occurrence);
  return k;
}

}  // namespace

std::string labels_key(const model::Labels& labels) {
  std::string k;
  for (const auto& l : labels) {
    k += l.name;
    k += '\xff';
    k += l.value;
    k += '\xff';
  }
  return k;
}

std::string_view to_string(ActiveAlert::State state) {
  switch (state) {
    case ActiveAlert::State::inactive: return "inactive";
    case ActiveAlert::State::pending: return "pending";
    case ActiveAlert::State::firing: return "firing";
  }
  return "inactive";
}

struct RuleEvaluator::RuleState {
  std::string group, file, rule;
  std::map<std::string, ActiveAlert> active;                // by labels_key of the alert's labels
  std::unordered_map<std::string, model::Labels> written;  // series written at the last evaluation
};

RuleEvaluator::RuleEvaluator(promql::Storage& storage, EvaluatorOptions options)
    : storage_(storage), options_(std::move(options)) {}
RuleEvaluator::~RuleEvaluator() = default;

const RuleEvaluator::RuleState* RuleEvaluator::find_state(const Group& group, std::size_t rule_index) const {
  if (rule_index >= group.rules.size()) return nullptr;
  const std::string& name = group.rules[rule_index].name();
  int occurrence = 0;
  for (std::size_t i = 0; i < rule_index; ++i)
    if (group.rules[i].name() == name) ++occurrence;
  auto it = states_.find(rule_key(group, name, occurrence));
  return it == states_.end() ? nullptr : it->second.get();
}

std::vector<RuleError> RuleEvaluator::evaluate(const Group& group, std::int64_t t_ms) {
  std::vector<RuleError> errors;
  promql::Engine engine(storage_, options_.engine);
  const std::int64_t query_t = t_ms - group.query_offset_ms;
  std::unordered_map<std::string, int> seen;  // rule name -> occurrences so far
  for (std::size_t i = 0; i < group.rules.size(); ++i) {
    const Rule& rule = group.rules[i];
    int occurrence = seen[rule.name()]++;
    std::string key = rule_key(group, rule.name(), occurrence);
    auto sit = states_.find(key);
    if (sit == states_.end()) {
      auto st = std::make_unique<RuleState>();
      st->group = group.name;
      st->file = group.file;
      st->rule = rule.name();
      sit = states_.emplace(key, std::move(st)).first;
      order_.push_back(key);
    }
    RuleState& st = *sit->second;

    // The series this evaluation writes (labels, value).
    std::vector<std::pair<model::Labels, double>> out;
    std::string error;
    try {
      if (!rule.parsed) throw Error("the rule's expression was not parsed");
      promql::Result res = engine.instant(*rule.parsed, query_t);
      promql::Vector vec;
      if (res.value.type == promql::ValueType::vector) vec = std::move(res.value.vector);
      else if (res.value.type == promql::ValueType::scalar) vec.push_back({{}, res.value.scalar});
      else throw Error("rule result is not a vector or scalar");

      if (!rule.alerting()) {
        std::unordered_set<std::string> keys;
        out.reserve(vec.size());
        for (auto& s : vec) {
          model::Labels ls = std::move(s.labels);
          set_label(ls, "__name__", rule.record);
          for (const auto& l : rule.labels) set_label(ls, l.name, l.value);
          if (!keys.insert(labels_key(ls)).second)
            throw Error("vector contains metrics with the same labelset after applying rule labels");
          out.emplace_back(std::move(ls), s.value);
        }
        if (group.limit > 0 && out.size() > group.limit)
          throw Error("exceeded limit of " + std::to_string(group.limit) + " with " + std::to_string(out.size()) +
                      " series");
      } else {
        // New alerts from this evaluation, by labels.
        std::map<std::string, ActiveAlert> now;
        for (auto& s : vec) {
          detail::TemplateContext ctx;
          ctx.labels = &s.labels;
          ctx.external_labels = &options_.external_labels;
          ctx.external_url = &options_.external_url;
          ctx.value = s.value;
          ctx.t_ms = t_ms;
          ctx.engine = &engine;
          model::Labels ls = s.labels;
          del_label(ls, "__name__");
          for (const auto& l : rule.labels)
            set_label(ls, l.name, detail::has_template(l.value) ? detail::expand_template(l.value, rule.alert, ctx) : l.value);
          set_label(ls, "alertname", rule.alert);
          model::Labels ann;
          ann.reserve(rule.annotations.size());
          for (const auto& [k, v] : rule.annotations)
            ann.push_back({k, detail::has_template(v) ? detail::expand_template(v, rule.alert, ctx) : v});
          std::string k = labels_key(ls);
          if (now.count(k)) throw Error("vector contains metrics with the same labelset after applying alert labels");
          ActiveAlert a;
          a.labels = std::move(ls);
          a.annotations = std::move(ann);
          a.state = ActiveAlert::State::pending;
          a.active_at_ms = t_ms;
          a.value = s.value;
          a.rule = rule.alert;
          a.group = group.name;
          a.file = group.file;
          now.emplace(std::move(k), std::move(a));
        }
        for (auto& [k, a] : now) {
          auto it = st.active.find(k);
          if (it != st.active.end() && it->second.state != ActiveAlert::State::inactive) {
            it->second.value = a.value;
            it->second.annotations = std::move(a.annotations);
            continue;
          }
          st.active.insert_or_assign(k, std::move(a));
        }
        std::size_t active_count = 0;
        for (auto it = st.active.begin(); it != st.active.end();) {
          ActiveAlert& a = it->second;
          bool erase = false;
          if (!now.count(it->first)) {
            bool keep_firing = false;
            if (a.state == ActiveAlert::State::firing && rule.keep_firing_for_ms > 0) {
              if (a.keep_firing_since_ms == 0) a.keep_firing_since_ms = t_ms;
              if (t_ms - a.keep_firing_since_ms < rule.keep_firing_for_ms) keep_firing = true;
            }
            if (a.state == ActiveAlert::State::pending ||
                (a.resolved_at_ms != 0 && t_ms - a.resolved_at_ms > kResolvedRetentionMs))
              erase = true;
            if (a.state != ActiveAlert::State::inactive && !keep_firing) {
              a.state = ActiveAlert::State::inactive;
              a.resolved_at_ms = t_ms;
            }
            if (!keep_firing) {
              it = erase ? st.active.erase(it) : std::next(it);
              continue;
            }
          } else {
            a.keep_firing_since_ms = 0;
          }
          ++active_count;
          if (a.state == ActiveAlert::State::pending && t_ms - a.active_at_ms >= rule.for_ms) {
            a.state = ActiveAlert::State::firing;
            a.fired_at_ms = t_ms;
          }
          if (a.state == ActiveAlert::State::firing && t_ms - a.active_at_ms < rule.for_ms) {
            a.state = ActiveAlert::State::pending;
            a.fired_at_ms = 0;
            a.keep_firing_since_ms = 0;
          }
          model::Labels alerts_ls = a.labels;
          set_label(alerts_ls, "__name__", "ALERTS");
          set_label(alerts_ls, "alertstate", std::string(to_string(a.state)));
          out.emplace_back(std::move(alerts_ls), 1.0);
          model::Labels for_ls = a.labels;
          set_label(for_ls, "__name__", "ALERTS_FOR_STATE");
          out.emplace_back(std::move(for_ls), static_cast<double>(a.active_at_ms / 1000));
          if (erase) it = st.active.erase(it);
          else ++it;
        }
        if (group.limit > 0 && active_count > group.limit) {
          st.active.clear();
          out.clear();
          throw Error("exceeded limit of " + std::to_string(group.limit) + " with " + std::to_string(active_count) +
                      " alerts");
        }
      }
    } catch (const Error& e) {
      error = e.what();
      out.clear();
    }
    if (!error.empty()) {
      errors.push_back({group.name, rule.name(), i, error});
      continue;  // as Prometheus: nothing appended, no staleness markers
    }
    std::unordered_map<std::string, model::Labels> written;
    written.reserve(out.size());
    for (auto& [ls, v] : out) {
      storage_.add(ls, query_t, v);
      written.emplace(labels_key(ls), std::move(ls));
    }
    for (const auto& [k, ls] : st.written)
      if (!written.count(k)) storage_.add(ls, query_t, promql::stale_marker());
    st.written = std::move(written);
  }
  return errors;
}

std::vector<ActiveAlert> RuleEvaluator::alerts() const {
  std::vector<ActiveAlert> out;
  for (const auto& key : order_) {
    const RuleState& st = *states_.at(key);
    for (const auto& [k, a] : st.active) out.push_back(a);
  }
  return out;
}

std::vector<ActiveAlert> RuleEvaluator::alerts_of(const Group& group, std::size_t rule_index) const {
  std::vector<ActiveAlert> out;
  if (const RuleState* st = find_state(group, rule_index))
    for (const auto& [k, a] : st->active) out.push_back(a);
  return out;
}

std::vector<notify::Alert> RuleEvaluator::to_send(std::int64_t t_ms, std::int64_t interval_ms,
                                                  std::int64_t resend_delay_ms) const {
  std::vector<notify::Alert> out;
  for (const auto& a : alerts()) {
    if (a.state == ActiveAlert::State::pending) continue;
    notify::Alert n;
    n.labels = a.labels;
    n.annotations = a.annotations;
    n.starts_at_ms = a.active_at_ms;
    if (a.state == ActiveAlert::State::inactive) n.ends_at_ms = a.resolved_at_ms;
    else n.ends_at_ms = t_ms + 4 * std::max(resend_delay_ms, interval_ms);
    out.push_back(std::move(n));
  }
  return out;
}

namespace {

nlohmann::json labels_json(const model::Labels& ls) {
  nlohmann::json o = nlohmann::json::object();
  for (const auto& l : ls) o[l.name] = l.value;
  return o;
}

model::Labels labels_from(const nlohmann::json& o) {
  if (!o.is_object()) throw Error("alert state: labels must be an object");
  model::Labels ls;
  for (auto it = o.begin(); it != o.end(); ++it) {
    if (!it.value().is_string()) throw Error("alert state: label " + it.key() + " must be a string");
    ls.push_back({it.key(), it.value().get<std::string>()});
  }
  model::sort_labels(ls);
  return ls;
}

}  // namespace

std::string RuleEvaluator::save_state() const {
  nlohmann::json alerts = nlohmann::json::array();
  for (const auto& key : order_) {
    const RuleState& st = *states_.at(key);
    for (const auto& [k, a] : st.active) {
      nlohmann::json j;
      j["file"] = st.file;
      j["group"] = st.group;
      j["rule"] = st.rule;
      j["rule_key"] = key;
      j["labels"] = labels_json(a.labels);
      j["annotations"] = labels_json(a.annotations);
      j["state"] = std::string(to_string(a.state));
      j["active_at_ms"] = a.active_at_ms;
      j["fired_at_ms"] = a.fired_at_ms;
      j["resolved_at_ms"] = a.resolved_at_ms;
      j["keep_firing_since_ms"] = a.keep_firing_since_ms;
      if (std::isfinite(a.value)) j["value"] = a.value;
      else j["value"] = std::isnan(a.value) ? "NaN" : (a.value > 0 ? "+Inf" : "-Inf");
      alerts.push_back(std::move(j));
    }
  }
  nlohmann::json root;
  root["version"] = 1;
  root["alerts"] = std::move(alerts);
  return root.dump();
}

void RuleEvaluator::load_state(std::string_view text) {
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("alert state: not JSON: ") + e.what());
  }
  if (!root.is_object() || !root.contains("version") || root["version"] != 1 || !root.contains("alerts") ||
      !root["alerts"].is_array())
    throw Error("alert state: expected {\"version\": 1, \"alerts\": [...]}");
  std::map<std::string, std::unique_ptr<RuleState>> states;
  std::vector<std::string> order;
  try {
    for (const auto& j : root["alerts"]) {
      std::string key = j.at("rule_key").get<std::string>();
      auto it = states.find(key);
      if (it == states.end()) {
        auto st = std::make_unique<RuleState>();
        st->file = j.at("file").get<std::string>();
        st->group = j.at("group").get<std::string>();
        st->rule = j.at("rule").get<std::string>();
        it = states.emplace(key, std::move(st)).first;
        order.push_back(key);
      }
      ActiveAlert a;
      a.labels = labels_from(j.at("labels"));
      a.annotations = labels_from(j.at("annotations"));
      std::string s = j.at("state").get<std::string>();
      if (s == "pending") a.state = ActiveAlert::State::pending;
      else if (s == "firing") a.state = ActiveAlert::State::firing;
      else if (s == "inactive") a.state = ActiveAlert::State::inactive;
      else throw Error("alert state: unknown state \"" + s + "\"");
      a.active_at_ms = j.at("active_at_ms").get<std::int64_t>();
      a.fired_at_ms = j.at("fired_at_ms").get<std::int64_t>();
      a.resolved_at_ms = j.at("resolved_at_ms").get<std::int64_t>();
      a.keep_firing_since_ms = j.at("keep_firing_since_ms").get<std::int64_t>();
      const auto& v = j.at("value");
      if (v.is_number()) a.value = v.get<double>();
      else {
        std::string vs = v.get<std::string>();
        a.value = vs == "+Inf" ? INFINITY : vs == "-Inf" ? -INFINITY : NAN;
      }
      a.rule = it->second->rule;
      a.group = it->second->group;
      a.file = it->second->file;
      it->second->active.insert_or_assign(labels_key(a.labels), std::move(a));
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(std::string("alert state: ") + e.what());
  }
  states_ = std::move(states);
  order_ = std::move(order);
}

}  // namespace mon::rules
