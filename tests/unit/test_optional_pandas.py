"""pandas is optional: only Comparison.to_frame uses it, and without it says what to install."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from dnkit.compare import compare, default_weights
from dnkit.providers import sample_providers

ROOT = Path(__file__).resolve().parents[2]


def test_to_frame_without_pandas_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    result = compare(sample_providers(), "FL", 6, default_weights())
    with pytest.raises(ImportError, match=r'pip install "dnkit\[pandas\]"'):
        result.to_frame()


def test_pandas_is_an_extra_not_a_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not [d for d in project["dependencies"] if d.lower().startswith("pandas")]
    assert any(d.startswith("pandas") for d in project["optional-dependencies"]["pandas"])


def test_the_package_imports_without_pandas():
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import dnkit, dnkit.compare, dnkit.costs, dnkit.ui, dnkit.figures, dnkit.serve\n"
        "print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
