"""The `aitrain` command, as a user meets it: listings, checks, and one-line errors."""

import re

import pytest
from rich.console import Console
from test_pages import uses_the_shell
from typer.testing import CliRunner

from aitrain.base import catalogue
from aitrain.tooling import cli
from aitrain.tooling.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    """Tables wrap at the terminal's width; a wide one keeps each title on one line for the checks."""
    monkeypatch.setattr(cli, "console", Console(width=250))
    monkeypatch.setattr(cli, "errors", Console(width=250, stderr=True))


def test_modules_lists_titles_and_minutes():
    result = runner.invoke(app, ["modules"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for m in catalogue.all_modules():
        assert m.title in result.output and str(m.minutes) in result.output


def test_unknown_module_is_one_clear_line():
    result = runner.invoke(app, ["run", "99"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "Unknown module '99'; the modules are" in result.output
    assert "Traceback" not in result.output


def test_help_groups_commands_by_audience():
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    panels = {"Participants": {"lab", "doctor"}, "Trainers: teaching": {"modules", "syllabus", "guide", "visits",
                                                                          "book", "kit", "server"},
              "Trainers: grading": {"course", "status", "collect", "place", "choose", "autograde", "mark", "feedback",
                                    "export", "report", "attendance", "evaluation", "capstone", "certificates",
                                    "funder-report"},
              "Authors": {"release", "translate", "run", "demo", "datasets", "mutants"}}
    text = result.output
    starts = [text.index(f"─ {title} ─") for title in panels]
    assert starts == sorted(starts), "participants, then trainers teaching, trainers grading, authors"
    for (title, commands), start, end in zip(panels.items(), starts, starts[1:] + [len(text)], strict=True):
        listed = set(re.findall(r"^│ ([\w-]+) ", text[start:end], flags=re.M))
        assert listed == commands, title


@pytest.mark.parametrize("args,message", [
    (["report", "--course", "{tmp}"], "is not an aitrain course directory"),
    (["course", "roster", "{tmp}", "{tmp}/roster.csv"], "is not an aitrain course directory"),
    (["syllabus", "--track", "3-day", "-o", "{tmp}"], "Unknown track '3-day'"),
    (["datasets", "check", "no_such_data"], "no_such_data"),
])
def test_every_command_reports_a_problem_in_one_line(tmp_path, args, message):
    result = runner.invoke(app, [a.format(tmp=tmp_path) for a in args], env={"COLUMNS": "80"})
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert result.output.count("Error:") == 1 and result.output.strip().startswith("Error:")


def test_bad_parameter_is_explained():
    result = runner.invoke(app, ["run", "02", "-p", "seed"], env={"COLUMNS": "200"})
    assert result.exit_code == 2 and "name=value" in result.output


def test_release_check_passes_when_in_step():
    result = runner.invoke(app, ["release", "--check"])
    assert result.exit_code == 0, result.output


def test_release_check_names_the_drifted_file(tmp_path, monkeypatch):
    import shutil

    from aitrain import paths

    home = tmp_path / "course"
    for folder in ("solutions", "modules", "datasets"):
        shutil.copytree(paths.home() / folder, home / folder)
    module = catalogue.all_modules()[0]
    drifted = home / "modules" / module.slug / module.notebook_name
    drifted.write_text(drifted.read_text().replace("Module", "Modul", 1))
    monkeypatch.setenv("AITRAIN_HOME", str(home))
    result = runner.invoke(app, ["release", "--check"], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert f"modules/{module.slug}/{module.notebook_name}" in result.output
    result = runner.invoke(app, ["release", module.id])
    assert result.exit_code == 0
    assert runner.invoke(app, ["release", "--check"]).exit_code == 0


def test_datasets_check():
    result = runner.invoke(app, ["datasets", "check"])
    assert result.exit_code == 0 and "matches" in result.output


@pytest.mark.slow
def test_run_writes_a_report(tmp_path):
    module = catalogue.all_modules()[0]
    result = runner.invoke(app, ["run", module.id, "-o", str(tmp_path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    report = (tmp_path / "report.md").read_text()
    assert module.solution.stem in report and "| ok |" in report
    page = (tmp_path / "report.html").read_text()
    assert f'href="{module.slug}/{module.notebook_name}"' in page and 'class="ok">ok<' in page
    assert uses_the_shell(page)
    assert (tmp_path / module.slug / module.notebook_name).is_file()
