"""Taking in submissions from a folder, a zip (LMS download, inbox, USB stick) or the nbgrader exchange.

Every file is read one at a time (sources.py refuses what is hostile or damaged, with the reason) and stored
under a name the grader makes up, read-only, next to a receipt (original name, where from, when received,
sha256). A file and its receipt are written to temporary names and then linked into place, so an interrupted
collect leaves nothing half-written: the next collect removes its leftovers and adopts receipts the ledger
does not list yet. Nothing already received is ever overwritten: a later file from the same participant is
stored beside the earlier one.

A file is placed by the participant's name written inside the notebook (`"aitrain": {"participant": ...}`, by
`aitrain lab` or the hub when the notebooks were copied for them) first, then by the file or folder name; when the
two name different participants the file is not placed and the note names both.

`ledger.json` holds the current state: who each receipt belongs to (receipts not placed are placed again at
every collect and roster import, so a participant added later gets their files; `aitrain place` places one
by hand) and which receipt counts for each participant (`counts`: the latest valid notebook of the module
received). A file that cannot be graded (empty, not a notebook, another module's notebook) never counts: its
receipt says what is wrong (`problem`), and a participant who sent nothing better is in `resend` with it, so
collect, status, the export and their page ask for the file again. The receipt files keep what was known when
the file arrived.

A module taken on both paths is two assignments (course_directory.Assignment), each with its own intake: a file
goes to the path its notebook's metadata names (else its participant's path in the course); a notebook of a path
the course does not grade the module on cannot be graded (it is the other notebook: ask for the right one).
"""

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from aitrain.base import catalogue
from aitrain.base.catalogue import Module
from aitrain.errors import AitrainError
from aitrain.grading import exchange as nbexchange
from aitrain.grading import sources
from aitrain.grading.course_directory import CourseDirectory
from aitrain.grading.roster_match import match_student
from aitrain.grading.sources import JUNK, Found, Refused, read_source

EXCHANGE_NAME = re.compile(r"^(?P<student>[^+]+)\+(?P<assignment>[^+]+)\+(?P<time>[^+]+)(\+[^+]*)?$")
STORED_NAME = re.compile(r"^(?P<id>\d{5})(\.receipt\.json|\.ipynb|\.bin)$")
TEMPORARY = re.compile(r"^\.\d{5}\..*\.tmp$")


@dataclass
class Receipt:
    id: str  # e.g. "00007"
    stored: str  # file name inside intake/MODULE/
    original_name: str
    source: str
    received_at: str
    sha256: str
    size: int
    student: str | None
    declared_time: str | None = None  # time stamp given by the exchange or the archive, if any
    note: str = ""
    notebook: bool = False  # the content is a notebook (JSON with cells), whatever its name
    participant: str | None = None  # the name written inside the notebook, if any
    problem: str = ""  # why it cannot be graded (empty, not a notebook, another module's), so it never counts


def _roster(course_dir: CourseDirectory) -> list[dict]:
    with course_dir.gradebook() as gb:
        return [{"id": s.id, "first_name": s.first_name, "last_name": s.last_name, "email": s.email}
                for s in gb.students]


def ledger_path(course_dir: CourseDirectory, module: Module) -> Path:
    return course_dir.folder("intake", module.slug, "ledger.json")


def load_ledger(course_dir: CourseDirectory, module: Module) -> dict:
    path = ledger_path(course_dir, module)
    return json.loads(path.read_text()) if path.exists() else {"receipts": [], "refused": [], "counts": {}}


@dataclass
class Collected:
    receipts: list[Receipt]
    unplaced: list[Receipt]
    refused: list[Refused]
    counts: dict[str, str]
    placed_now: list[dict]  # receipts received earlier and placed by this collect (the roster changed)
    resend: list[Receipt]  # files placed now that cannot be graded: ask their senders for the file again


OTHER_PATH = "other path"  # _take: the file is another path's notebook, which that path's assignment collects


