"""The README's Python examples run as written, and print what they say they print.

A newcomer copies these first; an example that no longer runs is the first broken promise.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)


def test_the_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_each_python_example_runs(block: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(block, str(README), "exec"), {"__name__": "readme"})
    out = printed.getvalue()
    assert out.strip(), "every example prints something a reader can compare"
    for claim in re.findall(r'# "\.\.\. (.*?) \.\.\."', block):
        assert claim in out, f"the README says the example prints {claim!r}; it printed {out!r}"
