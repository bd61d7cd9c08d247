"""Voila hardened by the shipped settings (dnkit.serve.voila_settings), each point against a live
server: no source or traceback on the page, no code execution over the kernel websocket, no file
downloads, and idle kernels culled (a closed tab's kernel is otherwise never shut down:
stack_probe §8.3).
"""

from __future__ import annotations

import http.client
import time
import uuid
from pathlib import Path

import nbformat
import psutil
import pytest
from conftest import VoilaServer
from journey import shot

SECRET = "secret-marker-7f3a"
SOURCE_MARK = "SOURCE-MARK-91c2"
FAILING_CELLS = [
    f"# {SOURCE_MARK}: this comment is source code and must never reach the page\n"
    "import ipywidgets as W\n"
    "W.Label('before the failure')",
    f"# {SOURCE_MARK}\nfrom dnkit.ui.guard import build_safely\nbuild_safely(lambda: 1/0, 'test')",
    f"# {SOURCE_MARK}\nfrom dnkit.ui.guard import guarded\n"
    "message = W.HTML()\n"
    "button = W.Button(description='Break it').add_class('dn-break')\n"
    "button.on_click(guarded(message)(lambda _b: 1/0))\n"
    "W.VBox([button, message])",
    f'# {SOURCE_MARK}\nraise RuntimeError("{SECRET}")',
]
QUIET_CELLS = ["import ipywidgets as W\nW.Label('quiet page')"]


def write_notebook(path: Path, cells: list[str]) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def tree_server(tmp_path_factory):
    """Voila over a folder (failing and quiet notebooks) with short culling."""
    folder = tmp_path_factory.mktemp("hardening")
    write_notebook(folder / "failing.ipynb", FAILING_CELLS)
    write_notebook(folder / "quiet.ipynb", QUIET_CELLS)
    server = short_cull_server(folder, idle=5, interval=2)
    yield server
    server.stop()


def short_cull_server(notebook: Path, idle: int, interval: int) -> VoilaServer:
    """A VoilaServer with the shipped settings but short culling times."""
    return VoilaServer(notebook, cull_idle=idle, cull_interval=interval)


