"""The trainer's grading commands: course init/roster, status, collect, choose, autograde, mark, feedback, export,
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
from aitrain.grading.command_options import CourseOpt, ModuleArg, OnPathOpt, ParticipantArg, ReceiptArg
from aitrain.grading.command_options import open_course as _open
from aitrain.i18n import gettext

course_app = typer.Typer(help="Create a trainer's course directory and import its roster.", no_args_is_help=True)
def _on_path(course_dir, mod, path: str | None, student: str | None = None):
    """The module's assignment on a path (--path, else the participant's path, else the course's)."""
    if path is not None:
        Edition(path=path)  # a clear error for an unknown path
        if not mod.has_path(path):
            raise AitrainError(f"Module {mod.id} has no {path} path.", "Leave --path out, or choose coded.")
    return course_dir.assignment(mod, path or course_dir.path_of(mod, student))


def _which(graded, assignments) -> str:
    """' (policy path)' when the course takes the module on more than one path, else ''."""
    return f" ({graded.path} path)" if len(assignments) > 1 else ""


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
    path: Annotated[str, typer.Option("--path", help="The course's path: coded (participants write code) or policy "
                                                     "(they read and decide). A roster's 'path' column gives a "
                                                     "participant's own.")] = "coded",
    module_path: Annotated[list[str] | None, typer.Option("--module-path", help="A module's own path, e.g. "
                                                          "02=policy (repeatable).")] = None,
) -> None:
    """Create a course directory in nbgrader's layout, with a gradebook holding every module on its paths."""
    from aitrain.grading.course_directory import init

    edition = Edition(language=lang, path=path)
    paths = {}
    for given in module_path or []:
        name, _, on = given.partition("=")
        if not on:
            raise AitrainError(f"--module-path {given!r} names no path.", "Write it as MODULE=PATH, e.g. 02=policy.")
        paths[catalogue.find_modules([name.strip()])[0].id] = Edition(path=on.strip().lower()).path
    course_dir = init(folder, db, course_id, roster, catalogue.find_modules(modules) if modules else None, edition,
                      paths)
    chosen = {p: sum(v == p for v in course_dir.participant_paths.values()) for p in ("coded", "policy")}
    console.print(f"Course directory ready in {course_dir.root} (gradebook: {course_dir.db_url}; "
                  f"edition: {edition.label}; path: {edition.path}"
                  + "".join(f"; module {m} on the {p} path" for m, p in course_dir.module_paths.items())
                  + "".join(f"; {n} participant{'s' if n != 1 else ''} on the {p} path"
                            for p, n in chosen.items() if n) + ").")


@course_app.command("roster")
def course_roster(folder: Path, csv_file: Path) -> None:
    """Add or update participants from a CSV (columns: id, first_name, last_name, email)."""
    from aitrain.grading.course_directory import import_roster
    from aitrain.grading.intake import place_everywhere

    course_dir, _ = _open(folder)
    n, course_dir = import_roster(course_dir, csv_file)
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

    course_dir, base = _open(course, module)
    assignments = course_dir.assignments(base)
    for mod in assignments:
        course_dir.ensure_assignment(mod)
        _collected(course_dir, mod, source, intake.collect(course_dir, mod, source, {a.path for a in assignments}),
                   _which(mod, assignments))


def _collected(course_dir, mod, source, result, which: str) -> None:
    from aitrain.grading.sources import JUNK

    table = Table(title=Text(f"Collected for {mod.slug}{which} from {source}"))
    for col in ("receipt", "participant", "original name", "note"):
        table.add_column(col)
    for r in result.placed_now:  # names and notes come from outside: always plain text, never markup
        table.add_row(r["id"], Text(r["student"], style="green"), Text(r["original_name"]), Text(r["note"]))
    for r in result.receipts + result.unplaced:
        table.add_row(r.id, Text(r.student) if r.student else Text("not placed", style="red"), Text(r.original_name),
                      Text("; ".join(filter(None, (r.problem, r.note)))))
    junk = [r for r in result.refused if r.reason == JUNK]
    for r in result.refused:
        if r.reason != JUNK:
            table.add_row("-", Text("refused", style="red"), Text(r.name), Text(r.reason))
    console.print(table)
    if junk:
        console.print(f"{len(junk)} system file{'s' if len(junk) > 1 else ''} skipped (__MACOSX, ._ files, "
                      ".DS_Store, Thumbs.db, desktop.ini, .ipynb_checkpoints).")
    console.print(f"Counting submissions{which} (latest valid notebook per participant): {len(result.counts)}.")
    if result.resend:
        from aitrain.grading.status import emails, roster

        names, addresses = dict(roster(course_dir)), emails(course_dir)
        please = Table(title="Please resend: these files cannot be graded and do not count; ask for the notebook "
                             "again", title_style="bold red")
        for col in ("participant", "e-mail", "file", "what was wrong"):
            please.add_column(col)
        for r in result.resend:
            please.add_row(Text(f"{names.get(r.student, r.student)} ({r.student})"),
                           Text(addresses.get(r.student, "")), Text(r.original_name), Text(r.problem))
        console.print(please)
    if result.unplaced or len(result.refused) > len(junk):
        console.print("[yellow]Some files were not placed or were refused; see the table above and "
                      f"{escape(str(course_dir.folder('intake', mod.slug, 'ledger.json')))}.[/] Place a file by hand "
                      f"with 'aitrain place {mod.id} RECEIPT PARTICIPANT --course {escape(str(course_dir.root))}'.")


