"""Notebooks are committed clean and thin: no outputs, no widget state, short code cells."""

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).parents[2] / "notebooks").glob("*.ipynb"))
MAX_CODE_LINES = 12


def test_there_are_notebooks():
    assert any(p.name == "dashboard.ipynb" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_no_outputs_or_widget_state(path):
    nb = json.loads(path.read_text("utf-8"))
    assert "widgets" not in nb.get("metadata", {}), f"{path.name}: strip widget state"
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name} cell {i}: has outputs"
            assert cell.get("execution_count") is None, f"{path.name} cell {i}: execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_code_cells_stay_thin(path):
    nb = json.loads(path.read_text("utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            lines = [ln for ln in src.splitlines() if ln.strip()]
            assert len(lines) <= MAX_CODE_LINES, f"{path.name} cell {i}: {len(lines)} lines"
