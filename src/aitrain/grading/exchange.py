"""nbgrader's exchange on a shared server: its submission names, and a submit step that keeps them private.

A submission in <exchange>/<course>/inbound/ is a folder named `student+assignment+timestamp+random`
holding the notebooks, `timestamp.txt` and `submission_secret.txt`. The secret names the participant's
feedback file in <exchange>/<course>/feedback/ (md5 of secret and notebook id), so it travels with the
submission through aitrain's intake to the feedback folder, where `nbgrader release_feedback` reads it.

nbgrader leaves each submission world-readable (files 0644 in a 0777 folder), hidden only by its unguessable
name. PrivateSubmit closes that: the folder and files get no rights for others; the course's inbound folder
is set-group-id to the trainers' group, so the trainer still reads them through the group.

The name of a submission folder is the participant's word: anyone can create `bo+02+2099...` in the inbound.
On a server (a course with a shared exchange) `Inbound` decides what a folder proves instead: it counts only
when it and everything in it belong to the account it names, and its time is the last change the file system
recorded (ctime), which a participant cannot set back (`touch` sets the modification time, not ctime).
Anything else in the exchange is refused with the reason; nothing there is placed by its name.

Each participant has a budget in one collect (`CollectBudget`, the course's aitrain-course.json): a submission
folder holding more files or bytes than one submission may is refused whole, unread, and of one participant's
folders of a module only the newest are read, so that no participant's folders (a huge file, thousands of files,
thousands of submissions) use up the collect or fill the trainer's disk with copies. Nothing is removed from the
inbound: what is refused stays there, with the reason in the collect's table and the ledger.
"""

import errno
import os
import pwd
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from nbgrader.exchange.default.submit import ExchangeSubmit
from nbgrader.utils import ignore_patterns, parse_utc
from traitlets import Integer

from aitrain.i18n import _

PARTIAL = ".partial-"  # a submission being copied into the inbound (PrivateSubmit): never collected
NAME = re.compile(r"^(?P<student>[^+/]+)\+(?P<assignment>[^+/]+)\+(?P<time>[^+/]+)(\+[^+/]*)?$")
SIDECARS = ("timestamp.txt", "submission_secret.txt")


def parse_name(path: str) -> re.Match | None:
    """The exchange name (student, assignment, time) of the folder a collected file sits in, if any."""
    parts = PurePosixPath(path).parts
    return NAME.match(parts[0]) if len(parts) == 2 else None


def sidecar(name: str, data: bytes) -> tuple[str, str, str] | None:
    """(exchange folder, file name, text) when a collected file is the exchange's bookkeeping, not a submission."""
    parts = PurePosixPath(name).parts
    if parse_name(name) and parts[1] in SIDECARS and len(data) < 4096:
        return parts[0], parts[1], data.decode("utf-8", "replace").strip()
    return None


NOT_A_SUBMISSION = ("not a submission folder made by nbgrader's submit (participant+module+time+random); "
                    "nothing in the exchange is placed by its name")
CUT_OFF = ("a submission whose copy into the exchange never finished (cut off, or the disk was full): not "
           "collected; the participant submits again")
IN_A_ZIP = ("an exchange submission inside a zip: who made it cannot be checked; collect it from the exchange's "
            "inbound folder, or ask the participant to submit again")
RENAMED_AFTER = 300  # seconds: a name's time further than this from the recorded one is noted on the receipt
MB = 2**20


@dataclass
class CollectBudget:
    """What one collect reads of each participant's exchange folders of a module (aitrain-course.json's
    "collect_budget", written by `aitrain server init`; the trainer may change it there)."""

    files: int = 100  # files and folders in one submission folder (a module's folder holds a notebook or two)
    megabytes: int = 50  # bytes in one submission folder (a notebook with its outputs is a few MB)
    submissions: int = 10  # folders of one participant read in one collect: the newest (the latest counts)

    @classmethod
    def of(cls, settings: dict) -> "CollectBudget":
        given = settings.get("collect_budget") or {}
        return cls(**{k: max(1, int(given[k])) for k in ("files", "megabytes", "submissions") if k in given})

    def as_settings(self) -> dict:
        return {"files": self.files, "megabytes": self.megabytes, "submissions": self.submissions}


LEFT = "not read, left in the inbound (collect_budget in the course's aitrain-course.json)"


