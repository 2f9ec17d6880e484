#!/usr/bin/env python3
"""A scrape target whose answers are known in advance: the Nth request of a path serves
counter work_done_total = 10*N and gauge queue_depth = N, so a scraper's rates and statistics
can be checked exactly. Every request is logged as "PORTPATH N ACCEPT" (one line, flushed) to LOG:
tests wait on that log, not on the clock.
  /metrics      Prometheus text 0.0.4
  /metrics.om   OpenMetrics 1.0.0 (with # EOF)
  /500          HTTP 500
  /bad          200 with a malformed exposition
  /big          200 with 1 MiB of valid text
  /slow         200 after 2 s
Each port of PORTS (comma-separated) serves the same paths, with counts of their own per port.
Usage: scrape_target.py PORTS LOG"""
import http.server
import sys
import threading
import time

ports, log_path = [int(p) for p in sys.argv[1].split(",")], sys.argv[2]
log = open(log_path, "a", buffering=1)
counts = {}
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, body, ctype="text/plain; version=0.0.4; charset=utf-8"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        key = (self.server.server_address[1], path)
        with lock:
            n = counts[key] = counts.get(key, 0) + 1
            log.write("%d%s %d %s\n" % (key[0], path, n, self.headers.get("Accept", "")))
        if path == "/metrics":
            body = ("# HELP work_done_total Work done.\n# TYPE work_done_total counter\nwork_done_total %d\n"
                    "# TYPE queue_depth gauge\nqueue_depth{instance=\"app\"} %d\n" % (10 * n, n))
            self.send(200, body.encode())
        elif path == "/metrics.om":
            body = ("# TYPE work_done counter\nwork_done_total %d\n# TYPE queue_depth gauge\nqueue_depth %d\n# EOF\n"
                    % (10 * n, n))
            self.send(200, body.encode(), "application/openmetrics-text; version=1.0.0; charset=utf-8")
        elif path == "/500":
            self.send(500, b"internal error\n", "text/plain")
        elif path == "/bad":
            self.send(200, b"work_done_total 1\nthis is not { metrics\n")
        elif path == "/slow":
            time.sleep(2)
            self.send(200, b"late 1\n")
        elif path == "/big":
            self.send(200, b"".join(b"filler_%d 1\n" % i for i in range(80000)))
        else:
            self.send(404, b"not found\n", "text/plain")


servers = [http.server.ThreadingHTTPServer(("127.0.0.1", p), Handler) for p in ports]
for s in servers[1:]:
    threading.Thread(target=s.serve_forever, daemon=True).start()
servers[0].serve_forever()
