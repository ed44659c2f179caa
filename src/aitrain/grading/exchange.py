"""nbgrader's exchange on a shared server: its submission names, and a submit step that keeps them private.

A submission in <exchange>/<course>/inbound/ is a folder named `student+assignment+timestamp+random`
holding the notebooks, `timestamp.txt` and `submission_secret.txt`. The secret names the participant's
feedback file in <exchange>/<course>/feedback/ (md5 of secret and notebook id), so it travels with the
submission through aitrain's intake to the feedback folder, where `nbgrader release_feedback` reads it.

nbgrader leaves each submission world-readable (files 0644 in a 0777 folder), hidden only by its unguessable
name. PrivateSubmit closes that: the folder and files get no rights for others; the course's inbound folder
is set-group-id to the trainers' group, so the trainer still reads them through the group.
"""

import os
import re
from pathlib import PurePosixPath

from nbgrader.exchange.default.submit import ExchangeSubmit

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


class PrivateSubmit(ExchangeSubmit):
    """nbgrader's submit, then owner and group rights only (the group is the trainers', from the inbound)."""

    def copy_files(self):
        super().copy_files()
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

    def _regroup(self, path: str) -> None:
        """Give a file the trainers' group. A participant cannot chgrp to a group they are not in, and nbgrader's
        copy resets the submission folder's set-group-id bit before writing timestamp.txt and the secret; a file
        created in the (set-group-id) inbound and moved into place gets the group."""
        tmp = os.path.join(self.inbound_path, f".{os.path.basename(self.assignment_filename)}.{os.urandom(6).hex()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
            out.write(src.read())
        os.replace(tmp, path)


def root_of(course_dir) -> str | None:
    """The exchange folder of a course directory set up by `aitrain server init` (None on a laptop)."""
    import json

    return json.loads(course_dir.folder("aitrain-course.json").read_text()).get("exchange")


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