@dataclass
class Proof:
    """What an exchange folder proves: the account that handed it in (None: refused, with the reason) and the
    last change to it or anything in it (ctime, seconds since the epoch)."""

    uid: int | None
    reason: str = ""
    changed: float = 0.0


def account_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def prove(folder: Path, student: str, budget: CollectBudget | None = None) -> Proof:
    """Whether `folder` and everything in it belong to `student`'s account, within the budget of one submission
    (the walk stops at the first entry over it), and when it last changed."""
    budget = budget or CollectBudget()
    try:
        uid = pwd.getpwnam(student).pw_uid
    except KeyError:
        return Proof(None, f"named for {student}, but there is no account {student} on this server")
    try:
        st = os.lstat(folder)
    except OSError as e:
        return Proof(None, f"cannot be checked ({e.strerror})")
    if not stat.S_ISDIR(st.st_mode):
        return Proof(None, "not a folder made by nbgrader's submit")
    if st.st_uid != uid:
        return Proof(None, f"named for {student} but made by the account {account_name(st.st_uid)}: only "
                           f"{student}'s own account can hand in as {student}")
    latest, entries, size, todo = st.st_ctime, 0, 0, [str(folder)]
    while todo:
        try:
            with os.scandir(todo.pop()) as listing:
                for entry in listing:
                    inner = entry.stat(follow_symlinks=False)
                    if inner.st_uid != uid:
                        return Proof(None, f"holds {os.path.relpath(entry.path, folder)}, made by the account "
                                           f"{account_name(inner.st_uid)}, not by {student}'s")
                    latest, entries = max(latest, inner.st_ctime), entries + 1
                    if entries > budget.files:
                        return Proof(None, f"holds more than {budget.files} files and folders, more than one "
                                           f"submission may: {LEFT}; ask {student} to keep only the module's "
                                           "notebook in its folder and submit again")
                    if stat.S_ISDIR(inner.st_mode):
                        todo.append(entry.path)
                    elif stat.S_ISREG(inner.st_mode):
                        size += inner.st_size
        except OSError as e:
            return Proof(None, f"cannot be checked ({e.strerror})")
    if size > budget.megabytes * MB:
        return Proof(None, f"holds {size / MB:.0f} MB, more than the {budget.megabytes} MB one submission may: "
                           f"{LEFT}; ask {student} to remove the large files from the module's folder and submit "
                           "again")
    return Proof(uid, "", latest)


def _utc(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="microseconds")


