// The retry policy around the channels: tries within the integration's time limit, waits that
// double, and a result that says whether trying later may help.
#include "mon/notify/deliver.hpp"

#include <time.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

#include "channels.hpp"

namespace mon::notify {

namespace {

using Clock = std::chrono::steady_clock;

void sleep_ms(long long ms) {
  if (ms <= 0) return;
  timespec ts{static_cast<time_t>(ms / 1000), static_cast<long>((ms % 1000) * 1'000'000)};
  while (::nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

detail::Prepared prepare(const Receiver& r, std::size_t i, const Notification& n, const DeliveryOptions& o) {
  if (i < r.webhooks.size()) return detail::prepare_webhook(r.webhooks[i], n, o);
  i -= r.webhooks.size();
  if (i < r.slack.size()) return detail::prepare_slack(r.slack[i], n, o);
  i -= r.slack.size();
  if (i < r.email.size()) return detail::prepare_email(r.email[i], n, o);
  i -= r.email.size();
  if (i < r.commands.size()) return detail::prepare_command(r.commands[i], n, o);
  i -= r.commands.size();
  if (i < r.files.size()) return detail::prepare_file(r.files[i], n, o);
  throw Error("receiver '" + r.name + "' has no integration " + std::to_string(i));
}

}  // namespace

namespace detail {

Attempt with_retries(const std::function<Attempt(long)>& attempt, long own_timeout_ms,
                     int attempts, Milliseconds backoff, std::chrono::steady_clock::time_point deadline, int& made) {
  attempts = std::max(1, attempts);
  auto wait = backoff;
  Attempt last;
  last.outcome = Outcome::failed_retryable;
  last.message = "no time left for an attempt";
  made = 0;
  for (int i = 1; i <= attempts; ++i) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) break;
    long limit = static_cast<long>(left);
    if (own_timeout_ms > 0) limit = std::min(limit, own_timeout_ms);
    last = attempt(limit);
    made = i;
    if (last.outcome != Outcome::failed_retryable) break;
    if (i < attempts) {
      auto room = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (room <= wait.count()) break;  // the next try would start after the limit
      sleep_ms(wait.count());
      wait *= 2;
    }
  }
  return last;
}

}  // namespace detail

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::delivered: return "delivered";
    case Outcome::nothing_to_send: return "nothing to send";
    case Outcome::failed_retryable: return "failed (retryable)";
    case Outcome::failed_permanent: return "failed (permanent)";
  }
  return "?";
}

DeliveryResult deliver(const Receiver& r, std::size_t integration, const Notification& n, const DeliveryOptions& o) {
  DeliveryResult result;
  result.receiver = r.name;
  result.integration = integration_name(r, integration);
  const auto deadline = Clock::now() + o.timeout;
  detail::Prepared p;
  try {
    p = prepare(r, integration, n, o);
  } catch (const Error& e) {
    result.outcome = Outcome::failed_permanent;
    result.message = e.what();
    return result;
  }
  if (p.nothing_to_send) {
    result.outcome = Outcome::nothing_to_send;
    result.message = "every alert is resolved and send_resolved is false";
    return result;
  }
  detail::Attempt last = detail::with_retries(p.attempt, p.own_timeout_ms, o.attempts, o.backoff,
                                              deadline, result.attempts);
  result.http_status = last.status;
  result.outcome = last.outcome;
  result.message = last.message;
  if (last.outcome == Outcome::failed_retryable)
    result.message += " (" + std::to_string(result.attempts) + (result.attempts == 1 ? " attempt)" : " attempts)");
  return result;
}

std::vector<DeliveryResult> deliver_all(const Receiver& r, const Notification& n, const DeliveryOptions& o) {
  std::vector<DeliveryResult> out;
  for (std::size_t i = 0; i < r.integrations(); ++i) out.push_back(deliver(r, i, n, o));
  return out;
}

}  // namespace mon::notify
