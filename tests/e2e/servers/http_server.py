#!/usr/bin/env python3
"""A loopback HTTP(S) server for monctl probe's tests and benchmark.

Paths: /fast (200 "ok"), /slow (200 after 1 s), /404, /500, /redirect (302 to /fast),
/loop (302 to itself), /json ({"status": "up"}), /headers (X-Monctl-Test: hello),
/big (2 MiB), /echo (the method and body back), /reset (closes the connection unanswered).
Answers concurrently (ThreadingHTTPServer) with a deep listen backlog, so that hundreds of
probes at once are not queued behind each other. --tls CERT KEY serves HTTPS. --log FILE appends
each request as received (its request line, its header lines, an empty line) before answering it,
so that a test that has its answer can read what arrived.
"""
import argparse
import http.server
import socket
import ssl
import struct
import threading
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet: the tests read monctl's output, not ours
        pass

    def send(self, code, body=b"", headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_POST(self):
        self.do_GET()

    def do_PUT(self):
        self.do_GET()

    def do_GET(self):
        if self.server.log:
            with self.server.log_lock, open(self.server.log, "a") as log:
                log.write(self.requestline + "\n" + str(self.headers))
        path = self.path.split("?")[0]
        if path == "/fast":
            self.send(200, b"ok\n", [("Content-Type", "text/plain")])
        elif path == "/slow":
            time.sleep(1)
            self.send(200, b"slow\n")
        elif path == "/404":
            self.send(404, b"not found\n")
        elif path == "/500":
            self.send(500, b"internal error\n")
        elif path == "/redirect":
            self.send(302, b"", [("Location", "/fast")])
        elif path == "/loop":
            self.send(302, b"", [("Location", "/loop")])
        elif path == "/json":
            self.send(200, b'{"status": "up", "version": "1.2.3"}\n', [("Content-Type", "application/json")])
        elif path == "/headers":
            self.send(200, b"ok\n", [("X-Monctl-Test", "hello world")])
        elif path == "/big":
            self.send(200, b"x" * (2 << 20))
        elif path == "/echo":
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n) if n else b""
            self.send(200, self.command.encode() + b" " + body)
        elif path == "/reset":
            # SO_LINGER with a zero timeout: close() sends RST instead of FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        else:
            self.send(404, b"no such path\n")


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 1024
    daemon_threads = True

    def handle_error(self, request, client_address):  # resets and aborted probes are expected
        pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--log")
    a = ap.parse_args()
    server = Server(("127.0.0.1", a.port), Handler)
    server.log, server.log_lock = a.log, threading.Lock()
    if a.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
