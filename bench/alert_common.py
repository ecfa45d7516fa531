#!/usr/bin/env python3
"""Shared pieces of the alerting benchmarks (bench/alert-*.sh and their alert_*_helper.py).

Command line (for the shell scripts):
  free-port                  print a free loopback TCP port
  wait-http URL SECONDS      wait until URL answers 2xx (exit 1 with a message otherwise)

Library (imported by the helpers, which sit in the same directory):
  Exporter          a Prometheus exposition endpoint in a thread; the page comes from a callback,
                    every scrape is recorded with its time and the scraper's User-Agent
  Receivers         an SMTP server (aiosmtpd) and a webhook HTTP server in threads, recording
                    each delivery's arrival time, recipient or path, and content
  cpu_seconds(pid), memory_kib(pid), get_json(url), post_json(url, body), median, percentile
"""
import email
import email.policy
import http.client
import http.server
import json
import os
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_http(url, seconds):
    deadline = time.time() + float(seconds)
    last = None
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if 200 <= r.status < 300:
                    return True
        except Exception as error:  # not up yet
            last = error
        time.sleep(0.2)
    sys.stderr.write(f"{url} did not answer within {seconds} s (last: {last})\n")
    return False


def cpu_seconds(pid):
    """utime + stime of a process, in seconds (clock ticks, so 10 ms resolution)."""
    with open(f"/proc/{pid}/stat") as f:
        # The command name may hold spaces; fields after the closing parenthesis are fixed.
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def memory_kib(pid):
    """{"VmRSS": kib, "VmHWM": kib} of a process."""
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values


def get_json(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return json.loads(r.read())


def post(url, body=b"", content_type="application/json", timeout=120):
    """(status, body); an HTTP error status is returned, not raised."""
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class KeepAliveClient:
    """One keep-alive HTTP connection to a base URL, for many POSTs in a row."""

    def __init__(self, base, timeout=300):
        u = urllib.parse.urlparse(base)
        self.host, self.port, self.timeout = u.hostname, u.port, timeout
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def post_json(self, path, payload):
        body = json.dumps(payload).encode()
        try:
            self.conn.request("POST", path, body, {"Content-Type": "application/json"})
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.conn.request("POST", path, body, {"Content-Type": "application/json"})
            response = self.conn.getresponse()
        data = response.read()
        if response.status // 100 != 2:
            raise RuntimeError(f"POST {path}: HTTP {response.status}: {data[:300]!r}")
        return data


def median(values):
    values = sorted(values)
    if not values:
        return float("nan")
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def percentile(values, q):
    """Nearest-rank percentile (q in 0..100): with 60 values, p99 is the largest."""
    values = sorted(values)
    if not values:
        return float("nan")
    rank = max(1, -(-len(values) * q // 100))
    return values[int(rank) - 1]


def system_of_user_agent(agent):
    """'Prometheus/2.42.0' -> 'prometheus', 'Warden/0.1' -> 'warden'."""
    return (agent or "unknown").split("/", 1)[0].strip().lower() or "unknown"


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class Exporter:
    """Serves /metrics from page(now) in a thread; records (time, system, page_version) per scrape.

    page(now) returns (text, version): version is any value the caller wants to see recorded with
    the scrape (the latency benchmark uses the set of flipped rounds).
    """

    def __init__(self, port, page):
        self.page = page
        self.lock = threading.Lock()
        self.scrapes = []  # (time.time(), system, version)
        exporter = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                if self.path.split("?", 1)[0] != "/metrics":
                    self.send_error(404)
                    return
                text, version = exporter.page(time.time())
                body = text.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; version=0.0.4")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()
                with exporter.lock:
                    exporter.scrapes.append((time.time(), system_of_user_agent(self.headers.get("User-Agent")), version))

            def log_message(self, *args):
                pass

        self.server = _QuietServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def scrapes_since(self, t):
        with self.lock:
            return [s for s in self.scrapes if s[0] >= t]

    def close(self):
        self.server.shutdown()


class Receivers:
    """An SMTP server (aiosmtpd) and a webhook server, both recording what arrives.

    events: dicts {"kind": "email"|"webhook", "time": arrival, "to": [rcpt] | "path": "/x",
    "text": decoded e-mail text (subject + parts) | "json": parsed webhook body}.
    """

    def __init__(self, smtp_port, webhook_port, on_webhook=None):
        """on_webhook(time, path, payload), when given, sees each webhook body instead of
        events keeping it (for large payloads); the event then keeps only the alert count."""
        self.lock = threading.Lock()
        self.events = []
        self.condition = threading.Condition(self.lock)
        receivers = self
        self.controller = None
        if smtp_port:
            from aiosmtpd.controller import Controller  # only the latency benchmark needs it

            class MailHandler:
                async def handle_DATA(self, server, session, envelope):
                    arrived = time.time()
                    receivers._record({"kind": "email", "time": arrived, "to": list(envelope.rcpt_tos),
                                       "text": _email_text(envelope.original_content or envelope.content)})
                    return "250 Message accepted for delivery"

            self.controller = Controller(MailHandler(), hostname="127.0.0.1", port=smtp_port)
            self.controller.start()

        class WebhookHandler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                arrived = time.time()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                self.wfile.flush()
                try:
                    payload = json.loads(body)
                except ValueError:
                    payload = {"unparsable": body[:200].decode(errors="replace")}
                if on_webhook:
                    on_webhook(arrived, self.path, payload)
                    receivers._record({"kind": "webhook", "time": arrived, "path": self.path,
                                       "alerts": len(payload.get("alerts", []))})
                else:
                    receivers._record({"kind": "webhook", "time": arrived, "path": self.path, "json": payload})

            def log_message(self, *args):
                pass

        self.server = _QuietServer(("127.0.0.1", webhook_port), WebhookHandler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _record(self, event):
        with self.condition:
            self.events.append(event)
            self.condition.notify_all()

    def snapshot(self, start=0):
        with self.lock:
            return self.events[start:]

    def count(self):
        with self.lock:
            return len(self.events)

    def wait(self, predicate, timeout):
        """Wait until predicate(events) is true or timeout seconds pass; returns the last value."""
        deadline = time.time() + timeout
        with self.condition:
            while True:
                value = predicate(self.events)
                remaining = deadline - time.time()
                if value or remaining <= 0:
                    return value
                self.condition.wait(min(remaining, 0.5))

    def close(self):
        if self.controller:
            self.controller.stop()
        self.server.shutdown()


def _email_text(raw):
    """Subject and every text part of a message, decoded, so a label value can be found in it."""
    if isinstance(raw, str):
        raw = raw.encode()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    pieces = [str(message.get("Subject", ""))]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            try:
                pieces.append(part.get_content())
            except (LookupError, ValueError):
                pieces.append(part.get_payload(decode=True).decode(errors="replace"))
    return "\n".join(pieces)


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "free-port":
        print(free_port())
    elif command == "wait-http":
        sys.exit(0 if wait_http(sys.argv[2], sys.argv[3]) else 1)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
