"""environment.yml and pyproject.toml list the same dependencies."""

import re
import tomllib

import yaml

from aitrain import paths


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _conda_and_pip(env: dict) -> list[str]:
    """environment.yml's conda packages and the pip packages (those conda-forge does not have)."""
    pip = [d for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    return [d for d in env["dependencies"] if isinstance(d, str)] + [p for d in pip for p in d["pip"]]


def test_same_dependencies():
    project = tomllib.loads((paths.home() / "pyproject.toml").read_text())["project"]
    pyproject = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((paths.home() / "environment.yml").read_text())
    conda = {_name(d) for d in _conda_and_pip(env) if not d.startswith("-e")} - {"python", "pip"}
    assert pyproject == conda, f"only in pyproject: {pyproject - conda}; only in environment.yml: {conda - pyproject}"


def test_same_minimum_versions():
    project = tomllib.loads((paths.home() / "pyproject.toml").read_text())["project"]
    pins = {_name(r): r.replace(" ", "") for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    env = yaml.safe_load((paths.home() / "environment.yml").read_text())
    for dep in _conda_and_pip(env):
        if _name(dep) in pins:
            assert dep.replace(" ", "") == pins[_name(dep)], f"{dep} vs {pins[_name(dep)]}"
