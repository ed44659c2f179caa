"""The `aitrain` command."""

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from aitrain import datasets, paths
from aitrain.base import catalogue
from aitrain.base.console import AUTHORS, GRADING, PARTICIPANTS, TEACHING, Commands, console, errors
from aitrain.base.edition import Edition
from aitrain.errors import AitrainError
from aitrain.grading import commands as grading_commands

app = typer.Typer(help="aitrain: AI for public services, a hands-on Jupyter course.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False, cls=Commands)
DatasetNames = Annotated[list[str] | None, typer.Argument(help="Data set names; all when none.")]
datasets_app = typer.Typer(help="Build or verify the course's data sets.", no_args_is_help=True)
kit_app = typer.Typer(help="The offline installation kit for a classroom (a folder for a USB stick).",
                      no_args_is_help=True)


PathOpt = Annotated[str, typer.Option("--path", help="The path through the course: coded (participants write "
                                                   "code) or policy (they read and decide; modules/policy/).")]


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                    TimeElapsedColumn(), console=console, transient=False)


def list_modules() -> None:
    """List the modules with their title, minutes and objectives."""
    modules = catalogue.all_modules()
    table = Table(title="aitrain modules", show_lines=True)
    for col in ("id", "title", "minutes", "objectives"):
        table.add_column(col)
    for m in modules:
        table.add_row(m.id, m.title, f"{m.minutes} ({m.teaching_minutes} teaching + {m.exercise_minutes} exercises)",
                      "\n".join(f"- {o}" for o in m.objectives))
    console.print(table)


def release(
    modules: Annotated[list[str] | None, typer.Argument(help="Module ids or folder names; all when none.")] = None,
    check: Annotated[bool, typer.Option("--check", help="Change nothing; exit 1 if modules/ is out of step.")] = False,
    lang: Annotated[str, typer.Option("--lang", help="The edition to build: en, or ru (solutions/ru/ and "
                                                     "modules/ru/ from po/ru/).")] = "en",
    path: PathOpt = "coded",
) -> None:
    """Regenerate the participant notebooks in modules/ from solutions/ with nbgrader."""
    from aitrain.tooling import release as releases

    edition = Edition(language=lang, path=path)
    found = catalogue.find_modules(modules) if modules else \
        catalogue.all_modules() + catalogue.programme_notebooks()  # the assessment, form and capstone too
    selected = releases.on_path(found, edition, named=bool(modules))
    differences = releases.release(selected, edition, check=check)
    where = " and ".join(f"{folder.relative_to(paths.home())}/" for folder in releases.folders(edition))
    if check:
        if differences:
            errors.print(f"[bold red]{where} is out of step with solutions/[/] in:")
            for d in differences:
                errors.print(f"  {d}")
            errors.print(f"Run '{edition.command('aitrain release')}' and commit the result.")
            raise typer.Exit(1)
        console.print(f"{where} is in step with solutions/ ({len(selected)} modules).")
    else:
        console.print(f"Released {len(selected)} modules; {len(differences)} file(s) changed.")
        for d in differences:
            console.print(f"  {d}")


