"""The trainer's grading commands: course init/roster, status, collect, choose, autograde, feedback, export,
report."""

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from aitrain.base import catalogue
from aitrain.base.console import console, errors
from aitrain.base.edition import Edition
from aitrain.errors import AitrainError

course_app = typer.Typer(help="Create a trainer's course directory and import its roster.", no_args_is_help=True)
CourseOpt = Annotated[Path, typer.Option("--course", "-c", help="The course directory (aitrain course init).")]
ModuleArg = Annotated[str, typer.Argument(help="Module id, e.g. 02.")]
ReceiptArg = Annotated[str, typer.Argument(help="A receipt number from the collect or status table, e.g. 00017.")]
ParticipantArg = Annotated[str, typer.Argument(help="The participant's id on the roster.")]


def _open(course: Path, module: str | None = None):
    """The course directory named by --course, and the module named on the command line."""
    from aitrain.grading.course_directory import CourseDirectory

    return CourseDirectory.open(course), (catalogue.find_modules([module])[0] if module else None)


@course_app.command("init")
def course_init(
    folder: Annotated[Path, typer.Argument(help="A new folder, outside the curriculum's repository.")],
    db: Annotated[str | None, typer.Option("--db", help="Gradebook URL, e.g. postgresql://...")] = None,
    roster: Annotated[Path | None, typer.Option("--roster", help="CSV with id, first_name, last_name, email.")] = None,
    course_id: Annotated[str, typer.Option("--course-id")] = "aitrain",
    modules: Annotated[list[str] | None, typer.Option("--module", "-m", help="Register only these modules now "
                                                      "(the others when first collected).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Grade the course's edition in this language (ru): "
                                                     "its notebooks come from solutions/ru/.")] = "en",
) -> None:
    """Create a course directory in nbgrader's layout, with a gradebook holding every module."""
    from aitrain.grading.course_directory import init

    edition = Edition(language=lang)
    course_dir = init(folder, db, course_id, roster, catalogue.find_modules(modules) if modules else None, edition)
    console.print(f"Course directory ready in {course_dir.root} (gradebook: {course_dir.db_url}; "
                  f"edition: {edition.label}).")


@course_app.command("roster")
def course_roster(folder: Path, csv_file: Path) -> None:
    """Add or update participants from a CSV (columns: id, first_name, last_name, email)."""
    from aitrain.grading.course_directory import import_roster
    from aitrain.grading.intake import place_everywhere

    course_dir, _ = _open(folder)
    n = import_roster(course_dir, csv_file)
    placed = place_everywhere(course_dir)
    console.print(f"{n} participants imported.")
    for module_id, r in placed:
        console.print(Text(f"Module {module_id}: receipt {r['id']} ({r['original_name']}) is now placed on "
                           f"{r['student']}."))


def collect(
    module: ModuleArg,
    course: CourseOpt,
    source: Annotated[Path, typer.Option("--from", help="A folder, a .zip, or the nbgrader exchange's inbound/.")],
) -> None:
    """Take in submissions; keep every original read-only with its receipt; report what could not be placed."""
    from aitrain.grading import intake
    from aitrain.grading.sources import JUNK

    course_dir, mod = _open(course, module)
    course_dir.ensure_assignment(mod)
    result = intake.collect(course_dir, mod, source)
    table = Table(title=Text(f"Collected for {mod.slug} from {source}"))
    for col in ("receipt", "participant", "original name", "note"):
        table.add_column(col)
    for r in result.placed_now:  # names and notes come from outside: always plain text, never markup
        table.add_row(r["id"], Text(r["student"], style="green"), Text(r["original_name"]), Text(r["note"]))
    for r in result.receipts + result.unplaced:
        table.add_row(r.id, Text(r.student) if r.student else Text("not placed", style="red"), Text(r.original_name),
                      Text(r.note))
    junk = [r for r in result.refused if r.reason == JUNK]
    for r in result.refused:
        if r.reason != JUNK:
            table.add_row("-", Text("refused", style="red"), Text(r.name), Text(r.reason))
    console.print(table)
    if junk:
        console.print(f"{len(junk)} system file{'s' if len(junk) > 1 else ''} skipped (__MACOSX, ._ files, "
                      ".DS_Store, Thumbs.db, desktop.ini, .ipynb_checkpoints).")
    console.print(f"Counting submissions (latest valid notebook per participant): {len(result.counts)}.")
    if result.unplaced or len(result.refused) > len(junk):
        console.print("[yellow]Some files were not placed or were refused; see the table above and "
                      f"{escape(str(course_dir.folder('intake', mod.slug, 'ledger.json')))}.[/] Place a file by hand "
                      f"with 'aitrain place {mod.id} RECEIPT PARTICIPANT'.")


def place(
    module: ModuleArg,
    receipt: ReceiptArg,
    participant: ParticipantArg,
    course: CourseOpt,
) -> None:
    """Place a received file on a participant by hand (a file not placed, or placed on the wrong person)."""
    from aitrain.grading import intake

    course_dir, mod = _open(course, module)
    r = intake.place_by_hand(course_dir, mod, receipt, participant)
    console.print(Text(f"Receipt {r['id']} ({r['original_name']}) is placed on {r['student']}; it counts for them "
                       "if it is their latest valid notebook."))


