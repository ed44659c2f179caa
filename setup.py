"""The wheel carries the course: datasets/, modules/, solutions/ and grading/ are copied into aitrain/data/course/
at build time (not kept twice in git), where aitrain.paths finds them with importlib.resources."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
COURSE = ("datasets", "modules", "solutions", "grading")


class BuildWithCourse(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # an editable install finds the course in the clone itself
            return
        target = Path(self.build_lib, "aitrain", "data", "course")
        for name in COURSE:
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(ROOT / name, target / name,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithCourse})
