"""The offline kit, as a classroom uses it: build the Linux part, then on a "laptop" with no network at all
(a network namespace with only loopback, `unshare --net`) run the kit's install.sh, which installs the course's
wheel into a new venv and runs `aitrain doctor`; then run module 02 with papermill from the installed package and
let `aitrain lab`'s first run copy the course into the participant's own folder."""

import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

import pytest

from aitrain import paths
from aitrain.base.edition import Edition
from aitrain.tooling import kit, lab

UNSHARE = shutil.which("unshare")
PLATFORM = "linux-x86_64"
PYTHON = f"{sys.version_info[0]}.{sys.version_info[1]}"



def offline_env(home: Path) -> dict[str, str]:
    """A participant's environment: their own home, no pip configuration (so nothing but the kit is a source),
    Python free to write the bytecode of what it imports (PYTHONDONTWRITEBYTECODE, if the test run has it, is not
    a laptop's). pip does not compile all 10,000 installed files to bytecode at install: Python compiles the
    3,700 that the doctor and module 02 import when they first import them, as without a pip step; that is
    about 20 CPU-seconds less and changes nothing the test checks. (pip reads a --no-X option's variable
    inverted: PIP_NO_COMPILE=0 is --no-compile.)"""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "UV_", "AITRAIN_", "VIRTUAL_ENV")) and k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "HOME": str(home), "PIP_CONFIG_FILE": os.devnull, "PIP_NO_COMPILE": "0",
            "PYTHON": sys._base_executable, "PATH": "/usr/local/bin:/usr/bin:/bin"}


