"""Certificates of completion: one printable page per participant who meets the trainer's rule (HTML and PDF in
COURSE/certificates/), with a verification code listed in the trainer's register (COURSE/programme/certificates.csv).

The rule is the trainer's: at least a share of the hours held (attendance, aitrain.grading.programme_records) and
at least a share of the exercises of the modules taught (the automatic test cells passed, over every module
collected). A module counts as completed when the participant's notebook was handed in and graded; the certificate
names it with the path it was taken on (coded or policy, from the notebook handed in). Someone who does not meet the
rule gets no certificate and the command says why.

A code is a keyed hash (HMAC-SHA256) of the course, the participant and their name, with a key made once per course
directory (programme/certificate-key, never shown): the same person gets the same code at every run, and nobody
without the trainer's records can make a valid one. `aitrain certificates --verify CODE` looks one up.
"""

import base64
import csv
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from aitrain.base.edition import CODED, Edition
from aitrain.base.pages import render
from aitrain.errors import AitrainError
from aitrain.grading import intake, marks, programme_records, status
from aitrain.grading.autograde import GRADED
from aitrain.grading.course_directory import CourseDirectory
from aitrain.grading.export import modules_in_use
from aitrain.i18n import _

REGISTER = ("code", "id", "name", "issued", "programme", "hours", "modules")


@dataclass(frozen=True)
class Rule:
    attendance: float = 80.0  # % of the hours held
    exercises: float = 50.0  # % of the automatic exercises of the modules taught, passed

    def __post_init__(self):
        for what, value in (("attendance", self.attendance), ("exercises", self.exercises)):
            if not 0 <= value <= 100:
                raise AitrainError(f"The rule's {what} share is a percentage from 0 to 100, not {value:g}.")

    def save(self, course_dir: CourseDirectory) -> None:
        path = course_dir.folder("programme", "completion-rule.json")
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps({"attendance": self.attendance, "exercises": self.exercises}) + "\n")

    @classmethod
    def of(cls, course_dir: CourseDirectory) -> "Rule":
        """The rule last used for certificates (the default before any)."""
        path = course_dir.folder("programme", "completion-rule.json")
        return cls(**json.loads(path.read_text())) if path.exists() else cls()


@dataclass
class Standing:
    student: str
    name: str
    hours: float
    held: float
    passed: int = 0  # automatic exercises passed
    exercises: int = 0  # automatic exercises of the modules taught
    modules: list[tuple[str, str, str]] = field(default_factory=list)  # (id, title, path) completed
    why_not: list[str] = field(default_factory=list)

    @property
    def attendance(self) -> float | None:
        return 100 * self.hours / self.held if self.held else None

    @property
    def exercise_share(self) -> float | None:
        return 100 * self.passed / self.exercises if self.exercises else None

    @property
    def completed(self) -> bool:
        return not self.why_not


def _path(course_dir: CourseDirectory, module, receipt: dict | None) -> str:
    nb = marks.read(course_dir, module, receipt)
    path = nb.metadata.get("aitrain", {}).get("path") if nb is not None else None
    return path if isinstance(path, str) and path else course_dir.edition.path or CODED


def standings(course_dir: CourseDirectory, rule: Rule) -> list[Standing]:
    """Everyone on the roster, with their hours, exercises and modules, and why not complete (if not)."""
    hours = programme_records.attendance(course_dir)
    rows = {s: Standing(s, name, *hours[s]) for s, name in status.roster(course_dir)}
    modules = modules_in_use(course_dir)
    with course_dir.gradebook() as gb:
        for module in modules:
            ledger = intake.load_ledger(course_dir, module)
            receipts = {r["id"]: r for r in ledger["receipts"]}
            tests = len([c for c in gb.find_notebook(module.solution.stem, module.slug).grade_cells
                         if c.cell_type == "code"])
            for row in status.standings(course_dir, module):
                person = rows[row.student]
                person.exercises += tests
                if row.status != GRADED:
                    continue
                submission = gb.find_submission_notebook(module.solution.stem, module.slug, row.student)
                person.passed += sum(g.cell_type == "code" and (g.score or 0) >= g.max_score
                                     for g in submission.grades)
                person.modules.append((module.id, shown_title(course_dir, module),
                                       _path(course_dir, module, receipts.get(row.counting))))
    for person in rows.values():
        if person.attendance is None:
            person.why_not.append("no attendance marked yet (aitrain attendance)")
        elif person.attendance < rule.attendance:
            person.why_not.append(f"attended {person.attendance:.0f}% of the hours, the rule asks {rule.attendance:g}%")
        if person.exercise_share is None:
            person.why_not.append("no module collected yet")
        elif person.exercise_share < rule.exercises:
            person.why_not.append(f"passed {person.exercise_share:.0f}% of the exercises ({person.passed} of "
                                  f"{person.exercises}), the rule asks {rule.exercises:g}%")
    return list(rows.values())


