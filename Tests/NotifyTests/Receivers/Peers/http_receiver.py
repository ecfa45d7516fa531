#!/usr/bin/env python3
"""A local stand-in for the services Warden's receivers post to (webhook, Slack, Teams, Discord,
Telegram, PagerDuty, Twilio, SMS gateways), started by NotifyTests.

It records every request (method, path, query, headers, body) as one JSON line in --record, and
answers from --plan: a JSON list of answers used in order, the last one repeating. An answer is
{"status": 200, "body": "ok", "headers": {...}} or {"hang": true} (never answer, to exercise
timeouts). With --hmac-secret, each record also holds "hmac_sha256", the hex HMAC-SHA256 of the
body under that secret, computed here independently of Warden. The chosen port is printed as
"PORT <n>" once listening.
"""
import argparse
import base64
import hashlib
import hmac
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--record", required=True)
    parser.add_argument("--plan", default='[{"status": 200, "body": "ok"}]')
    parser.add_argument("--hmac-secret")
    args = parser.parse_args()
    plan = json.loads(args.plan)
    lock = threading.Lock()
    state = {"count": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def read_body(self):
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                data = b""
                while True:
                    size = int(self.rfile.readline().strip() or b"0", 16)
                    if size == 0:
                        self.rfile.readline()
                        return data
                    data += self.rfile.read(size)
                    self.rfile.readline()
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def handle_any(self):
            body = self.read_body()
            path, _, query = self.path.partition("?")
            entry = {
                "method": self.command,
                "path": path,
                "query": query,
                "headers": {name.lower(): value for name, value in self.headers.items()},
                "body": body.decode("utf-8", "replace"),
                "body_base64": base64.b64encode(body).decode(),
            }
            if args.hmac_secret is not None:
                entry["hmac_sha256"] = hmac.new(args.hmac_secret.encode(), body, hashlib.sha256).hexdigest()
            with lock:
                answer = plan[min(state["count"], len(plan) - 1)]
                state["count"] += 1
                with open(args.record, "a", encoding="utf-8") as record:
                    record.write(json.dumps(entry) + "\n")
            if answer.get("hang"):
                time.sleep(3600)
                return
            payload = answer.get("body", "").encode()
            self.send_response(answer.get("status", 200))
            for name, value in answer.get("headers", {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = handle_any

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