def translate(
    modules: Annotated[list[str] | None, typer.Argument(help="With --screen: module ids or folder names; all when "
                                                             "none.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="The language of the catalogues.")] = "ru",
    check: Annotated[bool, typer.Option("--check", help="Change nothing; list every fuzzy, missing or broken "
                                                        "entry and exit 1 if there is one.")] = False,
    screen: Annotated[bool, typer.Option("--screen", help="Execute the translated solution notebooks (both paths) "
                                                          "and count the strings with English words a participant "
                                                          "sees, per module and kind; list them.")] = False,
) -> None:
    """Keep the translation catalogues (po/<lang>/, src/aitrain/locale/<lang>/) in step with the English."""
    from aitrain.tooling import translation

    edition = Edition(language=lang)
    if screen:
        _screen(catalogue.find_modules(modules) if modules else catalogue.all_modules(), edition)
        return
    if modules:
        raise AitrainError("Modules are only named with --screen.", "Leave them out to update every catalogue.")
    if check:
        problems = translation.problems(edition)
        for problem in problems:
            errors.print(f"  {problem}", markup=False, soft_wrap=True)
        if problems:
            errors.print(f"[bold red]{len(problems)} entries of the {lang} translation need work.[/] Edit the .po "
                         f"files named above, then run '{edition.command('aitrain release')}'.")
            raise typer.Exit(1)
        console.print(f"Every {lang} catalogue is complete and up to date.")
        return
    changed = translation.update(edition)
    console.print(f"{len(changed)} catalogue(s) updated" + (":" if changed else "."))
    for path in changed:
        console.print(f"  {path.relative_to(paths.home()) if path.is_relative_to(paths.home()) else path}")


def _screen(selected: list[catalogue.Module], edition: Edition) -> None:
    import tempfile

    from aitrain.tooling import screen, translation

    translation.language_of(edition)
    with tempfile.TemporaryDirectory(prefix="aitrain-screen-") as folder, _progress() as progress:
        task = progress.add_task("Running notebooks", total=sum(len(m.paths) for m in selected))
        found = screen.measure(selected, edition.language, Path(folder),
                               lambda name: progress.update(task, description=f"Running {name}", advance=1))
    table = Table(title=f"Strings with English words on the {edition.label} screen (aitrain.tooling.screen)")
    for col in ("module", *screen.KINDS, "total", "by edition"):
        table.add_column(col, justify="left" if col in ("module", "by edition") else "right")
    totals = {kind: 0 for kind in screen.KINDS}
    for module in selected:
        union = screen.union(found[module.slug].values())
        by_kind = screen.counts(union)
        for kind in screen.KINDS:
            totals[kind] += by_kind[kind]
        table.add_row(module.slug, *(str(by_kind[kind]) for kind in screen.KINDS), str(len(union)),
                      ", ".join(f"{name}: {len(items)}" for name, items in found[module.slug].items()))
    table.add_row("all", *(str(totals[k]) for k in screen.KINDS), str(sum(totals.values())), "")
    for module in selected:
        for item in screen.union(found[module.slug].values()):
            console.print(f"{module.id} {item.kind}: {item.text}", markup=False, soft_wrap=True)
    console.print(table)


def run_modules(selected: list[catalogue.Module], output: Path, parameters: dict) -> list:
    """Execute the modules' solution notebooks into `output`, with a progress bar; print a table."""
    from aitrain.tooling.notebook_run import run_notebook

    results = []
    with _progress() as progress:
        task = progress.add_task("Running notebooks", total=len(selected))
        for m in selected:
            progress.update(task, description=f"Running {m.slug}")
            results.append(run_notebook(m.solution, output / m.slug / m.notebook_name, parameters))
            progress.advance(task)
    table = Table(title=f"Notebook runs ({output})")
    for col, justify in (("module", "left"), ("status", "left"), ("wall time (s)", "right"),
                         ("peak memory (MB)", "right"), ("details", "left")):
        table.add_column(col, justify=justify)
    for m, r in zip(selected, results, strict=True):
        colour = "green" if r.ok else "red"
        table.add_row(m.slug, f"[{colour}]{r.status}[/]", f"{r.seconds:.1f}", f"{r.peak_mb:.0f}", r.error)
    console.print(table)
    return results


def _parse_parameters(values: list[str] | None) -> dict:
    import json

    parameters = {}
    for item in values or []:
        if "=" not in item:
            raise AitrainError(f"Parameter {item!r} is not of the form name=value.", "For example: -p seed=7")
        name, raw = item.split("=", 1)
        try:
            parameters[name] = json.loads(raw)
        except json.JSONDecodeError:
            parameters[name] = raw
    return parameters


def run(
    modules: Annotated[list[str] | None, typer.Argument(help="Module ids or folder names; all when none.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the executed notebooks.")] = Path("runs"),
    parameter: Annotated[list[str] | None, typer.Option("--parameter", "-p", help="name=value for papermill.")] = None,
) -> None:
    """Execute solution notebooks with papermill; print status, wall time and peak memory of each."""
    from aitrain.tooling.run_report import write_report

    selected = catalogue.find_modules(modules)
    parameters = _parse_parameters(parameter)
    output = output.resolve()
    results = run_modules(selected, output, parameters)
    markdown, _ = write_report(results, output)
    console.print(f"Report: {markdown}")
    if not all(r.ok for r in results):
        raise typer.Exit(1)


def mutants(
    modules: Annotated[list[str] | None, typer.Argument(
        help="Module ids or folder names, or 'welcome' (the WELCOME notebook's practice); all and WELCOME when "
             "none.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Also write the report, and every mutant with its feedback (JSON), to this file "
                               "(.txt and .json).")] = None,
) -> None:
    """Run mistakes generated from each exercise's solution and print how specific their feedback is."""
    import tempfile

    from aitrain.tooling import mutants as generated

    welcome = not modules or any(m.lower() == "welcome" for m in modules)
    named = [m for m in modules or [] if m.lower() != "welcome"]
    results = []
    if welcome:
        console.print("Running the mutants of WELCOME...")
        with tempfile.TemporaryDirectory() as folder:
            results += generated.run_welcome(Path(folder))
    for module in catalogue.find_modules(named) if named or not modules else []:
        console.print(f"Running the mutants of {module.slug}...")
        with tempfile.TemporaryDirectory() as folder:
            results += generated.run_module(module, Path(folder))
    print(generated.report(results))
    if output is not None:
        written = generated.write(results, output)
        console.print(f"Report: {', '.join(str(p) for p in written)}")
    total = generated.tally("TOTAL", results)
    if total.specific_share < generated.TARGET or total.failures:
        raise typer.Exit(1)


@datasets_app.command("build")
def datasets_build(
    names: DatasetNames = None,
) -> None:
    """Regenerate the synthetic data sets in datasets/ from their generators."""
    outcomes = datasets.build(names)
    for o in outcomes:
        console.print(f"{o.name}: {o.status}")


@datasets_app.command("check")
def datasets_check(
    names: DatasetNames = None,
) -> None:
    """Verify that the committed data files match their generators and have a data card."""
    outcomes = datasets.check(names)
    for o in outcomes:
        colour = "green" if o.ok else "red"
        console.print(f"{o.name}: [{colour}]{o.status}[/]")
    if not all(o.ok for o in outcomes):
        errors.print("Run 'aitrain datasets build' to regenerate, and write a data card datasets/<name>.md "
                     "for any data set without one.")
        raise typer.Exit(1)


def demo(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the demo's results.")] = Path("runs/demo"),
) -> None:
    """The end-to-end demo: build data if needed, check the release, run every module, write a report."""
    from aitrain.tooling.release import release as do_release
    from aitrain.tooling.run_report import write_report

    console.rule("1. Data sets")
    for o in datasets.build(only_missing=True):
        console.print(f"{o.name}: {o.status}")
    bad = [o for o in datasets.check() if not o.ok]
    if bad:
        raise AitrainError(f"Data sets out of step: {', '.join(f'{o.name} ({o.status})' for o in bad)}.",
                           "Run 'aitrain datasets build'.")
    console.print("All data sets present and matching their generators.")
    console.rule("2. Release check")
    modules = catalogue.all_modules()
    differences = do_release(modules, check=True)
    if differences:
        raise AitrainError(f"modules/ is out of step with solutions/ in {', '.join(differences)}.",
                           "Run 'aitrain release' and commit the result.")
    console.print(f"modules/ is in step with solutions/ ({len(modules)} modules).")
    console.rule("3. Running every module")
    output = output.resolve()
    results = run_modules(modules, output, {})
    markdown, page = write_report(results, output, title="aitrain demo report")
    console.rule("Done")
    console.print(f"Report written to {page} (and {markdown}).")
    if not all(r.ok for r in results):
        raise typer.Exit(1)


def syllabus(
    track: Annotated[list[str] | None,
                     typer.Option("--track", "-t", help="2-day-policy, 5-day-programme, 5-day-technical or full "
                                                        "(data/tracks.yaml); all tracks when none.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the schedules.")] = Path("syllabus"),
    lang: Annotated[str, typer.Option("--lang", help="The schedule's language: en, or ru (from po/ru/).")] = "en",
) -> None:
    """Write a timed schedule of each track (Markdown and a printable HTML page) from the modules' metadata."""
    from aitrain.tooling import syllabus as syl

    written = syl.write(track, output, Edition(language=lang))
    fits = True
    for schedule, markdown, page in written:
        last = schedule.days[-1][-1]
        console.print(f"[bold]{schedule.track.title}[/]: {syl.plural(len(schedule.modules), 'module')} in "
                      f"{syl.plural(len(schedule.days), 'day')} (last day ends {syl.clock(last.end)}). "
                      f"Written to {page} and {markdown}.")
        for problem in schedule.problems():
            errors.print(f"[bold yellow]Note:[/] {problem}")
        fits = fits and schedule.fits
    if not fits:
        raise typer.Exit(1)


def guide(
    modules: Annotated[list[str] | None, typer.Argument(help="Module ids (all when none).")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the guide.")] = Path("guide"),
    path: PathOpt = "coded",
    lang: Annotated[str, typer.Option("--lang", help="The guide's language: en, or ru (from po/ru/ and "
                                                     "po/ru/guide/).")] = "en",
) -> None:
    """Assemble the trainer guide (Markdown + HTML): every module's trainer notes, model answers and the
    participants' glossary; on the policy path, per module what to show, when the room decides, the prompts and
    the rubric; with --lang, in that language (the catalogues of po/<lang>/guide/)."""
    from aitrain.tooling import guide as trainer_guide

    markdown, page, without = trainer_guide.write(output, path, modules, lang)
    console.print(f"Trainer guide written to {page} (and {markdown}).")
    if without:
        what = "no policy notebook yet for" if path == "policy" else "no trainer notes yet in"
        errors.print(f"[bold yellow]Note:[/] {what} module {', '.join(without)}.")


def visits(
    names: Annotated[list[str] | None, typer.Argument(help="Visit sheets by name; all when none.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the sheets.")] = Path("visits"),
    lang: Annotated[str, typer.Option("--lang", help="The sheets' language: en or ru.")] = "en",
) -> None:
    """Write the one-page companion sheets for study visits (questions to ask the host) as printable pages."""
    from aitrain.tooling import visits as visit_sheets

    for page in visit_sheets.write(output, Edition(language=lang), names):
        console.print(f"Visit sheet written to {page} (and {page.with_suffix('.md').name}).")


def doctor(
    trainer: Annotated[bool, typer.Option("--trainer", help="Also check what grading needs.")] = False,
) -> None:
    """Check that this computer has what a session needs, and say how to fix what is missing."""
    from aitrain.tooling.doctor import OK, PROBLEM, diagnose

    findings = diagnose(trainer=trainer)
    marks = {OK: "[green]\u2713[/]", PROBLEM: "[bold red]\u2717[/]"}
    for f in findings:
        console.print(f"{marks.get(f.status, '[yellow]![/]')} [bold]{f.check}[/]: {f.detail}", highlight=False)
        if f.todo and f.status != OK:
            console.print(f"    [cyan]What to do:[/] {f.todo}", highlight=False)
    problems = sum(f.status == PROBLEM for f in findings)
    warnings = sum(f.status not in (OK, PROBLEM) for f in findings)
    if problems:
        errors.print(f"[bold red]{problems} problem(s)[/] to fix before the session ({warnings} warning(s)).")
        raise typer.Exit(1)
    console.print(f"[green]Ready for the session[/] ({warnings} warning(s)).")


def book(
    modules: Annotated[list[str] | None, typer.Argument(help="Module ids or folder names; all when none.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the sites.")] = Path("book"),
    site: Annotated[list[str] | None, typer.Option(
        "--site", "--edition", "-e", help="participant or trainer (repeatable); both when none.")] = None,
    lang: Annotated[list[str] | None, typer.Option("--lang", help="en or ru (repeatable); English when none.")] = None,
    path: Annotated[list[str] | None, typer.Option("--path", help="coded or policy (repeatable); when none, both "
                                                   "(the policy path for the modules that have it).")] = None,
) -> None:
    """Build the course's offline web sites (Jupyter Book): the participants' site with the exercises blank and
    the trainers' site with the solutions and trainer notes, for each edition (language and path), each site's
    home page linking to the others."""
    from aitrain.tooling import book as course_book

    chosen = catalogue.find_modules(modules)
    built = course_book.build(output, chosen, site, course_book.editions_of(chosen, lang, path))
    for s in built:
        console.print(f"The [bold]{s.audience}s'[/] site, {s.edition.label}, {s.edition.path} path ({s.pages} "
                      f"pages): open {s.folder / 'index.html'}")


@kit_app.command("build")
def kit_build(
    folder: Annotated[Path, typer.Argument(help="The kit's folder (for example on a USB stick).")],
    platform: Annotated[list[str] | None, typer.Option(
        "--platform", help="windows-amd64, macos-arm64, macos-x86_64 or linux-x86_64 (repeatable); all when none.")
    ] = None,
    python: Annotated[str, typer.Option("--python", help="The participants' Python version (major.minor).")] = "3.11",
    wheel: Annotated[Path | None, typer.Option("--wheel", help="The course's wheel; built from this clone when "
                                               "not given.")] = None,
) -> None:
    """Build the offline kit: a wheelhouse resolved for each platform, the course's wheel, install.sh and
    install.bat."""
    from aitrain.tooling import kit

    houses = kit.build(folder, platform, python, wheel)
    table = Table(title=f"Offline kit in {folder.resolve()} (Python {python})")
    for col, justify in (("platform", "left"), ("wheels", "right"), ("size (MB)", "right")):
        table.add_column(col, justify=justify)
    for h in houses:
        table.add_row(h.platform, str(h.wheels), f"{h.bytes / 1e6:.0f}")
    console.print(table)
    console.print("On each laptop: install.bat (Windows) or sh install.sh (macOS, Linux); no network needed.")


def lab(
    course: Annotated[Path | None, typer.Option("--course", help="A trainer's course directory (made by "
                                                "'aitrain course init').")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port number (default: the first free from 8888).")] = None,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open a web browser.")] = False,
    folder: Annotated[Path | None, typer.Option("--dir", help="Your own folder for the course's notebooks "
                                                "(copied there on first run; default ~/aitrain-course when "
                                                "aitrain is installed from its wheel).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="The course's language: en, or ru for the Russian notebooks "
                                                     "(modules/ru/) with JupyterLab's menus in Russian.")] = "en",
    name: Annotated[str | None, typer.Option("--name", help="Your name as on your trainer's list: written into "
                                             "your copy of the notebooks, so a file you send is known as yours "
                                             "(asked once when not given).")] = None,
    copy_only: Annotated[bool, typer.Option("--copy-only", help="Copy the notebooks into your folder (with your "
                                            "name) and stop, without opening JupyterLab (the kit's installer "
                                            "does this).")] = False,
    path: Annotated[str | None, typer.Option("--path", help="Your path through the course: coded (you write code) "
                                             "or policy (you read and decide; modules/policy/). Remembered in your "
                                             "folder for the next time (default: coded).")] = None,
) -> None:
    """Open JupyterLab, offline, on your copy of the course's notebooks (or with --course, on a trainer's course
    directory)."""
    from aitrain.tooling import lab as jupyter_lab

    root = paths.participant_dir(folder)
    edition = Edition(language=lang, path=jupyter_lab.chosen_path(root, path) if course is None else "coded")
    if (course is None and name is None and root != paths.modules_dir() and sys.stdin.isatty()
            and jupyter_lab.known_participant(root) is None):
        name = typer.prompt("Your name as on your trainer's list (written into your notebooks so that your trainer "
                            "knows a file you send is yours; Enter to skip)", default="", show_default=False)
    if name and course is None and root == paths.modules_dir():
        errors.print(Text(f"Your name is not written into the notebooks of the course's own modules/ folder: give your "
                     f"own folder, e.g. aitrain lab --dir ~/aitrain-course --name \"{name}\""))
    if copy_only:
        where, _ = jupyter_lab.folder_for(course, folder, edition, name)
        who = jupyter_lab.known_participant(root)
        console.print(Text(f"The course's notebooks are in {where}" + (f", named for {who}." if who else ".")))
        raise typer.Exit(0)
    status = jupyter_lab.start(course, port, browser=not no_browser, participant_dir=folder,
                               edition=edition, participant=name)
    raise typer.Exit(status)


server_app = typer.Typer(help="A classroom JupyterHub on this Linux server (run as root).", no_args_is_help=True)
StateOpt = Annotated[Path, typer.Option("--state", help="Where the hub keeps its settings and the course "
                                        "directory.")]


@server_app.command("init")
def server_init(
    roster: Annotated[Path, typer.Option("--roster", help="CSV with id, first_name, last_name, email.")],
    trainer: Annotated[str, typer.Option("--trainer", help="The trainer's login name.")],
    state: StateOpt = Path("/srv/aitrain"),
    exchange: Annotated[Path, typer.Option("--exchange")] = Path("/srv/nbgrader/exchange"),
    course_id: Annotated[str, typer.Option("--course-id")] = "aitrain",
    pg_host: Annotated[str, typer.Option("--pg-host", help="PostgreSQL's socket folder.")] = "/var/run/postgresql",
    pg_port: Annotated[int, typer.Option("--pg-port")] = 5432,
    port: Annotated[int, typer.Option("--port", help="The port participants' browsers use.")] = 8000,
    public_url: Annotated[str, typer.Option("--url", help="The address printed on the login cards.")] = "",
    modules: Annotated[list[str] | None, typer.Option("--module", "-m", help="Register only these modules now "
                                                      "(default: all; the others when first collected).")] = None,
    lang: Annotated[str, typer.Option("--lang", help="The classroom's language: en, or ru for JupyterLab in "
                                                     "Russian, Russian feedback and ~/modules/ru/.")] = "en",
    path: Annotated[str, typer.Option("--path", help="The classroom's path: coded, or policy (participants read and "
                                                     "decide; ~/modules/policy/). A roster's 'path' column gives a "
                                                     "participant's own.")] = "coded",
    tls: Annotated[bool, typer.Option("--tls/--no-tls", help="HTTPS with the course's own certificate authority "
                                                             "(made offline; its fingerprint on the cards).")] = True,
    expire: Annotated[str, typer.Option("--expire", help="YYYY-MM-DD: participants' accounts stop logging in from "
                                                         "that day (a week after the workshop, say).")] = "",
    admin: Annotated[str, typer.Option("--admin", help="A separate login for the hub's administration (the trainer's "
                                                       "account is not an administrator).")] = "",
    domain: Annotated[str, typer.Option("--domain", help="Serve each person's JupyterLab on its own name, "
                                                         "<login>.DOMAIN (needs wildcard DNS in the room).")] = "",
    address: Annotated[str, typer.Option("--address", help="With --domain: this server's address in the room, "
                                                           "for dnsmasq's wildcard entry.")] = "",
    hidepid: Annotated[bool, typer.Option("--hidepid/--no-hidepid", help="Mount /proc so that each account sees "
                                          "only its own processes (the trainers and root see all).")] = True,
    hidepid_fstab: Annotated[bool, typer.Option("--hidepid-fstab", help="Also write it on /proc's line of "
                                                "/etc/fstab, so that it holds after a reboot.")] = False,
    submission_files: Annotated[int, typer.Option("--submission-files", help="Collect: files and folders one "
                                                  "submission may hold (more: refused, left in the inbound).")] = 100,
    submission_mb: Annotated[int, typer.Option("--submission-mb", help="Collect: megabytes one submission may "
                                               "hold.")] = 50,
    submissions: Annotated[int, typer.Option("--submissions", help="Collect: of each participant's submissions "
                                             "of a module, how many (the newest) one collect reads.")] = 10,
) -> None:
    """Accounts from the roster, the trainer's course directory (PostgreSQL gradebook) and nbgrader's exchange."""
    from aitrain.grading.exchange import CollectBudget
    from aitrain.tooling import server

    _private_roster(roster)
    budget = CollectBudget(max(1, submission_files), max(1, submission_mb), max(1, submissions))
    settings = server.init(state, roster, trainer, exchange, course_id, pg_host, pg_port, port,
                           public_url=public_url, modules=modules, edition=Edition(language=lang, path=path), tls=tls,
                           expire=expire, admin=admin, domain=domain, address=address, hidepid=hidepid,
                           hidepid_fstab=server.FSTAB if hidepid_fstab else None,
                           collect_budget=budget.as_settings())
    if settings.get("processes"):
        console.print(f"Processes: {settings['processes']}.")
    console.print(f"Hub ready: start it with 'aitrain server start --state {state}'. Login cards (keep them "
                  f"private; delete them once printed with 'aitrain server cards --delete'): "
                  f"{server.cards_page(state.resolve())}; the trainer's, on its own: "
                  f"{server.trainer_card(state.resolve())}.")


def _private_roster(roster: Path) -> None:
    from aitrain.tooling import server

    if roster.is_file() and server.private_roster(roster):
        console.print(f"{roster} was readable by other accounts (names and emails): now yours only (0600). "
                      "Keep rosters outside the course's folder, which every participant can read.")


@server_app.command("users")
def server_users(roster: Annotated[Path | None, typer.Argument(help="CSV with an id column.")] = None,
                 expire: Annotated[str, typer.Option("--expire", help="YYYY-MM-DD: the roster's participants' "
                                                     "accounts (without a roster, every participant's) stop "
                                                     "logging in from that day; 'never' lifts it.")] = "",
                 state: StateOpt = Path("/srv/aitrain")) -> None:
    """Accounts for (late) participants, added to the gradebook; new passwords go to the login cards. With
    --expire, when participants' accounts stop working."""
    from aitrain.tooling import server

    if roster is None and not expire:
        raise typer.BadParameter("give a roster, --expire, or both")
    if roster is not None:
        _private_roster(roster)
    created, problems = server.users(state.resolve(), roster, expire)
    for sid, why in problems:
        errors.print(f"{sid}: {why}")
    if roster is not None:
        console.print(f"{len(created)} accounts created; login cards: {server.cards_page(state.resolve())}.")
    if expire:
        console.print("Participants' accounts " + ("no longer expire." if expire == "never" else
                                                   f"stop logging in on {expire}."))


@server_app.command("cards")
def server_cards(delete: Annotated[bool, typer.Option("--delete", help="Delete the passwords (the cards and their "
                                                      "sheet) once the cards are printed.")] = False,
                 state: StateOpt = Path("/srv/aitrain")) -> None:
    """Where the printable login cards are; with --delete, remove every stored first-login password."""
    from aitrain.tooling import server

    state = state.resolve()
    if delete:
        gone = server.forget_credentials(state)
        console.print(f"Deleted {len(gone)} files: no first-login password is kept on this server." if gone
                      else "No stored passwords to delete.")
    elif server.cards_page(state).exists():
        console.print(f"Login cards: {server.cards_page(state)} (root only). Print them, then run "
                      "'aitrain server cards --delete'.")
    else:
        console.print("No login cards are stored (deleted after printing, or no account created since).")


@server_app.command("start")
def server_start(state: StateOpt = Path("/srv/aitrain")) -> None:
    """Run the classroom JupyterHub until stopped (Ctrl+C, or SIGTERM: this command becomes the hub)."""
    from aitrain.tooling import server

    server.start(state)


@server_app.command("restart")
def server_restart(state: StateOpt = Path("/srv/aitrain")) -> None:
    """Restart the running hub (after changing its settings, or when it misbehaves), keeping everyone's server,
    kernels and login: participants' work goes on."""
    from aitrain.tooling import server

    pid = server.restart(state)
    console.print(f"The hub (process {pid}) has started again; participants' servers and kernels kept running.")


# `aitrain --help` lists the commands by audience, in this order.
for command in (lab, doctor):
    app.command(rich_help_panel=PARTICIPANTS)(command)
app.command("modules", rich_help_panel=TEACHING)(list_modules)
for command in (syllabus, guide, visits, book):
    app.command(rich_help_panel=TEACHING)(command)
app.add_typer(kit_app, name="kit", rich_help_panel=TEACHING)
app.add_typer(server_app, name="server", rich_help_panel=TEACHING)
grading_commands.register(app, GRADING)  # course, collect, autograde, feedback, export, report
for command in (release, translate, run, demo, mutants):
    app.command(rich_help_panel=AUTHORS)(command)
app.add_typer(datasets_app, name="datasets", rich_help_panel=AUTHORS)


def main() -> None:  # pragma: no cover - entry point for `python -m aitrain`
    app(prog_name="aitrain")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