@pytest.mark.slow
@pytest.mark.skipif(UNSHARE is None, reason="unshare (util-linux) is not installed")
def test_linux_kit_installs_and_runs_a_module_offline(tmp_path):
    probe = subprocess.run([UNSHARE, "--net", "ip", "link", "set", "lo", "up"], capture_output=True, text=True)
    assert probe.returncode == 0, f"unshare --net is installed but does not work: {probe.stderr.strip()}"

    started = time.monotonic()
    folder = tmp_path / "kit"
    built = subprocess.run([sys.executable, "-m", "aitrain", "kit", "build", str(folder), "--platform", PLATFORM,
                            "--python", PYTHON], capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stdout + built.stderr
    build_seconds = time.monotonic() - started
    wheels = folder / "wheels" / PLATFORM
    names = {p.name.split("-")[0].lower() for p in wheels.glob("*.whl")}
    assert {"aitrain", "numpy", "jupyterlab", "nbgrader", "papermill"} <= names
    assert not (folder / "wheels" / "windows-amd64").exists(), "only the platform asked for"
    [course] = wheels.glob("aitrain-*.whl")
    with zipfile.ZipFile(course) as zf:
        shipped = set(zf.namelist())
    for part in ("modules/WELCOME.ipynb", "solutions/02-proxy-means-test/02-proxy-means-test.ipynb",
                 "datasets/household_survey.csv", "grading/nbgrader_config.py"):
        assert f"aitrain/data/course/{part}" in shipped

    home, venv, runs = tmp_path / "home", tmp_path / "home" / "aitrain-env", tmp_path / "runs"
    home.mkdir()
    script = f"""set -e
ip link set lo up
test "$(ip -o link | wc -l)" = 1  # loopback only: no way out
AITRAIN_NAME="Айгерім Сейітқали" sh {folder}/install.sh {venv}
{venv}/bin/python -c "import aitrain, sys; sys.exit(not aitrain.__file__.startswith('{venv}'))"
{venv}/bin/python -c "from aitrain.tooling import lab; print('participant folder', lab.folder_for(None)[0])"
{venv}/bin/aitrain run 02 --output {runs}
"""
    started = time.monotonic()
    offline = subprocess.run([UNSHARE, "--net", "sh", "-c", script], capture_output=True, text=True,
                             env=offline_env(home), cwd=tmp_path, timeout=900)
    output = offline.stdout + offline.stderr
    assert offline.returncode == 0, output[-5000:]
    print(f"kit build {build_seconds:.0f} s; offline install, doctor and module 02: "
          f"{time.monotonic() - started:.0f} s; wheelhouse {kit.size(wheels) / 1e6:.0f} MB")
    assert "Ready for the session" in output, "aitrain doctor passes on the fresh install"
    participant = home / "aitrain-course"
    assert f"participant folder {participant}" in output
    assert (participant / "WELCOME.ipynb").is_file() and (participant / "02-proxy-means-test").is_dir()
    named = json.loads((participant / "02-proxy-means-test" / "02-proxy-means-test.ipynb").read_text("utf-8"))
    assert named["metadata"]["aitrain"]["participant"] == "Айгерім Сейітқали", "the installer named the copy"
    assert (runs / "02-proxy-means-test" / "02-proxy-means-test.ipynb").is_file()


def test_unknown_platform_is_a_clear_error(tmp_path):
    from aitrain.errors import AitrainError

    with pytest.raises(AitrainError, match="Unknown platform"):
        kit.build(tmp_path, ["amiga"])


def test_each_platform_is_resolved_for_itself(tmp_path):
    """Windows-only packages (a plain `pip download --platform` drops them) are in the Windows list only."""
    project = tomllib.loads((paths.home() / "pyproject.toml").read_text())["project"]
    pins = {}
    for name in ("windows-amd64", "linux-x86_64"):
        pinned = kit.resolve(project["dependencies"], kit.PLATFORMS[name], PYTHON, tmp_path)
        pins[name] = {line.split("==")[0].lower() for line in pinned.read_text().splitlines() if "==" in line}
    assert {"pywinpty", "colorama"} <= pins["windows-amd64"] - pins["linux-x86_64"]
    assert {"numpy", "jupyterlab", "nbgrader"} <= pins["windows-amd64"] & pins["linux-x86_64"]


FAKE_PYTHON = """#!/bin/sh
# Python for install.sh without the kit's wheels: its venv runs this environment's Python (aitrain installed)
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  mkdir -p "$3/bin"
  printf '#!/bin/sh\\nexec {python} "$@"\\n' > "$3/bin/python"
  printf '#!/bin/sh\\nexec {python} -m aitrain "$@"\\n' > "$3/bin/aitrain"
  chmod +x "$3/bin/python" "$3/bin/aitrain"
  exit 0
fi
exec {python} "$@"
"""


@pytest.mark.parametrize("how", ["given", "typed"])
def test_the_installer_writes_the_participants_name_into_their_notebooks(tmp_path, how):
    """install.sh as the kit ships it, run for real; only its Python is this environment's (the wheels of a real
    kit are installed in test_linux_kit_installs_and_runs_a_module_offline, which gives the name too)."""
    (tmp_path / "kit" / "wheels" / PLATFORM).mkdir(parents=True)
    kit.write_installers(tmp_path / "kit", PYTHON)
    python = tmp_path / "python"
    python.write_text(FAKE_PYTHON.format(python=sys.executable))
    python.chmod(0o755)
    course = tmp_path / "course"
    env = {**os.environ, "PYTHON": str(python), "AITRAIN_COURSE_DIR": str(course)}
    env.pop("AITRAIN_PATH", None)
    command = ["sh", str(tmp_path / "kit" / "install.sh"), str(tmp_path / "env")]
    if how == "given":  # the name and the path (issue 24) given, as a trainer preparing laptops does
        env["AITRAIN_NAME"] = "ნინო ბერიძე"
        command[2:2] = ["--path", "policy"]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    else:  # typed at the questions, on a terminal: Enter keeps the coded path, then the name
        script = shutil.which("script")
        if script is None:
            pytest.skip("script (util-linux) is needed for a terminal")
        done = subprocess.run([script, "-qec", " ".join(command), os.devnull], env=env, capture_output=True,
                              text=True, timeout=600, input="\nნინო ბერიძე\n")
    assert ("Your name as on your trainer's list" in done.stdout) == (how == "typed"), "asked only when not given"
    assert ("Your path through the course" in done.stdout) == (how == "typed")
    path = "policy" if how == "given" else "coded"
    assert lab.chosen_path(course) == path and f"aitrain lab (the {path} path)" in done.stdout, \
        "remembered for the next 'aitrain lab'"
    where, trainer = lab.folder_for(None, course, Edition(path=path))
    assert where == (course / "policy" if how == "given" else course) and not trainer
    assert (where / "02-proxy-means-test" / "02-proxy-means-test.ipynb").is_file()
    named = json.loads((course / "02-proxy-means-test" / "02-proxy-means-test.ipynb").read_text("utf-8"))
    assert named["metadata"]["aitrain"]["participant"] == "ნინო ბერიძე", done.stdout + done.stderr
    assert "named for ნინო ბერიძე" in " ".join(done.stdout.split()), "the installer says so"



def test_an_unknown_path_stops_the_installer_before_it_installs(tmp_path):
    (tmp_path / "kit" / "wheels" / PLATFORM).mkdir(parents=True)
    kit.write_installers(tmp_path / "kit", PYTHON)
    env = {k: v for k, v in os.environ.items() if k != "AITRAIN_PATH"}
    wrong = subprocess.run(["sh", str(tmp_path / "kit" / "install.sh"), "--path", "scenic", str(tmp_path / "env")],
                           env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert wrong.returncode == 1 and "no 'scenic' path" in wrong.stderr and not (tmp_path / "env").exists()
