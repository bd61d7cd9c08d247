"""What dnkit's server adds to Voila: settings, pool size, cache lifetimes, compression, the
chart's plotly.js, the first screen in HTML (issue 18)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from tornado import httputil
from tornado.testing import AsyncHTTPTestCase
from tornado.web import Application, GZipContentEncoding, StaticFileHandler

from dnkit import NOT_MEDICAL_ADVICE, web
from dnkit.render import first_screen
from dnkit.serve import LAB_EXTENSIONS, default_pool_size, share_dir, voila_argv, voila_settings

ROOT = Path(__file__).resolve().parents[2]
GiB = 1024**3


def test_default_pool_is_five_warm_kernels_per_core_within_a_quarter_of_memory():
    assert default_pool_size(cores=2, memory=24 * GiB) == 10
    assert default_pool_size(cores=8, memory=2 * GiB) == 4  # memory is the limit
    assert default_pool_size(cores=1, memory=64 * 1024**2) == 1  # never none


def test_a_pool_asks_voila_for_preheated_kernels():
    args = voila_argv(Path("dashboard.ipynb"), 8866, pool=3)
    assert "--preheat_kernel=True" in args and "--pool_size=3" in args
    assert not [a for a in voila_argv(Path("d.ipynb"), 8866) if "preheat" in a]


def test_settings_load_only_the_extensions_the_page_needs_and_dnkits_template():
    settings = voila_settings()
    assert "--template=dnkit" in settings
    [allow] = [a for a in settings if a.startswith("--VoilaConfiguration.extension_allowlist=")]
    names = json.loads(allow.split("=", 1)[1])
    assert names == list(LAB_EXTENSIONS)
    assert "jupyterlab-plotly" not in names


def test_template_ships_inside_the_package():
    template = share_dir() / "voila" / "templates" / "dnkit"
    assert json.loads((template / "conf.json").read_text())["base_template"] == "lab"
    text = (template / "index.html.j2").read_text()
    assert "first_screen" in text and "dn-cells" in text


@pytest.mark.parametrize(
    ("path", "query", "immutable"),
    [
        ("/voila/labextensions/anywidget/static/remoteEntry.698dcaf7.js", {}, True),
        ("/voila/labextensions/x/static/704.6a820cc839aca480.js", {}, True),
        ("/voila/templates/dnkit/static/9834b82ad26e2a37583d.woff2", {}, True),
        ("/voila/static/v0.5.13/5764.voila.js", {}, True),
        ("/voila/templates/dnkit/static/plotly-basic-4.1.1.min.js", {}, True),
        ("/voila/templates/dnkit/static/index.css", {"v": [b"abc"]}, True),
        ("/voila/static/5764.voila.js", {}, False),
        ("/", {}, False),
        ("/api/kernels/0b7d4c3e-4f0a-4c4e-9d59-5b1c1f3f6a11", {}, False),
    ],
)
def test_only_content_addressed_files_are_immutable(path, query, immutable):
    assert web.is_immutable(path, query) is immutable


def test_cache_transform_sets_a_year_on_hashed_files_only():
    def headers_for(path: str) -> httputil.HTTPHeaders:
        line = httputil.RequestStartLine("GET", path, "HTTP/1.1")
        request = httputil.HTTPServerRequest(
            start_line=line, headers=httputil.HTTPHeaders({"Host": "127.0.0.1"})
        )
        headers = httputil.HTTPHeaders({"Cache-Control": "no-cache"})
        _, out, _ = web.CacheLifetimes(request).transform_first_chunk(200, headers, b"", True)
        return out

    assert headers_for("/voila/static/v0.5.13/voila.js")["Cache-Control"] == web.IMMUTABLE
    assert headers_for("/voila/static/voila.js")["Cache-Control"] == "no-cache"


class TestServerExtension(AsyncHTTPTestCase):
    """The Jupyter server extension's transforms on a bare tornado application that serves the
    template's static folder where Voila serves it."""

    def get_app(self) -> Application:
        route = f"/{web.STATIC_ROUTE}(.*)"
        app = Application([(route, StaticFileHandler, {"path": web.static_dir()})])
        web.add_transforms(app)
        return app

    def test_plotly_bundle_is_served_gzipped_with_a_year_of_cache(self):
        resp = self.fetch("/" + web.PLOTLY_PATH, headers={"Accept-Encoding": "gzip"},
                          decompress_response=False)  # fmt: skip
        assert resp.code == 200
        assert resp.headers["Content-Encoding"] == "gzip"
        assert resp.headers["Cache-Control"] == web.IMMUTABLE
        body = gzip.decompress(resp.body)
        assert b"plotly.js (basic - minified) v4.1.1" in body[:200]
        assert len(resp.body) < 0.5 * 1_000_000 < len(body)

    def test_transforms_are_added_once(self):
        app = self.get_app()
        web.add_transforms(app)
        assert app.transforms.count(GZipContentEncoding) == 1
        assert app.transforms.count(web.CacheLifetimes) == 1


