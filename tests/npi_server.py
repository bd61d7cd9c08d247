"""A local stand-in for the NPI Registry API (v2.1), so tests never touch the network.

It serves fictional records from ``tests/data/npi/records.json`` shaped as the documented API
returns them, filters them the way the API's query parameters do (enumeration_type,
taxonomy_description, postal_code with a trailing ``*``, city, state, address_purpose, limit,
skip), and can misbehave on purpose: see ``MODES``.
"""

from __future__ import annotations

import copy
import functools
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "npi"

MODES = (
    "normal",  # answer from the fixture records
    "empty",  # result_count 0
    "paging",  # fixture records plus `extra` generated physical therapists in 80202
    "flaky",  # the first `fail_first` requests get HTTP 500, then normal
    "rate_limited",  # the first `fail_first` requests get HTTP 429 with Retry-After, then normal
    "down",  # always HTTP 503
    "slow",  # wait `delay` seconds before a normal answer
    "malformed",  # HTTP 200 with a body that is not JSON
    "errors",  # HTTP 200 with an API "Errors" array
    "not_found",  # HTTP 404
)


def _load(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@functools.cache
def _generated(count: int) -> list[dict[str, Any]]:
    """Extra fictional physical therapists, all practising in ZIP 80202."""
    template = _load("records.json")["results"][0]
    out = []
    for i in range(count):
        rec = copy.deepcopy(template)
        rec["number"] = f"98{i:08d}"
        rec["basic"]["first_name"] = "GENERATED"
        rec["basic"]["last_name"] = f"PERSON{i:04d}"
        rec["taxonomies"][0]["license"] = f"PT-GEN-{i:04d}"
        out.append(rec)
    return out


def _matches(rec: dict[str, Any], q: dict[str, str]) -> bool:
    if "enumeration_type" in q and rec.get("enumeration_type") != q["enumeration_type"]:
        return False
    if "taxonomy_description" in q:
        wanted = q["taxonomy_description"].lower()
        if not any(wanted in t.get("desc", "").lower() for t in rec.get("taxonomies", [])):
            return False
    addresses = rec.get("addresses", [])
    if q.get("address_purpose"):
        addresses = [a for a in addresses if a.get("address_purpose") == q["address_purpose"]]

    def any_address(check) -> bool:
        return any(check(a) for a in addresses)

    if "postal_code" in q:
        code = q["postal_code"]
        if code.endswith("*"):
            prefix = code[:-1]
            if not any_address(lambda a: a.get("postal_code", "").startswith(prefix)):
                return False
        elif not any_address(lambda a: a.get("postal_code", "")[:5] == code[:5]):
            return False
    if "city" in q and not any_address(lambda a: a.get("city", "").lower() == q["city"].lower()):
        return False
    return not (
        "state" in q and not any_address(lambda a: a.get("state", "").upper() == q["state"].upper())
    )


class FakeNPIServer:
    """Threaded HTTP server on 127.0.0.1 and a free port; ``hits`` records every request."""

    def __init__(self) -> None:
        self.mode = "normal"
        self.extra = 130
        self.fail_first = 1
        self.retry_after = "2"
        self.delay = 2.0
        self.hits: list[dict[str, str]] = []
        self.user_agents: list[str] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._records = _load("records.json")["results"]
        self._errors = _load("errors.json")
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/api/"

    def reset(self, mode: str = "normal") -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; use one of {MODES}")
        with self._lock:
            self.mode = mode
            self.hits.clear()
            self.user_agents.clear()

    def start(self) -> FakeNPIServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.handle_error = lambda request, address: None  # clients that time out
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()  # let slow replies finish at once
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    # ------------------------------------------------------------------ request handling

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parts = urllib.parse.urlsplit(h.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        with self._lock:
            self.hits.append(query)
            self.user_agents.append(h.headers.get("User-Agent", ""))
            count = len(self.hits)
            mode = self.mode
        if mode == "flaky" and count <= self.fail_first:
            return self._send(h, 500, b'{"error": "temporary failure"}')
        if mode == "rate_limited" and count <= self.fail_first:
            return self._send(h, 429, b"Too Many Requests", {"Retry-After": self.retry_after})
        if mode == "down":
            return self._send(h, 503, b"Service Unavailable")
        if mode == "slow":
            self._release.wait(self.delay)
        if mode == "malformed":
            return self._send(h, 200, b'{"result_count": 1, "results": [{"number": ')
        if mode == "not_found":
            return self._send(h, 404, b"Not Found")
        if mode == "errors":
            return self._send(h, 200, json.dumps(self._errors).encode())
        if query.get("version") != "2.1":
            return self._send(h, 200, self._error("version", "Version 2.1 is required"))
        try:
            limit = int(query.get("limit", "10"))
            skip = int(query.get("skip", "0"))
        except ValueError:
            return self._send(h, 200, self._error("limit", "limit and skip must be numbers"))
        if not 1 <= limit <= 200:
            return self._send(h, 200, self._error("limit", "limit must be 1 to 200"))
        if not 0 <= skip <= 1000:
            return self._send(h, 200, self._error("skip", "skip must be 0 to 1000"))
        records = [] if mode == "empty" else list(self._records)
        if mode == "paging":
            records += _generated(self.extra)
        found = [r for r in records if _matches(r, query)]
        page = found[skip : skip + limit]
        body = {"result_count": len(page), "results": page}
        return self._send(h, 200, json.dumps(body).encode())

    @staticmethod
    def _error(fld: str, text: str) -> bytes:
        return json.dumps(
            {"Errors": [{"description": text, "field": fld, "number": "99"}]}
        ).encode()

    @staticmethod
    def _send(
        h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict | None = None
    ) -> None:
        try:
            h.send_response(status)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                h.send_header(key, value)
            h.end_headers()
            h.wfile.write(body)
        except OSError:
            pass  # the client gave up (timeout); nothing to do


if __name__ == "__main__":  # handy for trying the CLI or dashboard by hand
    srv = FakeNPIServer().start()
    print(f"fake NPI Registry at {srv.url} (Ctrl+C to stop)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        srv.stop()
