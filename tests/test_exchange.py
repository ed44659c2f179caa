"""nbgrader's exchange names and feedback file names, as aitrain reads and writes them (no server needed; the
whole loop through a hub is tests/test_classroom_server.py)."""

import json

from nbgrader.utils import notebook_hash

from aitrain.base import catalogue
from aitrain.grading import exchange
from aitrain.grading.course_directory import CourseDirectory

SUBMISSION = "ana+02-proxy-means-test+2026-03-01 09:15:02.123456 UTC+tQ3DAfuF_48t"


def test_exchange_names_and_bookkeeping_files():
    match = exchange.parse_name(f"{SUBMISSION}/02-proxy-means-test.ipynb")
    assert (match["student"], match["assignment"], match["time"]) == (
        "ana", "02-proxy-means-test", "2026-03-01 09:15:02.123456 UTC")
    assert exchange.parse_name("ana/02-proxy-means-test.ipynb") is None
    assert exchange.parse_name(f"x/{SUBMISSION}/a.ipynb") is None
    assert exchange.sidecar(f"{SUBMISSION}/submission_secret.txt", b"abc123\n") == (
        SUBMISSION, "submission_secret.txt", "abc123")
    assert exchange.sidecar(f"{SUBMISSION}/timestamp.txt", b"2026-03-01 09:15:02 UTC")[2] == "2026-03-01 09:15:02 UTC"
    assert exchange.sidecar(f"{SUBMISSION}/02-proxy-means-test.ipynb", b"{}") is None
    assert exchange.sidecar("ana/timestamp.txt", b"from a zip, not the exchange") is None


def test_feedback_goes_where_fetch_feedback_looks(tmp_path):
    module = catalogue.find_modules(["02"])[0]
    root = tmp_path / "course"
    (root / "feedback" / "ana" / module.slug).mkdir(parents=True)
    (root / "feedback" / "bo" / module.slug).mkdir(parents=True)
    (root / "submitted" / "ana" / module.slug).mkdir(parents=True)
    (root / "aitrain-course.json").write_text(json.dumps({"course_id": "c1", "db_url": "sqlite://",
                                                          "exchange": str(tmp_path / "exchange")}))
    (tmp_path / "exchange" / "c1" / "feedback").mkdir(parents=True)
    (root / "feedback" / "ana" / module.slug / f"{module.solution.stem}.html").write_text("ana's page")
    (root / "feedback" / "bo" / module.slug / f"{module.solution.stem}.html").write_text("bo's page (from a zip)")
    (root / "submitted" / "ana" / module.slug / "submission_secret.txt").write_text("s3cret")
    released, skipped = exchange.release_feedback(CourseDirectory.open(root), module)
    assert (released, skipped) == (["ana"], ["bo"])
    name = notebook_hash(secret="s3cret", notebook_id=module.solution.stem)  # what nbgrader's fetch_feedback reads
    page = tmp_path / "exchange" / "c1" / "feedback" / f"{name}.html"
    assert page.read_text() == "ana's page" and page.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in page.parent.iterdir()] == [page.name]
