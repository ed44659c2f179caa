"""A timed schedule for a delivery track, computed from the modules' metadata and src/aitrain/data/tracks.yaml.

A track is a list of slots: modules on a path (coded or policy, each timed for its path), and talks, visits (with
their companion sheets), group work, assessments and open labs of fixed minutes; a `day` slot starts the next
morning. The day is filled in the slots' order: sessions of at most `max_session_minutes` (a visit is one longer
session) separated by breaks, lunch in its window, an opening on day 1, a recap on later days, and every day ends
with an open lab and a closing (never a break right before the closing). A module is never split unless it is longer
than a session; then it is split in equal parts, each with its exercises in notebook order. A track that teaches a
module before one it requires on its path (the "requires" ids in its metadata; the policy path needs no module 00)
is refused. A module in a policy track without a policy notebook yet is named as such, timed from its coded
notebook.

`write(..., Edition(language="ru"))` writes the schedule in a translation: the modules' titles, stories, objectives
and key points from their catalogues (po/ru/), the page's fixed words and the tracks' texts through gettext.
"""

import dataclasses
import math
from dataclasses import dataclass, field
from pathlib import Path

from aitrain import i18n, paths
from aitrain.base import catalogue, data_files
from aitrain.base.catalogue import Module
from aitrain.base.edition import CODED, PATHS, SOURCE, Edition
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


SLOT_KINDS = ("talk", "visit", "group work", "assessment", "open lab")
NEW_DAY = "day"


@dataclass(frozen=True)
class Track:
    name: str
    title: str
    audience: str
    days: int
    slots: list | str  # module ids, lists of alternative ids, {module:, path:}, {kind:, ...} slots; or "all"
    path: str = CODED  # the path of its modules, unless a slot says otherwise
    day: dict = field(default_factory=dict)  # what its day changes of the shared day

    def __post_init__(self):
        if self.path not in PATHS:
            raise AitrainError(f"Track {self.name}: there is no {self.path!r} path; the paths are {', '.join(PATHS)}.",
                               "Correct it in src/aitrain/data/tracks.yaml.")


@dataclass(frozen=True)
class Slot:
    """A session of fixed minutes that is not a module (a talk, a visit, group work, ...), or a new day."""

    kind: str
    title: str = ""
    minutes: int = 0
    sheet: str = ""  # a visit's companion sheet: docs/visits/<sheet>.md
    module: str = ""  # the module a visit is paired with

    def sheet_path(self, edition: Edition = SOURCE) -> str:
        return "/".join(["docs", "visits", *([edition.language] if edition.translated else []), f"{self.sheet}.md"])


def _slot(track: str, spec: dict) -> Slot:
    kind = spec.get("kind")
    if kind == NEW_DAY:
        return Slot(NEW_DAY)
    minutes = spec.get("minutes")
    if kind not in SLOT_KINDS or not isinstance(spec.get("title"), str) or not isinstance(minutes, int) \
            or minutes <= 0 or (kind == "visit") != bool(spec.get("sheet")):
        raise AitrainError(f"Track {track}: the slot {spec} is not a module, {', '.join(SLOT_KINDS)} or day with a "
                           "title and whole minutes (a visit, and only a visit, with its sheet).",
                           "Correct it in src/aitrain/data/tracks.yaml (its first lines explain the slots).")
    return Slot(kind, spec["title"], minutes, spec.get("sheet", ""), str(spec.get("module", "")))


def tracks() -> dict[str, Track]:
    data = data_files.load("tracks.yaml")
    return {name: Track(name=name, **spec) for name, spec in data["tracks"].items()}


def day_settings(track: Track | None = None) -> Day:
    return Day.from_data(data_files.load("tracks.yaml")["day"] | (track.day if track else {}))


def _module_entry(track: Track, entry) -> tuple[list[str], str] | None:
    """(the module ids of which the first that exists is taught, its path) for a module slot; None otherwise."""
    if isinstance(entry, str):
        return [entry], track.path
    if isinstance(entry, list):
        return list(entry), track.path
    if isinstance(entry, dict) and "module" in entry and "kind" not in entry:
        path = entry.get("path", track.path)
        if path not in PATHS:
            raise AitrainError(f"Track {track.name}: there is no {path!r} path.", f"Use one of {', '.join(PATHS)}.")
        return [str(entry["module"])], path
    return None


