"""A timed schedule for a delivery track, computed from the modules' metadata and src/aitrain/data/tracks.yaml.

The day is filled in course order: sessions of at most `max_session_minutes` separated by breaks, lunch in
its window, an opening on day 1, a recap on later days, and every day ends with an open lab and a closing (never
a break right before the closing). A module is never split unless it is longer than a session; then it is
split in equal parts, each with its exercises in notebook order. A track that teaches a module before one
it requires (the "requires" ids in its metadata) is refused.

`write(..., Edition(language="ru"))` writes the schedule in a translation: the modules' titles, stories, objectives
and key points from their catalogues (po/ru/), the page's fixed words and the tracks' texts through gettext.
"""

import math
from dataclasses import dataclass, field
from pathlib import Path

from aitrain import i18n
from aitrain.base import catalogue, data_files
from aitrain.base.catalogue import Module
from aitrain.base.edition import SOURCE, Edition
from aitrain.base.pages import Markup, render
from aitrain.errors import AitrainError
from aitrain.i18n import N_, _
from aitrain.tooling import translated


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Day:
    start: int
    end: int
    lunch_minutes: int
    lunch_earliest: int
    lunch_latest: int
    break_minutes: int
    max_session_minutes: int
    min_session_minutes: int
    min_open_lab_minutes: int
    opening_minutes: int
    recap_minutes: int
    closing_minutes: int

    @classmethod
    def from_data(cls, data: dict) -> "Day":
        clocks = {"start", "end", "lunch_earliest", "lunch_latest"}
        return cls(**{k: _minutes(v) if k in clocks else int(v) for k, v in data.items()})


@dataclass(frozen=True)
class Track:
    name: str
    title: str
    audience: str
    days: int
    modules: list  # ids, lists of alternative ids, or "all"


def tracks() -> dict[str, Track]:
    data = data_files.load("tracks.yaml")
    return {name: Track(name=name, **spec) for name, spec in data["tracks"].items()}


def day_settings() -> Day:
    return Day.from_data(data_files.load("tracks.yaml")["day"])


def select(track: Track, modules: list[Module]) -> tuple[list[Module], list[str]]:
    """The track's modules that exist, in order, and a description of each one that is missing."""
    by_id = {m.id: m for m in modules}
    if track.modules == "all":
        return list(modules), []
    chosen, missing = [], []
    for entry in track.modules:
        options = [entry] if isinstance(entry, str) else list(entry)
        found = next((by_id[i] for i in options if i in by_id), None)
        if found is None:
            missing.append(" or ".join(options))
        else:
            chosen.append(found)
    return chosen, missing


@dataclass(frozen=True)
class Item:
    """One row of a day's timetable."""

    start: int
    minutes: int
    kind: str  # "module", "break", "lunch", "opening", "recap", "closing"
    title: str
    module: Module | None = None

    @property
    def end(self) -> int:
        return self.start + self.minutes


@dataclass
class Schedule:
    track: Track
    modules: list[Module]
    missing: list[str]
    further: list[Module] = field(default_factory=list)  # modules of the course the track leaves out
    days: list[list[Item]] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)  # ids of modules shown in English in a translation

    @property
    def fits(self) -> bool:
        return len(self.days) <= self.track.days

    @property
    def teaching_minutes(self) -> int:
        return sum(m.minutes for m in self.modules)

    def overnight(self) -> list[str]:
        """The ids of modules that start on one day and continue on the next."""
        days_of: dict[str, set[int]] = {}
        for number, items in enumerate(self.days):
            for item in items:
                if item.module is not None:
                    days_of.setdefault(item.module.id, set()).add(number)
        return [m for m, days in days_of.items() if len(days) > 1]

    def problems(self) -> list[str]:
        notes = []
        if self.missing:
            notes.append(_("Not available yet, so left out: {modules}.").format(modules=_modules(self.missing)))
        overnight = self.overnight()
        if overnight:
            notes.append(_("To fit in {days} days, {modules} continue(s) the next morning.").format(
                days=self.track.days, modules=_modules(overnight)))
        if not self.fits:
            notes.append(_("The {track} does not fit in {days} days: its {count} modules ({minutes} minutes) need "
                           "{needed} days. Drop or shorten modules, or add a day.").format(
                track=_(self.track.title).lower(), days=self.track.days, count=len(self.modules),
                minutes=self.teaching_minutes, needed=len(self.days)))
        if self.untranslated:
            notes.append(_("Not translated yet, so shown in English: {modules}.").format(
                modules=_modules(self.untranslated)))
        return notes


