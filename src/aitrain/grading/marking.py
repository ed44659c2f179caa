"""Marking by question: one written answer of every participant in turn, with the question, its rubric (from the
module's trainer notes) and the model answer beside it; each mark and comment is written into the gradebook the
formgrader uses, as the formgrader's own grade and comment handlers write them, so status, feedback and export show
it at once and the formgrader shows it too. A translated course reads the question from its edition's solution
notebook, the rubric and model answer from the trainer texts' catalogue (aitrain.base.trainer_texts: a text not
translated yet is shown in English, marked), and writes its page in its language.

The answers are read from each counting submission's autograded notebook (what the formgrader shows). A
participant's text is never run or rendered as they typed it: in the terminal, control characters (colours,
cursor moves, bidirectional overrides) are removed; on the printable sheet (`sheet`), Markdown is rendered with any
HTML shown as text, and the result goes through the course's HTML sanitiser.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from aitrain.base.catalogue import Module
from aitrain.base.edition import Edition
from aitrain.base.pages import Markup, render
from aitrain.base.participant_html import clean_html
from aitrain.base.trainer_texts import edition_answer, marked_english, model_answer, shown, translation
from aitrain.errors import AitrainError
from aitrain.grading import intake, marks, status
from aitrain.grading.course_directory import CourseDirectory
from aitrain.grading.feedback_pages import markdown
from aitrain.i18n import _, language

LEAD = re.compile(r"^(?=\*\*)", re.M)  # where a paragraph with a bold lead starts: "**Rubric for ...**"
# C0/C1 controls but newline and tab, and the bidirectional overrides and isolates ("Trojan source")
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Question:
    grade_id: str
    title: str
    prompt: str
    rubric: str
    model: str
    points: float


@dataclass
class Answer:
    student: str
    name: str
    text: str
    score: float | None  # the mark given, None when not marked
    comment: str
    to_mark: bool  # what the formgrader lists as needing a manual grade (not an answer left blank, scored 0)


def _edition(module: Module, lang: str) -> Edition:
    return Edition(language=lang, path=getattr(module, "path", None) or "coded")


def _solution(module: Module, edition: Edition) -> Path:
    """The module's solution notebook in the edition (on the module's path)."""
    return module.solution if not edition.translated else edition.solution(getattr(module, "base", None) or module)


def _rubrics(nb, module: Module, edition: Edition) -> list[tuple[str, str]]:
    """(English, shown) of each rubric of the trainer notes, in order: a paragraph led by "**Rubric", found in the
    English and shown as the same paragraph of the cell's translation (the English, marked, when the translation
    has not the same paragraphs or none yet)."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown" or "instructor" not in cell.metadata.get("tags", []):
            continue
        english = LEAD.split(cell.source.strip())
        text = translation(edition, module.slug, cell.id, cell.source.strip())
        translated = LEAD.split(text) if text is not None else []
        for i, part in enumerate(english):
            if part.startswith("**Rubric"):
                found.append((part.strip(), translated[i].strip() if len(translated) == len(english)
                              else marked_english(part.strip(), edition)))
    return found


def questions(module: Module, lang: str = "en") -> list[Question]:
    """The module's written answers (manually graded Markdown cells), in order, each with the cell before it as
    its prompt, the N-th rubric of the trainer notes as its rubric, and the solution's text as the model; all in
    the language `lang`."""
    edition = _edition(module, lang)
    nb = nbformat.read(_solution(module, edition), as_version=4)
    rubrics = _rubrics(nb, module, edition)
    found, heading = [], ""
    for i, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
        if cell.cell_type == "markdown" and first.startswith("#") and not meta.get("solution"):
            heading = first.lstrip("#").replace("\u270f\ufe0f", "").strip()
        if cell.cell_type == "markdown" and meta.get("grade") and meta.get("solution"):
            prompt = nb.cells[i - 1].source.strip() if i else ""
            model = shown(edition, module.slug, cell.id, model_answer(cell.source))
            model = "\n".join(edition_answer(line, edition) for line in model.split("\n"))
            found.append(Question(meta["grade_id"], heading or meta["grade_id"], prompt, "", model,
                                  float(meta.get("points", 0))))
    for question, (english, rubric) in zip(found, rubrics, strict=False):
        question.rubric = rubric
        if question.prompt.startswith("#"):
            continue
        # the prompt has no heading of its own (13's letter): the rubric's words, or in a translation the prompt's
        label = re.match(r"\*\*Rubric for (.*?) \(", english)
        lead = re.match(r"\*\*(.+?)\.?\*\*", question.prompt)
        if edition.translated and lead:
            question.title = lead.group(1)
        elif label:
            question.title = label.group(1)[0].upper() + label.group(1)[1:]
    return found


