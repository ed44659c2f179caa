"""Generate the participant notebooks in modules/ from the instructor notebooks in solutions/ with nbgrader."""

import filecmp
import shutil
import tempfile
from pathlib import Path

from traitlets.config import Config

from aitrain import paths
from aitrain.base.catalogue import Module
from aitrain.base.nbgrader_stages import configure
from aitrain.errors import AitrainError
from aitrain.tooling import welcome_notebook as welcome


def generate(module: Module, course_root: Path, source: Path | None = None, language: str = "en") -> Path:
    """Run nbgrader's generate_assignment for one module in a scratch course; return its release folder.

    `source` is the folder of the solution notebook (the module's own by default; a translated one for another
    `language`, whose stubs are then written in that language)."""
    from nbgrader.apps.generateassignmentapp import GenerateAssignmentApp
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory

    target = course_root / "source" / module.slug
    shutil.copytree(source or module.solution.parent, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    c = configure(Config(), language)
    c.CourseDirectory.root = str(course_root)
    c.CourseDirectory.assignment_id = module.slug
    c.GenerateAssignment.no_database = True
    c.SaveCells.enabled = False
    c.GenerateAssignment.force = True
    c.Application.log_level = "WARN"
    coursedir = CourseDirectory(config=c)
    app = GenerateAssignmentApp(config=c)
    app.log.setLevel("WARN")
    converter = GenerateAssignment(coursedir=coursedir, config=c, parent=app)
    try:
        converter.start()
    except Exception as exc:  # nbgrader raises NbGraderException after logging the cause
        raise AitrainError(f"nbgrader could not generate the release of module {module.slug}: {exc}",
                           "Check the solution notebook's grade cells (see the log above).") from exc
    return course_root / "release" / module.slug


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def sync(released: Path, target: Path, check: bool) -> list[str]:
    """Make `target` a copy of `released` (unless check); return the files, relative to target, that differ."""
    new, old = _files(released), _files(target) if target.is_dir() else set()
    changed = sorted(f for f in new | old
                     if f not in new or f not in old or not filecmp.cmp(released / f, target / f, shallow=False))
    if changed and not check:
        paths.require_clone("aitrain release")
        if target.is_dir():
            shutil.rmtree(target)
        shutil.copytree(released, target)
    return changed


def release(modules: list[Module], check: bool = False) -> list[str]:
    """Regenerate modules/ for the given modules; with check, change nothing and return what differs."""
    differences: list[str] = []
    with tempfile.TemporaryDirectory(prefix="aitrain-release-") as tmp:
        for module in modules:
            changed = sync(generate(module, Path(tmp)), paths.modules_dir() / module.slug, check)
            differences += [str(Path("modules") / module.slug / f) for f in changed]
    return differences + welcome.release(check)  # the WELCOME notebook lists every module: keep it in step