def autograde(
    module: ModuleArg,
    course: CourseOpt,
    workers: Annotated[int | None, typer.Option("--workers", "-j", help="Parallel workers (default: cores).")] = None,
    no_sandbox: Annotated[bool, typer.Option("--no-sandbox", help="Run participant code unconfined (DANGER).")] = False,
    only: Annotated[list[str] | None, typer.Option("--only", help="Grade only this participant (repeatable).")] = None,
) -> None:
    """Grade every counting submission (or --only some), each in its own sandbox; show each one's status."""
    from aitrain.grading import sandbox
    from aitrain.grading.autograde import GRADED, autograde
    from aitrain.grading.status import standings

    course_dir, mod = _open(course, module)
    why = sandbox.probe()
    if why and not no_sandbox:
        raise AitrainError(f"No sandbox is available: {why}",
                           "Install bubblewrap, or pass --no-sandbox to run participants' code with your own "
                           "rights (read 'Without a sandbox' in docs/trainers-grading.md first).")
    if no_sandbox:
        errors.print("[bold red]WARNING: grading WITHOUT a sandbox.[/] Participants' code runs as you, can read "
                     "and change your files (solutions, gradebook) and use the network. Only resource limits apply.")
    course_dir.ensure_assignment(mod)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console) as progress:
        from aitrain.grading.intake import load_ledger

        total = len(only) if only else len(load_ledger(course_dir, mod)["counts"])
        task = progress.add_task(f"Grading {mod.slug}", total=total)
        outcomes = autograde(course_dir, mod, workers=workers, sandboxed=not no_sandbox, students=only,
                             progress=lambda o: progress.advance(task))
    rows = {r.student: r for r in standings(course_dir, mod)}
    table = Table(title=f"Autograde of {mod.slug}")
    for col in ("participant", "receipt", "status", "points", "reason or note"):
        table.add_column(col)
    for o in outcomes:
        colour = "green" if o.status == GRADED else "red"
        row = rows.get(o.student)
        table.add_row(Text(f"{row.name} ({o.student})" if row else o.student), o.receipt, Text(o.status, style=colour),
                      row.points if row else "", Text("; ".join(o.reasons + o.notes)))  # plain text, never markup
    console.print(table)


def feedback(module: ModuleArg, course: CourseOpt) -> None:
    """Write per-participant HTML feedback (no hidden test source) into the course directory's feedback/ folder."""
    from aitrain.grading.feedback_pages import write_feedback

    course_dir, mod = _open(course, module)
    pages, none = write_feedback(course_dir, mod)
    console.print(f"{len(pages)} feedback pages written under {course_dir.folder('feedback')}.")
    if none:
        table = Table(title="No feedback page for")
        for col in ("participant", "why"):
            table.add_column(col)
        for student, why in none.items():
            table.add_row(Text(student), Text(why))
        console.print(table)
    from aitrain.grading.exchange import release_feedback, root_of

    if root_of(course_dir):
        released, skipped = release_feedback(course_dir, mod)
        console.print(f"{len(released)} released to the exchange (participants: Assignments panel or "
                      f"'nbgrader fetch_feedback {mod.slug}'); not through the exchange: "
                      f"{', '.join(skipped) or 'none'}.")


def export(course: CourseOpt, to: Annotated[Path, typer.Option("--to", help="CSV file to write.")]) -> None:
    """Export grades: nbgrader's long CSV, and one row per participant (CSV and Excel workbook)."""
    from aitrain.grading.export import export as do_export

    course_dir, _ = _open(course)
    written = do_export(course_dir, to)
    console.print(f"Grades written to {', '.join(str(p) for p in written)}.")


def status(module: ModuleArg, course: CourseOpt) -> None:
    """Where everyone on the roster stands in a module: handed in or missing, points, to mark, review, feedback."""
    from aitrain.grading.status import status_table

    course_dir, mod = _open(course, module)
    console.print(status_table(course_dir, mod))


def choose(
    module: ModuleArg,
    student: ParticipantArg,
    receipt: ReceiptArg,
    course: CourseOpt,
) -> None:
    """Choose which of a participant's submissions counts (recorded in the ledger with who chose it, and when)."""
    import getpass

    from aitrain.grading import intake

    course_dir, mod = _open(course, module)
    choice = intake.choose(course_dir, mod, student, receipt, getpass.getuser())
    console.print(Text(f"Receipt {choice['receipt']} now counts for {student} (chosen by {choice['by']} at "
                       f"{choice['at']}). Grade it: aitrain autograde {mod.id} --course {course_dir.root} "
                       f"--only {student}"))


def report(course: CourseOpt,
           to: Annotated[Path | None, typer.Option("--to", help="HTML file (default in COURSE/reports/).")] = None,
           ) -> None:
    """Write the cohort report: score distributions, pass rates, completion heatmap, needs-review list."""
    from aitrain.grading.cohort_report import write_report

    course_dir, _ = _open(course)
    console.print(f"Cohort report written to {write_report(course_dir, to)}.")


def register(app: typer.Typer, panel: str) -> None:
    """Add the grading commands to the `aitrain` command, under the help's `panel`."""
    for command in (status, collect, place, choose, autograde, feedback, export, report):
        app.command(rich_help_panel=panel)(command)
    app.add_typer(course_app, name="course", rich_help_panel=panel)