def question(module: Module, grade_id: str | None) -> Question:
    """The written answer named (or the module's only one), in the current language; a clear error naming the
    choices otherwise."""
    found = questions(module, language())
    if not found:
        raise AitrainError(_("Module {module} has no written answer to mark.").format(module=module.id))
    if grade_id is None and len(found) == 1:
        return found[0]
    chosen = next((q for q in found if q.grade_id == grade_id), None)
    if chosen is None:
        choices = ", ".join(f"{q.grade_id} ({q.title})" for q in found)
        asked = _("No question named {name}.").format(name=repr(grade_id)) if grade_id else _("Which question?")
        raise AitrainError(asked + " " + _("Module {module}'s written answers: {choices}.").format(
                               module=module.id, choices=choices),
                           _("Give one: {command}").format(
                               command=f"aitrain mark {module.id} --question {found[0].grade_id} --course COURSE"))
    return chosen


def inert(text: str) -> str:
    """A participant's text safe to print in a terminal: no control characters or direction overrides."""
    return UNSAFE.sub("", text.replace("\r\n", "\n"))


def answers(course_dir: CourseDirectory, module: Module, grade_id: str) -> list[Answer]:
    """Every participant whose counting submission was autograded (the ones the formgrader lists), by id, with
    their answer to the question and its mark and comment so far."""
    rows = [r for r in status.standings(course_dir, module) if r.status in ("graded", "needs review")]
    receipts = {r["id"]: r for r in intake.load_ledger(course_dir, module)["receipts"]}
    found = []
    with course_dir.gradebook() as gb:
        for row in rows:
            submission = gb.find_submission_notebook(module.solution.stem, module.slug, row.student)
            grade = next((g for g in submission.grades if g.name == grade_id), None)
            if grade is None:
                continue
            comment = next((c.manual_comment or "" for c in submission.comments if c.name == grade_id), "")
            path = course_dir.folder("autograded", row.student, module.slug, module.notebook_name)
            if path.exists():
                nb = nbformat.read(path, as_version=4)
            else:  # needs review before it could be autograded (e.g. tampering): the file as handed in
                nb = marks.read(course_dir, module, receipts.get(row.counting))
            text = marks.answers(nb).get(grade_id, "")
            found.append(Answer(row.student, row.name, text, grade.manual_score, comment, grade.needs_manual_grade))
    return found


def record(course_dir: CourseDirectory, module: Module, student: str, grade_id: str, score: float | None = None,
           comment: str | None = None) -> None:
    """Give a mark (0 to the question's points) and/or a comment, as the formgrader's PUT /api/grade and
    /api/comment do."""
    with course_dir.gradebook() as gb:
        submission = gb.find_submission_notebook(module.solution.stem, module.slug, student)
        if score is not None:
            grade = next(g for g in submission.grades if g.name == grade_id)
            if not 0 <= score <= grade.max_score:
                raise AitrainError(_("A mark for {question} is from 0 to {points}, not {score}.").format(
                    question=grade_id, points=f"{grade.max_score:g}", score=f"{score:g}"))
            grade.manual_score, grade.extra_credit = score, None
            grade.needs_manual_grade = grade.manual_score is None and grade.auto_score is None
        if comment is not None:
            next(c for c in submission.comments if c.name == grade_id).manual_comment = comment or None
        gb.db.commit()


def sheet(course_dir: CourseDirectory, module: Module, q: Question, found: list[Answer]) -> Path:
    """A page to read (or print) every answer to the question beside its rubric, with the marks so far."""
    def safe(text: str) -> Markup:
        return Markup(clean_html(str(markdown(text))))

    rows = [{"who": f"{a.name} ({a.student})", "answer": safe(a.text), "score": a.score, "comment": a.comment,
             "to_mark": a.to_mark}
            for a in found]
    out = course_dir.folder("marking", module.slug, f"{q.grade_id}.html")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render("marking.html.j2", lang=language(),
                          title=_("Marking {module}: {title}").format(module=module.id, title=q.title), question=q,
                          prompt=markdown(q.prompt), rubric=markdown(q.rubric), model=markdown(q.model), rows=rows,
                          command=f"aitrain mark {module.id} --question {q.grade_id} --course {course_dir.root}"),
                   encoding="utf-8")
    return out
