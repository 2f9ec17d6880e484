# TLS: an HTTPS server with a self-signed certificate made here by openssl, valid for 20 days.
# Verification is on by default: without --cacert the probe fails, with it the probe passes.
# Certificate expiry: days left, thresholds, and probe_ssl_earliest_cert_expiry equal to the
# certificate's own notAfter.
source "$(dirname "$0")/lib.sh"
need openssl python3

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 20 \
  -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null || { echo "openssl failed" >&2; exit 1; }
start_http_server --tls "$WORK/cert.pem" "$WORK/key.pem" || exit 1
port=$PORT
url=https://localhost:$port/fast

run "$MONCTL" probe http "$url"
expect_rc 2 "self-signed refused by default"
expect_contains "$OUT" "TLS failure" "TLS failure named"
expect_contains "$OUT" "self-signed" "the reason"

run "$MONCTL" probe http "$url" --cacert "$WORK/cert.pem"
expect_rc 0 "trusted with --cacert"
run "$MONCTL" probe http "$url" --insecure
expect_rc 0 "--insecure"
run "$MONCTL" probe http "$url" --cacert "$WORK/cert.pem" --cert-warn-days 30
expect_rc 1 "expires within 30 days: WARNING"
expect_contains "$OUT" "certificate expires in 2" "days in the message"
run "$MONCTL" probe http "$url" --cacert "$WORK/cert.pem" --cert-warn-days 30 --cert-crit-days 25
expect_rc 2 "expires within 25 days: CRITICAL"
run "$MONCTL" probe http "$url" --cacert "$WORK/cert.pem" --cert-warn-days 10 --format nagios --name site
expect_rc 0 "20 days left is fine against 10"
expect_contains "$OUT" "'site_cert_days'=" "cert days perfdata"

run "$MONCTL" probe tls "localhost:$port" --cacert "$WORK/cert.pem" -w 30: -c 7: --name cert --format json
expect_rc 1 "tls probe: WARNING under 30 days"
days=$(printf '%s' "$OUT" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["probes"][0]["value"]))')
expect_eq "$days" "20" "days to expiry"
run "$MONCTL" probe tls "localhost:$port" --cacert "$WORK/cert.pem" --cert-crit-days 21
expect_rc 2 "tls probe: --cert-crit-days 21"
run "$MONCTL" probe tls "localhost:$port"
expect_rc 2 "tls probe verifies too"
expect_contains "$OUT" "TLS failure" "named"

run "$MONCTL" probe tls "localhost:$port" --insecure --format prom --name cert
expect_rc 0 "tls probe, prom"
not_after=$(openssl x509 -in "$WORK/cert.pem" -noout -enddate | cut -d= -f2)
expect_contains "$OUT" "probe_ssl_earliest_cert_expiry{probe=\"cert\"} $(date -u -d "$not_after" +%s)" "expiry = notAfter"

run "$MONCTL" probe tcp "localhost:$port" --tls --cacert "$WORK/cert.pem" --send 'GET /fast HTTP/1.0\r\n\r\n' --expect 'HTTP/1.1 200'
expect_rc 0 "tcp --tls with send/expect"
expect_contains "$OUT" 'got "HTTP/1.1 200 OK"' "first line of the answer"
run "$MONCTL" probe tcp "localhost:$port" --tls
expect_rc 2 "tcp --tls verifies"

finish
