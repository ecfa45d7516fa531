#!/usr/bin/env python3
"""A real SMTP server for NotifyTests, built on aiosmtpd's Controller: plain, STARTTLS or
implicit TLS (SMTPS), optionally requiring AUTH (after STARTTLS in that mode) (PLAIN and LOGIN from aiosmtpd, CRAM-MD5 added
here). Each accepted message is written to --directory as N.eml (the bytes received) and
N.json (envelope sender, recipients, authenticated login, whether TLS was on).

--mode silent listens without ever answering (for timeouts). --reject RCPT answers 550 to that
recipient ("*" for all), --tempfail RCPT answers 451, --fail-first N answers 451 to the first N
messages. Prints "PORT <n>" once listening.
"""
import argparse
import asyncio
import hmac
import json
import os
import secrets
import socket
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import MISSING, AuthResult, LoginPassword


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    def __init__(self, directory, reject, tempfail, user, password, fail_first=0, implicit_tls=False):
        self.directory = directory
        # aiosmtpd sets session.ssl only after STARTTLS; an SMTPS session is TLS from the start.
        self.implicit_tls = implicit_tls
        self.fail_first = fail_first
        self.attempts = 0
        self.reject = set(reject)
        self.tempfail = set(tempfail)
        self.user = user
        self.password = password
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject or "*" in self.reject:
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        if address in self.tempfail:
            return "451 4.3.0 <%s>: Temporary failure, try again" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        if self.attempts <= self.fail_first:
            return "451 4.3.0 Temporary local problem, try again"
        self.count += 1
        base = os.path.join(self.directory, str(self.count))
        with open(base + ".eml", "wb") as message:
            message.write(envelope.original_content or envelope.content)
        login = getattr(session, "auth_data", None)
        if isinstance(login, LoginPassword):
            login = login.login.decode()
        with open(base + ".json", "w") as meta:
            json.dump(
                {
                    "mail_from": envelope.mail_from,
                    "rcpt_tos": envelope.rcpt_tos,
                    "login": login if isinstance(login, str) else None,
                    "tls": session.ssl is not None or self.implicit_tls,
                },
                meta,
            )
        return "250 2.0.0 Ok: queued as %d" % self.count

    async def auth_CRAM__MD5(self, server, args):
        challenge = "<%s@warden-test>" % secrets.token_hex(8)
        response = await server.challenge_auth(challenge)
        if response is MISSING:
            return AuthResult(success=False)
        user, _, digest = response.decode().partition(" ")
        expected = hmac.new(self.password.encode(), challenge.encode(), "md5").hexdigest()
        ok = user == self.user and hmac.compare_digest(digest, expected)
        return AuthResult(success=ok, handled=False, auth_data=user if ok else None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--directory", required=True)
    parser.add_argument("--mode", choices=["plain", "starttls", "smtps", "silent"], default="plain")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--auth", help="user:password; AUTH is then required")
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--tempfail", action="append", default=[])
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--mechanisms", help="comma-separated AUTH mechanisms to offer (default: all)")
    args = parser.parse_args()

    if args.mode == "silent":
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        print("PORT %d" % listener.getsockname()[1], flush=True)
        time.sleep(3600)
        return 0

    user, _, password = (args.auth or ":").partition(":")
    handler = Recorder(
        args.directory, args.reject, args.tempfail, user, password, args.fail_first, implicit_tls=args.mode == "smtps"
    )
    kwargs = {"hostname": "127.0.0.1", "port": free_port(), "server_hostname": "warden-test"}
    context = None
    if args.mode in ("starttls", "smtps"):
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    if args.mode == "starttls":
        kwargs.update(tls_context=context, require_starttls=True)
    elif args.mode == "smtps":
        kwargs.update(ssl_context=context)
    if args.auth:

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (
                isinstance(auth_data, LoginPassword)
                and auth_data.login.decode() == user
                and auth_data.password.decode() == password
            )
            return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=args.mode == "starttls")
        if args.mechanisms:
            offered = set(args.mechanisms.split(","))
            kwargs.update(auth_exclude_mechanism=[m for m in ("PLAIN", "LOGIN", "CRAM-MD5") if m not in offered])
    controller = Controller(handler, **kwargs)
    controller.start()
    print("PORT %d" % controller.port, flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    sys.exit(main())
