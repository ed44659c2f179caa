"""Reading the files of a submission source (a folder, a zip, one file), one file at a time.

Every name, path and archive is hostile input. Nothing is extracted to a path taken from outside: each file
is read, streamed with a size cap, and handed over with a name that is always valid text. Symlinks, special
files, paths that climb out (../, absolute, drive letters), oversized or over-compressed members and damaged
data are refused one by one with the reason; the rest is read. The whole source is read under a total cap,
so a folder of huge files cannot exhaust memory or disk. Files that operating systems and Jupyter leave
beside the real ones (__MACOSX, ._name, .DS_Store, Thumbs.db, desktop.ini, .ipynb_checkpoints) are skipped.

Names that are not UTF-8 are decoded safely: zip members without the UTF-8 flag are in a legacy code page
(Windows' built-in zip writes the system's OEM code page, cp866 for Cyrillic, cp437 in the US), chosen for
the whole archive as the one whose names read as words of a single script; names on disk may be any bytes.
"""

import os
import re
import stat
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from aitrain.errors import AitrainError

MAX_FILE_BYTES = 20 * 2**20  # a module notebook is well under 1 MB without outputs
MAX_ARCHIVE_BYTES = 500 * 2**20  # total uncompressed size of one archive
MAX_SOURCE_BYTES = 1024 * 2**20  # total size read from one source (a folder, with the zips inside it)
MAX_MEMBERS = 5000
MAX_RATIO = 100  # uncompressed / compressed size of one member
JUNK_FOLDERS = {"__macosx", ".ipynb_checkpoints", ".trash", ".trashes", ".spotlight-v100", ".fseventsd",
                "$recycle.bin", "system volume information"}
JUNK_FILES = {".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db", ".directory"}
JUNK = "system file (macOS, Windows or Jupyter), not a submission; skipped"
ZIP_CODE_PAGES = ("utf-8", "cp866", "cp437", "cp850", "cp852", "cp857")  # Windows' zip: the OEM code page
DISK_CODE_PAGES = ("cp1251", "cp866", "cp1252", "cp437")  # Windows' ANSI and OEM code pages


@dataclass
class Found:
    name: str  # relative path, always valid text
    data: bytes
    declared: str | None  # time stamp given by the file system or the archive
    note: str = ""
    owner: int | None = None  # the account (uid) that owns the file on disk; None inside a zip
    changed: float | None = None  # when the file on disk last changed (ctime: its owner cannot set it back)


@dataclass
class Refused:
    name: str
    reason: str


@dataclass
class Budget:
    """What may still be read from the source as a whole."""
    skip: Callable[[str], str | None]  # a reason to leave a file unread, or None
    left: int  # bytes
    total: int  # what could be read at first


def is_junk(name: str) -> bool:
    parts = [p.casefold() for p in PurePosixPath(name).parts]
    return any(p in JUNK_FOLDERS for p in parts[:-1]) or parts[-1] in JUNK_FILES or parts[-1].startswith("._")


def _plausibility(name: str) -> int:
    """How much a decoded name reads as words: each word in one script, no symbols or control characters, and
    Latin words mostly of plain letters (a Cyrillic name read in a Western code page is all accents)."""
    score = 0
    for word in re.split(r"[\s/._\-+()\[\],]+", name):
        scripts, accented = set(), 0
        for ch in word:
            kind = unicodedata.category(ch)
            if kind[0] == "L":
                scripts.add(unicodedata.name(ch, "?").split()[0])
                accented += not ch.isascii()
            elif kind[0] in "SC" or kind in ("Pi", "Pf", "Po") and not ch.isascii():
                score -= 5
        score -= 3 * max(0, len(scripts) - 1)
        if scripts == {"LATIN"} and accented * 2 > len(word):
            score -= 2
    return score


def best_decoding(raw_names: list[bytes], code_pages: tuple[str, ...]) -> str | None:
    """The code page in which all the names read best as words (UTF-8 first on a tie), or None."""
    best, best_score = None, None
    for code_page in code_pages:
        try:
            score = sum(_plausibility(raw.decode(code_page)) for raw in raw_names)
        except UnicodeDecodeError:
            continue
        if best_score is None or score > best_score:
            best, best_score = code_page, score
    return best


