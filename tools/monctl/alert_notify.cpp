#include "alert_notify.hpp"

#include <cstdio>
#include <optional>

#include "mon/error.hpp"
#include "mon/notify/alertmanager_api.hpp"
#include "mon/notify/config.hpp"
#include "mon/notify/deliver.hpp"
#include "mon/notify/dispatch.hpp"
#include "mon/notify/state.hpp"
#include "mon/time/duration.hpp"
#include "mon/tmpl/alertmanager.hpp"
#include "options.hpp"

namespace monctl {

namespace {

// An undelivered notification is retried by every run for a day, then given up loudly.
constexpr std::int64_t kOutboxMaxAgeMs = 24LL * 3'600'000;

void warn(const std::string& what) { std::fprintf(stderr, "monctl: warning: %s\n", what.c_str()); }
void error(const std::string& what) { std::fprintf(stderr, "monctl: error: %s\n", what.c_str()); }

}  // namespace

struct Notifier::Impl {
  const RunOptions& options;
  std::int64_t now_ms;
  std::optional<mon::notify::Config> config;
  std::unique_ptr<mon::notify::StateFile> file;
  mon::notify::AlertState scratch;  // without --state: this run's only
  std::unique_ptr<mon::tmpl::NotificationTemplates> templates;
  mon::notify::DeliveryOptions delivery;

  mon::notify::AlertState& state() { return file ? file->state() : scratch; }
};

Notifier::Notifier(const RunOptions& o, std::int64_t now_ms) : impl_(new Impl{o, now_ms, {}, {}, {}, {}, {}}) {
  try {
    if (!o.config.empty()) {
      impl_->config = mon::notify::load_config(o.config);
      for (const auto& u : impl_->config->unsupported) warn(u);
      impl_->templates = std::make_unique<mon::tmpl::NotificationTemplates>();
      impl_->templates->load_files(impl_->config->templates);
    }
    auto timeout = duration_option("--timeout", o.timeout);
    impl_->delivery.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(timeout);
    if (impl_->templates) {
      const mon::tmpl::NotificationTemplates* t = impl_->templates.get();
      impl_->delivery.expand = [t](std::string_view text, const mon::notify::Notification& n) { return t->expand(text, n); };
    }
    if (!o.state.empty()) impl_->file = std::make_unique<mon::notify::StateFile>(o.state, warn);
    ready_ = true;
  } catch (const CLI::ParseError&) {
    throw;
  } catch (const mon::Error& e) {
    error(e.what());
  }
}

Notifier::~Notifier() = default;

void Notifier::restore(mon::rules::RuleEvaluator& evaluator, std::map<std::string, std::int64_t>& last_eval) {
  auto& st = impl_->state();
  if (!st.evaluator.empty()) {
    try {
      evaluator.load_state(st.evaluator);
    } catch (const mon::Error& e) {
      warn(std::string("the alert states in ") + impl_->options.state + " are not usable (" + e.what() +
           "); alerts start afresh");
    }
  }
  last_eval = st.last_eval;
}

bool Notifier::notify(const mon::rules::RuleEvaluator& evaluator, const std::map<std::string, std::int64_t>& last_eval,
                      std::int64_t interval_ms) {
  bool ok = true;
  auto& st = impl_->state();
  std::vector<mon::notify::Alert> alerts = evaluator.to_send(impl_->now_ms, interval_ms);
  if (impl_->config) {
    const auto& cfg = *impl_->config;
    // What earlier runs could not deliver goes first.
    std::vector<mon::notify::OutboxEntry> still;
    for (auto& entry : st.outbox) {
      const mon::notify::Receiver* r = cfg.receiver(entry.receiver);
      if (!r || entry.integration >= r->integrations()) {
        error("an undelivered notification for receiver \"" + entry.receiver + "\" (" + entry.integration_name +
              ") is dropped: the configuration has no such integration any more");
        ok = false;
        continue;
      }
      auto result = mon::notify::deliver(*r, entry.integration, entry.notification, impl_->delivery);
      ++entry.attempts;
      if (result.ok()) continue;
      entry.last_error = result.message;
      if (result.outcome == mon::notify::Outcome::failed_permanent ||
          impl_->now_ms - entry.first_failure_ms > kOutboxMaxAgeMs) {
        error("giving up on a notification to " + entry.receiver + " " + entry.integration_name + " after " +
              std::to_string(entry.attempts) + " runs: " + result.message);
      } else {
        error("still cannot deliver to " + entry.receiver + " " + entry.integration_name + ": " + result.message +
              " (kept for the next run)");
        still.push_back(std::move(entry));
      }
      ok = false;
    }
    st.outbox = std::move(still);

    mon::notify::DispatchPlan plan =
        mon::notify::plan_notifications(cfg, alerts, st, impl_->now_ms, impl_->options.external_url);
    for (const auto& p : plan.send) {
      auto results = mon::notify::deliver_all(*p.receiver, p.notification, impl_->delivery);
      for (std::size_t i = 0; i < results.size(); ++i) {
        const auto& r = results[i];
        if (r.ok()) continue;
        ok = false;
        if (r.outcome == mon::notify::Outcome::failed_retryable) {
          error("cannot deliver to " + r.receiver + " " + r.integration + ": " + r.message +
                (impl_->file ? " (kept in the state's outbox for the next run)" : " (no --state: not retried)"));
          st.outbox.push_back({r.receiver, i, r.integration, p.notification, 1, impl_->now_ms, r.message});
        } else {
          error("cannot deliver to " + r.receiver + " " + r.integration + ": " + r.message);
        }
      }
    }
  }
  if (!impl_->options.alertmanagers.empty()) {
    mon::notify::ApiOptions ao;
    ao.timeout = impl_->delivery.timeout;
    for (const auto& r : mon::notify::post_alerts(impl_->options.alertmanagers, alerts, ao)) {
      if (r.ok()) continue;
      error("cannot post alerts to " + r.url + ": " + r.message);
      ok = false;
    }
  }
  if (impl_->file) {
    st.evaluator = evaluator.save_state();
    st.last_eval = last_eval;
    mon::notify::prune_silences(st.silences, impl_->now_ms);
    try {
      impl_->file->save();
    } catch (const mon::Error& e) {
      error(e.what());
      ok = false;
    }
  }
  return ok;
}

}  // namespace monctl
