"""A local stand-in for the NPI Registry API (v2.1) that behaves like the real one.

Built against the real replies in ``tests/data/npi/real/`` and the facts in the research
(``shared/research/npi_api_facts.md``, cited below by their numbers):

* refusals come with HTTP 200 and an ``Errors`` list holding the API's own numbers and texts
  (#12-#18): 03 wildcard, 04 no criteria, 05 bad enumeration type, 07 state alone, 09
  enumeration type alone, 17 version; several in one reply when several apply;
* ``limit`` above 200 is clamped to 200 and ``limit=0`` becomes 10, not refused (#4); ``skip``
  above 1000 is served like any other (its real behaviour is unconfirmed, #5);
* ``taxonomy_description`` matches a whole description, or its classification or specialty
  part ("Athletic Trainer" matches "Specialist/Technologist, Athletic Trainer"), or a prefix
  with a trailing ``*`` after 2 characters (#26, #27), on *any* taxonomy of a record (#27);
* ``address_purpose=LOCATION`` matches the main practice address and ``practiceLocations``
  (#29, inferred by the research), MAILING only the mailing address;
* records come in the current shape (``tests/data/npi/records.json``): strings for numbers and
  dates, empty keys left out, ``license: null``, MAILING before LOCATION in most (#34-#40).

It can also misbehave on purpose (see ``MODES``) and replay a saved reply byte for byte.
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

DATA = Path(__file__).parents[1] / "data" / "npi"
REAL = DATA / "real"

MODES = (
    "normal",  # answer from the fixture records, filtered as the API filters
    "empty",  # result_count 0
    "paging",  # fixture records plus `extra` generated physical therapists in 80202
    "flaky",  # the first `fail_first` requests get HTTP 500, then normal
    "rate_limited",  # the first `fail_first` requests get HTTP 429 with Retry-After, then normal
    "maintenance",  # the first `fail_first` requests get an HTML page (HTTP 200), then normal
    "down",  # always HTTP 503
    "slow",  # wait `delay` seconds before a normal answer
    "malformed",  # HTTP 200 with a JSON body cut short
    "errors",  # the real "no criteria" refusal (errors_04_no_criteria.json), HTTP 200
    "not_found",  # HTTP 404
    "replay",  # the bytes given to replay(), whatever the query
)

MAINTENANCE_PAGE = (
    b"<!DOCTYPE html><html><head><title>NPPES</title></head><body><h1>The NPI Registry is "
    b"down for scheduled maintenance</h1><p>Please try again later.</p></body></html>"
)

# The API's refusals (number, text), as the research records them.
WILDCARD = ("03", "Wildcards require at least two leading characters")
NO_CRITERIA = ("04", "No valid search criteria provided")
BAD_FIELD = ("05", "Field contains special character(s) or wrong number of characters")
STATE_ALONE = ("07", "Field state requires additional search criteria")
TYPE_ALONE = ("09", "Enumeration_type requires additional search criteria")
BAD_VERSION = ("17", "Unsupported Version")

# Fields that count as criteria on their own (#20: not state, enumeration_type or country).
_CRITERIA = (
    "number", "first_name", "last_name", "organization_name", "taxonomy_description", "city",
    "postal_code",
)  # fmt: skip
_WILDCARD_FIELDS = (
    "first_name", "last_name", "organization_name", "postal_code", "taxonomy_description", "city",
)  # fmt: skip


def load(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def real_path(name: str) -> Path:
    return REAL / name


@functools.cache
def _generated(count: int) -> list[dict[str, Any]]:
    """Extra fictional physical therapists, all practising in ZIP 80202."""
    template = load("records.json")["results"][0]
    out = []
    for i in range(count):
        rec = copy.deepcopy(template)
        rec["number"] = f"98{i:08d}"
        rec["basic"]["first_name"] = "GENERATED"
        rec["basic"]["last_name"] = f"PERSON{i:04d}"
        rec["taxonomies"][0]["license"] = f"PT-GEN-{i:04d}"
        out.append(rec)
    return out


def _error(fld: str, number_text: tuple[str, str]) -> dict[str, str]:
    number, text = number_text
    return {"description": text, "field": fld, "number": number}


def refusals(q: dict[str, str]) -> list[dict[str, str]]:
    """Every refusal the real API would give for this query (empty when it is acceptable)."""
    if q.get("version") != "2.1":
        return [_error("version", BAD_VERSION)]
    errors = []
    for name in _WILDCARD_FIELDS:
        value = q.get(name, "")
        if value.endswith("*") and len(value.rstrip("*")) < 2:
            errors.append(_error(name, WILDCARD))
    kind = q.get("enumeration_type")
    if kind and kind not in ("NPI-1", "NPI-2"):
        errors.append(_error("enumeration_type", BAD_FIELD))
    has_criteria = any(q.get(name) for name in _CRITERIA)
    if not has_criteria:
        if not q.get("state") and not kind:
            errors.append(_error("generic", NO_CRITERIA))
        if q.get("state"):
            errors.append(_error("state", STATE_ALONE))
        if kind:
            errors.append(_error("enumeration_type", TYPE_ALONE))
    return errors


def page_bounds(q: dict[str, str]) -> tuple[int, int]:
    """(limit, skip): limit above 200 clamped, 0 or unreadable -> the default 10 (#4)."""
    try:
        limit = int(q.get("limit", "10"))
    except ValueError:
        limit = 10
    limit = 10 if limit <= 0 else min(limit, 200)
    try:
        skip = max(0, int(q.get("skip", "0")))
    except ValueError:
        skip = 0
    return limit, skip


def taxonomy_matches(wanted: str, desc: str | None) -> bool:
    """Exact description, or its classification or specialty part; or a prefix with '*'."""
    text = (desc or "").lower()
    parts = [text, *(p.strip() for p in text.split(",", 1))]
    want = wanted.strip().lower()
    if want.endswith("*"):
        return any(p.startswith(want[:-1]) for p in parts)
    return want in parts


def _addresses(rec: dict[str, Any], purpose: str | None) -> list[dict[str, Any]]:
    main = rec.get("addresses", [])
    extra = rec.get("practiceLocations", [])
    location = [a for a in main if a.get("address_purpose") == "LOCATION"]
    if purpose == "LOCATION":
        return location + extra
    if purpose == "PRIMARY":
        return location
    if purpose == "SECONDARY":
        return list(extra)
    if purpose == "MAILING":
        return [a for a in main if a.get("address_purpose") == "MAILING"]
    return main + extra


def _text_matches(wanted: str, value: str) -> bool:
    wanted, value = wanted.lower(), (value or "").lower()
    return value.startswith(wanted[:-1]) if wanted.endswith("*") else value == wanted


def matches(rec: dict[str, Any], q: dict[str, str]) -> bool:
    if "enumeration_type" in q and rec.get("enumeration_type") != q["enumeration_type"]:
        return False
    if "number" in q and rec.get("number") != q["number"]:
        return False
    basic = rec.get("basic", {})
    for name in ("first_name", "last_name", "organization_name"):
        if name in q and not _text_matches(q[name], basic.get(name, "")):
            return False
    if "taxonomy_description" in q and not any(
        taxonomy_matches(q["taxonomy_description"], t.get("desc"))
        for t in rec.get("taxonomies", [])
    ):
        return False

    def place(a: dict[str, Any]) -> bool:
        code, have = q.get("postal_code"), a.get("postal_code", "")
        if code and not (have.startswith(code[:-1]) if code.endswith("*") else have[:5] == code):
            return False  # 5 digits match any ZIP+4 in the data (#24)
        if "city" in q and not _text_matches(q["city"], a.get("city", "")):
            return False
        return "state" not in q or a.get("state", "").upper() == q["state"].upper()

    if not {"postal_code", "city", "state"} & q.keys():
        return True
    return any(place(a) for a in _addresses(rec, q.get("address_purpose")))


class FakeNPIServer:
    """Threaded HTTP server on 127.0.0.1 and a free port; ``hits`` records every request."""

    def __init__(self) -> None:
        self.mode = "normal"
        self.extra = 130
        self.fail_first = 1
        self.retry_after = "2"
        self.delay = 2.0
        self.page_delay = 0.0  # seconds before every normal answer (to watch progress)
        self.hits: list[dict[str, str]] = []
        self.user_agents: list[str] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._records = load("records.json")["results"]
        self._errors = real_path("errors_04_no_criteria.json").read_bytes()
        self._replay = b""
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

    def replay(self, body: bytes | Path) -> None:
        """Answer with these bytes (a saved real reply), HTTP 200, whatever the query.

        Only the first page (skip=0) gets them; a later page is empty, as for a query whose
        results all fit on the saved page.
        """
        self.reset("replay")
        self._replay = body.read_bytes() if isinstance(body, Path) else body

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

    def answer(self, query: dict[str, str], mode: str = "normal") -> dict[str, Any]:
        """The JSON the API would send for this query (refusal or page), without HTTP."""
        errors = refusals(query)
        if errors:
            return {"Errors": errors}
        limit, skip = page_bounds(query)
        records = [] if mode == "empty" else list(self._records)
        if mode == "paging":
            records += _generated(self.extra)
        found = [r for r in records if matches(r, query)]
        page = found[skip : skip + limit]
        return {"result_count": len(page), "results": page}

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        parts = urllib.parse.urlsplit(h.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        with self._lock:
            self.hits.append(query)
            self.user_agents.append(h.headers.get("User-Agent", ""))
            count = len(self.hits)
            mode = self.mode
        if mode == "replay":
            later = query.get("skip", "0") not in ("", "0")
            return self._send(
                h, 200, b'{"result_count": 0, "results": []}' if later else self._replay
            )
        if mode == "flaky" and count <= self.fail_first:
            return self._send(h, 500, b'{"error": "temporary failure"}')
        if mode == "rate_limited" and count <= self.fail_first:
            return self._send(h, 429, b"Too Many Requests", {"Retry-After": self.retry_after})
        if mode == "maintenance" and count <= self.fail_first:
            return self._send(h, 200, MAINTENANCE_PAGE, {"Content-Type": "text/html"})
        if mode == "down":
            return self._send(h, 503, b"Service Unavailable")
        if mode == "slow":
            self._release.wait(self.delay)
        if self.page_delay:
            self._release.wait(self.page_delay)
        if mode == "malformed":
            return self._send(h, 200, b'{"result_count": 1, "results": [{"number": ')
        if mode == "not_found":
            return self._send(h, 404, b"Not Found")
        if mode == "errors":
            return self._send(h, 200, self._errors)
        return self._send(h, 200, json.dumps(self.answer(query, mode)).encode())

    @staticmethod
    def _send(
        h: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict | None = None
    ) -> None:
        headers = {"Content-Type": "application/json", **(headers or {})}
        try:
            h.send_response(status)
            h.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
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