def collect(course_dir: CourseDirectory, module: Module, source: Path,
            paths_taken: set[str] | None = None) -> Collected:
    """Store every file of `source` read-only with its receipt; update which submission counts. `module` is the
    module on one path (an Assignment); `paths_taken` the paths the course takes it on (the files of another
    of them are left to its own collect).

    Each file is its own case: one that cannot be read or stored is refused with the reason, and the rest
    carries on. On a server (the course has a shared exchange) an exchange folder counts only when its owner
    proves it (exchange.Inbound); a folder refused is one line, however many files it holds."""
    roster = _roster(course_dir)
    ids = {p["id"] for p in roster}
    folder = course_dir.folder("intake", module.slug)
    folder.mkdir(parents=True, exist_ok=True)
    ledger = _recover(folder, load_ledger(course_dir, module))
    placed_now = _place_again(ledger, roster, module)
    received_at = datetime.now(UTC).isoformat(timespec="microseconds")
    shared = nbexchange.root_of(course_dir)
    inbound = (nbexchange.Inbound(Path(source), shared, module.slug, nbexchange.budget_of(course_dir)) if shared
               else None)
    new: list[Receipt] = []
    refused: list[Refused] = []
    named: dict[str, str] = {}  # the line of a refused exchange entry -> the participant its name claims
    folded: dict[tuple[str | None, str], list[str]] = {}  # (participant named, reason) -> entries of the exchange
    known = {(r["original_name"], r["sha256"]) for r in ledger["receipts"]}
    sidecars: dict[str, dict[str, str]] = {}

    def skip(name: str) -> str | None:
        return _other_module(name, module) or (inbound.refusal(name) if inbound else None)

    total = sources.MAX_SOURCE_BYTES + (inbound.allowance() if inbound else 0)
    for item in read_source(Path(source), skip=skip, total=total):
        if isinstance(item, Refused):
            if inbound and inbound.decided(item):
                folded.setdefault((inbound.named(item.name), item.reason), []).append(item.name)
            else:
                refused.append(item)
            continue
        proved = None
        if inbound:
            if why := inbound.check(item):
                refused.append(Refused(item.name, why))
                continue
            proved = inbound.when(item) if inbound.folder_of(item.name) else None
        if found := nbexchange.sidecar(item.name, item.data):  # timestamp.txt, submission_secret.txt
            sidecars.setdefault(found[0], {})[found[1]] = found[2]
            continue
        try:
            receipt = _take(folder, item, known, roster, ids, module, str(source), received_at, proved,
                            course_dir, paths_taken or {module.path})
        except (OSError, ValueError) as e:  # a disk error, a name the file system cannot hold...
            refused.append(Refused(item.name, f"could not be stored ({type(e).__name__}: {e})"))
            continue
        if receipt == OTHER_PATH:
            continue
        if receipt is None:
            refused.append(Refused(item.name, "already received (same name and content); kept once"))
            continue
        known.add((receipt.original_name, receipt.sha256))
        new.append(receipt)
        ledger["receipts"].append(asdict(receipt))
    for (student, reason), names in folded.items():  # one line for each participant's entries refused alike
        names.sort()
        line = names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more like it"
        refused.append(Refused(line, reason))
        if student:
            named[line] = student
    for receipt in new:  # the secret naming the participant's feedback file in the exchange
        secret = sidecars.get(PurePosixPath(receipt.original_name).parts[0], {}).get("submission_secret.txt")
        if secret and "/" in receipt.original_name:
            (folder / f"{receipt.id}.secret").write_text(secret)
    ledger["refused"] += [asdict(r) | {"source": str(source), "received_at": received_at}
                          | ({"named": named[r.name]} if r.name in named else {})
                          for r in refused if r.reason != JUNK]
    _save(course_dir, module, ledger)
    return Collected([r for r in new if r.student], [r for r in new if not r.student], refused, ledger["counts"],
                     placed_now, [r for r in new if r.student and r.problem])