def disk_name(name: str) -> tuple[str, str]:
    """A name from os.walk (undecodable bytes kept as surrogates) as valid text, and a note if it was not UTF-8."""
    raw = os.fsencode(name)
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    parts = raw.split(b"/")
    code_page = best_decoding(parts, DISK_CODE_PAGES)
    if code_page is None:
        return raw.decode("utf-8", "backslashreplace"), "name is not valid text; shown with \\x escapes"
    return raw.decode(code_page), f"name was not UTF-8; read as {code_page}"


def read_source(path: Path, skip: Callable[[str], str | None] | None = None,
                total: int | None = None) -> Iterator[Found | Refused]:
    """Every acceptable file of a folder, zip or single file, one at a time, and every refusal with its reason.

    `skip(name)` may give a reason to leave a file unread (e.g. it belongs to another module); in a folder it is
    also asked about each folder (`name` ending in '/') before it is walked, and a folder refused is one line.
    `total`: the bytes read from the whole source at most (default MAX_SOURCE_BYTES)."""
    path = Path(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise AitrainError(f"{path} does not exist.", "Check the --from path (a folder, a .zip or a file).") from None
    except OSError as e:
        raise AitrainError(f"{path} cannot be read ({e.strerror}).", "Check the --from path and its rights.") from None
    total = total or MAX_SOURCE_BYTES
    budget = Budget(skip or (lambda name: None), total, total)
    if stat.S_ISLNK(st.st_mode):
        raise AitrainError(f"{path} is a symbolic link.", "Give the real folder or zip file.")
    if stat.S_ISDIR(st.st_mode):
        yield from _read_folder(path, budget)
    elif stat.S_ISREG(st.st_mode):
        name, note = disk_name(path.name)
        yield from _read_file(path, name, note, st, budget, top=True)
    else:
        raise AitrainError(f"{path} is neither a folder, a zip nor a file.", "Give a folder or a .zip.")


def _read_file(full: Path, name: str, note: str, st: os.stat_result, budget: Budget,
               top: bool = False) -> Iterator[Found | Refused]:
    """One file on disk: a zip is read member by member (the source's own members unprefixed), anything else
    whole, under the caps."""
    try:
        fd = os.open(full, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as e:
        yield Refused(name, f"unreadable ({e.strerror or type(e).__name__})")
        return
    opened = os.fstat(fd)  # the file actually read, whatever happened to its path since lstat
    with os.fdopen(fd, "rb") as f:
        # a zip by its name (a .docx is a zip too, and is a file); the source itself also by its content
        if name.lower().endswith(".zip") or top and zipfile.is_zipfile(f):
            yield from _read_zip(f, name, "" if top else name + "/", budget)
            return
        f.seek(0)
        if st.st_size > MAX_FILE_BYTES:
            yield Refused(name, f"too large ({st.st_size} bytes)")
            return
        if st.st_size > budget.left:
            yield Refused(name, f"not read: the source holds more than {budget.total // 2**20} MB in total; "
                                "collect the rest from a separate folder")
            return
        try:
            data = _read_capped(f, min(MAX_FILE_BYTES, budget.left))
        except OSError as e:
            yield Refused(name, f"unreadable ({e.strerror or type(e).__name__})")
            return
    if data is None:
        yield Refused(name, "too large")
        return
    budget.left -= len(data)
    yield Found(name, data, datetime.fromtimestamp(st.st_mtime, UTC).isoformat(timespec="seconds"), note,
                opened.st_uid, opened.st_ctime)


def _read_folder(root: Path, budget: Budget) -> Iterator[Found | Refused]:
    problems: list[OSError] = []
    for folder, dirs, files in os.walk(root, followlinks=False, onerror=problems.append):
        while problems:
            e = problems.pop()
            yield Refused(disk_name(os.path.relpath(e.filename, root))[0], f"folder unreadable ({e.strerror})")
        for d in list(dirs):
            rel = disk_name(os.path.relpath(os.path.join(folder, d), root))[0]
            if os.path.islink(os.path.join(folder, d)):
                yield Refused(rel, "symbolic link")
                dirs.remove(d)
            elif d.casefold() in JUNK_FOLDERS:
                yield Refused(rel, JUNK)
                dirs.remove(d)
            elif reason := budget.skip(rel + "/"):
                yield Refused(rel + "/", reason)
                dirs.remove(d)
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(folder, name)
            rel, note = disk_name(os.path.relpath(full, root))
            if is_junk(rel):
                yield Refused(rel, JUNK)
                continue
            if reason := budget.skip(rel):
                yield Refused(rel, reason)
                continue
            try:
                st = os.lstat(full)
            except OSError as e:
                yield Refused(rel, f"unreadable ({e.strerror})")
                continue
            if not stat.S_ISREG(st.st_mode):
                yield Refused(rel, "symbolic link or special file")
                continue
            yield from _read_file(Path(full), rel, note, st, budget)
    while problems:
        e = problems.pop()
        yield Refused(disk_name(os.path.relpath(e.filename, root))[0], f"folder unreadable ({e.strerror})")


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


def _member_names(members: list[zipfile.ZipInfo]) -> tuple[dict[int, str], str]:
    """Each member's name as text; names without the UTF-8 flag are decoded in the archive's code page."""
    legacy = [m for m in members if not m.flag_bits & 0x800]
    raw = {id(m): m.filename.encode("cp437") for m in legacy}  # zipfile read those bytes as cp437
    code_page = best_decoding(list(raw.values()), ZIP_CODE_PAGES) if legacy else None
    names = {id(m): m.filename for m in members}
    for m in legacy:
        names[id(m)] = raw[id(m)].decode(code_page) if code_page else m.filename
    non_ascii = any(not r.isascii() for r in raw.values())
    return names, (f"name read as {code_page} (zip without the UTF-8 flag)"
                   if non_ascii and code_page not in (None, "utf-8") else "")


def _read_zip(stream, label: str, prefix: str, budget: Budget) -> Iterator[Found | Refused]:
    """The members of a zip (a file on disk, or the source itself), each one its own case."""
    try:
        archive = zipfile.ZipFile(stream)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        yield Refused(label, f"damaged or unreadable zip ({e}); nothing could be read from it")
        return
    total = 0
    with archive:
        if len(members) > MAX_MEMBERS:
            yield Refused(label, f"archive has {len(members)} files (limit {MAX_MEMBERS})")
            return
        names, decoded = _member_names(members)
        for info in members:
            if info.is_dir():
                continue
            text = names[id(info)]
            name = _safe_member_name(text)
            show = prefix + (name or text)
            mode = info.external_attr >> 16
            if name is None:
                yield Refused(prefix + text, "path is absolute or climbs out of the archive")
            elif is_junk(name):
                yield Refused(show, JUNK)
            elif reason := budget.skip(show):
                yield Refused(show, reason)
            elif stat.S_IFMT(mode) not in (0, stat.S_IFREG):  # links, devices (0: no Unix type recorded)
                yield Refused(show, "symbolic link or special file")
            elif info.file_size > MAX_FILE_BYTES:
                yield Refused(show, f"too large when expanded ({info.file_size} bytes declared)")
            elif info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                yield Refused(show, "expands suspiciously much (zip bomb?)")
            elif total + info.file_size > MAX_ARCHIVE_BYTES or info.file_size > budget.left:
                yield Refused(show, "not read: the archive or the source expands beyond the limit")
            elif name.lower().endswith(".zip"):
                yield Refused(show, "archive inside an archive (unpack it and collect the folder)")
            else:
                try:
                    with archive.open(info) as f:
                        data = _read_capped(f, min(MAX_FILE_BYTES, info.file_size))
                except Exception as e:  # noqa: BLE001 - zlib.error, bad CRC, encryption...: each member its own case
                    yield Refused(show, f"damaged in the zip, cannot be read ({type(e).__name__}: {e})")
                    continue
                if data is None:  # more bytes than declared: a lying header
                    yield Refused(show, "expands beyond its declared size")
                    continue
                total += len(data)
                budget.left -= len(data)
                try:
                    declared = datetime(*info.date_time, tzinfo=UTC).isoformat(timespec="seconds")
                except ValueError:
                    declared = None
                yield Found(show, data, declared, decoded if not text.isascii() else "")
