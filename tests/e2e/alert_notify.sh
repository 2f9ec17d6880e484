#!/usr/bin/env bash
# monctl alert run --config: notifications routed by an Alertmanager configuration to real
# receivers on loopback (a webhook, Slack's incoming webhook, mail through a local SMTP sink, a
# command), grouped, repeated after repeat_interval and never twice for one change, silenced,
# inhibited, and retried by the next run from the state's outbox.
source "$(dirname "$0")/lib.sh"
need python3 amtool
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || skip "python3-aiosmtpd is not installed (scripts/test installs it)"

hooks=$WORK/hooks
port=$(free_port)
python3 "$(dirname "$0")/servers/alert_receiver.py" "$hooks" "$port" --fail 3 &
CLEANUP+=("kill $!")
mkdir -p "$WORK/mail"
/usr/bin/python3 "$(dirname "$0")/servers/smtp_sink.py" --dir "$WORK/mail" --port-file "$WORK/smtp.port" &
CLEANUP+=("kill $!")
wait_port "$port" || exit 1
wait_for "$WORK/smtp.port" . 30 || exit 1
smtp=$(cat "$WORK/smtp.port")
printf 'http://127.0.0.1:%s/slack\n' "$port" >"$WORK/slack-url"

cat >"$WORK/rules.yml" <<'Y'
groups:
  - name: svc
    rules:
      - alert: ServiceDown
        expr: up == 0
        labels: {severity: critical}
        annotations: {summary: '{{ $labels.instance }} is down'}
      - alert: ServiceSlow
        expr: latency_seconds > 1
        labels: {severity: warning}
        annotations: {summary: '{{ $labels.instance }} answers in {{ $value }}s'}
Y
cat >"$WORK/am.yml" <<Y
global:
  smtp_smarthost: 127.0.0.1:$smtp
  smtp_from: monctl@example.org
  smtp_require_tls: false
route:
  receiver: hook
  group_by: [alertname]
  group_wait: 0s
  group_interval: 1m
  repeat_interval: 1h
  routes:
    - matchers: ['severity="critical"']
      receiver: page
      continue: true
    - matchers: ['severity="critical"']
      receiver: hook
receivers:
  - name: hook
    webhook_configs:
      - url: http://127.0.0.1:$port/hook
    slack_configs:
      - api_url_file: $WORK/slack-url
        channel: '#ops'
  - name: page
    email_configs:
      - to: oncall@example.org
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: [instance]
Y
run amtool check-config "$WORK/am.yml"
expect_rc 0 "amtool accepts the configuration"

cat >"$WORK/m1.prom" <<'P'
up{instance="a:80"} 0
up{instance="b:80"} 1
latency_seconds{instance="a:80"} 3
latency_seconds{instance="b:80"} 2
P
am() { run "$MONCTL" alert run --rules "$WORK/rules.yml" --config "$WORK/am.yml" --state "$WORK/state" "$@"; }
count() { find "$1" -name "${2:-*}.json" 2>/dev/null | wc -l; }

