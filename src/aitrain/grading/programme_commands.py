"""The trainer's commands for the programme around the modules (issue 29): attendance, the evaluation summary, the
capstone plans, certificates and the funder's report. The assessment, the form and the workbook are collected and
graded by the module commands (`aitrain collect pre`, `aitrain autograde post`, `aitrain mark capstone`)."""

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from aitrain.base.console import console
from aitrain.grading.command_options import CourseOpt
from aitrain.grading.command_options import open_course as _open

NoPdf = Annotated[bool, typer.Option("--no-pdf", help="Write the HTML only (no Chromium needed).")]


def attendance(
    course: CourseOpt,
    session: Annotated[str | None, typer.Argument(help="The session to mark, e.g. day1-am (none: show the "
                                                       "register).")] = None,
    hours: Annotated[float, typer.Option("--hours", help="How long the session lasted.")] = 0.0,
    present: Annotated[list[str] | None, typer.Option("--present", help="A participant there (repeatable).")] = None,
    absent: Annotated[list[str] | None, typer.Option("--absent", help="A participant not there; everyone else "
                                                     "was (repeatable).")] = None,
    day: Annotated[str | None, typer.Option("--date", help="The session's date, YYYY-MM-DD (default today).")] = None,
) -> None:
    """Mark who was at a session (from the roster), or show the register: hours per participant."""
    from aitrain.grading import programme_records, status

    course_dir, _ = _open(course)
    if session is not None:
        marked = programme_records.mark_attendance(course_dir, session, hours, present, absent, day)
        console.print(Text(f"{session} ({marked['date']}, {hours:g} h): {len(marked['present'])} present."))
    held = programme_records.sessions(course_dir)
    hours_of = programme_records.attendance(course_dir)
    table = Table(title=f"Attendance: {len(held)} sessions")
    for col in ("participant", *held, "hours"):
        table.add_column(col)
    for student, name in status.roster(course_dir):
        done, total = hours_of[student]
        table.add_row(Text(f"{name} ({student})"), *("yes" if student in s["present"] else "-" for s in held.values()),
                      f"{done:g} of {total:g}")
    console.print(table)


def evaluation(
    course: CourseOpt,
    paper: Annotated[Path | None, typer.Option("--paper", help="A CSV of the forms filled in on paper (columns "
                                               "relevance, pace, hardest, will_use, comments).")] = None,
) -> None:
    """Summarise the evaluation forms collected (aitrain collect evaluation) without names."""
    from aitrain.grading import evaluation_summary

    course_dir, _ = _open(course)
    page, facts = evaluation_summary.write(course_dir, paper)
    console.print(Text(f"{facts['responses']} forms ({facts['paper']} on paper); relevance 4 or 5: "
                       f"{facts['satisfied']} of {facts['rated']}. Summary (no names): {page}"))


def capstone(course: CourseOpt, no_pdf: NoPdf = False) -> None:
    """Write each country team's action plan (HTML and PDF) from its capstone workbook, with the marks so far."""
    from aitrain.grading import capstone_plans

    course_dir, _ = _open(course)
    written = capstone_plans.write(course_dir, pdf=not no_pdf)
    for plan in capstone_plans.plans(course_dir):
        given, possible, complete = plan.marked
        note = f"; names not on the roster: {', '.join(plan.unmatched)}" if plan.unmatched else ""
        console.print(Text(f"{plan.country}: {plan.title or '(no title)'}: {len(plan.indicators)} indicators, "
                           f"{given:g} of {possible:g} points{'' if complete else ' so far'}{note}"))
    console.print(Text(f"{len(written)} files in {course_dir.folder('capstone')}."))


def certificates(
    course: CourseOpt,
    programme: Annotated[str, typer.Option("--programme", help="The programme's name, as printed.")] = "",
    attendance_share: Annotated[float, typer.Option("--attendance", help="Least share of the hours attended (%).")
                                ] = 80.0,
    exercises: Annotated[float, typer.Option("--exercises", help="Least share of the exercises passed (%).")] = 50.0,
    issued: Annotated[str | None, typer.Option("--date", help="Date of issue, YYYY-MM-DD (default today).")] = None,
    verify: Annotated[str | None, typer.Option("--verify", help="Look a certificate's code up in the register.")
                      ] = None,
    no_pdf: NoPdf = False,
) -> None:
    """Certificates (HTML and PDF) for everyone who meets the rule, with codes in the register; or --verify a code."""
    from aitrain.errors import AitrainError
    from aitrain.grading import certificates as certs

    course_dir, _ = _open(course)
    if verify:
        entry = certs.verify(course_dir, verify)
        if entry is None:
            raise AitrainError(f"No certificate with the code {verify} in this course's register.")
        console.print(Text(f"{entry['code']}: {entry['name']} ({entry['id']}), {entry['programme']}, issued "
                           f"{entry['issued']}, {entry['hours']} hours; modules {entry['modules']}."))
        return
    everyone, written = certs.issue(course_dir, certs.Rule(attendance_share, exercises), programme, issued,
                                    pdf=not no_pdf)
    table = Table(title=f"Certificates: at least {attendance_share:g}% of the hours and {exercises:g}% of the "
                        "exercises")
    for col in ("participant", "hours", "exercises", "modules", "certificate"):
        table.add_column(col)
    for p in everyone:
        table.add_row(Text(f"{p.name} ({p.student})"), f"{p.hours:g} of {p.held:g}", f"{p.passed} of {p.exercises}",
                      ", ".join(f"{i} ({path})" for i, _, path in p.modules),
                      Text(certs.code(course_dir, p.student, p.name) if p.completed else "; ".join(p.why_not),
                           style="" if p.completed else "yellow"))
    console.print(table)
    console.print(Text(f"{sum(p.completed for p in everyone)} certificates; {len(written)} files in "
                       f"{course_dir.folder('certificates')}; register: "
                       f"{course_dir.folder('programme', 'certificates.csv')}."))


def funder_report(
    course: CourseOpt,
    programme: Annotated[str, typer.Option("--programme", help="The programme's name, as printed.")] = "",
    no_pdf: NoPdf = False,
) -> None:
    """The funder's one-page report (HTML, PDF, workbook): no names, small cells suppressed."""
    from aitrain.grading import funder_report as report

    course_dir, _ = _open(course)
    written = report.write(course_dir, programme or course_dir.course_id, pdf=not no_pdf)
    console.print(Text(f"Funder's report written to {', '.join(str(p) for p in written)}."))


def register(app: typer.Typer, panel: str) -> None:
    for command in (attendance, evaluation, capstone, certificates):
        app.command(rich_help_panel=panel)(command)
    app.command("funder-report", rich_help_panel=panel)(funder_report)