def _key(course_dir: CourseDirectory) -> bytes:
    path = course_dir.folder("programme", "certificate-key")
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return bytes.fromhex(path.read_text().strip())


def code(course_dir: CourseDirectory, student: str, name: str) -> str:
    """'AIT-7KQ2-M9XA-3FPD': a keyed hash of the course, the participant and their name."""
    digest = hmac.new(_key(course_dir), f"{course_dir.course_id}\n{student}\n{name}".encode(), hashlib.sha256)
    letters = base64.b32encode(digest.digest()).decode()[:12]
    return "AIT-" + "-".join(letters[i:i + 4] for i in range(0, 12, 4))


def register(course_dir: CourseDirectory) -> list[dict]:
    path = course_dir.folder("programme", "certificates.csv")
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def verify(course_dir: CourseDirectory, given: str) -> dict | None:
    """The register's entry for a code (any case, with or without dashes), or None."""
    key = given.strip().upper().replace("-", "").replace(" ", "")
    return next((r for r in register(course_dir) if r["code"].replace("-", "") == key), None)


def shown_title(course_dir: CourseDirectory, module) -> str:
    """The module's title in the course's language (from its translated solution notebook's metadata)."""
    if not course_dir.edition.translated:
        return module.title
    import nbformat

    nb = nbformat.read(Edition(language=course_dir.edition.language).solution(module), as_version=4)
    return nb.metadata.get("aitrain", {}).get("title") or module.title


def issue(course_dir: CourseDirectory, rule: Rule, programme: str, issued: str | None = None, pdf: bool = True,
          ) -> tuple[list[Standing], list[Path]]:
    """Write a certificate (HTML, and PDF) for everyone who meets the rule and list them in the register."""
    from aitrain.grading.pdf_pages import print_pdfs

    if not programme.strip():
        raise AitrainError("A certificate names the programme.", "Give --programme \"AI for public services\".")
    rule.save(course_dir)
    issued = issued or date.today().isoformat()
    everyone = standings(course_dir, rule)
    out = course_dir.folder("certificates")
    out.mkdir(exist_ok=True)
    pages, entries = [], []
    for person in everyone:
        if not person.completed:
            continue
        person_code = code(course_dir, person.student, person.name)
        modules = [{"id": i, "title": title, "path": path} for i, title, path in person.modules]
        page = out / f"{person.student}.html"
        page.write_text(render("certificate.html.j2", title=_("Certificate: {name}").format(name=person.name),
                               lang=course_dir.edition.language, name=person.name,
                               programme=programme, hours=person.hours, held=person.held, modules=modules,
                               issued=issued, code=person_code, rule=rule, course=course_dir.course_id),
                        encoding="utf-8")
        pages.append(page)
        entries.append({"code": person_code, "id": person.student, "name": person.name, "issued": issued,
                        "programme": programme, "hours": f"{person.hours:g}",
                        "modules": "; ".join(f"{i} ({path})" for i, _, path in person.modules)})
    path = course_dir.folder("programme", "certificates.csv")
    with open(path, "w", encoding="utf-8-sig", newline="") as f:  # BOM: Excel reads the names right
        writer = csv.DictWriter(f, fieldnames=REGISTER)
        writer.writeheader()
        writer.writerows(entries)
    return everyone, pages + (print_pdfs(pages) if pdf else [])
