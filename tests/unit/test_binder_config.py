"""binder/, voila.json and the README's Binder links agree with the rest of the project.

binder/ must install exactly what pyproject.toml declares (one source of truth), voila.json must
carry the same hardening as ``dnkit.serve.voila_settings()`` (Binder's Voila reads only the file),
and the badges must point at notebooks that exist.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from jupyter_server.services.kernels.kernelmanager import MappingKernelManager
from traitlets.config.loader import DeferredConfigString, KVArgParseConfigLoader
from voila.app import Voila
from voila.configuration import VoilaConfiguration
from voila.execute import VoilaExecutor

from dnkit.serve import voila_settings

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("binder_env", ROOT / "scripts" / "binder_env.py")
assert _spec and _spec.loader
binder_env = importlib.util.module_from_spec(_spec)
sys.modules["binder_env"] = binder_env
_spec.loader.exec_module(binder_env)

CONFIG_CLASSES = {
    "VoilaConfiguration": VoilaConfiguration,
    "VoilaExecutor": VoilaExecutor,
    "MappingKernelManager": MappingKernelManager,
    "Voila": Voila,
}


# ------------------------------------------------------------------ binder/ vs pyproject.toml
def test_binder_folder_agrees_with_pyproject():
    assert binder_env.binder_problems(ROOT) == []


def test_runtime_is_python_3_11():
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    assert binder_env.runtime_version(ROOT) == (3, 11)


def test_requirements_install_the_package_itself():
    lines = [line for _, line in binder_env.requirement_lines(ROOT)]
    assert "." in lines


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A copy of just the files the check reads, to break on purpose."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(ROOT / "binder", tmp_path / "binder")
    assert binder_env.binder_problems(tmp_path) == []
    return tmp_path


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("voila==0.5.12\n", "outside pyproject.toml's 'voila<0.6,>=0.5.13'"),
        ("plotly==6.3.0\n", "plotly 6.3.0 is outside"),
        ("requests==2.32.0\n", "requests is not a dependency in pyproject.toml"),
        ("ipywidgets>=8\n", "only exact pins"),
        ("--index-url https://example.org/simple\n", "pip options are not allowed"),
        ("dnkit==0.1.0\n", "install dnkit with the line '.'"),
    ],
)
def test_a_pin_that_disagrees_is_reported_with_its_line(repo_copy, line, message):
    _append(repo_copy / "binder" / "requirements.txt", line)
    problems = binder_env.binder_problems(repo_copy)
    assert len(problems) == 1, problems
    assert message in problems[0]
    assert "binder/requirements.txt line" in problems[0]


def test_a_pin_inside_the_pyproject_range_is_accepted(repo_copy):
    _append(repo_copy / "binder" / "requirements.txt", "voila==0.5.13  # known good\n")
    assert binder_env.binder_problems(repo_copy) == []


def test_missing_package_line_is_reported(repo_copy):
    (repo_copy / "binder" / "requirements.txt").write_text("# nothing\nvoila==0.5.13\n")
    [problem] = binder_env.binder_problems(repo_copy)
    assert "no '.' line" in problem


def test_runtime_outside_requires_python_is_reported(repo_copy):
    (repo_copy / "binder" / "runtime.txt").write_text("python-3.10\n")
    [problem] = binder_env.binder_problems(repo_copy)
    assert "python-3.10 does not satisfy requires-python >=3.11" in problem


def test_malformed_runtime_is_reported(repo_copy):
    (repo_copy / "binder" / "runtime.txt").write_text("3.11\n")
    [problem] = binder_env.binder_problems(repo_copy)
    assert "expected one line like 'python-3.11'" in problem


def test_environment_yml_would_override_and_is_reported(repo_copy):
    (repo_copy / "binder" / "environment.yml").write_text("dependencies: [python=3.11]\n")
    [problem] = binder_env.binder_problems(repo_copy)
    assert "binder/environment.yml: unexpected file" in problem


def test_post_build_must_fail_fast_and_be_executable(repo_copy):
    (repo_copy / "binder" / "postBuild").write_text("#!/bin/bash\necho hi\n")
    problems = binder_env.binder_problems(repo_copy)
    assert any("set -e" in p for p in problems)
    assert any("executable" in p for p in problems)


# ------------------------------------------------------------------ voila.json vs serve.py
def _resolved(section: str, name: str, value: object) -> object:
    """A command-line string turned into the value the trait would get (e.g. '120' -> 120)."""
    assert isinstance(value, DeferredConfigString), (section, name, value)
    return value.get_value(CONFIG_CLASSES[section].class_traits()[name])


def _cli_config() -> dict[str, dict[str, object]]:
    """voila_settings() parsed the way voila's own command line parses it."""
    loader = KVArgParseConfigLoader(voila_settings(), aliases=Voila.aliases, flags=Voila.flags)
    config = loader.load_config()
    return {
        section: {name: _resolved(section, name, v) for name, v in values.items()}
        for section, values in config.items()
    }