def test_bundle_matches_the_plotly_js_that_plotly_py_ships():
    import plotly

    bundled = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    version = bundled.read_text()[:200].split("plotly.js v", 1)[1].split()[0]
    assert f"plotly-basic-{version}.min.js" == web.PLOTLY_BUNDLE
    assert (Path(web.static_dir()) / web.PLOTLY_BUNDLE).is_file()


def test_the_bundle_has_every_trace_type_dnkit_draws():
    traces = set()
    source = "".join(p.read_text() for p in (ROOT / "src" / "dnkit" / "figures").glob("*.py"))
    for kind in ("Scatter", "Bar", "Pie", "Box", "Heatmap", "Histogram", "Scattergl", "Table"):
        if f"go.{kind}(" in source:
            traces.add(kind.lower())
    assert traces and traces <= {"scatter", "bar", "pie"}  # what the "basic" bundle holds


def test_first_screen_html_has_the_words_once_and_escaped():
    html = first_screen.first_screen_html()
    assert html.count("<h1>") == 1
    assert first_screen.FIRST_QUESTION in html
    assert NOT_MEDICAL_ADVICE.replace("'", "&#x27;") in html or NOT_MEDICAL_ADVICE in html
    assert first_screen.METADATA == {"dnkit": {"first_screen": True}}


def test_the_app_draws_no_second_header_under_the_first_screen():
    from dnkit.ui.app import DashboardApp

    with_header = DashboardApp().widget
    without = DashboardApp(header=False).widget
    assert len(with_header.children) == len(without.children) + 1
    assert "dn-widgets" in without._dom_classes


def test_a_warm_kernel_handed_out_starts_its_idle_clock_then():
    """A kernel that waited in the pool longer than the cull timeout must not look idle for that
    wait once a visitor gets it (the culler shut it down before the page connected)."""
    import asyncio
    from datetime import timedelta
    from types import SimpleNamespace

    from jupyter_server._tz import utcnow

    from dnkit.serve import restart_idle_clock_on_hand_out

    long_ago = utcnow() - timedelta(hours=1)
    kernel = SimpleNamespace(last_activity=long_ago)

    class Pool:
        def __init__(self):
            self._kernels = {"k1": kernel}

        async def get_rendered_notebook(self, name, **kw):
            return "task", ["cell"], "k1"

    pool = Pool()
    restart_idle_clock_on_hand_out(pool)
    before = utcnow()
    assert asyncio.run(pool.get_rendered_notebook("dashboard.ipynb")) == ("task", ["cell"], "k1")
    assert kernel.last_activity >= before > long_ago
    no_pool = SimpleNamespace()
    restart_idle_clock_on_hand_out(no_pool)  # without a pool there is nothing to wrap
    assert vars(no_pool) == {}