def place(
    module: ModuleArg,
    receipt: ReceiptArg,
    participant: ParticipantArg,
    course: CourseOpt,
    path: OnPathOpt = None,
) -> None:
    """Place a received file on a participant by hand (a file not placed, or placed on the wrong person)."""
    from aitrain.grading import intake

    course_dir, mod = _open(course, module)
    mod = _on_path(course_dir, mod, path)
    r = intake.place_by_hand(course_dir, mod, receipt, participant)
    console.print(Text(f"Receipt {r['id']} ({r['original_name']}) is placed on {r['student']}; it counts for them "
                       "if it is their latest valid notebook."))


def autograde(
    module: ModuleArg,
    course: CourseOpt,
    workers: Annotated[int | None, typer.Option("--workers", "-j", help="Parallel workers (default: cores).")] = None,
    no_sandbox: Annotated[bool, typer.Option("--no-sandbox", help="Run participant code unconfined (DANGER).")] = False,
    only: Annotated[list[str] | None, typer.Option("--only", help="Grade only this participant (repeatable).")] = None,
    new: Annotated[bool, typer.Option("--new", help="Grade only the counting submissions not graded yet (new files "
                                      "and resubmissions since the last run).")] = False,
) -> None:
    """Grade every counting submission (or --only some, or --new ones), each in its own sandbox; show each one's
    status."""
    from aitrain.grading import sandbox
    from aitrain.grading.intake import load_ledger
    from aitrain.grading.status import NOT_GRADED, standings

    course_dir, base = _open(course, module)
    assignments = course_dir.assignments(base)
    named = set(only or [])
    unknown = sorted(named - {s for a in assignments for s in load_ledger(course_dir, a)["counts"]})
    if unknown:
        raise AitrainError(f"No submission of {base.slug} from {', '.join(unknown)}.",
                           "Check the ids ('aitrain status' lists who handed in), or collect their files first.")
    work = []  # (assignment, the participants to grade in it: None for all)
    for mod in assignments:
        counts = load_ledger(course_dir, mod)["counts"]
        these = [s for s in sorted(named) if s in counts] if only else None
        if new:
            these = [*(these or []), *(r.student for r in standings(course_dir, mod) if r.status == NOT_GRADED)]
            if not these:
                console.print(f"Nothing new to grade in {mod.slug}: every counting submission is graded.")
                continue
        elif only and not these:
            continue
        work.append((mod, these))
    if not work:
        return
    why = sandbox.probe()
    if why and not no_sandbox:
        raise AitrainError(f"No sandbox is available: {why}",
                           "Install bubblewrap, or pass --no-sandbox to run participants' code with your own "
                           "rights (read 'Without a sandbox' in docs/trainers-grading.md first).")
    if no_sandbox:
        errors.print("[bold red]WARNING: grading WITHOUT a sandbox.[/] Participants' code runs as you, can read "
                     "and change your files (solutions, gradebook) and use the network. Only resource limits apply.")
    for mod, these in work:
        _autograde(course_dir, mod, workers, no_sandbox, these, _which(mod, assignments))


def _autograde(course_dir, mod, workers, no_sandbox, only, which) -> None:
    from aitrain.grading.autograde import GRADED, autograde
    from aitrain.grading.status import standings

    course_dir.ensure_assignment(mod)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console) as progress:
        from aitrain.grading.intake import load_ledger

        total = len(only) if only else len(load_ledger(course_dir, mod)["counts"])
        task = progress.add_task(f"Grading {mod.slug}", total=total)
        outcomes = autograde(course_dir, mod, workers=workers, sandboxed=not no_sandbox, students=only,
                             progress=lambda o: progress.advance(task))
    rows = {r.student: r for r in standings(course_dir, mod)}
    table = Table(title=f"Autograde of {mod.slug}{which}")
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

    course_dir, base = _open(course, module)
    assignments = course_dir.assignments(base)
    for mod in assignments:
        _feedback(course_dir, mod, write_feedback(course_dir, mod), _which(mod, assignments))