def _take(folder: Path, item: Found, known, roster, ids, module: Module, source: str, received_at: str,
          proved: tuple[str, str] | None = None, course_dir: CourseDirectory | None = None,
          paths_taken: set[str] | None = None):
    """Store one file with its receipt, or None when it was received before, or OTHER_PATH when another path's
    assignment takes it. `proved`: (time, note) of a file from an exchange folder its owner proved (on a
    server); else an exchange name's time is taken as given."""
    sha = hashlib.sha256(item.data).hexdigest()
    if (item.name, sha) in known:
        return None
    nb = read_notebook(item.data)
    named = _named(nb)
    student, why = _place(item.name, roster, ids, module, named)
    path = _path_named(nb) or (course_dir.path_of(module, student) if course_dir else module.path)
    if path != module.path and path in (paths_taken or {module.path}):
        return OTHER_PATH
    declared, timing = item.declared, ""
    exchange = EXCHANGE_NAME.match(PurePosixPath(item.name).parts[0]) if "/" in item.name else None
    if exchange:
        declared, timing = proved or (exchange["time"], "")
    note = "; ".join(n for n in (why, timing, item.note) if n)
    receipt = Receipt("", "", item.name, source, received_at, sha, len(item.data), student, declared, note,
                      nb is not None, named, problem(item.data, nb, module, path))
    return _store(folder, item.data, receipt)


def read_notebook(data: bytes) -> dict | None:
    """The content as a Jupyter notebook (JSON with a list of cells), or None, so junk never displaces one."""
    try:
        nb = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    ok = isinstance(nb, dict) and isinstance(nb.get("cells"), list) and isinstance(nb.get("nbformat"), int)
    return nb if ok else None


def is_notebook(data: bytes) -> bool:
    """Whether the content is a Jupyter notebook (JSON with a list of cells)."""
    return read_notebook(data) is not None


def problem(data: bytes, nb: dict | None, module: Module, path: str | None = None) -> str:
    """Why a file cannot be graded as the module's notebook on its path, in the words the participant is told ('' if
    it can). `path`: the path the notebook's metadata names, if any."""
    if not data.strip():
        return "the file is empty (0 bytes)" if not data else "the file is empty"
    if nb is None:
        return "the file is not a notebook (it is cut off, or another kind of file)"
    if (path or module.path) != module.path:
        return (f"the notebook is module {module.id}'s on the {path} path, but the course takes the module on the "
                f"{module.path} path: work in that notebook")
    if not _grade_ids(nb) & _grade_ids(module_release(module)):
        return f"the notebook is not module {module.id}'s ({module.notebook_name}): none of its exercises are in it"
    return ""


def _grade_ids(nb: dict) -> set[str]:
    cells = nb.get("cells") if isinstance(nb, dict) else None
    ids = set()
    for cell in cells if isinstance(cells, list) else []:
        meta = cell.get("metadata", {}).get("nbgrader", {}) if isinstance(cell, dict) else {}
        if isinstance(meta, dict) and isinstance(meta.get("grade_id"), str):
            ids.add(meta["grade_id"])
    return ids


_releases: dict[str, dict] = {}


def module_release(module: Module) -> dict:
    """The module's participant notebook, as JSON (read once)."""
    if module.slug not in _releases:
        _releases[module.slug] = json.loads(module.release.read_text(encoding="utf-8"))
    return _releases[module.slug]


def _path_named(nb: dict | None) -> str | None:
    """The path the notebook's metadata names ("aitrain": {"path": "policy"}), if it names one."""
    from aitrain.base.edition import PATHS

    meta = nb.get("metadata") if nb else None
    aitrain = meta.get("aitrain") if isinstance(meta, dict) else None
    path = aitrain.get("path", "coded") if isinstance(aitrain, dict) else None
    return path if path in PATHS else None


def _named(nb: dict | None) -> str | None:
    """The participant's name written into the notebook when it was copied for them, if any."""
    meta = nb.get("metadata") if nb else None
    aitrain = meta.get("aitrain") if isinstance(meta, dict) else None
    name = aitrain.get("participant") if isinstance(aitrain, dict) else None
    return name.strip()[:200] or None if isinstance(name, str) else None


