"""Taking in submissions from a folder, a zip (LMS download, inbox, USB stick) or the nbgrader exchange.

Every name, path and archive is hostile input. Nothing is ever extracted to a path taken from outside: each
file is read (streamed, with a size cap) and stored under a name the grader makes up, read-only, next to a
receipt (who, original name, where from, when received, sha256). Symlinks, special files, nested paths that
climb out (../, absolute, drive letters) and oversized or over-compressed members are refused and reported.
Nothing already received is ever overwritten: a later file from the same participant is stored beside the
earlier one, and the ledger says which one counts (the latest received; `counts` in ledger.json).
"""

import hashlib
import json
import os
import re
import stat
import unicodedata
import zipfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from aitrain.course.catalogue import Module
from aitrain.errors import AitrainError
from aitrain.grading import exchange as nbexchange
from aitrain.grading.workspace import Course

MAX_FILE_BYTES = 20 * 2**20  # a module notebook is well under 1 MB without outputs
MAX_ARCHIVE_BYTES = 500 * 2**20  # total uncompressed size of one archive
MAX_MEMBERS = 5000
MAX_RATIO = 100  # uncompressed / compressed size of one member
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
EXCHANGE_NAME = re.compile(r"^(?P<student>[^+]+)\+(?P<assignment>[^+]+)\+(?P<time>[^+]+)(\+[^+]*)?$")


@dataclass
class Receipt:
    id: str  # e.g. "0007"
    stored: str  # file name inside intake/MODULE/
    original_name: str
    source: str
    received_at: str
    sha256: str
    size: int
    student: str | None
    declared_time: str | None = None  # time stamp given by the exchange or the archive, if any
    note: str = ""


@dataclass
class Refused:
    name: str
    reason: str


def normalise(text: str) -> str:
    """Lower-case ASCII letters and digits of a name, for matching ('Álvarez' -> 'alvarez')."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^a-z0-9@.]+", " ", text).strip()


def match_student(name: str, roster: list[dict]) -> tuple[str | None, str]:
    """The participant a file name or path belongs to, or None with the reason."""
    words = normalise(name).replace(".", " ").split()
    text = " " + " ".join(words) + " "
    joined = "".join(words)
    hits = set()
    for person in roster:
        sid = normalise(person["id"]).replace(".", " ")
        email = normalise(person.get("email") or "")
        first, last = normalise(person.get("first_name") or ""), normalise(person.get("last_name") or "")
        if sid and f" {sid} " in text:
            hits.add(person["id"])
        elif email and email.replace(".", " ") in text:
            hits.add(person["id"])
        elif first and last and (f" {first} {last} " in text or f" {last} {first} " in text
                                 or (first + last).replace(" ", "") in joined
                                 or (last + first).replace(" ", "") in joined):
            hits.add(person["id"])
    if len(hits) == 1:
        return hits.pop(), ""
    if hits:
        return None, f"matches several participants ({', '.join(sorted(hits))})"
    return None, "matches no participant of the roster"


def _safe_member_name(name: str) -> str | None:
    """A zip member's name as a relative POSIX path, or None when it climbs out or is absolute."""
    name = name.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or "\x00" in name:
        return None
    parts = PurePosixPath(name).parts
    if any(p == ".." for p in parts):
        return None
    return "/".join(p for p in parts if p not in ("", "."))


def _read_capped(stream, cap: int) -> bytes | None:
    data = bytearray()
    while chunk := stream.read(min(2**20, cap + 1 - len(data))):
        data += chunk
        if len(data) > cap:
            return None
    return bytes(data)


def read_source(path: Path) -> tuple[list[tuple[str, bytes, str | None]], list[Refused]]:
    """(name, content, declared time) of every acceptable file in a folder or zip, and what was refused."""
    path = Path(path)
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        raise AitrainError(f"{path} is a symbolic link.", "Give the real folder or zip file.")
    if stat.S_ISDIR(st.st_mode):
        return _read_folder(path)
    if zipfile.is_zipfile(path):
        return _read_zip(path)
    if stat.S_ISREG(st.st_mode):
        if st.st_size > MAX_FILE_BYTES:
            return [], [Refused(path.name, f"too large ({st.st_size} bytes)")]
        with open(path, "rb") as f:
            data = _read_capped(f, MAX_FILE_BYTES)
        return ([(path.name, data, None)], []) if data is not None else ([], [Refused(path.name, "too large")])
    raise AitrainError(f"{path} is neither a folder, a zip nor a file.", "Give a folder or a .zip.")


