"""The classroom hub's spawner where systemd does not run: JupyterHub's LocalProcessSpawner, starting each
participant's server with the usual umask (022; the hub itself runs with 077, so its own files stay private)."""

import os

from jupyterhub.spawner import LocalProcessSpawner


class CourseSpawner(LocalProcessSpawner):
    def make_preexec_fn(self, name):
        become_user = super().make_preexec_fn(name)

        def preexec():
            os.umask(0o022)
            become_user()

        return preexec
