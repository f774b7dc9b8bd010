"""A fake WhatsApp/SMS gateway on 127.0.0.1 for the outbox tests: it accepts, delays, fails
(HTTP 500), rejects (HTTP 400) and counts, per Idempotency-Key, how many messages it delivered
(a real gateway deduplicates on that key; so does this one)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeGateway:
    def __init__(self, port: int = 0):
        self.mode = "accept"
        self.delay = 0.0
        self.requests: list[dict] = []
        self.delivered: dict[str, int] = {}  # key -> messages delivered to the phone (deduplicated: 0 or 1)
        self.accepted: dict[str, int] = {}  # key -> POSTs accepted (a retry after a timeout is a second POST)
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                payload = json.loads(self.rfile.read(length) or b"{}")
                key = self.headers.get("Idempotency-Key", "")
                with gateway.lock:
                    gateway.requests.append({"key": key, "auth": self.headers.get("Authorization", ""), **payload})
                    mode = gateway.mode
                if mode == "fail":
                    return self._answer(500, {"error": "upstream down"})
                if mode == "reject":
                    return self._answer(400, {"error": "invalid number"})
                with gateway.lock:  # accepted (counted once per key, like a real gateway)
                    gateway.accepted[key] = gateway.accepted.get(key, 0) + 1
                    gateway.delivered[key] = 1
                if mode == "delay":
                    time.sleep(gateway.delay)
                return self._answer(200, {"id": f"wa-{key[:8]}"})

            def _answer(self, status, body):
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
