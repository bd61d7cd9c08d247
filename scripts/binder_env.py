#!/usr/bin/env python3
"""Check dnkit's ``binder/`` folder against ``pyproject.toml``, and build its environment locally.

Binder (repo2docker) reads only ``binder/`` when that folder exists, so ``pyproject.toml`` is not
installed on its own. This script keeps the two from drifting apart and reproduces repo2docker's
install steps in a plain virtual environment, without Docker:

    python scripts/binder_env.py check          # list every disagreement; exit 1 if any
    python scripts/binder_env.py venv DEST      # make DEST like a Binder image's Python env

The tests import these functions (tests/unit/test_binder_config.py, tests/e2e/test_binder_env.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
# Files repo2docker understands that we use. Others would change the build: environment.yml
# switches to conda and ignores runtime.txt, a Dockerfile replaces everything.
ALLOWED_FILES = {"runtime.txt", "requirements.txt", "postBuild"}
LOCAL_PACKAGE_LINES = {".", "./"}
RUNTIME = re.compile(r"^python-(\d+)\.(\d+)$")


def runtime_version(root: Path = ROOT) -> tuple[int, int]:
    """The Python (major, minor) that ``binder/runtime.txt`` asks Binder for."""
    path = root / "binder" / "runtime.txt"
    if not path.is_file():
        raise ValueError(f"{path} is missing: without it Binder uses its default Python (3.10)")
    text = path.read_text().strip()
    m = RUNTIME.match(text)
    if not m:
        raise ValueError(f"{path}: expected one line like 'python-3.11', found {text!r}")
    return int(m.group(1)), int(m.group(2))


def requirement_lines(root: Path = ROOT) -> list[tuple[int, str]]:
    """Non-empty lines of ``binder/requirements.txt`` without comments, with line numbers."""
    path = root / "binder" / "requirements.txt"
    lines = []
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = re.sub(r"(^|\s)#.*$", "", raw).strip()  # pip's comment rule
        if line:
            lines.append((number, line))
    return lines


def pyproject(root: Path = ROOT) -> dict:
    return tomllib.loads((root / "pyproject.toml").read_text())


def binder_problems(root: Path = ROOT) -> list[str]:
    """Every way ``binder/`` disagrees with ``pyproject.toml``; an empty list means they agree."""
    binder = root / "binder"
    if not binder.is_dir():
        return [f"{binder} is missing"]
    problems = []
    if (root / ".binder").exists():
        problems.append("both binder/ and .binder/ exist: repo2docker refuses that")
    for extra in sorted(p.name for p in binder.iterdir() if p.name not in ALLOWED_FILES):
        problems.append(
            f"binder/{extra}: unexpected file; only {sorted(ALLOWED_FILES)} are used, "
            "others change how Binder builds (environment.yml ignores runtime.txt)"
        )

    project = pyproject(root)["project"]
    try:
        major, minor = runtime_version(root)
    except ValueError as exc:
        problems.append(str(exc))
    else:
        wanted = SpecifierSet(project.get("requires-python", ""))
        if Version(f"{major}.{minor}") not in wanted:
            problems.append(
                f"binder/runtime.txt: python-{major}.{minor} does not satisfy "
                f"requires-python {wanted} in pyproject.toml"
            )

    if not (binder / "requirements.txt").is_file():
        problems.append("binder/requirements.txt is missing: dnkit would not be installed")
        return problems
    deps = {canonicalize_name(Requirement(d).name): Requirement(d) for d in project["dependencies"]}
    installs_package = False
    for number, line in requirement_lines(root):
        where = f"binder/requirements.txt line {number} ({line!r})"
        if line in LOCAL_PACKAGE_LINES:
            installs_package = True
            continue
        if line.startswith("-"):
            problems.append(f"{where}: pip options are not allowed; keep the file to '.' and pins")
            continue
        try:
            req = Requirement(line)
        except InvalidRequirement as exc:
            problems.append(f"{where}: not a requirement: {exc}")
            continue
        name = canonicalize_name(req.name)
        if name == canonicalize_name(project["name"]):
            problems.append(f"{where}: install dnkit with the line '.', not from an index")
            continue
        if name not in deps:
            problems.append(f"{where}: {req.name} is not a dependency in pyproject.toml")
            continue
        pins = [s for s in req.specifier if s.operator in ("==", "===")]
        if len(pins) != 1 or len(req.specifier) != 1 or "*" in pins[0].version:
            problems.append(f"{where}: only exact pins (name==version) may sit next to '.'")
            continue
        allowed = deps[name].specifier
        if not allowed.contains(pins[0].version, prereleases=True):
            problems.append(
                f"{where}: {req.name} {pins[0].version} is outside pyproject.toml's '{deps[name]}'"
            )
    if not installs_package:
        problems.append(
            "binder/requirements.txt has no '.' line: with a binder/ folder Binder ignores "
            "pyproject.toml, so dnkit (and its dependencies) would not be installed"
        )

    post_build = binder / "postBuild"
    if post_build.exists():
        text = post_build.read_text()
        if not text.startswith("#!"):
            problems.append("binder/postBuild: must start with a #! line")
        if not re.search(r"^set -e", text, re.M):
            problems.append("binder/postBuild: add 'set -e' so a failing step fails the build")
        if not os.access(post_build, os.X_OK):
            problems.append("binder/postBuild: must be executable (chmod +x)")
    return problems


def find_python(version: tuple[int, int]) -> str:
    """An interpreter of exactly ``version``: this one if it matches, else pythonX.Y on PATH."""
    if sys.version_info[:2] == version:
        return getattr(sys, "_base_executable", sys.executable)
    found = shutil.which(f"python{version[0]}.{version[1]}")
    if found:
        return found
    raise RuntimeError(
        f"binder/runtime.txt asks for Python {version[0]}.{version[1]}, which is not on this "
        f"machine (this is {sys.version.split()[0]}); install it to check the Binder environment"
    )


def clean_env(venv: Path) -> dict[str, str]:
    """Environment for ``venv``: its bin first; nothing from another venv or ~/.local."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.pop("JUPYTER_PLATFORM_DIRS", None)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    env["PYTHONNOUSERSITE"] = "1"
    return env


def install_like_repo2docker(venv: Path, root: Path = ROOT, log: Path | None = None) -> Path:
    """Create ``venv`` with runtime.txt's Python and run repo2docker's install steps in it.

    repo2docker copies the repository, then runs ``pip install -r binder/requirements.txt``
    from the repository root, then ``binder/postBuild`` if present. The one difference here:
    pip may use this machine's download cache (repo2docker passes ``--no-cache-dir``).
    Returns the venv's python.
    """
    python = find_python(runtime_version(root))
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    env = clean_env(venv)
    out = log.open("w") if log else None
    try:
        steps = [[str(venv / "bin" / "pip"), "install", "-r", "binder/requirements.txt"]]
        if (root / "binder" / "postBuild").exists():
            steps.append([str(root / "binder" / "postBuild")])
        for cmd in steps:
            done = subprocess.run(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}); see {log}")
    finally:
        if out:
            out.close()
    return venv / "bin" / "python"


def main(argv: list[str]) -> int:
    if argv[:1] == ["check"]:
        problems = binder_problems()
        for p in problems:
            print(p, file=sys.stderr)
        print("binder/ agrees with pyproject.toml" if not problems else "binder/ disagrees")
        return 1 if problems else 0
    if len(argv) == 2 and argv[0] == "venv":
        print(install_like_repo2docker(Path(argv[1]).resolve()))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