def _other_module(name: str, module: Module) -> str | None:
    """The reason to leave an exchange submission of another module unread."""
    parts = PurePosixPath(name).parts
    exchange = EXCHANGE_NAME.match(parts[0]) if len(parts) > 1 or name.endswith("/") else None
    if exchange and exchange["assignment"] != module.slug:
        return f"exchange submission for another module ({exchange['assignment']}); collect it with that module"
    return None


def _place(name: str, roster, ids, module: Module, named: str | None = None) -> tuple[str | None, str]:
    """The participant a file belongs to (exchange user; else the name in the notebook, then the file or folder
    name), or None with the reason."""
    parts = PurePosixPath(name).parts
    exchange = EXCHANGE_NAME.match(parts[0]) if len(parts) > 1 else None
    if exchange:
        if exchange["assignment"] != module.slug:
            return None, f"exchange submission for another assignment ({exchange['assignment']})"
        if exchange["student"] in ids:
            return exchange["student"], ""
        return None, "exchange user is not on the roster"
    by_path, why_path = match_student(name, roster)
    if not named:
        return by_path, why_path
    by_name, why_name = match_student(named.replace("/", " ").replace("\\", " "), roster)
    if by_name and by_path and by_name != by_path:
        return None, (f"the notebook names {by_name} ({named!r}) but its file or folder name names {by_path}; "
                      "place it by hand")
    if by_name:
        return by_name, f"placed by the name in the notebook ({named!r})"
    if by_path:
        return by_path, f"placed by its file or folder name (the name in the notebook, {named!r}, {why_name})"
    return None, f"the name in the notebook ({named!r}) {why_name}; by its file or folder name: {why_path}"


def _place_again(ledger: dict, roster: list[dict], module: Module) -> list[dict]:
    """Place the receipts not placed yet that the roster can place now; return them."""
    ids = {p["id"] for p in roster}
    placed = []
    for r in ledger["receipts"]:
        if r["student"] or r.get("placed_by") == "hand":
            continue
        student, why = _place(r["original_name"], roster, ids, module, r.get("participant"))
        if student:
            r.update(student=student, placed_by="roster", note=f"placed at {_now()} after a roster change")
            placed.append(r)
        elif why:
            r["note"] = why
    return placed


def place_by_hand(course_dir: CourseDirectory, module: Module, receipt_id: str, student: str) -> dict:
    """Give a receipt to a participant by hand (the automatic placement never undoes it); return it."""
    ids = {p["id"] for p in _roster(course_dir)}
    if student not in ids:
        raise AitrainError(f"{student!r} is not on the roster.", "Add them with 'aitrain course roster' first.")
    folder = course_dir.folder("intake", module.slug)
    ledger = _recover(folder, load_ledger(course_dir, module)) if folder.is_dir() else load_ledger(course_dir, module)
    wanted = receipt_id.zfill(5) if receipt_id.isdigit() else receipt_id
    receipt = next((r for r in ledger["receipts"] if r["id"] == wanted), None)
    if receipt is None:
        raise AitrainError(f"There is no receipt {receipt_id!r} for module {module.id}.",
                           "The receipt numbers are in the table 'aitrain collect' printed and in ledger.json.")
    was = receipt["student"]
    receipt.update(student=student, placed_by="hand",
                   note=f"placed by hand at {_now()}" + (f" (was {was})" if was and was != student else ""))
    _save(course_dir, module, ledger)
    return receipt


def place_everywhere(course_dir: CourseDirectory) -> list[tuple[str, dict]]:
    """After a roster change: in every module, place the receipts the roster can place now."""
    roster = _roster(course_dir)
    placed = []
    for module in (a for m in catalogue.all_modules() + catalogue.programme_notebooks()
                   for a in course_dir.assignments(m)):
        if not ledger_path(course_dir, module).exists():
            continue
        ledger = load_ledger(course_dir, module)
        now = _place_again(ledger, roster, module)
        if now:
            _save(course_dir, module, ledger)
            placed += [(module.id, r) for r in now]
    return placed


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _save(course_dir: CourseDirectory, module: Module, ledger: dict) -> None:
    ledger["counts"] = _counting(ledger["receipts"], ledger.get("chosen", {}))
    ledger["resend"] = to_resend(ledger["receipts"], ledger["counts"])
    _write_ledger(course_dir, module, ledger)
    _publish(course_dir, module, ledger)


