#!/usr/bin/python3
"""A loopback SMTP sink for monctl's email tests, on Debian's python3-aiosmtpd.

Each message received is written to DIR/N.json as {"mail_from", "rcpt_tos", "data"} (N counting
from 1; written under a temporary name and renamed, so a file that exists is complete). The port
(free on 127.0.0.1, chosen here) is written to --port-file once the server accepts connections.
--auth USER:PASSWORD requires AUTH PLAIN/LOGIN with those credentials (over plain text: this is a
test sink on loopback). Runs until killed. Run it with /usr/bin/python3: python3-aiosmtpd is
Debian's, and a python3 earlier in PATH may not see it.
"""
import argparse
import json
import logging
import os
import signal
import socket
import sys
import time
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "data": envelope.content.decode("utf-8", "replace"),
            "authenticated": session.authenticated,
        }
        final = os.path.join(self.directory, "%d.json" % self.count)
        with open(final + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(final + ".tmp", final)
        return "250 Message accepted for delivery"


def main():
    warnings.filterwarnings("ignore")  # AUTH without TLS: on loopback, on purpose
    logging.disable(logging.WARNING)
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--port-file", required=True)
    p.add_argument("--auth")
    a = p.parse_args()
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    kwargs = {}
    if a.auth:
        user, password = a.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and \
                auth_data.password.decode() == password
            return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535

        kwargs = {"authenticator": authenticator, "auth_require_tls": False, "auth_required": True}
    controller = Controller(Sink(a.dir), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()  # returns once the server answers
    with open(a.port_file + ".tmp", "w") as f:
        f.write(str(port))
    os.rename(a.port_file + ".tmp", a.port_file)
    signal.signal(signal.SIGTERM, lambda *_: (controller.stop(), sys.exit(0)))
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
