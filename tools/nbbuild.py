"""Helpers for writing a solution notebook from a Python script (an authoring aid, not a second source).

Usage in a throwaway script:
    from nbbuild import Notebook
    nb = Notebook(meta={...})
    nb.md("# Title"); nb.code("x = 1"); nb.solution("ex1", "x = 2", wrong=["x = 3"]); nb.test("ex1-test", "...", 2)
    nb.write("solutions/NN-name/NN-name.ipynb")
Cell ids are derived from the position and grade id, so rewriting gives the same file.
"""

import hashlib

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


def _nbgrader(grade_id, grade, solution, locked, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if points is not None:
        meta["points"] = points
    return meta


class Notebook:
    def __init__(self, meta: dict):
        self.nb = new_notebook()
        self.nb.metadata = {
            "aitrain": meta,
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        }

    def _add(self, cell, tags=()):
        if tags:
            cell.metadata["tags"] = list(tags)
        self.nb.cells.append(cell)
        return cell

    def md(self, text, tags=()):
        return self._add(new_markdown_cell(text.strip("\n")), tags)

    def code(self, text, tags=()):
        return self._add(new_code_cell(text.strip("\n")), tags)

    def parameters(self, text):
        return self.code(text, tags=["parameters"])

    def solution(self, grade_id, text, wrong=()):
        cell = self.code(text)
        cell.metadata["nbgrader"] = _nbgrader(grade_id, False, True, False)
        if wrong:
            cell.metadata["aitrain"] = {"wrong_answers": [w.strip("\n") for w in wrong]}
        return cell

    def test(self, grade_id, text, points):
        cell = self.code(text)
        cell.metadata["nbgrader"] = _nbgrader(grade_id, True, False, True, points)
        return cell

    def written(self, grade_id, prompt_text, answer_text, points):
        """A written reflection: a locked prompt and a manually graded answer cell."""
        prompt = self.md(prompt_text)
        prompt.metadata["nbgrader"] = _nbgrader(grade_id + "-prompt", False, False, True)
        cell = self.md(answer_text)
        cell.metadata["nbgrader"] = _nbgrader(grade_id, True, True, False, points)
        return cell

    def instructor_md(self, text):
        return self.md(text, tags=["instructor"])

    def instructor_code(self, text):
        return self.code(text, tags=["instructor"])

    def write(self, path):
        for i, cell in enumerate(self.nb.cells):
            key = f"{i}:{cell.metadata.get('nbgrader', {}).get('grade_id', '')}:{cell.source[:40]}"
            cell["id"] = hashlib.sha1(key.encode()).hexdigest()[:12]
        nbformat.validate(self.nb)
        nbformat.write(self.nb, path)
