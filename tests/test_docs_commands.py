"""The trainer's pages give commands that work: every `aitrain ...` and `nbgrader ...` command they quote
exists, with the options quoted."""

import re
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from aitrain import paths
from aitrain.tooling.cli import app

DOCS = ["docs/trainers-grading.md", "README.md", "CONTRIBUTING.md"]
runner = CliRunner()


def quoted(tool: str) -> list[tuple[str, str]]:
    """(page, command line) for every `tool ...` in a code span or a code block of the pages."""
    found = []
    for page in DOCS:
        text = (paths.home() / page).read_text(encoding="utf-8")
        blocks = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)
        spans = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
        lines = [line for block in blocks for line in block.splitlines()] + spans
        for line in lines:
            for part in re.split(r"&&|\|", line):
                part = part.strip()
                if part.startswith(tool + " "):
                    found.append((page, part))
    return found


@pytest.mark.parametrize("page,line", quoted("aitrain"), ids=lambda v: v if " " in v else None)
def test_aitrain_commands_quoted_exist(page, line):
    words = [w for w in line.split()[1:] if re.fullmatch(r"[a-z][a-z_-]*", w)]
    options = re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", line)
    path, shown = [], runner.invoke(app, ["--help"], env={"COLUMNS": "200"}).output
    for word in words:  # the longest command prefix that has its own help
        result = runner.invoke(app, [*path, word, "--help"], env={"COLUMNS": "200"})
        if result.exit_code != 0:
            break
        path, shown = path + [word], result.output
    assert path or not words, f"{page}: '{line}' names no aitrain command"
    for option in options:
        assert option in shown, f"{page}: '{line}': {option} is not an option of 'aitrain {' '.join(path)}'"


def test_nbgrader_commands_quoted_exist():
    listing = subprocess.run([sys.executable, "-m", "nbgrader", "--help"], capture_output=True, text=True).stdout
    commands = set(re.findall(r"^([a-z_]+)$", listing, flags=re.M))  # the subcommands, one per line
    assert "generate_feedback" in commands
    for page, line in quoted("nbgrader"):
        assert line.split()[1] in commands, f"{page}: 'nbgrader {line.split()[1]}' is not an nbgrader 0.9 command"
