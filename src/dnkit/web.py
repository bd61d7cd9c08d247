"""What dnkit adds to the web server in front of the dashboard: compression, cache lifetimes
and the chart's plotly.js.

A phone on a mobile network pays for every byte: Voila sends its JavaScript uncompressed, and
its lab-extension bundles with ``no-cache`` though their names carry a content hash. Here are
the pieces that fix that, for any tornado application:

- :class:`CacheLifetimes`, an output transform that gives files whose name (or ``?v=``) carries
  a content hash, or whose folder carries a version, a one-year ``immutable`` lifetime, so a
  repeat visit downloads almost nothing;
- tornado's own gzip transform (``compress_response``), for text, JavaScript, CSS and JSON.

The plotly.js partial bundle the chart loads the first time a chart is shown (the first page
never fetches it) lives in the static folder of dnkit's Voila template, so every Voila serves it
with no help from dnkit: ``dnkit dashboard``, a plain ``voila notebooks/dashboard.ipynb``,
Binder's ``voila/render`` link and JupyterLab (whose Voila server extension is always on).

The standalone dashboard (:mod:`dnkit.serve`) builds its application with these; inside a
Jupyter server (Binder's ``voila/render`` link, JupyterLab) the server extension below adds
them to the running application. This module imports only tornado, so loading the extension
costs a Jupyter server nothing.
"""

from __future__ import annotations

import re
from importlib.resources import files
from typing import Any

from tornado import httputil, web

# Where Voila serves the static folder of dnkit's template (share/voila/templates/dnkit/static).
STATIC_ROUTE = "voila/templates/dnkit/static/"
# The plotly.js partial bundle ("basic": scatter, bar and pie; dnkit draws scatter and bar),
# the same plotly.js version that plotly.py ships. Its name carries the version, so it can be
# cached for a year. See that folder's README.md for where it comes from.
PLOTLY_BUNDLE = "plotly-basic-4.1.1.min.js"
PLOTLY_PATH = STATIC_ROUTE + PLOTLY_BUNDLE  # relative to the server's base URL
YEAR_SECONDS = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={YEAR_SECONDS}, immutable"

# A path part that names one build of a file: webpack's content hashes (remoteEntry.1dda3c8f.js,
# 704.6a820cc839aca480.js, 9834b82ad26e2a37583d.woff2), a version folder (voila/static/v0.5.13/)
# or a versioned bundle name (plotly-basic-4.1.1.min.js).
_HASHED_NAME = re.compile(r"(?:^|[./-])[0-9a-f]{8,}\.[a-z0-9]+$")
_VERSIONED = re.compile(r"/v\d+(?:\.\d+)+[^/]*/|-\d+\.\d+\.\d+\.min\.js$")


def static_dir() -> str:
    """The template's static folder inside the package (Voila finds the installed copy)."""
    return str(files("dnkit") / "share" / "voila" / "templates" / "dnkit" / "static")


def is_immutable(path: str, query_arguments: dict[str, Any] | None = None) -> bool:
    """True for a URL whose content never changes: a new build gets a new URL."""
    if query_arguments and "v" in query_arguments:
        return True
    name = path.rsplit("/", 1)[-1]
    return bool(_HASHED_NAME.search(name) or _VERSIONED.search(path))


class CacheLifetimes(web.OutputTransform):
    """Give content-addressed static files a one-year immutable lifetime.

    Other responses keep what their handler said (the page itself is ``no-store``; an unhashed
    file is revalidated, which costs a few hundred bytes on a repeat visit).
    """

    def __init__(self, request: httputil.HTTPServerRequest) -> None:
        self._immutable = request.method in ("GET", "HEAD") and is_immutable(
            request.path, request.query_arguments
        )

    def transform_first_chunk(
        self, status_code: int, headers: httputil.HTTPHeaders, chunk: bytes, finishing: bool
    ) -> tuple[int, httputil.HTTPHeaders, bytes]:
        if self._immutable and status_code in (200, 304):
            headers["Cache-Control"] = IMMUTABLE
            headers.pop("Pragma", None)
            headers.pop("Expires", None)
        return status_code, headers, chunk

    def transform_chunk(self, chunk: bytes, finishing: bool) -> bytes:
        return chunk


def add_transforms(application: web.Application) -> None:
    """Compress and cache an application that is already built (a Jupyter server)."""
    transforms = application.transforms
    if web.GZipContentEncoding not in transforms:
        transforms.insert(0, web.GZipContentEncoding)
    if CacheLifetimes not in transforms:
        transforms.append(CacheLifetimes)


# ------------------------------------------------------------------ Jupyter server extension
def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "dnkit.web"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Binder and JupyterLab: the same compression and cache lifetimes."""
    add_transforms(serverapp.web_app)
    serverapp.log.info("dnkit: gzip and cache lifetimes enabled")