def _read_folder(root: Path):
    found, refused = [], []
    for folder, dirs, files in os.walk(root, followlinks=False):
        for d in list(dirs):
            if os.path.islink(os.path.join(folder, d)):
                refused.append(Refused(os.path.relpath(os.path.join(folder, d), root), "symbolic link"))
                dirs.remove(d)
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(folder, name)
            rel = os.path.relpath(full, root)
            st = os.lstat(full)
            if not stat.S_ISREG(st.st_mode):
                refused.append(Refused(rel, "symbolic link or special file"))
                continue
            if st.st_size > MAX_FILE_BYTES:
                refused.append(Refused(rel, f"too large ({st.st_size} bytes)"))
                continue
            fd = os.open(full, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as f:
                data = _read_capped(f, MAX_FILE_BYTES)
            if data is None:
                refused.append(Refused(rel, "too large"))
                continue
            if zipfile.is_zipfile(full):
                inner, inner_refused = _read_zip(Path(full), prefix=rel + "/")
                found += inner
                refused += inner_refused
                continue
            declared = datetime.fromtimestamp(st.st_mtime, UTC).isoformat(timespec="seconds")
            found.append((rel, data, declared))
    return found, refused


def _read_zip(path: Path, prefix: str = ""):
    found, refused = [], []
    total = 0
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        return [], [Refused(prefix or path.name, f"unreadable zip ({e})")]
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            return [], [Refused(prefix or path.name, f"archive has {len(members)} files (limit {MAX_MEMBERS})")]
        for info in members:
            label = prefix + info.filename
            if info.is_dir():
                continue
            name = _safe_member_name(info.filename)
            mode = info.external_attr >> 16
            if name is None:
                refused.append(Refused(label, "path is absolute or climbs out of the archive"))
            elif stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # links, devices (0: no Unix type recorded)
                refused.append(Refused(label, "symbolic link or special file"))
            elif info.file_size > MAX_FILE_BYTES:
                refused.append(Refused(label, f"too large when expanded ({info.file_size} bytes declared)"))
            elif info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                refused.append(Refused(label, "expands suspiciously much (zip bomb?)"))
            elif total + info.file_size > MAX_ARCHIVE_BYTES:
                refused.append(Refused(label, "archive expands beyond the limit"))
            elif name.lower().endswith(".zip"):
                refused.append(Refused(label, "archive inside an archive (unpack it and collect the folder)"))
            else:
                try:
                    with archive.open(info) as f:
                        data = _read_capped(f, min(MAX_FILE_BYTES, info.file_size))
                except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as e:
                    refused.append(Refused(label, f"unreadable ({type(e).__name__})"))
                    continue
                if data is None:  # more bytes than declared: a lying header
                    refused.append(Refused(label, "expands beyond its declared size"))
                    continue
                total += len(data)
                try:
                    declared = datetime(*info.date_time, tzinfo=UTC).isoformat(timespec="seconds")
                except ValueError:
                    declared = None
                found.append((prefix + name, data, declared))
    return found, refused


def _roster(course: Course) -> list[dict]:
    with course.gradebook() as gb:
        return [{"id": s.id, "first_name": s.first_name, "last_name": s.last_name, "email": s.email}
                for s in gb.students]


def ledger_path(course: Course, module: Module) -> Path:
    return course.folder("intake", module.slug, "ledger.json")


def load_ledger(course: Course, module: Module) -> dict:
    path = ledger_path(course, module)
    return json.loads(path.read_text()) if path.exists() else {"receipts": [], "refused": [], "counts": {}}


@dataclass
class Collected:
    receipts: list[Receipt]
    unplaced: list[Receipt]
    refused: list[Refused]
    counts: dict[str, str]


def collect(course: Course, module: Module, source: Path) -> Collected:
    """Store every file of `source` read-only with its receipt; update which submission counts."""
    roster = _roster(course)
    ids = {p["id"] for p in roster}
    folder = course.folder("intake", module.slug)
    folder.mkdir(parents=True, exist_ok=True)
    ledger = load_ledger(course, module)
    received_at = datetime.now(UTC).isoformat(timespec="microseconds")
    files, refused = read_source(Path(source))
    files, sidecars = nbexchange.split_sidecars(files)
    new: list[Receipt] = []
    known = {(r["original_name"], r["sha256"]) for r in ledger["receipts"]}
    for name, data, declared in files:
        if (name, hashlib.sha256(data).hexdigest()) in known:
            refused.append(Refused(name, "already received (same name and content); kept once"))
            continue
        student, why = _place(name, roster, ids, module)
        exchange = EXCHANGE_NAME.match(PurePosixPath(name).parts[0]) if "/" in name else None
        if exchange:
            declared = exchange["time"]
        receipt = _store(folder, len(ledger["receipts"]) + len(new), name, data, str(source), received_at,
                         student, declared, why)
        secret = sidecars.get(PurePosixPath(name).parts[0], {}).get("submission_secret.txt")
        if secret and exchange:  # names the participant's feedback file in the exchange
            (folder / f"{receipt.id}.secret").write_text(secret)
        new.append(receipt)
    ledger["receipts"] += [asdict(r) for r in new]
    ledger["refused"] += [asdict(r) | {"source": str(source), "received_at": received_at} for r in refused]
    ledger["counts"] = _counting(ledger["receipts"])
    _write_ledger(course, module, ledger)
    _publish(course, module, ledger)
    return Collected([r for r in new if r.student], [r for r in new if not r.student], refused, ledger["counts"])


def _place(name: str, roster, ids, module: Module) -> tuple[str | None, str]:
    parts = PurePosixPath(name).parts
    exchange = EXCHANGE_NAME.match(parts[0]) if len(parts) > 1 else None
    if exchange:
        if exchange["assignment"] != module.slug:
            return None, f"exchange submission for another assignment ({exchange['assignment']})"
        if exchange["student"] in ids:
            return exchange["student"], ""
        return None, "exchange user is not on the roster"
    return match_student(name, roster)


def _store(folder: Path, number: int, name, data, source, received_at, student, declared, why) -> Receipt:
    suffix = ".ipynb" if name.lower().endswith(".ipynb") else ".bin"
    rid = f"{number:05d}"
    stored = f"{rid}{suffix}"
    path = folder / stored
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)  # never overwrites
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    receipt = Receipt(rid, stored, name, source, received_at, hashlib.sha256(data).hexdigest(), len(data),
                      student, declared, why)
    receipt_path = folder / f"{rid}.receipt.json"
    fd = os.open(receipt_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
    with os.fdopen(fd, "w") as f:
        json.dump(asdict(receipt), f, indent=1, ensure_ascii=False)
    return receipt


def _counting(receipts: list[dict]) -> dict[str, str]:
    """The receipt that counts for each participant: the latest notebook received (then latest declared, then
    last); a file that is not a notebook counts only when the participant sent nothing else."""
    counts: dict[str, tuple] = {}
    for r in receipts:
        if r["student"]:
            key = (r["stored"].endswith(".ipynb"), r["received_at"], r["declared_time"] or "", r["id"])
            if r["student"] not in counts or key > counts[r["student"]][0]:
                counts[r["student"]] = (key, r["id"])
    return {s: v[1] for s, v in sorted(counts.items())}


def _write_ledger(course: Course, module: Module, ledger: dict) -> None:
    path = ledger_path(course, module)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(ledger, indent=1, ensure_ascii=False))
    tmp.replace(path)


