"""A trainer's delivery day on a laptop (issue 26): every file attributed, every page current, grades a gradebook
accepts. Driven through the real commands (`aitrain lab`, `collect`, `status`, `feedback`, `export`)."""

import json
import shutil

import nbformat
import pytest
from test_collect import ledger, owner, roster, run, template, write_files  # noqa: F401 - template: a fixture

from aitrain.tooling import lab

pytestmark = pytest.mark.slow
SLUG = "02-proxy-means-test"
PEOPLE = [("p01", "Айгерім", "Сейітқали"), ("p02", "ნინო", "ბერიძე"), ("p03", "សុខា", "ចាន់")]


class JupyterLab:
    """Stands in for JupyterLab's process: `aitrain lab` does everything else for real."""

    def __init__(self, argv, **kwargs):
        self.argv = argv

    def wait(self):
        return 0


@pytest.fixture
def course(template, tmp_path):  # noqa: F811 - the fixture imported above
    shutil.copytree(template, tmp_path / "course")
    return tmp_path / "course"


def open_lab(monkeypatch, folder, *options):
    monkeypatch.setattr(lab.subprocess, "Popen", JupyterLab)
    run("lab", "--dir", folder, "--no-browser", *options)


def test_notebooks_copied_by_aitrain_lab_carry_the_name_and_welcome_says_it(monkeypatch, tmp_path):
    open_lab(monkeypatch, tmp_path / "mine", "--name", "Айгерім Сейітқали")
    copied = nbformat.read(tmp_path / "mine" / SLUG / f"{SLUG}.ipynb", as_version=4)
    assert copied.metadata["aitrain"]["participant"] == "Айгерім Сейітқали"
    welcome = nbformat.read(tmp_path / "mine" / "WELCOME.ipynb", as_version=4)
    who = next(c for c in welcome.cells if "participant_template" in c.metadata.get("aitrain", {}))
    assert who.source.startswith("**These notebooks were copied for Айгерім Сейітқали.**")
    assert "02-proxy-means-test.ipynb" in who.source, "it says what to send"
    russian = nbformat.read(tmp_path / "mine" / "ru" / "WELCOME.ipynb", as_version=4)
    assert "Эти тетради скопированы для: Айгерім Сейітқали" in "".join(c.source for c in russian.cells)
    assert lab.known_participant(tmp_path / "mine") == "Айгерім Сейітқали", "asked once"
    open_lab(monkeypatch, tmp_path / "unnamed")
    welcome = nbformat.read(tmp_path / "unnamed" / "WELCOME.ipynb", as_version=4)
    assert "aitrain lab --name" in "".join(c.source for c in welcome.cells)
    assert "participant" not in welcome.metadata.get("aitrain", {})


def test_three_attachments_with_the_same_name_land_on_the_right_people(monkeypatch, course, tmp_path):
    roster(course, PEOPLE)
    attachments = {}
    for (pid, first, last), suffix in zip(PEOPLE, ["", " (1)", " (2)"], strict=True):
        open_lab(monkeypatch, tmp_path / pid, "--name", f"{first} {last}")
        attachments[f"{SLUG}{suffix}.ipynb"] = (tmp_path / pid / SLUG / f"{SLUG}.ipynb").read_bytes()
    inbox = write_files(tmp_path / "inbox", attachments)
    run("collect", "02", "--course", course, "--from", inbox)
    assert owner(course) == {f"{SLUG}.ipynb": "p01", f"{SLUG} (1).ipynb": "p02", f"{SLUG} (2).ipynb": "p03"}
    assert set(ledger(course)["counts"]) == {"p01", "p02", "p03"}


def test_a_notebook_named_for_one_person_in_anothers_folder_is_not_placed(monkeypatch, course, tmp_path):
    roster(course, PEOPLE)
    open_lab(monkeypatch, tmp_path / "p01", "--name", "Aigerim Seiitqali")  # transliterated: still p01
    mine = (tmp_path / "p01" / SLUG / f"{SLUG}.ipynb").read_bytes()
    renamed = json.loads(mine)
    renamed["metadata"]["aitrain"]["participant"] = "Somebody Else"
    inbox = write_files(tmp_path / "moodle", {f"Нино Беридзе_411_assignsubmission_file_/{SLUG}.ipynb": mine,
                                              f"Chana Sokha/{SLUG}.ipynb": json.dumps(renamed).encode()})
    out = run("collect", "02", "--course", course, "--from", inbox).output
    placed = owner(course)
    assert placed[f"Нино Беридзе_411_assignsubmission_file_/{SLUG}.ipynb"] is None
    assert placed[f"Chana Sokha/{SLUG}.ipynb"] == "p03", "an unknown name inside: the folder decides"
    assert "the notebook names p01" in out and "names p02" in out
