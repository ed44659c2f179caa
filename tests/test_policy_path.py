"""The policy path (aitrain.base.path_cells): one source notebook, two paths. What each edition keeps of the
source, how a decision is released, and that the committed policy notebooks are what `aitrain release --path
policy` makes (the notebooks themselves run, grade and give feedback in the notebook tests, which cover every
edition a module has)."""

import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from notebook_cells import is_solution, read
from typer.testing import CliRunner

from aitrain.base import catalogue, path_cells, timing
from aitrain.base.edition import POLICY, SOURCE, Edition
from aitrain.tooling.cli import app
from aitrain.tooling.release import release

POLICY_EDITIONS = [Edition(path=POLICY), Edition(language="ru", path=POLICY)]
WITH_POLICY = [m for m in catalogue.all_modules() if m.has_path(POLICY)]


def _tagged(cell, *tags):
    cell.metadata["tags"] = list(tags)
    return cell


def _source():
    return new_notebook(cells=[
        new_markdown_cell("The story, for both paths."),
        _tagged(new_code_cell("headcount = survey['poor'].mean()"), "coded"),
        _tagged(new_markdown_cell("Read the chart and decide."), "policy"),
        _tagged(new_code_cell("budget_percent = 23"), "policy"),
        _tagged(new_code_cell("plot()"), "instructor"),
        new_code_cell("plot()"),
    ])


def test_each_path_keeps_its_own_cells_and_the_shared_ones():
    nb = _source()
    assert path_cells.paths_of(nb) == ("coded", "policy")
    assert path_cells.paths_of(new_notebook(cells=[new_code_cell("x = 1")])) == ("coded",)
    coded = path_cells.for_path(_source(), SOURCE)
    assert [c.source for c in coded.cells] == ["The story, for both paths.", "headcount = survey['poor'].mean()",
                                               "plot()", "plot()"]
    policy = path_cells.for_path(_source(), Edition(path=POLICY))
    assert [c.source for c in policy.cells] == ["The story, for both paths.", "Read the chart and decide.",
                                                "budget_percent = 23", "plot()", "plot()"]
    assert all(set(c.metadata.get("tags", [])).isdisjoint({"coded", "policy"}) for c in policy.cells + coded.cells)
    hidden = [c.metadata.get("jupyter", {}).get("source_hidden", False) for c in policy.cells if c.cell_type == "code"]
    assert hidden == [True, True, True], "on the policy path the teaching code is collapsed"
    assert not any("jupyter" in c.metadata for c in coded.cells), "the coded path shows its code"


@pytest.mark.parametrize("policy", POLICY_EDITIONS, ids=lambda e: e.name)
def test_policy_notebooks_are_in_step_with_solutions(policy):
    differences = release(WITH_POLICY, policy, check=True)
    assert differences == [], f"run '{policy.command('aitrain release')}' and commit: " + ", ".join(differences)


@pytest.mark.parametrize("policy", POLICY_EDITIONS, ids=lambda e: e.name)
@pytest.mark.parametrize("subject", WITH_POLICY, ids=lambda m: m.slug)
def test_a_policy_notebook_asks_for_decisions_and_shows_no_code(subject, policy):
    module, edition = subject, policy
    released = read(edition.release(module))
    assert released.metadata["aitrain"]["path"] == "policy"
    decisions = [c for c in released.cells if is_solution(c)]
    assert len(decisions) >= 3, "the policy path needs at least 3 autograded decisions"
    for cell in decisions:  # an exercise both paths share (module 12's choice of metric) is one-line values too
        lines = [line for line in cell.source.splitlines() if line.strip() and not line.startswith("#")]
        assert lines and all(re.fullmatch(r"\w+ = \.\.\.  # \u270f\ufe0f .+", line) for line in lines), cell.source
    shown = [c for c in released.cells if c.cell_type == "code" and not is_solution(c)
             and not c.metadata.get("jupyter", {}).get("source_hidden")]
    assert not shown, f"code shown on the policy path: {shown[0].source[:80]}"


def test_the_policy_path_is_timed_like_the_coded_path(module):
    """Its metadata's policy minutes are at least the estimate from what the participant reads and decides."""
    if not module.has_path(POLICY):
        assert module.policy is None
        return
    on_policy = module.on_path(POLICY)
    estimate = timing.estimate(module.solution, POLICY)
    assert on_policy.teaching_minutes >= estimate.teaching and on_policy.exercise_minutes >= estimate.exercises, (
        f"{module.slug}: policy minutes {on_policy.teaching_minutes} + {on_policy.exercise_minutes}, estimate "
        f"{estimate.teaching} + {estimate.exercises} ({estimate.counts})")
    text = nbformat.writes(read(Edition(path=POLICY).solution(module)))
    assert f"Time: about {on_policy.minutes} minutes" in text
    assert estimate.counts.code_lines == 0 and estimate.counts.exercises >= 3


def test_release_refuses_a_module_without_a_policy_path(tmp_path):
    without = next(m for m in catalogue.all_modules() if not m.has_path(POLICY))
    result = CliRunner().invoke(app, ["release", "--path", "policy", "--check", without.id], env={"COLUMNS": "200"})
    assert result.exit_code == 2 and f"Module {without.id} has no policy path yet" in result.output, result.output
    result = CliRunner().invoke(app, ["release", "--path", "scenic", "--check"], env={"COLUMNS": "200"})
    assert result.exit_code == 2 and "its paths are coded, policy" in result.output, result.output
