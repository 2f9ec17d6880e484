#!/usr/bin/env python3
"""A loopback receiver of notifications for monctl alert's tests: webhooks, Slack's incoming
webhooks and Alertmanager-style POSTs. Each request is saved whole into DIR as NNNN.json (the
body) and NNNN.head (request line and headers), numbered in arrival order, written to a
temporary name and renamed so that a test sees complete files only.

Paths: /hook (200), /slack (200, body "ok" as Slack answers), /slack-bad (200, body
"invalid_token": Slack's failure), /400 (400, not to be retried), /flaky (500 for the first
--fail requests to it, then 200), /slow (answers after 5 s).
    alert_receiver.py DIR PORT [--fail N]"""
import argparse
import http.server
import os
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("dir")
parser.add_argument("port", type=int)
parser.add_argument("--fail", type=int, default=1)
args = parser.parse_args()
lock = threading.Lock()
state = {"n": 0, "flaky": 0}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def answer(self, code, body=b""):
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        path = self.path.split("?")[0]
        with lock:
            state["n"] += 1
            n = state["n"]
            flaky_fail = path == "/flaky" and state["flaky"] < args.fail
            if path == "/flaky":
                state["flaky"] += 1
        base = os.path.join(args.dir, f"{n:04d}")
        with open(base + ".head.tmp", "w") as f:
            f.write(self.requestline + "\n" + str(self.headers))
        with open(base + ".json.tmp", "wb") as f:
            f.write(body)
        os.rename(base + ".head.tmp", base + ".head")
        os.rename(base + ".json.tmp", base + ".json")
        if path == "/slack":
            self.answer(200, b"ok")
        elif path == "/slack-bad":
            self.answer(200, b"invalid_token")
        elif path == "/400":
            self.answer(400, b"bad request")
        elif path == "/flaky":
            self.answer(500 if flaky_fail else 200, b"flaky")
        elif path == "/slow":
            time.sleep(5)
            self.answer(200)
        else:
            self.answer(200)

    do_PUT = do_POST


os.makedirs(args.dir, exist_ok=True)
server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
server.daemon_threads = True
server.serve_forever()
