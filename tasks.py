#!/usr/bin/env python3
"""One entry point for people and CI; needs only Python 3.11+.

    python3 tasks.py dashboard   # set up .venv, then open the dashboard
    python3 tasks.py test        # set up .venv and a browser, then run every test layer
    python3 tasks.py bench       # benchmarks (slow; prints figures, not pass/fail)

Each command creates or reuses ``.venv`` next to this file and (re)installs dnkit into it when
``pyproject.toml`` has changed since the last install.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
ARTIFACTS = ROOT / "test-artifacts"


def say(msg: str) -> None:
    print(f"==> {msg}", flush=True)


def run(cmd: list[str], **kw) -> int:
    print("$ " + " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], **kw)


def must(cmd: list[str], **kw) -> None:
    rc = run(cmd, **kw)
    if rc != 0:
        sys.exit(f"tasks.py: command failed with exit status {rc}: {' '.join(map(str, cmd))}")


# The first pip that installs PEP 735 dependency groups (`pip install --group dev`).
PIP_WITH_GROUPS = (25, 1)


def pip_version() -> tuple[int, ...]:
    out = subprocess.run(
        [str(PY), "-m", "pip", "--version"], capture_output=True, text=True, check=True
    ).stdout
    m = re.match(r"pip (\d+)\.(\d+)", out)
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def ensure_pip_with_groups() -> None:
    """Upgrade the venv's pip if it cannot install dependency groups yet."""
    if pip_version() >= PIP_WITH_GROUPS:
        return
    say("upgrading pip in .venv: installing the dev group needs pip 25.1 or newer")
    must([PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip>=25.1"])
    if pip_version() < PIP_WITH_GROUPS:
        sys.exit("tasks.py: pip in .venv is still older than 25.1; cannot install --group dev")


def ensure_venv(group: str = "") -> None:
    """Make ``.venv`` and install dnkit into it (editable); with ``group`` ("test" or "dev"),
    also the development tools of pyproject's ``[dependency-groups] dev``, which
    ``pip install dnkit`` never installs."""
    if sys.version_info < (3, 11):  # noqa: UP036 - tasks.py must run on any python3
        sys.exit(f"dnkit needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not PY.exists():
        say(f"creating virtual environment {VENV}")
        must([sys.executable, "-m", "venv", str(VENV)])
    dev = group in ("test", "dev")
    spec = ". --group dev" if dev else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode()).hexdigest()
    marker = VENV / f".dnkit-installed-{'dev' if dev else 'base'}"
    if marker.exists() and marker.read_text() == digest:
        return
    say(f"installing dnkit ({spec}) into {VENV}")
    cmd = [PY, "-m", "pip", "install", "--quiet", "-e", "."]
    if dev:
        ensure_pip_with_groups()
        cmd += ["--group", "dev"]
    must(cmd, cwd=ROOT)
    marker.write_text(digest)


# ---------------------------------------------------------------- browser for end-to-end tests
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    explicit = os.environ.get("DNKIT_CHROMIUM")
    if explicit and Path(explicit).exists():
        return explicit
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def ensure_browser() -> str:
    """Return a Chromium path for Playwright, installing one if needed; never skip silently."""
    found = find_browser()
    if found:
        return found
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if is_root and Path("/etc/debian_version").exists() and shutil.which("apt-get"):
        say("installing Debian's chromium package for the browser tests")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if run(["apt-get", "update", "-qq"], env=env) == 0:
            run(["apt-get", "install", "-y", "-qq", "chromium"], env=env)
        found = find_browser()
        if found:
            return found
    say("trying Playwright's own Chromium download")
    if run([PY, "-m", "playwright", "install", "chromium"]) == 0:
        return "playwright"
    sys.exit(
        "tasks.py: no Chromium browser could be found or installed, so the end-to-end tests "
        "cannot run. Install Chromium (Debian: apt-get install chromium) or set DNKIT_CHROMIUM "
        "to its path, then run again."
    )


# ---------------------------------------------------------------- test layers
# pytest's closing line, with or without the "=====" frame (-q drops it).
SUMMARY = re.compile(
    r"^=*\s*(\d+ (?:passed|failed|skipped|errors?|xfailed|xpassed|deselected|warnings?)\b.*?)"
    r" in [\d.]+s"
)


def pytest_layer(name: str, args: list[str], env: dict[str, str]) -> tuple[str, str, int]:
    say(f"{name} tests")
    start = time.monotonic()
    proc = subprocess.Popen(
        [str(PY), "-m", "pytest", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    last = ""
    assert proc.stdout is not None
    for line in proc.stdout:
        print(line, end="", flush=True)
        m = SUMMARY.search(line)
        if m:
            last = m.group(1)
    rc = proc.wait()
    if rc == 5:
        last = last or "no tests collected"
    say(f"{name}: {last or 'no summary'} ({time.monotonic() - start:.0f} s)")
    return name, last, rc


# The browser checks that start whole environments (a soak of many visits; fresh installs of the
# Binder environment and of the wheel; a JupyterLab) run with the benchmarks, so the test command
# stays well under 15 minutes on 2 cores.
SLOW = "soak or binder or jupyterlab"
QUICK = f"not ({SLOW})"


def cmd_test(argv: list[str]) -> int:
    started = time.monotonic()
    ensure_venv("test")
    browser = ensure_browser()
    env = dict(os.environ, DNKIT_CHROMIUM=browser, PYTHONDONTWRITEBYTECODE="1")
    env.pop("JUPYTER_PLATFORM_DIRS", None)
    ARTIFACTS.mkdir(exist_ok=True)

    say("ruff check and ruff format --check")
    lint = run([BIN / "ruff", "check", "."], cwd=ROOT) or run(
        [BIN / "ruff", "format", "--check", "."], cwd=ROOT
    )

    layers = [
        pytest_layer("unit", ["tests/unit", "-q", "-p", "no:cacheprovider", "-n", "2"], env),
        pytest_layer("notebook", ["--nbval-lax", "notebooks", "-q", "-p", "no:cacheprovider"], env),
        pytest_layer("browser", ["tests/e2e", "-q", "-p", "no:cacheprovider", "-m", QUICK], env),
    ]
    say("summary")
    print(f"  lint: {'ok' if lint == 0 else 'FAILED'}")
    passed = failed = 0
    for name, last, rc in layers:
        print(f"  {name}: {last} (exit {rc})")
        passed += sum(int(n) for n in re.findall(r"(\d+) passed", last))
        failed += sum(int(n) for n in re.findall(r"(\d+) (?:failed|errors?)", last))
        if rc != 0 and not re.search(r"(\d+) (?:failed|errors?)", last):
            failed += 1
    skipped = sum(int(n) for _, last, _ in layers for n in re.findall(r"(\d+) skipped", last))
    print(f"  whole run: {time.monotonic() - started:.0f} s; artifacts in {ARTIFACTS}")
    ok = lint == 0 and all(rc == 0 for _, _, rc in layers) and skipped == 0
    if skipped:
        print(f"  {skipped} tests were skipped: that counts as a failure here")
    print(f"{passed} passed, {failed} failed")
    return 0 if ok else 1


def cmd_dashboard(argv: list[str]) -> int:
    ensure_venv()
    return run([BIN / "dnkit", "dashboard", *argv])


LIGHTHOUSE = "lighthouse@12.8.2"  # the newest Lighthouse that runs on Debian 12's Node 20
LIGHTHOUSE_DIR = ROOT / "benchmarks" / ".lighthouse"  # not committed (.gitignore)


def ensure_lighthouse() -> None:
    """Lighthouse from npm, for the phone figures of the benchmark."""
    if (LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js").exists():
        return
    npm = shutil.which("npm")
    if not npm:
        say("npm not found: the Lighthouse figures are skipped (Debian: apt-get install npm)")
        return
    say(f"installing {LIGHTHOUSE} from npm into {LIGHTHOUSE_DIR}")
    run(
        [
            npm,
            "install",
            "--prefix",
            LIGHTHOUSE_DIR,
            "--no-audit",
            "--no-fund",
            "--silent",
            LIGHTHOUSE,
        ]
    )


def cmd_bench(argv: list[str]) -> int:
    ensure_venv("test")
    ensure_lighthouse()
    env = dict(os.environ, DNKIT_CHROMIUM=ensure_browser())
    rc = run([PY, ROOT / "benchmarks" / "run.py", *argv], cwd=ROOT, env=env)
    rc = run([PY, ROOT / "benchmarks" / "bench_compare.py"], cwd=ROOT, env=env) or rc
    say(f"slow browser checks ({SLOW})")
    slow = [PY, "-m", "pytest", "tests/e2e", "-q", "-p", "no:cacheprovider", "-m", SLOW]
    return run(slow, cwd=ROOT, env=env) or rc


COMMANDS = {"test": cmd_test, "dashboard": cmd_dashboard, "bench": cmd_bench}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(f"usage: python3 tasks.py {{{'|'.join(COMMANDS)}}} [args]")
    sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