class Inbound:
    """The exchange folders of one collect on a server (a course with a shared exchange): each is proved by its
    owner before anything in it is read, and every file read is checked again (its owner and ctime). Of each
    participant's folders of the module, the newest `budget.submissions` that prove theirs are read."""

    def __init__(self, source: Path, exchange: str, assignment: str = "", budget: CollectBudget | None = None):
        source = Path(source)
        self.folder = source if source.is_dir() and not source.is_symlink() else None  # None: a zip or a file
        root = Path(exchange).resolve()
        self.inside = source.resolve() == root or root in source.resolve().parents
        self.budget = budget or CollectBudget()
        self.proofs: dict[str, Proof] = {}
        self.reasons: set[str] = set()  # the refusals this gave, folded into one line each by collect
        self.read: dict[str, int] = {}  # bytes read from each proved folder
        if self.folder and assignment:
            self._plan(assignment)

    def _plan(self, assignment: str) -> None:
        """Prove the module's folders newest first (their own ctime), each participant's up to the budget; the
        older ones are refused without being walked."""
        theirs: dict[str, list[tuple[float, str]]] = {}
        try:
            with os.scandir(self.folder) as listing:  # one entry at a time: the inbound may hold millions
                for entry in listing:
                    match = NAME.match(entry.name)
                    if match and match["assignment"] == assignment:
                        try:
                            changed = entry.stat(follow_symlinks=False).st_ctime
                        except OSError:
                            changed = 0.0
                        theirs.setdefault(match["student"], []).append((changed, entry.name))
        except OSError:
            return  # reading the source says why
        for student, folders in theirs.items():
            read = 0
            for _changed, name in sorted(folders, reverse=True):
                if read < self.budget.submissions:
                    self.proofs[name] = prove(self.folder / name, student, self.budget)
                    read += self.proofs[name].uid is not None
                else:
                    self.proofs[name] = Proof(None, f"{student} has {len(folders)} submission folders of "
                                                    f"{assignment}; one collect reads the newest "
                                                    f"{self.budget.submissions}: this older one is {LEFT}")

    def allowance(self) -> int:
        """The bytes the proved folders may hold together."""
        return sum(p.uid is not None for p in self.proofs.values()) * self.budget.megabytes * MB

    @staticmethod
    def folder_of(name: str) -> tuple[str, re.Match] | None:
        """(the exchange folder, its name's parts) of a collected file inside an exchange-named folder."""
        parts = PurePosixPath(name).parts
        match = NAME.match(parts[0]) if len(parts) > 1 else None
        return (parts[0], match) if match else None

    def proof(self, folder: str, student: str) -> Proof:
        if folder not in self.proofs:
            self.proofs[folder] = (prove(self.folder / folder, student, self.budget) if self.folder
                                   else Proof(None, IN_A_ZIP))
        return self.proofs[folder]

    def refusal(self, name: str) -> str | None:
        """Why a file, or a folder (`name` ending in '/', asked before it is walked), must not be read at all (its
        exchange folder is not proved, or it is in none), or None."""
        reason = self._refusal(name)
        if reason:
            self.reasons.add(reason)
        return reason

    def _refusal(self, name: str) -> str | None:
        parts = PurePosixPath(name).parts
        if parts and parts[0].startswith(PARTIAL):
            return CUT_OFF if self.inside else None
        if name.endswith("/"):
            if len(parts) > 1:
                return None  # a folder inside a proved submission folder
            match = NAME.match(parts[0])
            if match is None:
                return NOT_A_SUBMISSION if self.inside else None
            return self.proof(parts[0], match["student"]).reason or None
        found = self.folder_of(name)
        if found is None:
            return NOT_A_SUBMISSION if self.inside else None
        return self.proof(found[0], found[1]["student"]).reason or None

    def decided(self, refused) -> bool:
        """Whether a refusal is this exchange's (folded with the others of its participant and reason)."""
        return refused.reason in self.reasons

    @staticmethod
    def named(name: str) -> str | None:
        """The participant an entry of the exchange is named for, if any."""
        match = NAME.match(PurePosixPath(name).parts[0])
        return match["student"] if match else None

    def check(self, item) -> str | None:
        """Why a file read from a proved folder does not count after all (it is not its owner's), or None."""
        found = self.folder_of(item.name)
        if found is None:
            return None
        proof = self.proofs[found[0]]
        if item.owner is None:
            return IN_A_ZIP
        if item.owner != proof.uid:
            return f"made by the account {account_name(item.owner)}, not by {found[1]['student']}'s"
        self.read[found[0]] = self.read.get(found[0], 0) + len(item.data)
        if self.read[found[0]] > self.budget.megabytes * MB:
            return (f"its folder grew past the {self.budget.megabytes} MB one submission may after it was checked: "
                    f"{LEFT}")
        return None

    def when(self, item) -> tuple[str, str]:
        """(when the file's folder was handed in, a note when its name gives another time) for a checked file."""
        folder, match = self.folder_of(item.name)
        changed = max(self.proofs[folder].changed, item.changed or 0.0)
        try:
            named = parse_utc(match["time"]).replace(tzinfo=UTC).timestamp()
        except (ValueError, OverflowError):
            named = None
        if named is not None and abs(named - changed) <= RENAMED_AFTER:
            return _utc(changed), ""
        return _utc(changed), (f"handed in at {_utc(changed)[:19].replace('T', ' ')} UTC (when its files were last "
                               f"written); the time in its name, {match['time']}, is not used")


def _disk_full(error: OSError) -> bool:
    """Whether a failed copy ran out of disk or quota (shutil.copytree folds its errors into one, as text)."""
    codes = (errno.ENOSPC, errno.EDQUOT)
    return error.errno in codes or any(f"[Errno {code}]" in str(error) for code in codes)