def kernel_pids(server: VoilaServer) -> set[int]:
    """The kernels this server started (their processes), for culling checks."""
    try:
        children = psutil.Process(server.proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return set()
    out = set()
    for child in children:
        try:
            if any("ipykernel" in part for part in child.cmdline()):
                out.add(child.pid)
        except psutil.NoSuchProcess:
            continue
    return out


def leave(page) -> None:
    """Leave the page as a person would (the kernel-shutdown beacon is refused: §8.3)."""
    page.goto("about:blank")
    page.wait_for_timeout(300)
    page.context.close()


def test_a_failing_view_shows_a_friendly_message_and_no_source_or_traceback(make_page, tree_server):
    page = make_page()
    page.goto(tree_server.url + "voila/render/failing.ipynb", wait_until="commit")
    page.wait_for_selector("text=The test part could not be shown")
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    html = page.content()
    text = page.inner_text("body")
    shot(page, "hardening-failing-view")
    assert "Something went wrong in this part of the page" in text
    assert "before the failure" in text
    for secret in (SECRET, SOURCE_MARK, "Traceback", "ZeroDivisionError", "RuntimeError"):
        assert secret not in html
    assert "build_safely" not in html and "1/0" not in html


def test_execute_request_over_the_kernel_websocket_is_refused(make_page, voila_server):
    page = make_page()
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(voila_server.url, wait_until="commit")
    page.wait_for_selector(".dn-app .dn-step-start")
    channel = next(u for u in sockets if "/api/kernels/" in u and "/channels" in u)
    target = Path(f"/tmp/dnkit-pwned-{uuid.uuid4().hex}")
    replies = page.evaluate(
        """async ([url, code]) => {
            const session = crypto.randomUUID();
            const ws = new WebSocket(url.replace(/session_id=[^&]*/, 'session_id=' + session));
            const seen = [];
            ws.onmessage = (e) => { try { seen.push(JSON.parse(e.data)); } catch (_) {} };
            await new Promise((ok, bad) => { ws.onopen = ok; ws.onerror = bad; });
            const send = (type, content) => {
                const id = crypto.randomUUID();
                ws.send(JSON.stringify({
                    header: {msg_id: id, msg_type: type, session, username: 'visitor',
                             version: '5.3', date: new Date().toISOString()},
                    parent_header: {}, metadata: {}, content, channel: 'shell', buffers: []}));
                return id;
            };
            const info = send('kernel_info_request', {});
            const exec = send('execute_request', {code, silent: false, store_history: false,
                user_expressions: {}, allow_stdin: false, stop_on_error: true});
            const until = Date.now() + 4000;
            while (Date.now() < until) {
                await new Promise((r) => setTimeout(r, 100));
                if (seen.some((m) => m.parent_header && m.parent_header.msg_id === info)) break;
            }
            await new Promise((r) => setTimeout(r, 1500));
            ws.close();
            const about = (id) => seen
                .filter((m) => m.parent_header && m.parent_header.msg_id === id)
                .map((m) => m.header.msg_type);
            return {info: about(info), exec: about(exec)};
        }""",
        [channel, f"open({str(target)!r}, 'w').write('ran')"],
    )
    # The same socket answers an allowed request, so the refusal is specific to execution.
    assert "kernel_info_reply" in replies["info"]
    assert replies["exec"] == []
    time.sleep(0.5)
    assert not target.exists()
    assert 'Received message of type "execute_request", which is not allowed' in voila_server.log()


DENIED = [
    "/voila/files/dashboard.ipynb",
    "/voila/files/01-learn.ipynb",
    "/voila/files/dashboard.IPYNB",
    "/voila/files/../src/dnkit/plan.py",
    "/voila/files/%2e%2e/src/dnkit/plan.py",
    "/voila/files/..%2f..%2fvoila.json",
    "/voila/files/",
    "/dashboard.ipynb?download=1",
    "/notebooks/dashboard.ipynb",
    "/files/dashboard.ipynb",
    "/api/contents",
    "/api/contents/dashboard.ipynb",
    "/voila/api/contents/dashboard.ipynb",
    "/api/kernels",
    "/api/sessions",
    "/voila/tree",
    "/voila/render/01-learn.ipynb",
    "/voila/static/../../voila/app.py",
    "/lab",
]


def fetch(port: int, path: str, hops: int = 5) -> tuple[int, bytes, str]:
    """GET following redirects by hand (so every hop is checked); (status, body, final path)."""
    for _ in range(hops):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        location = response.getheader("Location")
        if response.status in (301, 302, 303, 307, 308) and location:
            path = location
            continue
        return response.status, body, path
    return 0, b"", path


@pytest.mark.parametrize("path", DENIED)
def test_notebooks_and_data_files_cannot_be_downloaded(voila_server, path):
    status, body, final = fetch(voila_server.port, path)
    assert status != 200 or b'"cells"' not in body, (path, final)
    assert status != 200, (path, final, body[:200])
    for leak in (b"from dnkit", b'"nbformat"', b"def ", b"import "):
        assert leak not in body


def test_the_app_page_itself_carries_no_source(voila_server):
    status, body, _ = fetch(voila_server.port, "/")
    assert status == 200
    assert b"from dnkit.ui import dashboard" not in body
    assert b"dashboard()" not in body


def test_idle_kernels_are_culled_back_to_baseline(make_page, tree_server):
    deadline = time.monotonic() + 60
    while kernel_pids(tree_server) and time.monotonic() < deadline:
        time.sleep(1)  # kernels of earlier tests go first
    baseline = kernel_pids(tree_server)
    page = make_page()
    page.goto(tree_server.url + "voila/render/quiet.ipynb", wait_until="commit")
    page.wait_for_selector("text=quiet page")
    opened = kernel_pids(tree_server) - baseline
    assert len(opened) == 1
    page.wait_for_timeout(7000)  # longer than the idle timeout: a connected kernel stays
    assert opened <= kernel_pids(tree_server)
    leave(page)
    deadline = time.monotonic() + 60
    while kernel_pids(tree_server) - baseline and time.monotonic() < deadline:
        time.sleep(1)
    assert kernel_pids(tree_server) == baseline
    assert "Culling 'idle' kernel" in tree_server.log()


def test_a_warm_kernel_that_waited_past_the_cull_timeout_serves_its_visitor(make_page):
    """After a quiet spell longer than the cull timeout, the pool's kernel used to be culled the
    moment a visitor got it, before her page connected: the page never came alive."""
    from dnkit.paths import dashboard_notebook

    server = short_cull_server(dashboard_notebook(), idle=4, interval=1)
    try:
        deadline = time.monotonic() + 60
        while "is filled with 1 kernel" not in server.log() and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(4 + 3)  # the warm kernel now waits in the pool past the idle timeout
        page = make_page()
        page.goto(server.url, wait_until="commit")
        page.wait_for_selector(".dn-app .dn-step-start", timeout=30_000)
        page.wait_for_timeout(3000)  # a few cull passes while the visitor reads
        page.locator(".dn-steps button", has_text="Costs").click()  # the kernel still answers
        page.wait_for_selector(".dn-cost-headline .dn-headline", timeout=15_000)
        assert "Kernel never reached" not in server.log()
    finally:
        server.stop()


def test_a_failing_callback_sends_no_traceback_to_the_browser(make_page, tree_server):
    page = make_page()
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda d: frames.append(str(d))))
    page.goto(tree_server.url + "voila/render/failing.ipynb", wait_until="commit")
    page.wait_for_selector(".dn-break")
    page.wait_for_timeout(1000)
    page.locator(".dn-break").click()
    page.wait_for_selector("text=Something went wrong in this part of the page")
    page.wait_for_timeout(1000)
    assert frames
    assert [f[:300] for f in frames if "Traceback" in f or "ZeroDivisionError" in f] == []
    assert "ZeroDivisionError" in tree_server.log()  # the details go to the server's log
