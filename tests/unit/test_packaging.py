"""The sdist and wheel carry the notebooks and data, and the version comes from one place.

``python -m build`` makes the sdist and then builds the wheel *from the sdist*, so a file missing
from the sdist shows up as a file missing from the wheel. Installing the wheel in a fresh venv and
serving the dashboard from it is checked in tests/e2e/test_binder_env.py.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tomllib
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import dnkit

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    [wheel] = out.glob("dnkit-*.whl")
    [sdist] = out.glob("dnkit-*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


@pytest.fixture(scope="module")
def wheel_names(dist) -> set[str]:
    with zipfile.ZipFile(dist["wheel"]) as zf:
        return set(zf.namelist())


@pytest.fixture(scope="module")
def sdist_names(dist) -> set[str]:
    with tarfile.open(dist["sdist"]) as tf:
        prefix = f"dnkit-{dnkit.__version__}/"
        return {n.removeprefix(prefix) for n in tf.getnames()}


def _wheel_metadata(dist) -> dict:
    with zipfile.ZipFile(dist["wheel"]) as zf:
        text = zf.read(f"dnkit-{dnkit.__version__}.dist-info/METADATA").decode()
    return Parser().parsestr(text)


def _shipped(folder: Path) -> list[Path]:
    return [
        p
        for p in folder.rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and ".ipynb_checkpoints" not in p.parts
        and p.suffix not in (".pyc", ".pyo")
    ]


def test_version_is_declared_only_in_the_package():
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert "version" not in PYPROJECT["project"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "src/dnkit/__init__.py"


def test_wheel_and_sdist_carry_dnkits_version(dist, sdist_names):
    assert dist["wheel"].name.startswith(f"dnkit-{dnkit.__version__}-py3-none-any")
    assert dist["sdist"].name == f"dnkit-{dnkit.__version__}.tar.gz"
    assert _wheel_metadata(dist)["Version"] == dnkit.__version__
    assert "PKG-INFO" in sdist_names


def test_wheel_holds_every_notebook_inside_the_package(wheel_names):
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks, "no notebooks found in the checkout"
    assert "dnkit/notebooks/dashboard.ipynb" in wheel_names
    for nb in notebooks:
        assert f"dnkit/notebooks/{nb.name}" in wheel_names


def test_wheel_holds_the_data_files_and_py_typed(wheel_names):
    data = _shipped(ROOT / "src" / "dnkit" / "data")
    assert data, "src/dnkit/data is empty"
    for path in data:
        assert f"dnkit/data/{path.relative_to(ROOT / 'src' / 'dnkit' / 'data')}" in wheel_names
    assert "dnkit/py.typed" in wheel_names


def test_wheel_holds_every_package_file(wheel_names):
    package = ROOT / "src" / "dnkit"
    for path in _shipped(package):
        assert f"dnkit/{path.relative_to(package).as_posix()}" in wheel_names


def test_wheel_has_no_checkpoints_or_caches(wheel_names):
    junk = [n for n in wheel_names if ".ipynb_checkpoints" in n or "__pycache__" in n]
    assert junk == []
    assert not [n for n in wheel_names if n.endswith((".pyc", ".pyo"))]


def test_wheel_dependencies_are_pyprojects(dist):
    meta = _wheel_metadata(dist)
    shipped = {str(Requirement(r)) for r in meta.get_all("Requires-Dist") if "extra ==" not in r}
    declared = {str(Requirement(r)) for r in PYPROJECT["project"]["dependencies"]}
    assert shipped == declared
    assert meta["Requires-Python"] == PYPROJECT["project"]["requires-python"]


def test_wheel_installs_the_dnkit_command(dist):
    with zipfile.ZipFile(dist["wheel"]) as zf:
        entry_points = zf.read(f"dnkit-{dnkit.__version__}.dist-info/entry_points.txt").decode()
    assert "dnkit = dnkit.cli:main" in entry_points


def test_sdist_holds_sources_notebooks_data_and_launch_files(sdist_names):
    wanted = [
        "pyproject.toml",
        "README.md",
        "voila.json",
        "binder/requirements.txt",
        "binder/runtime.txt",
        "src/dnkit/__init__.py",
        "src/dnkit/py.typed",
        "notebooks/dashboard.ipynb",
    ]
    wanted += [p.relative_to(ROOT).as_posix() for p in _shipped(ROOT / "src" / "dnkit" / "data")]
    missing = [w for w in wanted if w not in sdist_names]
    assert missing == []


def test_wheel_installs_the_voila_template_and_the_server_extension_switch(wheel_names):
    data = f"dnkit-{dnkit.__version__}.data/data/"
    assert data + "share/jupyter/voila/templates/dnkit/index.html.j2" in wheel_names
    assert data + "share/jupyter/voila/templates/dnkit/conf.json" in wheel_names
    assert data + "etc/jupyter/jupyter_server_config.d/dnkit.json" in wheel_names
    # The chart's plotly.js, in the template's static folder: every Voila serves it from there.
    bundle = "share/jupyter/voila/templates/dnkit/static/plotly-basic-4.1.1.min.js"
    assert data + bundle in wheel_names


def test_pip_install_dnkit_stays_lean(dist):
    """Test tools live in a development group, which never reaches the wheel's metadata."""
    meta = _wheel_metadata(dist)
    required = {Requirement(r).name for r in meta.get_all("Requires-Dist")}
    for tool in ("pytest", "playwright", "nbval", "hypothesis", "ruff", "jupyter-repo2docker"):
        assert tool not in required, tool
    assert set(meta.get_all("Provides-Extra")) == {"pandas"}
    assert "pytest" in " ".join(PYPROJECT["dependency-groups"]["dev"])
