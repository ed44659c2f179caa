"""The programme's records in a course directory, beside the gradebook, for the trainer only (never on a
participant's page): the roster's optional columns and the attendance per session.

    COURSE/programme/profiles.json     participant -> {"sex", "country", "organisation"} (each optional)
    COURSE/programme/attendance.json   session -> {"hours", "date", "present": [ids]}

The roster's columns are read and saved by aitrain.grading.roster_profiles.
"""

import json
from datetime import date

from aitrain.errors import AitrainError
from aitrain.grading import status
from aitrain.grading.course_directory import CourseDirectory
from aitrain.grading.roster_profiles import NOT_GIVEN, PROFILE, programme_folder, write_json


def profiles(course_dir: CourseDirectory) -> dict[str, dict[str, str]]:
    """Every participant on the roster -> sex, country and organisation ('not given' where the roster says nothing)."""
    path = course_dir.folder("programme", "profiles.json")
    known = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {s: {k: known.get(s, {}).get(k) or NOT_GIVEN for k in PROFILE} for s, _ in status.roster(course_dir)}


def sessions(course_dir: CourseDirectory) -> dict[str, dict]:
    """session -> {"hours": float, "date": "YYYY-MM-DD", "present": [ids]}, in the order they were marked."""
    path = course_dir.folder("programme", "attendance.json")
    return json.loads(path.read_text(encoding="utf-8"))["sessions"] if path.exists() else {}


def mark_attendance(course_dir: CourseDirectory, session: str, hours: float, present: list[str] | None = None,
                    absent: list[str] | None = None, day: str | None = None) -> dict:
    """Record who was at a session (those named present, or everyone but those named absent); marking a session
    again replaces it. Every id must be on the roster."""
    ids = [s for s, _ in status.roster(course_dir)]
    if not session.strip():
        raise AitrainError("A session needs a name, e.g. day1-morning.")
    if hours <= 0:
        raise AitrainError(f"A session lasts some hours, not {hours:g}.", "Give --hours, e.g. --hours 3.")
    if (present is None) == (absent is None):
        raise AitrainError("Say who was there: --present ID (repeatable), or --absent ID for everyone else.")
    named = present if present is not None else absent
    unknown = sorted(set(named) - set(ids))
    if unknown:
        raise AitrainError(f"Not on the roster: {', '.join(unknown)}.", "Use the ids of the roster "
                           "(aitrain status shows them); nothing was recorded.")
    there = sorted(set(named)) if present is not None else [s for s in ids if s not in set(named)]
    all_sessions = sessions(course_dir)
    all_sessions[session] = {"hours": hours, "date": day or date.today().isoformat(), "present": there}
    write_json(programme_folder(course_dir) / "attendance.json", {"sessions": all_sessions})
    return all_sessions[session]


def attendance(course_dir: CourseDirectory) -> dict[str, tuple[float, float]]:
    """participant -> (hours attended, hours held), over every session marked."""
    held = sessions(course_dir)
    total = sum(s["hours"] for s in held.values())
    return {student: (sum(s["hours"] for s in held.values() if student in s["present"]), total)
            for student, _ in status.roster(course_dir)}