def _recover(folder: Path, ledger: dict) -> dict:
    """Clear what an interrupted collect left: temporary files, a stored file whose receipt was never written
    (its source still holds it), and receipts written but not yet in the ledger (adopted)."""
    listed = {r["id"] for r in ledger["receipts"]}
    names = set(os.listdir(folder))
    for name in sorted(names):
        match = STORED_NAME.match(name)
        receipt_name = f"{match['id']}.receipt.json" if match else ""
        if TEMPORARY.match(name) or match and name != receipt_name and receipt_name not in names:
            (folder / name).unlink(missing_ok=True)
        elif match and name == receipt_name and match["id"] not in listed:
            try:
                receipt = json.loads((folder / name).read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):  # half-written by an earlier version: drop it and its file
                for other in [n for n in names if n.startswith(match["id"] + ".")]:
                    (folder / other).unlink(missing_ok=True)
                continue
            receipt["note"] = "; ".join(n for n in (receipt.get("note"), "recovered after an interrupted collect") if n)
            ledger["receipts"].append(receipt)
    ledger["receipts"].sort(key=lambda r: r["id"])
    return ledger


def _store(folder: Path, data: bytes, receipt: Receipt) -> Receipt:
    """Write the file and its receipt under the next free number, atomically and never over anything."""
    suffix = ".ipynb" if receipt.original_name.lower().endswith(".ipynb") else ".bin"
    taken = [int(m["id"]) for m in map(STORED_NAME.match, os.listdir(folder)) if m]
    number = max(taken, default=-1) + 1
    while True:
        receipt.id = f"{number:05d}"
        receipt.stored = f"{receipt.id}{suffix}"
        text = json.dumps(asdict(receipt), indent=1, ensure_ascii=False).encode("utf-8")
        try:
            _create(folder, receipt.stored, data)
        except FileExistsError:  # another collect took this number meanwhile
            number += 1
            continue
        _create(folder, f"{receipt.id}.receipt.json", text)  # written last: the file is received
        return receipt


def _create(folder: Path, name: str, data: bytes) -> None:
    """Write data to a temporary file, then link it into place (atomic; fails if the name exists)."""
    tmp = folder / f".{name}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o444)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, folder / name)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            if (folder / name).exists():
                raise FileExistsError(name) from None
            os.replace(tmp, folder / name)
    finally:
        tmp.unlink(missing_ok=True)


def gradable(receipt: dict) -> bool:
    """Whether a receipt is a notebook of its module (receipts from before `problem` was recorded: by name)."""
    return receipt.get("notebook", receipt["stored"].endswith(".ipynb")) and not receipt.get("problem")


def to_resend(receipts: list[dict], counts: dict[str, str]) -> dict[str, dict]:
    """participant -> their latest file that cannot be graded, for those with no notebook that counts."""
    latest: dict[str, dict] = {}
    for r in receipts:
        if r["student"] and r["student"] not in counts and not gradable(r):
            if r["student"] not in latest or r["received_at"] >= latest[r["student"]]["received_at"]:
                latest[r["student"]] = r
    return {s: {"receipt": r["id"], "why": r.get("problem") or "the file is not a notebook",
                "original_name": r["original_name"]} for s, r in sorted(latest.items())}


