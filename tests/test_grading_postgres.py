"""The course gradebook on a real PostgreSQL server, started by the test on a unix socket in a temp folder."""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aitrain.base import catalogue
from aitrain.grading import autograde, course_directory, intake
from aitrain.tooling.cli import app

pytestmark = pytest.mark.slow


def _pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


@pytest.fixture
def postgres(tmp_path):
    import psycopg2  # noqa: F401 - a dependency of the course: its absence is a failure, not a skip
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    user = None
    if os.geteuid() == 0:  # the server refuses to run as root: use the 'postgres' account
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("PostgreSQL is installed but there is no 'postgres' user to run the server as")
    home = Path(tempfile.mkdtemp(prefix="aitrain-pg-"))  # pytest's own temp folders are private to root
    home.chmod(0o755)
    data, sock = home / "pgdata", home / "pgsock"
    sock.mkdir()
    for path in (home, sock):
        if user:
            os.chown(path, user.pw_uid, user.pw_gid)

    def run(*cmd):
        full = (["runuser", "-u", "postgres", "--"] if user else []) + list(cmd)
        return subprocess.run(full, capture_output=True, text=True, timeout=120, cwd=home)

    proc = run(f"{bin_dir}/initdb", "-D", str(data), "-A", "trust", "-U", "aitrain")
    assert proc.returncode == 0, f"PostgreSQL is installed but initdb failed: {proc.stderr[-300:]}"
    proc = run(f"{bin_dir}/pg_ctl", "-D", str(data), "-w", "-l", str(home / "pg.log"), "-o",
               f"-k {sock} -c listen_addresses='' -p 54329", "start")
    assert proc.returncode == 0, f"PostgreSQL is installed but the server did not start: {proc.stderr[-300:]}"
    try:
        for _ in range(50):
            if run(f"{bin_dir}/createdb", "-h", str(sock), "-p", "54329", "-U", "aitrain", "gradebook").returncode == 0:
                break
            time.sleep(0.2)
        yield f"postgresql://aitrain@/gradebook?host={sock}&port=54329"  # as the docs and --help give it
    finally:
        run(f"{bin_dir}/pg_ctl", "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(home, ignore_errors=True)


def test_course_gradebook_on_postgresql(postgres, tmp_path):
    (tmp_path / "roster.csv").write_text("id,first_name,last_name\nana,Ana,Lima\nbo,Bo,Chen\n")
    result = CliRunner().invoke(app, ["course", "init", str(tmp_path / "course"), "--db", postgres,
                                      "--roster", str(tmp_path / "roster.csv"), "-m", "02"])
    assert result.exit_code == 0, result.output
    course = course_directory.CourseDirectory.open(tmp_path / "course")
    module = catalogue.find_modules(["02"])[0]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ana.ipynb").write_bytes(module.release.read_bytes())  # the blank notebook, handed in as it is
    intake.collect(course, module, inbox)
    [outcome] = autograde.autograde(course, module, workers=1)
    assert outcome.status == "graded" and outcome.score == 0, outcome
    with course.gradebook() as gb:
        assert gb.db.bind.url.drivername == "postgresql+psycopg2"
        assert {s.id for s in gb.students} == {"ana", "bo"}
        assert gb.find_assignment(module.slug).max_score == 16
        assert gb.find_submission_notebook(module.solution.stem, module.slug, "ana").score == 0
