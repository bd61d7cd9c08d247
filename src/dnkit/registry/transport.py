"""Getting one page from the registry: a timeout, a few retries, and an on-disk cache.

Plain stdlib (``urllib``). Server errors, rate limits, dropped connections and replies that are
not JSON at all (the API "may return other content types during maintenance", research
npi_api_facts.md #11) are tried again with exponential backoff, honouring ``Retry-After``. A
refusal is not retried: the real API refuses with HTTP 200 and an ``Errors`` list (research #12),
and asking again would get the same answer.
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dnkit import __version__
from dnkit.registry.errors import RegistryError, RegistryUnavailable

MAX_BODY_BYTES = 20 * 1024 * 1024
MAX_WAIT_SECONDS = 30.0  # never sleep longer than this between tries, whatever Retry-After says
USER_AGENT = f"dnkit/{__version__} (open-source patient tool for finding providers; python-urllib)"


class _NotData(Exception):
    """A reply that is not a JSON object: a maintenance page, or a body cut short."""


def retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


def host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc


def _snippet(err: urllib.error.HTTPError) -> str:
    try:
        text = err.read(300).decode("utf-8", "replace")
    except OSError:
        return ""
    return " ".join(text.split())[:200]


def _decode(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        start = body[:200].lstrip().lower()
        if start.startswith((b"<!doctype", b"<html", b"<")):
            raise _NotData("a web page instead of data") from None
        raise _NotData("a reply that is not valid JSON") from None
    if not isinstance(data, dict):
        raise _NotData("a reply that is not valid JSON (not an object)")
    return data


def describe_errors(errors: Any) -> str:
    """The API's ``Errors`` entries as one line: text, field and number of each."""
    items = errors if isinstance(errors, list) else [errors]
    texts = []
    for item in items:
        if isinstance(item, dict):
            desc = " ".join(str(item.get("description") or item.get("message") or item).split())
            details = [f"field: {item['field']}" if item.get("field") else ""]
            details.append(f"error {item['number']}" if item.get("number") else "")
            shown = ", ".join(d for d in details if d)
            texts.append(f"{desc} ({shown})" if shown else desc)
        else:
            texts.append(str(item))
    return "; ".join(texts)


def _check(data: dict[str, Any], url: str) -> dict[str, Any]:
    """A refusal (``Errors``, sent with HTTP 200) becomes a RegistryError; else the page."""
    errors = data.get("Errors") or data.get("errors")
    if errors:
        raise RegistryError("The registry refused the search: " + describe_errors(errors))
    results = data.get("results", [])
    if not isinstance(results, list):
        raise RegistryError(f"The registry at {host(url)} sent 'results' that is not a list.")
    return data


def fetch_page(
    url: str,
    *,
    timeout: float,
    retries: int,
    backoff: float,
    sleep: Callable[[float], None],
    now: Callable[[], float],
) -> dict[str, Any]:
    """GET ``url`` and read its JSON; retry 5xx, 429, network failures and non-JSON replies."""
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"}
    )
    problem = ""
    advice = ""
    for attempt in range(retries + 1):
        wait = backoff * (2**attempt)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read(MAX_BODY_BYTES + 1)
            if len(body) > MAX_BODY_BYTES:
                raise RegistryError("The registry's reply was too large to be a search result.")
            return _check(_decode(body), url)
        except _NotData as err:
            problem = f"it sent {err}"
            advice = "The registry may be down for maintenance; try again later."
        except urllib.error.HTTPError as err:
            code = err.code
            header = err.headers.get("Retry-After") if err.headers else None
            snippet = _snippet(err)
            err.close()
            if code == 429 or 500 <= code < 600:
                problem = f"the registry answered HTTP {code}"
                advice = "The registry may be busy or down; try again later."
                hinted = retry_after(header, now())
                if hinted is not None:
                    wait = hinted
            else:
                raise RegistryError(
                    f"The registry refused the search (HTTP {code}). {snippet}".strip()
                ) from None
        except (TimeoutError, urllib.error.URLError, http.client.HTTPException, OSError) as err:
            reason = getattr(err, "reason", err)
            if isinstance(reason, TimeoutError) or isinstance(err, TimeoutError):
                problem = f"no reply within {timeout:g} seconds"
            else:
                problem = f"could not connect ({reason})"
            advice = "Check your internet connection and try again later."
        if attempt < retries:
            sleep(min(max(wait, 0.0), MAX_WAIT_SECONDS))
    tries = retries + 1
    raise RegistryUnavailable(
        f"Could not get results from the NPI Registry at {host(url)}: {problem} "
        f"({tries} {'try' if tries == 1 else 'tries'}). {advice}"
    )


class PageCache:
    """One JSON file per URL (named by its SHA-256), holding the page and when we got it."""

    def __init__(self, directory: Path, ttl: float, now: Callable[[], float]) -> None:
        self.directory = directory
        self.ttl = ttl
        self.now = now

    def _path(self, url: str) -> Path:
        return self.directory / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".json")

    def get(self, url: str) -> tuple[dict[str, Any], float] | None:
        try:
            entry = json.loads(self._path(url).read_text(encoding="utf-8"))
            fetched = float(entry["fetched_at"])
            data = entry["data"]
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or damaged: fetch again
        if entry.get("url") != url or not isinstance(data, dict):
            return None
        if self.now() - fetched > self.ttl:
            return None
        return data, fetched

    def put(self, url: str, data: dict[str, Any], fetched: float) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            path = self._path(url)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"url": url, "fetched_at": fetched, "data": data}))
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only home must not break the search
