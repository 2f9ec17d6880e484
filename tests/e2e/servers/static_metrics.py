#!/usr/bin/env python3
"""Serves the files of a folder on 127.0.0.1 with the content type a scraper expects:
*.prom as Prometheus text 0.0.4, *.om as OpenMetrics 1.0.0. Prints nothing; the test waits
for the port.  Usage: static_metrics.py DIR PORT"""
import http.server
import os
import sys

root, port = sys.argv[1], int(sys.argv[2])
TYPES = {
    ".prom": "text/plain; version=0.0.4; charset=utf-8",
    ".om": "application/openmetrics-text; version=1.0.0; charset=utf-8",
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        path = os.path.join(root, os.path.basename(self.path.split("?")[0]))
        if not os.path.isfile(path):
            self.send_error(404)
            return
        body = open(path, "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", TYPES.get(os.path.splitext(path)[1], "text/plain"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
