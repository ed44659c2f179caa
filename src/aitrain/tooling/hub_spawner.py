"""The classroom hub's spawner where systemd does not run: JupyterHub's LocalProcessSpawner, starting each
participant's server with the usual umask (022; the hub itself runs with 077, so its own files stay private) and
resource limits (setrlimit), which its terminals and kernels inherit. Without systemd's cgroups these are per
process (memory, file size) or per account (processes and threads), not a participant's total memory.

Participants' servers run at a lower CPU priority (nice) than the hub, its proxy and PostgreSQL: when a room logs
in at once, 60 servers starting on a few cores would otherwise starve the proxy, whose routes the hub must add
within 30 s or it stops the server ("Failed to add ... to proxy"). Among themselves participants stay equal."""

import os
import re
import resource

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Dict, Int

GIB = 2**30
NICE = 5  # participants' servers, terminals and kernels, below the hub and the proxy (0)


def size(text: str) -> int:
    """Bytes in '1.5G', '512M', '2048K' or a plain number."""
    match = re.fullmatch(r"\s*([\d.]+)\s*([KMGT]?)B?\s*", str(text).upper())
    if not match:
        raise ValueError(f"not a size: {text!r}")
    return int(float(match.group(1)) * 1024 ** " KMGT".index(match.group(2) or " "))


def limits(mem_limit: str) -> dict[str, int]:
    """Each participant's limits from the hub's memory limit: a process's address space twice it (Python's
    libraries reserve much more than they touch), 1024 processes and threads, files up to 1 GiB, no core dumps."""
    return {"RLIMIT_AS": 2 * size(mem_limit), "RLIMIT_NPROC": 1024, "RLIMIT_FSIZE": GIB, "RLIMIT_CORE": 0}


class CourseSpawner(LocalProcessSpawner):
    limits = Dict({}, help="Resource limits of each server: {'RLIMIT_AS': bytes, ...}").tag(config=True)
    nice = Int(NICE, help="How much lower each server's CPU priority is than the hub's").tag(config=True)

    def make_preexec_fn(self, name):
        become_user = super().make_preexec_fn(name)
        rlimits = {getattr(resource, key): value for key, value in self.limits.items()}
        nice = self.nice

        def preexec():
            os.umask(0o022)
            os.nice(nice)  # before the user change too: an account can lower its priority, never raise it
            for key, value in rlimits.items():  # before the user change: the account cannot raise them again
                resource.setrlimit(key, (value, value))
            become_user()

        return preexec