am --time 1000 "$WORK/m1.prom"
expect_rc 2 "a critical alert fires"
expect_eq "$(count "$hooks")" "4" "a webhook and a Slack message for each group of receiver hook (ServiceDown, ServiceSlow)"
expect_eq "$(count "$WORK/mail")" "1" "the critical alert was mailed (continue: true)"
down=$(grep -l '"alertname":"ServiceDown"' "$hooks"/*.json | head -n 1)
python3 - "$down" <<'PY' || fail "the webhook payload for ServiceDown"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["version"] == "4" and p["status"] == "firing", p
assert p["receiver"] == "hook" and p["groupKey"] == '{}/{severity="critical"}:{alertname="ServiceDown"}', p["groupKey"]
assert [a["labels"]["instance"] for a in p["alerts"]] == ["a:80"], p["alerts"]
assert p["alerts"][0]["annotations"]["summary"] == "a:80 is down"
assert p["alerts"][0]["endsAt"] == "0001-01-01T00:00:00Z"
PY
slow=$(grep -l '"alertname":"ServiceSlow"' "$hooks"/*.json | head -n 1)
expect_not_contains "$(cat "$slow")" '"instance":"a:80"' "ServiceSlow on a:80 is inhibited by ServiceDown on a:80"
expect_contains "$(cat "$slow")" '"instance":"b:80"' "ServiceSlow on b:80 is not"
slack=$(cat $(grep -l '"channel":"#ops"' "$hooks"/*.json))
expect_contains "$slack" '"title":"[FIRING:1] ServiceSlow (b:80 warning)"' "the Slack title is Alertmanager's default"
mail=$(cat "$WORK"/mail/*.json)
expect_contains "$mail" "oncall@example.org" "mail to the receiver's address"
expect_contains "$mail" "Subject: [FIRING:1] ServiceDown" "the subject is Alertmanager's default"

# Nothing changed a minute later: nothing is sent (repeat_interval is an hour).
am --time 1060 "$WORK/m1.prom"
expect_rc 2 "still critical"
expect_eq "$(count "$hooks")" "4" "no repeat before repeat_interval"
# Two runs at once over the same state: the second waits for the first; one notification only.
"$MONCTL" alert run --rules "$WORK/rules.yml" --config "$WORK/am.yml" --state "$WORK/state" --time 4700 "$WORK/m1.prom" >/dev/null 2>&1 &
first=$!
"$MONCTL" alert run --rules "$WORK/rules.yml" --config "$WORK/am.yml" --state "$WORK/state" --time 4700 "$WORK/m1.prom" >/dev/null 2>&1
wait $first
expect_eq "$(count "$hooks")" "8" "after repeat_interval, each group once more, for two runs at once"
expect_eq "$(count "$WORK/mail")" "2" "and one more mail"

# A silence keeps ServiceDown from being notified, not from being reported.
run "$MONCTL" alert silence add --state "$WORK/state" --matcher 'alertname="ServiceDown"' --start 0 --end 2100-01-01T00:00:00Z --comment maintenance
expect_rc 0 "silence add"
silence=$OUT
run "$MONCTL" alert silence list --state "$WORK/state"
expect_contains "$OUT" "$silence  active" "the silence is listed as active"
am --time 9000 "$WORK/m1.prom"
expect_rc 2 "a silenced critical alert is still reported"
expect_eq "$(count "$WORK/mail")" "2" "... but not mailed"
run "$MONCTL" alert silence expire --state "$WORK/state" "$silence"
expect_rc 0 "silence expire"

# The webhook fails three times (HTTP 500, each attempt of a run): the run says so and keeps the
# notification in the state's outbox; the next run delivers it.
sed -i "s|/hook|/flaky|" "$WORK/am.yml"
cat >"$WORK/m2.prom" <<'P'
up{instance="a:80"} 1
up{instance="b:80"} 1
latency_seconds{instance="c:80"} 5
P
before=$(count "$hooks")
"$MONCTL" alert run --rules "$WORK/rules.yml" --config "$WORK/am.yml" --state "$WORK/fresh" --time 100 "$WORK/m2.prom" >/dev/null 2>"$WORK/err1"
rc=$?
expect_eq "$rc" "3" "a delivery failed (exit 3; only a firing critical alert's 2 wins over it)"
expect_contains "$(cat "$WORK/err1")" "status code 500" "the failure is named"
expect_contains "$(cat "$WORK/err1")" "kept in the state's outbox" "and kept"
expect_not_contains "$(cat "$WORK/err1")" "/slack" "the Slack URL (a secret) is not shown"
run "$MONCTL" alert run --rules "$WORK/rules.yml" --config "$WORK/am.yml" --state "$WORK/fresh" --time 110 "$WORK/m2.prom"
expect_rc 1 "the next run"
expect_eq "$(grep -l '^POST /flaky' "$hooks"/*.head | wc -l)" "4" "three failed attempts, then the outbox's delivery"
outbox=$(tail -n +2 "$WORK/fresh" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["outbox"]))')
expect_eq "$outbox" "0" "the outbox is empty again"
finish