def _voila_json() -> dict[str, dict[str, object]]:
    data = json.loads((ROOT / "voila.json").read_text())
    return {k: v for k, v in data.items() if k[:1].isupper()}  # "//" holds the note


def test_voila_json_matches_voila_settings_exactly():
    assert _voila_json() == _cli_config()


def test_voila_json_keeps_the_hardening():
    cfg = _voila_json()
    assert cfg["VoilaConfiguration"]["strip_sources"] is True
    assert cfg["VoilaConfiguration"]["show_tracebacks"] is False
    assert cfg["VoilaConfiguration"]["file_allowlist"] == []
    assert cfg["VoilaExecutor"]["timeout"] > 0
    assert 0 < cfg["MappingKernelManager"]["cull_idle_timeout"] <= 3600
    assert cfg["MappingKernelManager"]["cull_interval"] > 0


def test_voila_json_names_only_real_options():
    for section, values in _voila_json().items():
        traits = CONFIG_CLASSES[section].class_traits(config=True)
        assert set(values) <= set(traits), f"{section}: {set(values) - set(traits)}"


def test_voila_json_says_where_it_is_read():
    note = json.loads((ROOT / "voila.json").read_text())["//"]
    assert "Binder" in note and "server extension" in note and "working folder" in note


# ------------------------------------------------------------------ README badges
BADGE = re.compile(r"\[!\[(?P<alt>[^\]]+)\]\((?P<img>[^)]+)\)\]\((?P<url>[^)]+)\)")


def _badges() -> dict[str, str]:
    readme = (ROOT / "README.md").read_text()
    return {m["alt"]: m["url"] for m in BADGE.finditer(readme) if "mybinder.org" in m["url"]}


def _urlpath(url: str) -> str:
    parts = urlsplit(url)
    assert parts.scheme == "https" and parts.netloc == "mybinder.org"
    assert re.fullmatch(r"/v2/gh/OWNER/REPO/HEAD", parts.path), parts.path
    [value] = parse_qs(parts.query)["urlpath"]
    return unquote(value)


def test_lab_badge_opens_the_notebooks_folder():
    urlpath = _urlpath(_badges()["Launch JupyterLab on Binder"])
    assert urlpath.startswith("lab/tree/")
    assert (ROOT / urlpath.removeprefix("lab/tree/")).is_dir()


def test_dashboard_badge_renders_the_dashboard_notebook_with_voila():
    urlpath = _urlpath(_badges()["Open the dashboard on Binder"])
    assert urlpath == "voila/render/notebooks/dashboard.ipynb"
    assert (ROOT / urlpath.removeprefix("voila/render/")).is_file()


def test_readme_tells_forks_which_two_words_to_replace():
    readme = (ROOT / "README.md").read_text()
    assert "replace the two words `OWNER` and `REPO`" in readme


# ------------------------------------------------------------------ repo2docker's own reading
def test_repo2docker_dry_run_builds_python_3_11_and_installs_binder_requirements(tmp_path):
    """``repo2docker --no-build`` prints the Dockerfile it would build; no Docker is needed."""
    repo2docker = Path(sys.executable).parent / "repo2docker"
    done = subprocess.run(
        [str(repo2docker), "--no-build", "--debug", str(ROOT)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 0, out[-3000:]
    assert "Building conda environment for python=3.11" in out
    lines = out.splitlines()
    pip = [
        i for i, s in enumerate(lines) if re.search(r"pip install .*-r \"?binder/requirements", s)
    ]
    copy = [i for i, s in enumerate(lines) if s.startswith("COPY --chown=0:0 src/ ${REPO_DIR}/")]
    assert len(pip) == 1, "binder/requirements.txt is not installed"
    # The '.' line only works if the whole repository is copied before pip runs.
    assert copy and copy[0] < pip[0]
    assert ("./binder/postBuild" in out) == (ROOT / "binder" / "postBuild").exists()


# ------------------------------------------------------------------ docs/deploy.md
DEPLOY = ROOT / "docs" / "deploy.md"


def test_deploy_doc_jupyterhub_command_uses_dnkits_voila_settings():
    text = DEPLOY.read_text()
    missing = [s for s in voila_settings() if f'"{s}"' not in text and f"'{s}'" not in text]
    assert missing == []


def test_deploy_doc_nginx_sample_upgrades_web_sockets():
    text = DEPLOY.read_text()
    assert "proxy_set_header Upgrade           $http_upgrade;" in text
    assert "proxy_set_header Connection        $connection_upgrade;" in text
    assert "proxy_http_version 1.1;" in text


def test_deploy_doc_keeps_a_marked_place_for_benchmark_figures():
    text = DEPLOY.read_text()
    assert "## Measured with dnkit's benchmark" in text
    assert "stack_probe.md" in text  # the figures used until then say where they come from