def _modules(ids: list[str]) -> str:
    """"module 02, module 08", in the current language."""
    return ", ".join(_("module {id}").format(id=i) for i in ids)


def parts(module: Module, longest: int) -> list[tuple[int, str]]:
    """A module's sessions: whole if it fits in one, else equal parts. Teaching and exercises interleave in every
    part, in notebook order (each exercise straight after the section it practises), as the trainer notes say."""
    if module.minutes <= longest:
        return [(module.minutes, "")]
    count = math.ceil(module.minutes / longest)
    sizes = [module.minutes // count + (1 if i < module.minutes % count else 0) for i in range(count)]
    return [(size, _("part {number} of {count}").format(number=i + 1, count=count)) for i, size in enumerate(sizes)]


def module_title(module: Module, part: str = "") -> str:
    return _("Module {id} · {title}").format(id=module.id, title=module.title) + (f" ({part})" if part else "")


OPEN_LAB = N_("Open lab: finish the exercises, one-to-one help, reflections")


class DayPlan:
    """One day being filled: sessions, breaks and lunch placed one after the other."""

    def __init__(self, day: Day, number: int):
        self.day = day
        self.items: list[Item] = []
        self.t, self.since_break, self.lunched = day.start, 0, False
        if number == 1:
            self.add(day.opening_minutes, "opening", _("Welcome, setting up laptops and a tour of the course"))
        else:
            self.add(day.recap_minutes, "recap", _("Recap of day {number} and questions").format(number=number - 1))

    def add(self, minutes: int, kind: str, title: str, module: Module | None = None) -> None:
        if kind == "lunch" and self.items[-1].kind == "break":  # lunch replaces a break just before it
            self.t = self.items.pop().start
        self.items.append(Item(self.t, minutes, kind, title, module))
        self.t += minutes
        self.since_break = 0 if kind in ("break", "lunch") else self.since_break + minutes
        self.lunched = self.lunched or kind == "lunch"

    def state(self) -> tuple:
        return len(self.items), self.t, self.since_break, self.lunched

    def restore(self, state: tuple) -> None:
        count, self.t, self.since_break, self.lunched = state
        del self.items[count:]

    def has_module(self) -> bool:
        return any(i.kind == "module" for i in self.items)

    def place(self, module: Module, size: int, part: str) -> bool:
        """Add one session, after lunch or a break if one is due; False (and nothing added) if it does not fit."""
        day, before = self.day, self.state()
        while True:
            if not self.lunched and (self.t >= day.lunch_earliest or self.t + size > day.lunch_latest):
                self.add(day.lunch_minutes, "lunch", _("Lunch"))
            elif self.since_break + size > day.max_session_minutes:
                self.add(day.break_minutes, "break", _("Break"))
            else:
                break
        if self.t + size + self.end_of_day(self.since_break + size) > day.end:
            self.restore(before)
            return False
        self.add(size, "module", module_title(module, part), module)
        return True

    def sessions(self, module: Module) -> list[tuple[int, str]]:
        """The module's sessions. A module in two parts fills the session under way first (the trainer notes
        say where the middle falls); a short module is split in two rather than leave a short session."""
        day, room = self.day, self.day.max_session_minutes - self.since_break
        sessions = parts(module, day.max_session_minutes)
        if len(sessions) == 2 and sessions[0][0] > room >= day.min_session_minutes and \
                module.minutes - room <= day.max_session_minutes:
            return [(room, sessions[0][1]), (module.minutes - room, sessions[1][1])]
        if len(sessions) == 1 and self.since_break < day.min_session_minutes and \
                self.since_break + module.minutes > day.max_session_minutes:
            halves = parts(module, module.minutes - 1)
            if len(halves) == 2 and self.since_break + halves[0][0] <= day.max_session_minutes:
                return halves
        return sessions

    def end_of_day(self, since_break: int) -> int:
        """Minutes the day's end needs after a session: a break if one is due, the open lab, the closing."""
        day = self.day
        lab_and_closing = day.min_open_lab_minutes + day.closing_minutes
        return lab_and_closing + (day.break_minutes if since_break + lab_and_closing > day.max_session_minutes else 0)

    def close(self, fill: bool) -> list[Item]:
        """End the day with an open lab (at least min_open_lab_minutes) and the closing, never a break or lunch
        right before the closing. With `fill` (every day but the last) open-lab sessions fill the day."""
        day = self.day
        while self.items[-1].kind in ("break", "lunch"):
            self.t = self.items.pop().start
        last_pause = next((i.end for i in reversed(self.items) if i.kind in ("break", "lunch")), day.start)
        self.since_break = self.t - last_pause
        while True:
            if not self.lunched and self.t >= day.lunch_earliest:
                self.add(day.lunch_minutes, "lunch", _("Lunch"))
            if self.since_break + day.min_open_lab_minutes + day.closing_minutes > day.max_session_minutes:
                self.add(day.break_minutes, "break", _("Break"))
            room = day.end - day.closing_minutes - self.t
            session = day.max_session_minutes - self.since_break - day.closing_minutes
            first = min(session + day.closing_minutes, room - day.break_minutes - day.min_open_lab_minutes)
            if not fill or room <= session or first < day.min_open_lab_minutes:
                self.add(max(min(room, session), day.min_open_lab_minutes), "open lab", _(OPEN_LAB))
                break
            self.add(first, "open lab", _(OPEN_LAB))  # leaves room for a break and a last open lab
        self.add(day.closing_minutes, "closing", _("Questions, reflections and what comes next"))
        return self.items


def prerequisite_problems(track: Track, modules: list[Module]) -> list[str]:
    """Each module the track teaches before (or without) a module it requires, in words. A module the track
    lists that does not exist yet counts as taught in its place."""
    by_id = {m.id: m for m in modules}
    entries = [[m.id] for m in modules] if track.modules == "all" else \
        [[e] if isinstance(e, str) else list(e) for e in track.modules]
    problems, taught = [], set()
    for options in entries:
        found = next((by_id[i] for i in options if i in by_id), None)
        if found is not None:
            problems += [f"module {found.id} needs module {' or '.join(need)} before it" for need in found.requires
                         if not taught.intersection(need)]
        taught.update([found.id] if found else options)
    return problems


def build(track: Track, modules: list[Module], day: Day | None = None) -> Schedule:
    """Lay the track's modules out on days, in order. A module stays within one day, moving to the next day
    if need be; only when the track would not fit otherwise does a module continue the next morning."""
    day = day or day_settings()
    schedule = _build(track, modules, day, overnight=False)
    if not schedule.fits:
        tighter = _build(track, modules, day, overnight=True)
        if len(tighter.days) < len(schedule.days):
            return tighter
    return schedule


def _build(track: Track, modules: list[Module], day: Day, overnight: bool) -> Schedule:
    chosen, missing = select(track, modules)
    if not chosen:
        raise AitrainError(f"The {track.title.lower()} ({track.name}) has none of this course's modules.",
                           "List module ids under the track in src/aitrain/data/tracks.yaml.")
    broken = prerequisite_problems(track, modules)
    if broken:
        raise AitrainError(f"The {track.title.lower()} ({track.name}) breaks prerequisites: {'; '.join(broken)}.",
                           "Reorder or complete its modules in src/aitrain/data/tracks.yaml.")
    schedule = Schedule(track, chosen, missing, [m for m in modules if m not in chosen])
    queue = list(chosen)
    carried: list[tuple[Module, int, str]] = []  # sessions of a module continued from the day before
    while queue or carried:
        plan = DayPlan(day, len(schedule.days) + 1)
        if carried:
            placed = 0
            while placed < len(carried) and plan.place(*carried[placed]):
                placed += 1
            if placed == 0:
                module, size, _ = carried[0]
                raise AitrainError(f"Module {module.slug} has a session of {size} minutes that does not fit in a day.",
                                   "Check its minutes in the notebook metadata, or the day in tracks.yaml.")
            carried = carried[placed:]
        while queue and not carried:
            module = queue[0]
            sessions, before, had_module = plan.sessions(module), plan.state(), plan.has_module()
            placed = _place_all(plan, module, sessions)
            if placed == len(sessions):
                queue.pop(0)
                continue
            if had_module:
                plan.restore(before)
                if overnight:  # teaching today, exercises tomorrow morning
                    sessions = sessions if len(sessions) > 1 else parts(module, module.minutes - 1)
                    placed = _place_all(plan, module, sessions)
                    if placed and placed < len(sessions):
                        carried = [(module, *s) for s in sessions[placed:]]
                        queue.pop(0)
                    else:
                        plan.restore(before)
            elif placed == 0:
                raise AitrainError(f"Module {module.slug} ({module.minutes} minutes) does not fit in a day.",
                                   "Check its minutes in the notebook metadata, or the day in tracks.yaml.")
            else:  # longer than a day: it must continue tomorrow
                carried = [(module, *s) for s in sessions[placed:]]
                queue.pop(0)
            break
        schedule.days.append(plan.close(fill=bool(queue or carried)))
    return schedule


def _place_all(plan: DayPlan, module: Module, sessions: list[tuple[int, str]]) -> int:
    """Place the sessions in order while they fit; return how many were placed."""
    placed = 0
    while placed < len(sessions) and plan.place(module, *sessions[placed]):
        placed += 1
    return placed


# ---------------------------------------------------------------------------------------------------------
# Writing it out.


INTERLEAVED = N_("interleaved: each exercise straight after the section it practises")
FURTHER = N_("Further modules, not in this track (self-study, or a follow-up session):")


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _count(count: int, one: str, many: str) -> str:
    """`count` with its noun, in the current language ("1 module", "4 modules")."""
    return _(one if count == 1 else many).format(count=count)


def _summary(schedule: Schedule) -> str:
    return _("{modules} in {days}; {minutes} minutes of teaching and exercises.").format(
        modules=_count(len(schedule.modules), N_("{count} module"), N_("{count} modules")),
        days=_count(len(schedule.days), N_("{count} day"), N_("{count} days")), minutes=schedule.teaching_minutes)


def _day_heading(schedule: Schedule, number: int) -> str:
    items = schedule.days[number - 1]
    heading = _("Day {number} (beyond the track's length): {start} to {end}") if number > schedule.track.days \
        else _("Day {number}: {start} to {end}")
    return heading.format(number=number, start=clock(items[0].start), end=clock(items[-1].end))


def _words() -> dict[str, str]:
    """The fixed words of the page, in the current language."""
    return {
        "title": _("{track}: schedule"),
        "for": _("For:"),
        "generated": _("Generated by {command} from the modules' metadata."),
        "note": _("Note."),
        "time": _("time"), "session": _("session"), "minutes": _("minutes"),
        "further": _(FURTHER),
        "modules": _("The modules"),
        "objectives": _("Objectives."), "participants": _("Participants will:"),
        "key_points": _("Key points."),
        "prerequisites": _("Prerequisites."),
        "datasets": _("Data sets."),
        "none": _("None."),
    }


def _module_minutes(m: Module) -> str:
    return _("{minutes} minutes ({teaching} teaching, {exercises} exercises, {interleaved}).").format(
        minutes=m.minutes, teaching=m.teaching_minutes, exercises=m.exercise_minutes, interleaved=_(INTERLEAVED))


def to_markdown(schedule: Schedule) -> str:
    track, w = schedule.track, _words()
    lines = ["# " + w["title"].format(track=_(track.title)), "",
             f"*{w['for']}* {_(track.audience)}", "",
             _summary(schedule) + " " + w["generated"].format(command="`aitrain syllabus`"), ""]
    lines += [f"> **{w['note']}** {p}" for p in schedule.problems()] + ([""] if schedule.problems() else [])
    if schedule.further:
        lines += [f"*{w['further']}* " + "; ".join(module_title(m) for m in schedule.further) + ".", ""]
    for number, items in enumerate(schedule.days, start=1):
        lines += [f"## {_day_heading(schedule, number)}", "", f"| {w['time']} | {w['session']} | {w['minutes']} |",
                  "|---|---|---:|"]
        for item in items:
            title = item.title.replace("|", "\\|")
            title = f"**{title}**" if item.kind == "module" else f"*{title}*"
            lines.append(f"| {clock(item.start)}–{clock(item.end)} | {title} | {item.minutes} |")
        lines.append("")
    lines += [f"## {w['modules']}", ""]
    for m in schedule.modules:
        lines += [f"### {module_title(m)}", "",
                  _module_minutes(m) + " " + _("Notebook: {path}.").format(path=f"`{m.slug}/{m.notebook_name}`"),
                  "", m.story, "", f"**{w['objectives']}** {w['participants']}", ""]
        lines += [f"- {o}" for o in m.objectives]
        lines += ["", f"**{w['key_points']}**", ""] + [f"- {k}" for k in m.key_points]
        lines += ["", f"**{w['prerequisites']}** {'; '.join(m.prerequisites) or w['none']}", "",
                  f"**{w['datasets']}** {', '.join(f'`{d}`' for d in m.datasets) or w['none']}", ""]
    return "\n".join(lines)


def to_html(schedule: Schedule) -> str:
    w = _words()
    return render("syllabus.html.j2", lang=i18n.language(), title=w["title"].format(track=_(schedule.track.title)),
                  audience=_(schedule.track.audience), words=w, summary=_summary(schedule),
                  generated=Markup.escape(w["generated"]).format(command=Markup("<code>aitrain syllabus</code>")),
                  problems=schedule.problems(), modules=schedule.modules, clock=clock, module_title=module_title,
                  module_minutes=_module_minutes,
                  notebook=lambda m: Markup.escape(_("Notebook: {path}.")).format(
                      path=Markup("<code>{}</code>").format(f"{m.slug}/{m.notebook_name}")),
                  further_modules=[module_title(m) for m in schedule.further],
                  days=[{"heading": _day_heading(schedule, n), "rows": items}
                        for n, items in enumerate(schedule.days, start=1)])


def _translated(modules: list[Module], edition: Edition) -> tuple[list[Module], list[str]]:
    """The modules in the edition's language (in English those whose catalogue is not complete yet), and the ids
    of those."""
    shown, untranslated = [], []
    for module in modules:
        try:
            shown.append(translated.module(module, edition))
        except AitrainError:
            shown.append(module)
            untranslated.append(module.id)
    return shown, untranslated


def write(names: list[str] | None, output: Path, edition: Edition = SOURCE) -> list[tuple[Schedule, Path, Path]]:
    """Write syllabus-<track>.md and .html for the named tracks (all when none) into `output`, in the edition's
    language (the files of another edition than the English are named syllabus-<track>.<edition>.md and .html)."""
    known = tracks()
    unknown = [n for n in names or [] if n not in known]
    if unknown:
        raise AitrainError(f"Unknown track {', '.join(map(repr, unknown))}; the tracks are {', '.join(known)}.",
                           "Tracks are defined in src/aitrain/data/tracks.yaml.")
    modules, untranslated = _translated(catalogue.all_modules(), edition)
    suffix = "" if edition == SOURCE else f".{edition.name}"
    output.mkdir(parents=True, exist_ok=True)
    written = []
    with edition.speaking():
        for name in names or list(known):
            schedule = build(known[name], modules)
            schedule.untranslated = untranslated
            markdown, page_path = output / f"syllabus-{name}{suffix}.md", output / f"syllabus-{name}{suffix}.html"
            markdown.write_text(to_markdown(schedule), encoding="utf-8")
            page_path.write_text(to_html(schedule), encoding="utf-8")
            written.append((schedule, markdown, page_path))
    return written
