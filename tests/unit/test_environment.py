"""environment.yml (conda, Binder) and pyproject.toml must list the same dependencies."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _pip_names(env: dict) -> tuple[set[str], set[str]]:
    conda, pip = set(), set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip |= {_name(d) for d in dep.get("pip", []) if not d.startswith("-")}
        else:
            conda.add(_name(dep))
    return conda, pip


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {_name(d) for d in project["dependencies"]}
    test = {_name(d) for d in project["optional-dependencies"]["test"]}
    conda, pip = _pip_names(yaml.safe_load((ROOT / "environment.yml").read_text()))
    listed = (conda | pip) - {"python", "pip"}
    assert runtime <= listed, f"missing from environment.yml: {runtime - listed}"
    assert test <= listed, f"test tools missing from environment.yml: {test - listed}"
    assert listed <= runtime | test, f"only in environment.yml: {listed - runtime - test}"
    assert "anywidget" in listed


def test_python_versions_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    py = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert py and "3.11" in py[0] and project["requires-python"] == ">=3.11"


def test_binder_start_sets_up_voila_as_attachwork_serve_does(tmp_path):
    import json
    import os
    import subprocess
    import sys

    from attachwork.app.serve import SHARE_DIR

    env = {**os.environ, "ATTACHWORK_DATA_DIR": str(tmp_path / "binder"),
           "PATH": f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}"}
    out = subprocess.run([str(ROOT / "start"), "env"], env=env, capture_output=True, text=True,
                         check=True).stdout
    values = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    assert values["JUPYTER_PATH"].split(":")[0] == str(SHARE_DIR)
    config = json.loads((tmp_path / "binder" / "jupyter" / "jupyter_server_config.json").read_text())
    assert config["VoilaConfiguration"]["template"] == "attachwork"
    assert config["VoilaConfiguration"]["strip_sources"] is True
