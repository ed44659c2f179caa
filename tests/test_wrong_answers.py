"""Each plausible wrong answer, on its own, fails its exercise's check with in-notebook feedback.

The solution notebook runs once in one kernel; then each wrong answer replaces its solution cell, the
exercise's test cells run (visible and hidden tests), and the right answer is put back.
"""

import nbformat
import pytest
from nbclient import NotebookClient
from notebook_cells import exercises, read

pytestmark = pytest.mark.slow


def errors(cell):
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def test_each_wrong_answer_gets_feedback(module, elsewhere):
    nb = read(module.solution)
    pristine = read(module.solution)  # execute_cell writes executed cells back into nb.cells
    client = NotebookClient(nb, kernel_name="python3", timeout=120, allow_errors=True,
                            resources={"metadata": {"path": str(elsewhere)}})
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
            assert not errors(cell), f"solution cell {index} failed: {errors(cell)}"
        for exercise in exercises(nb):
            solution_source = pristine.cells[exercise.index].source
            for wrong in exercise.wrong_answers:
                trial = nbformat.v4.new_code_cell(wrong)
                client.execute_cell(trial, exercise.index)
                first_test = nbformat.v4.new_code_cell(pristine.cells[exercise.tests[0][0]].source)
                client.execute_cell(first_test, exercise.tests[0][0])
                found = errors(first_test)
                assert found, f"{exercise.grade_id}: wrong answer passed its check:\n{wrong}"
                assert found[0]["ename"] == "NotYet", (
                    f"{exercise.grade_id}: wrong answer gave {found[0]['ename']} instead of feedback:\n{wrong}")
                assert "Hint" in found[0]["evalue"]
            restore = nbformat.v4.new_code_cell(solution_source)
            client.execute_cell(restore, exercise.index)
            assert not errors(restore)