def _feedback(course_dir, mod, result, which: str) -> None:
    from aitrain.grading.feedback_pages import file_name
    from aitrain.grading.status import emails, roster

    names, addresses = dict(roster(course_dir)), emails(course_dir)
    written = gettext("{module}: {pages} feedback page new or changed, {unchanged} unchanged (already sent or "
                      "ready), under {folder}.") if len(result.pages) == 1 else \
        gettext("{module}: {pages} feedback pages new or changed, {unchanged} unchanged (already sent or ready), "
                "under {folder}.")
    console.print(written.format(module=f"{mod.slug}{which}", pages=len(result.pages), unchanged=len(result.unchanged),
                                 folder=course_dir.folder("feedback")))
    if result.pages:
        table = Table(title=Text(gettext("Send a page to (files in {folder}, with mail-merge.csv)").format(
            folder=result.delivery)))
        for col in (gettext("participant"), gettext("e-mail"), gettext("file")):
            table.add_column(col)
        for student in result.pages:
            table.add_row(Text(f"{names[student]} ({student})"), Text(addresses.get(student, "")),
                          Text(file_name(names[student], student, mod, ".html")))
        console.print(table)
    if result.none:
        table = Table(title=gettext("No feedback page for"))
        for col in (gettext("participant"), gettext("why")):
            table.add_column(col)
        for student, why in result.none.items():
            table.add_row(Text(f"{names.get(student, student)} ({student})"), Text(why))
        console.print(table)
    from aitrain.grading.exchange import release_feedback, root_of

    if root_of(course_dir):
        released, skipped = release_feedback(course_dir, mod)
        console.print(f"{len(released)} released to the exchange (participants: Assignments panel or "
                      f"'nbgrader fetch_feedback {mod.slug}'); not through the exchange: "
                      f"{', '.join(skipped) or 'none'}.")


def export(course: CourseOpt, to: Annotated[Path, typer.Option("--to", help="CSV file to write (the workbook "
                                                                 "and nbgrader's CSV are written beside it).")],
           ) -> None:
    """Export grades: one row per participant (CSV and Excel workbook), and nbgrader's long CSV beside them."""
    from aitrain.grading.export import export as do_export

    course_dir, _ = _open(course)
    written = do_export(course_dir, to)
    console.print(gettext("Grades written to {files}.").format(files=", ".join(str(p) for p in written)))


def status(module: ModuleArg, course: CourseOpt) -> None:
    """Where everyone on the roster stands in a module: handed in or missing, points, to mark, review, feedback."""
    from aitrain.grading.status import OUTDATED, RESEND, by_participant, status_table

    course_dir, mod = _open(course, module)
    rows = by_participant(course_dir, mod)
    console.print(status_table(course_dir, mod, rows))
    where = f"{mod.id} --course {course_dir.root}"
    if any(r.feedback == OUTDATED for r in rows):
        console.print(Text(gettext("Outdated pages: write them again and see whom to send them to with "
                                   "'{command}'.").format(command=f"aitrain feedback {where}")))
    if any(r.to_mark for r in rows):
        console.print(Text(gettext("Written answers to mark: '{command}' (one question, everyone in turn, the "
                                   "rubric beside), or the formgrader.").format(command=f"aitrain mark {where}")))
    if any(r.status == RESEND for r in rows):
        console.print(Text(gettext("Ask the participants marked 'resend' for their notebook again; collect it with "
                                   "'{command}'.").format(command=f"aitrain collect {where} --from FOLDER")))


def choose(
    module: ModuleArg,
    student: ParticipantArg,
    receipt: ReceiptArg,
    course: CourseOpt,
    path: OnPathOpt = None,
) -> None:
    """Choose which of a participant's submissions counts (recorded in the ledger with who chose it, and when)."""
    import getpass

    from aitrain.grading import intake

    course_dir, mod = _open(course, module)
    mod = _on_path(course_dir, mod, path, student)
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
    console.print(gettext("Cohort report written to {file}.").format(file=write_report(course_dir, to)))