def _publish(course: Course, module: Module, ledger: dict) -> None:
    """Copy each counting file to nbgrader's submitted/STUDENT/MODULE/ (a copy; the original stays)."""
    by_id = {r["id"]: r for r in ledger["receipts"]}
    for student, rid in ledger["counts"].items():
        receipt = by_id[rid]
        target = course.folder("submitted", student, module.slug)
        target.mkdir(parents=True, exist_ok=True)
        notebook = target / module.notebook_name
        if notebook.exists():
            notebook.chmod(0o644)
            notebook.unlink()
        data = (course.folder("intake", module.slug) / receipt["stored"]).read_bytes()
        notebook.write_bytes(data)
        from_exchange = EXCHANGE_NAME.match(PurePosixPath(receipt["original_name"]).parts[0])
        stamp = (receipt["declared_time"] if from_exchange else None) or receipt["received_at"]
        (target / "timestamp.txt").write_text(_nbgrader_time(stamp))
        (target / "aitrain-receipt.txt").write_text(f"{rid}\n")
        secret = course.folder("intake", module.slug, f"{rid}.secret")
        (target / "submission_secret.txt").unlink(missing_ok=True)
        if secret.exists():
            (target / "submission_secret.txt").write_text(secret.read_text())


def _nbgrader_time(text: str) -> str:
    from nbgrader.utils import parse_utc

    try:
        return parse_utc(text).strftime("%Y-%m-%d %H:%M:%S.%f %Z")
    except Exception:
        return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f %Z")