def _reserved(module: Module, entry) -> Module:
    """A module whose notebook on its path is not written yet, given the minutes its slot reserves for it
    (`{module: "16", reserve: 120}`): the notebook, when written, must fit them."""
    minutes = entry.get("reserve") if isinstance(entry, dict) else None
    if not minutes or module.has_path(module.path):
        return module
    return dataclasses.replace(module, teaching_minutes=minutes // 2, exercise_minutes=minutes - minutes // 2)


def entries(track: Track, modules: list[Module]) -> list:
    """The track's slots in order: each module that exists, on its path (Module.on_path), each other slot
    (Slot), and a text naming each module that does not exist."""
    if track.slots == "all":
        return [m.on_path(track.path) for m in modules]
    by_id = {m.id: m for m in modules}
    found: list = []
    for entry in track.slots:
        module = _module_entry(track, entry)
        if module is None:
            found.append(_slot(track.name, entry if isinstance(entry, dict) else {}))
            continue
        options, path = module
        chosen = next((by_id[i] for i in options if i in by_id), None)
        found.append(" or ".join(options) if chosen is None else _reserved(chosen.on_path(path), entry))
    return found


def select(track: Track, modules: list[Module]) -> tuple[list[Module], list[str]]:
    """The track's modules that exist, in order and on their paths, and a description of each one that is
    missing."""
    found = entries(track, modules)
    return [e for e in found if isinstance(e, Module)], [e for e in found if isinstance(e, str)]


@dataclass(frozen=True)
class Item:
    """One row of a day's timetable."""

    start: int
    minutes: int
    kind: str  # "module", "break", "lunch", "opening", "recap", "closing", or a slot's kind ("talk", "visit", ...)
    title: str
    module: Module | None = None
    slot: Slot | None = None

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
    slots: list[Slot] = field(default_factory=list)  # the talks, visits, group work, ... in order
    unchecked: list[str] = field(default_factory=list)  # prerequisites of modules whose path is not written yet
    edition: Edition = SOURCE  # the language it is written in (its visit sheets)
    ordinary: tuple[Day, int] | None = None  # for a track with its own hours: the shared day, and the days the
    # track would need in it

    @property
    def fits(self) -> bool:
        return len(self.days) <= self.track.days

    @property
    def teaching_minutes(self) -> int:
        return sum(m.minutes for m in self.modules)

    @property
    def slot_minutes(self) -> int:
        return sum(s.minutes for s in self.slots)

    def unavailable(self) -> list[Module]:
        """The modules the track teaches on a path whose notebook is not written yet."""
        return [m for m in self.modules if not m.has_path(m.path)]

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
        if self.ordinary and self.ordinary[1] > len(self.days):
            day, needed = self.ordinary
            first = self.days[0]
            notes.append(_("Its days run from {start} to {end}: in the course's ordinary day ({ordinary_start} to "
                           "{ordinary_end}, with the same breaks, lunch and open lab) the same sessions need {needed} "
                           "days.").format(start=clock(first[0].start), end=clock(first[-1].end),
                                           ordinary_start=clock(day.start), ordinary_end=clock(day.end), needed=needed))
        if self.unavailable():
            notes.append(_("The policy notebook is not yet available for {modules}: their time is estimated from the "
                           "coded notebook read without writing code (or reserved by the track), and until it exists "
                           "the trainer demonstrates the coded notebook and the room decides together.").format(
                modules=_modules([m.id for m in self.unavailable()])))
        if self.unchecked:
            notes.append(_("Prerequisites to check once those notebooks exist (their coded notebooks need them): "
                           "{problems}.").format(problems="; ".join(self.unchecked)))
        missing_sheets = [s.sheet_path(self.edition) for s in self.slots
                          if s.kind == "visit" and not (paths.home() / s.sheet_path(self.edition)).is_file()]
        if missing_sheets:
            notes.append(_("Companion sheets not written yet: {sheets}.").format(sheets=", ".join(missing_sheets)))
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
    """"Module 02 · Title", with the part and, off the coded path, the path ("policy path", or "policy path: not
    yet available")."""
    notes = [part] if part else []
    if module.path != CODED:
        notes.append(_("policy path") if module.has_path(module.path) else _("policy path: not yet available"))
    return _("Module {id} · {title}").format(id=module.id, title=module.title) + \
        (f" ({'; '.join(notes)})" if notes else "")


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
        """Whether the day has begun its sessions (a module, or a talk, visit, ...)."""
        return any(i.kind not in ("opening", "recap", "break", "lunch") for i in self.items)

    def place(self, module: Module | Slot, size: int, part: str) -> bool:
        """Add one session, after lunch or a break if one is due; False (and nothing added) if it does not fit."""
        day, before = self.day, self.state()
        while True:
            if not self.lunched and (self.t >= day.lunch_earliest or self.t + size > day.lunch_latest):
                self.add(day.lunch_minutes, "lunch", _("Lunch"))
            elif self.since_break + min(size, day.max_session_minutes) > day.max_session_minutes:  # a visit: 1 session
                self.add(day.break_minutes, "break", _("Break"))
            else:
                break
        if self.t + size + self.end_of_day(self.since_break + size) > day.end:
            self.restore(before)
            return False
        if isinstance(module, Slot):
            self.items.append(Item(self.t, size, module.kind, _(module.title), slot=module))
            self.t += size
            self.since_break += size
        else:
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


def prerequisite_problems(track: Track, modules: list[Module], unchecked: list[str] | None = None) -> list[str]:
    """Each module the track teaches before (or without) a module it requires on its path, in words. A module the
    track lists that does not exist yet counts as taught in its place; those of a module whose path has no
    notebook yet go to `unchecked` (when given) instead."""
    problems, taught = [], set()
    for entry in entries(track, modules):
        if isinstance(entry, Slot):
            continue
        if isinstance(entry, Module):
            found = [_("module {id} needs module {needed} before it").format(id=entry.id, needed=f" {_('or')} ".join(
                need)) for need in entry.requires if not taught.intersection(need)]
            if entry.has_path(entry.path) or unchecked is None:
                problems += found
            else:
                unchecked += found
        taught.update([entry.id] if isinstance(entry, Module) else entry.split(" or "))
    return problems


def build(track: Track, modules: list[Module], day: Day | None = None) -> Schedule:
    """Lay the track's slots out on days, in order. A module stays within one day, moving to the next day
    if need be; only when the track would not fit otherwise does a module continue the next morning."""
    own_hours = day is None and bool({"start", "end"} & set(track.day))
    day = day or day_settings(track)
    schedule = _build(track, modules, day, overnight=False)
    if not schedule.fits:
        tighter = _build(track, modules, day, overnight=True)
        if len(tighter.days) < len(schedule.days):
            schedule = tighter
    if own_hours:  # say what the track's longer days buy: the days it would need in the ordinary one
        hours = {k: v for k, v in track.day.items() if k not in ("start", "end")}
        ordinary = day_settings(dataclasses.replace(track, day=hours))
        schedule.ordinary = ordinary, len(build(track, modules, ordinary).days)
    return schedule


def _build(track: Track, modules: list[Module], day: Day, overnight: bool) -> Schedule:
    chosen, missing = select(track, modules)
    if not chosen:
        raise AitrainError(f"The {track.title.lower()} ({track.name}) has none of this course's modules.",
                           "List module ids under the track in src/aitrain/data/tracks.yaml.")
    unchecked: list[str] = []
    broken = prerequisite_problems(track, modules, unchecked)
    if broken:
        raise AitrainError(f"The {track.title.lower()} ({track.name}) breaks prerequisites: {'; '.join(broken)}.",
                           "Reorder or complete its modules in src/aitrain/data/tracks.yaml.")
    taught = {m.id for m in chosen}
    queue = [e for e in entries(track, modules) if not isinstance(e, str)]
    schedule = Schedule(track, chosen, missing, [m for m in modules if m.id not in taught],
                        slots=[e for e in queue if isinstance(e, Slot) and e.kind != NEW_DAY], unchecked=unchecked)
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
            if isinstance(module, Slot):
                if module.kind == NEW_DAY:
                    queue.pop(0)
                    if plan.has_module():
                        break
                    continue
                if plan.place(module, module.minutes, ""):
                    queue.pop(0)
                    continue
                if not plan.has_module():
                    raise AitrainError(f"The {module.kind} '{module.title}' ({module.minutes} minutes) of the "
                                       f"{track.name} track does not fit in a day.",
                                       "Shorten it in src/aitrain/data/tracks.yaml.")
                break
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
    text = _("{modules} in {days}; {minutes} minutes of teaching and exercises.").format(
        modules=_count(len(schedule.modules), N_("{count} module"), N_("{count} modules")),
        days=_count(len(schedule.days), N_("{count} day"), N_("{count} days")), minutes=schedule.teaching_minutes)
    if schedule.slots:
        text += " " + _("Talks, visits, group work and assessments: {minutes} minutes.").format(
            minutes=schedule.slot_minutes)
    return text


def _notebook(module: Module) -> str:
    """Where the participants' notebook of a module on its path is, under modules/ (the coded one while the
    policy one is not written)."""
    edition = Edition(path=module.path if module.has_path(module.path) else CODED)
    return "/".join(p for p in (edition.folder, module.slug, module.notebook_name) if p)


def _visits(schedule: Schedule) -> list[tuple[Slot, str]]:
    """Each visit with its line: its companion sheet and the module it goes with."""
    found = []
    for slot in schedule.slots:
        if slot.kind != "visit":
            continue
        line = _("Companion sheet: {sheet}.").format(sheet=slot.sheet_path(schedule.edition))
        if slot.module:
            line += " " + _("With module {id}.").format(id=slot.module)
        found.append((slot, line))
    return found


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
        "visits": _("Visits"),
    }