def mark(
    module: ModuleArg,
    course: CourseOpt,
    question: Annotated[str | None, typer.Option("--question", "-q", help="The written answer's grade id, e.g. "
                                                 "reflection-minister (asked when the module has several).")] = None,
    again: Annotated[bool, typer.Option("--again", help="Also the answers already marked (to change a mark).")] = False,
    path: OnPathOpt = None,
) -> None:
    """Mark one written answer of every participant in turn, its rubric beside it; marks go into the gradebook the
    formgrader uses (status, feedback and export show them). Also writes a page of every answer to read or print."""
    from rich.table import Table as Grid

    from aitrain.grading import marking

    course_dir, mod = _open(course, module)
    mod = _on_path(course_dir, mod, path)
    q = marking.question(mod, question)
    found = marking.answers(course_dir, mod, q.grade_id)
    page = marking.sheet(course_dir, mod, q, found)
    todo = [a for a in found if again or a.to_mark]
    blank = sum(a.score is None and not a.to_mark for a in found)
    points = f"{q.points:g}"
    console.print(Text(gettext("{module}, {title} ({points} points): {answers} answers: {marked} marked, {to_mark} to "
                               "mark").format(module=mod.id, title=q.title, points=points, answers=len(found),
                                              marked=sum(a.score is not None for a in found),
                                              to_mark=sum(a.to_mark for a in found))
                       + (gettext(", {blank} left blank (0 points from nbgrader)").format(blank=blank) if blank else "")
                       + gettext("; {todo} to go through now. Every answer on one page: {page}").format(
                           todo=len(todo), page=page)))
    if not todo:
        console.print(Text(gettext("Nothing left to mark. To change a mark: {command}").format(
            command=f"aitrain mark {mod.id} --question {q.grade_id} --course {course_dir.root} --again")))
    given = 0
    for i, a in enumerate(todo, start=1):
        grid = Grid(title=Text(gettext("{number} of {total}: {name} ({participant})").format(
            number=i, total=len(todo), name=a.name, participant=a.student)), expand=True, show_lines=True)
        grid.add_column(gettext("answer"), ratio=3)
        grid.add_column(gettext("rubric ({points} points)").format(points=points), ratio=2)
        so_far = "\n\n" + gettext("(marked {score} so far)").format(score=f"{a.score:g}") if a.score is not None else ""
        grid.add_row(Text(marking.inert(a.text).strip() or gettext("(no answer written)")) + Text(so_far, style="bold"),
                     Text(q.rubric or gettext("(no rubric in the trainer notes)")))
        console.print(grid)
        score = None
        while score is None:
            try:
                typed = typer.prompt(gettext("Mark for {participant} (0 to {points}; Enter to skip, q to stop)").format(
                                         participant=a.student, points=points),
                                     default="", show_default=False).strip()
            except typer.Abort:  # end of input: what was given is kept
                typed = "q"
            if typed in ("", "q"):
                break
            try:
                score = float(typed.replace(",", "."))
            except ValueError:
                score = None
            if score is None or not 0 <= score <= q.points:
                console.print(Text(gettext("'{typed}' is not a mark from 0 to {points}; type it again.").format(
                    typed=typed, points=points)))
                score = None
        if typed == "q":
            break
        if score is None:
            continue
        ask = (gettext("Comment for the participant (Enter: none, keep yours; - to remove it)") if a.comment
               else gettext("Comment for the participant (Enter: none; - to remove it)"))
        try:
            comment = typer.prompt(ask, default="", show_default=False).strip()
        except typer.Abort:
            comment = ""
        marking.record(course_dir, mod, a.student, q.grade_id, score,
                       "" if comment == "-" else (comment or None))
        given += 1
    found = marking.answers(course_dir, mod, q.grade_id)
    marking.sheet(course_dir, mod, q, found)  # the page shows the marks now given
    left = sum(a.to_mark for a in found)
    recorded = (gettext("{n} mark recorded") if given == 1 else gettext("{n} marks recorded")).format(n=given)
    waiting = (gettext("{n} answer to {question} still to mark") if left == 1
               else gettext("{n} answers to {question} still to mark")).format(n=left, question=q.grade_id)
    console.print(Text(f"{recorded}; {waiting}. " + gettext("Pages to send again: {command}").format(
        command=f"aitrain feedback {mod.id} --course {course_dir.root}")))


def register(app: typer.Typer, panel: str) -> None:
    """Add the grading commands to the `aitrain` command, under the help's `panel`."""
    for command in (status, collect, place, choose, autograde, mark, feedback, export, report):
        app.command(rich_help_panel=panel)(command)
    app.add_typer(course_app, name="course", rich_help_panel=panel)
    from aitrain.grading import programme_commands

    programme_commands.register(app, panel)
