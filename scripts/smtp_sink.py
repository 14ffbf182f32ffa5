#!/usr/bin/env python3
"""A real SMTP server on loopback for the notification tests (aiosmtpd from PyPI).

Every message it accepts is written to --folder as NNNNNN.eml (the envelope in X-Envelope-*
headers first, then the message as received), so a test reads what a mail server really got.
Prints "READY <port>" once listening and stops when its standard input closes (the test ended).

    python3 scripts/smtp_sink.py --folder /tmp/mail [--port 0] [--tls-cert c.pem --tls-key k.pem] [--auth user:password]
"""
import argparse
import itertools
import os
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            number = next(self.counter)
        path = os.path.join(self.folder, "%06d.eml" % number)
        head = "X-Envelope-From: %s\r\nX-Envelope-To: %s\r\nX-Session-TLS: %s\r\nX-Session-Login: %s\r\n" % (
            envelope.mail_from, ",".join(envelope.rcpt_tos), "yes" if session.ssl is not None else "no",
            (session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else ""))
        temporary = path + ".part"
        with open(temporary, "wb") as file:
            file.write(head.encode())
            file.write(envelope.original_content or envelope.content)
        os.replace(temporary, path)  # a reader never sees half a message
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--auth", help="login:password; AUTH is then required")
    args = parser.parse_args()
    os.makedirs(args.folder, exist_ok=True)
    port = args.port or free_port()
    options = {}
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        options.update(tls_context=context, require_starttls=True)
    if args.auth:
        login, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, data):
            ok = isinstance(data, LoginPassword) and data.login.decode() == login and data.password.decode() == password
            return AuthResult(success=ok, auth_data=data if ok else None)

        options.update(authenticator=authenticator, auth_required=True, auth_require_tls=bool(args.tls_cert))
    controller = Controller(Sink(args.folder), hostname="127.0.0.1", port=port, **options)
    controller.start()
    print("READY %d" % port, flush=True)
    try:
        sys.stdin.read()  # until the test closes our input or ends
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
