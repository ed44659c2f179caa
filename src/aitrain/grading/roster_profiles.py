"""The roster's optional columns (sex, country, organisation), kept for the trainer only in
COURSE/programme/profiles.json when a roster is imported (aitrain.grading.course_directory.import_roster); read
and used by aitrain.grading.programme_records. Below both: it imports nothing of the grading package.

A roster's sex column is read as typed and folded into "female", "male" or "other" (F, W, Ж, жен., woman...);
an empty cell is "not given", never guessed.
"""

import json
from pathlib import Path

NOT_GIVEN = "not given"
SEXES = {"female": ("f", "female", "woman", "w", "ж", "жен", "женский", "женщина"),
         "male": ("m", "male", "man", "м", "муж", "мужской", "мужчина")}
PROFILE = ("sex", "country", "organisation")


def programme_folder(course_dir) -> Path:
    """COURSE/programme/, made if it is not there."""
    folder = course_dir.folder("programme")
    folder.mkdir(exist_ok=True)
    return folder


def write_json(path: Path, data) -> None:
    """Written whole or not at all."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)


def sex_of(typed: str) -> str:
    """'F', 'Ж', 'woman' -> 'female'; '' -> 'not given'; anything else written -> 'other'."""
    word = typed.strip().rstrip(".").casefold()
    if not word:
        return NOT_GIVEN
    return next((sex for sex, spellings in SEXES.items() if word in spellings), "other")


def save_profiles(course_dir, rows: dict[str, dict]) -> None:
    """Add or update the optional columns of the participants imported (others are kept)."""
    path = programme_folder(course_dir) / "profiles.json"
    known = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for student, fields in rows.items():
        entry = known.setdefault(student, {})
        for key, value in fields.items():
            if value:
                entry[key] = sex_of(value) if key == "sex" else value
    write_json(path, known)