def prerequisites(m: Module) -> str:
    """The module's prerequisites on its path, in words: the coded path's as the notebook says them; on the
    policy path the modules its decisions build on, and no programming."""
    if m.path == CODED:
        return "; ".join(m.prerequisites) or _("None.")
    needs = ", ".join(" / ".join(_("module {id}").format(id=i) for i in need) for need in m.requires)
    return (_("{modules}. No programming needed.").format(modules=needs[:1].upper() + needs[1:]) if needs
            else _("None: no programming needed."))


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
            title = f"**{title}**" if item.kind == "module" or item.slot else f"*{title}*"
            lines.append(f"| {clock(item.start)}–{clock(item.end)} | {title} | {item.minutes} |")
        lines.append("")
    visits = _visits(schedule)
    if visits:
        lines += [f"## {w['visits']}", ""] + [f"- **{_(slot.title)}** {line}" for slot, line in visits] + [""]
    lines += [f"## {w['modules']}", ""]
    for m in schedule.modules:
        lines += [f"### {module_title(m)}", "",
                  _module_minutes(m) + " " + _("Notebook: {path}.").format(path=f"`{_notebook(m)}`"),
                  "", m.story, ""]
        if m.path == CODED:  # the objectives name what a coder does; on the policy path the key points say it
            lines += [f"**{w['objectives']}** {w['participants']}", ""] + [f"- {o}" for o in m.objectives]
        lines += ["", f"**{w['key_points']}**", ""] + [f"- {k}" for k in m.key_points]
        lines += ["", f"**{w['prerequisites']}** {prerequisites(m)}", "",
                  f"**{w['datasets']}** {', '.join(f'`{d}`' for d in m.datasets) or w['none']}", ""]
    return "\n".join(lines)


def to_html(schedule: Schedule) -> str:
    w = _words()
    return render("syllabus.html.j2", lang=i18n.language(), title=w["title"].format(track=_(schedule.track.title)),
                  audience=_(schedule.track.audience), words=w, summary=_summary(schedule),
                  generated=Markup.escape(w["generated"]).format(command=Markup("<code>aitrain syllabus</code>")),
                  problems=schedule.problems(), modules=schedule.modules, clock=clock, module_title=module_title,
                  module_minutes=_module_minutes, prerequisites=prerequisites,
                  notebook=lambda m: Markup.escape(_("Notebook: {path}.")).format(
                      path=Markup("<code>{}</code>").format(_notebook(m))),
                  visits=[(_(slot.title), line) for slot, line in _visits(schedule)], coded=CODED,
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
            schedule.untranslated, schedule.edition = untranslated, edition
            markdown, page_path = output / f"syllabus-{name}{suffix}.md", output / f"syllabus-{name}{suffix}.html"
            markdown.write_text(to_markdown(schedule), encoding="utf-8")
            page_path.write_text(to_html(schedule), encoding="utf-8")
            written.append((schedule, markdown, page_path))
    return written