class PrivateSubmit(ExchangeSubmit):
    """nbgrader's submit, then owner and group rights only (the group is the trainers', from the inbound). A module
    folder holding more files than collect would read is refused before anything is copied, with the reason, so
    the participant knows at once (nbgrader's own CourseDirectory.max_dir_size does the same for its size)."""

    max_files = Integer(100, help="Files and folders one submission folder may hold, timestamp.txt and the "
                                  "secret included (collect's budget: aitrain server init --submission-files)"
                        ).tag(config=True)

    def copy_files(self):
        """Copy into a staging folder of the inbound (`.partial-…`: no '+', so never a submission's name), then
        rename it into place in one step: collect sees a whole submission or none, whether the copy was cut off
        (the server stopped) or the disk filled up; a failed copy is removed, with a message saying why."""
        self.check_budget()
        inbound = self.inbound_path
        staging = tempfile.mkdtemp(prefix=PARTIAL, dir=inbound)
        try:
            self.inbound_path = staging
            try:
                super().copy_files()
                self._private()
            finally:
                self.inbound_path = inbound
            os.rename(os.path.join(staging, self.assignment_filename),
                      os.path.join(inbound, self.assignment_filename))
        except OSError as e:
            if _disk_full(e):
                self.fail(_("Not submitted: the server's disk for submissions is full. Your notebook is safe in "
                            "your folder. Tell the trainer, then submit again once they say there is room."))
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _private(self):
        dest = os.path.join(self.inbound_path, self.assignment_filename)
        group = os.stat(self.inbound_path).st_gid
        for folder, dirs, files in os.walk(dest):
            for name in files:
                path = os.path.join(folder, name)
                os.chmod(path, 0o640)
                if os.stat(path).st_gid != group:
                    self._regroup(path)
            for name in dirs:
                os.chmod(os.path.join(folder, name), 0o2750)
        os.chmod(dest, 0o2770)  # the trainer's group may clean up, others nothing

    def check_budget(self) -> None:
        """Refuse a module folder with more entries than a submission may hold (what nbgrader would copy)."""
        skip = ignore_patterns(exclude=self.coursedir.ignore, include=self.coursedir.include,
                               max_file_size=self.coursedir.max_file_size)
        room, count = self.max_files - len(SIDECARS), 0
        for folder, dirs, files in os.walk(self.src_path):
            ignored = set(skip(folder, dirs + files))
            dirs[:] = [d for d in dirs if d not in ignored]
            count += len(dirs) + sum(f not in ignored for f in files)
            if count > room:
                self.fail(f"Not submitted: {self.src_path} holds more than {room} files and folders, more than one "
                          "submission may. Move what is not part of your work out of it and submit again.")

    def _regroup(self, path: str) -> None:
        """Give a file the trainers' group. A participant cannot chgrp to a group they are not in, and nbgrader's
        copy resets the submission folder's set-group-id bit before writing timestamp.txt and the secret; a file
        created in the (set-group-id) inbound and moved into place gets the group."""
        tmp = os.path.join(self.inbound_path, f".{os.path.basename(self.assignment_filename)}.{os.urandom(6).hex()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
            out.write(src.read())
        os.replace(tmp, path)


def _settings(course_dir) -> dict:
    import json

    return json.loads(course_dir.folder("aitrain-course.json").read_text())


def root_of(course_dir) -> str | None:
    """The exchange folder of a course directory set up by `aitrain server init` (None on a laptop)."""
    return _settings(course_dir).get("exchange")


def budget_of(course_dir) -> CollectBudget:
    """The course's budget for what one collect reads of each participant (the defaults when not set)."""
    return CollectBudget.of(_settings(course_dir))


def release_feedback(course_dir, module) -> tuple[list[str], list[str]]:
    """Put each participant's feedback page where `nbgrader fetch_feedback` looks for it; (released, skipped).

    Only submissions that came through the exchange carry the secret naming the file; the others are skipped.
    """
    import shutil

    from nbgrader.utils import notebook_hash

    root = root_of(course_dir)
    released, skipped = [], []
    if not root:
        return released, skipped
    outbound = os.path.join(root, course_dir.course_id, "feedback")
    for page in sorted(course_dir.folder("feedback").glob(f"*/{module.slug}/*.html")):
        student = page.parent.parent.name
        secret = course_dir.folder("submitted", student, module.slug, "submission_secret.txt")
        if not secret.is_file():
            skipped.append(student)
            continue
        name = notebook_hash(secret=secret.read_text(), notebook_id=page.stem)
        tmp = os.path.join(outbound, f".{name}.tmp")
        shutil.copyfile(page, tmp)
        os.chmod(tmp, 0o644)  # readable by whoever knows the name: only the participant holds the secret
        os.replace(tmp, os.path.join(outbound, f"{name}.html"))
        released.append(student)
    return released, skipped