def _counting(receipts: list[dict], chosen: dict[str, dict] | None = None) -> dict[str, str]:
    """The receipt that counts for each participant: the one the trainer chose (see choose()) unless a file
    came in after that choice; else the latest notebook of the module received (then latest declared, then
    last). A file that cannot be graded never counts."""
    counts: dict[str, tuple] = {}
    for r in receipts:
        if r["student"] and gradable(r):
            key = (r["received_at"], r["declared_time"] or "", r["id"])
            if r["student"] not in counts or key > counts[r["student"]][0]:
                counts[r["student"]] = (key, r["id"])
    latest = {s: v[1] for s, v in sorted(counts.items())}
    owner = {r["id"]: r["student"] for r in receipts}
    for student, choice in (chosen or {}).items():
        later = any(r["student"] == student and datetime.fromisoformat(r["received_at"])
                    > datetime.fromisoformat(choice["at"]) for r in receipts)
        if owner.get(choice["receipt"]) == student and not later:
            latest[student] = choice["receipt"]
    return latest


# ---------------------------------------------------------------------------------------------------------
# The trainer's choice of the counting receipt (kept apart from taking files in)


def choose(course_dir: CourseDirectory, module: Module, student: str, receipt_id: str, by: str) -> dict:
    """Make `receipt_id` the participant's counting submission, recorded in the ledger with who chose it
    and when (it holds until a newer file from them comes in). Every original stays as it is."""
    ledger = load_ledger(course_dir, module)
    receipt_id = receipt_id.zfill(5) if receipt_id.isdigit() else receipt_id
    receipt = next((r for r in ledger["receipts"] if r["id"] == receipt_id), None)
    if receipt is None or receipt["student"] != student:
        theirs = [r["id"] for r in ledger["receipts"] if r["student"] == student]
        raise AitrainError(f"Receipt {receipt_id!r} is not one of {student}'s submissions of {module.slug}.",
                           f"Their receipts: {', '.join(theirs) or 'none'} (see 'aitrain status').")
    choice = {"receipt": receipt_id, "by": by, "at": datetime.now(UTC).isoformat(timespec="microseconds")}
    ledger.setdefault("chosen", {})[student] = choice
    ledger.setdefault("choices", []).append({"student": student, **choice})  # the history, never rewritten
    _save(course_dir, module, ledger)
    return choice


def _write_ledger(course_dir: CourseDirectory, module: Module, ledger: dict) -> None:
    path = ledger_path(course_dir, module)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(ledger, indent=1, ensure_ascii=False))
    tmp.replace(path)


def _publish(course_dir: CourseDirectory, module: Module, ledger: dict) -> None:
    """Copy each counting file to nbgrader's submitted/STUDENT/MODULE/ (a copy; the original stays); withdraw
    the copy of a participant who no longer has one (a receipt placed by hand on someone else)."""
    by_id = {r["id"]: r for r in ledger["receipts"]}
    for marker in course_dir.folder("submitted").glob(f"*/{module.slug}/aitrain-receipt.txt"):
        if marker.parent.parent.name not in ledger["counts"]:
            for name in (module.notebook_name, "timestamp.txt", "aitrain-receipt.txt", "submission_secret.txt"):
                (marker.parent / name).unlink(missing_ok=True)
    for student, rid in ledger["counts"].items():
        receipt = by_id[rid]
        target = course_dir.folder("submitted", student, module.slug)
        target.mkdir(parents=True, exist_ok=True)
        notebook = target / module.notebook_name
        if notebook.exists():
            notebook.chmod(0o644)
            notebook.unlink()
        data = (course_dir.folder("intake", module.slug) / receipt["stored"]).read_bytes()
        notebook.write_bytes(data)
        from_exchange = EXCHANGE_NAME.match(PurePosixPath(receipt["original_name"]).parts[0])
        stamp = (receipt["declared_time"] if from_exchange else None) or receipt["received_at"]
        (target / "timestamp.txt").write_text(_nbgrader_time(stamp))
        (target / "aitrain-receipt.txt").write_text(f"{rid}\n")
        secret = course_dir.folder("intake", module.slug, f"{rid}.secret")
        (target / "submission_secret.txt").unlink(missing_ok=True)
        if secret.exists():
            (target / "submission_secret.txt").write_text(secret.read_text())


def _nbgrader_time(text: str) -> str:
    from nbgrader.utils import parse_utc

    try:
        return parse_utc(text).strftime("%Y-%m-%d %H:%M:%S.%f %Z")
    except Exception:
        return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f %Z")
