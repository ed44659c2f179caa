"""Names in every script of the course draw in the cohort report's figures (no boxes), the pages' font stack names
the fonts, and `aitrain doctor --trainer` says what to install when a script would be boxes."""

import warnings

import pytest

from aitrain.base import catalogue, fonts
from aitrain.base.pages import render
from aitrain.grading import cohort_report, status
from aitrain.tooling import doctor

NAMES = [("p01", "សុខា ចាន់"), ("p02", "ნინო ბერიძე"), ("p03", "ᠮᠣᠩᠭᠣᠯ Батбаяр"), ("p04", "Արամ Պետրոսյան"),
         ("p05", "Айгерім Сейітқали")]


def test_a_report_figure_draws_khmer_georgian_mongolian_and_armenian_names():
    if set(fonts.matplotlib_families()) < set(fonts.FAMILIES):
        pytest.fail(f"this machine lacks {set(fonts.FAMILIES) - set(fonts.matplotlib_families())}: "
                    "apt-get install fonts-noto-core (.ci/run installs it)")
    modules = catalogue.find_modules(["02"])
    rows = [status.Standing("p01", "", status="graded", auto=9, auto_max=9, to_mark=4),
            *(status.Standing(s, "", status=status.MISSING) for s, _ in NAMES[1:])]
    cohort_report.use_course_style()
    cohort_report.use_fonts()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure = cohort_report.heatmap(NAMES, modules, {modules[0].slug: rows})
    boxes = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not boxes, boxes
    assert figure["src"].startswith("data:image/png;base64,")
    assert "white cells have no score" in figure["alt"]


def test_without_the_fonts_khmer_and_mongolian_are_boxes_and_the_doctor_says_what_to_install(monkeypatch):
    fonts.matplotlib_families.cache_clear()
    monkeypatch.setattr(fonts, "FAMILIES", ["DejaVu Sans"])
    try:
        assert set(fonts.missing_scripts()) == {"Khmer", "Mongolian"}
        [finding] = doctor.check_fonts()
    finally:
        fonts.matplotlib_families.cache_clear()
    assert finding.status == doctor.WARNING and "Khmer, Mongolian" in finding.detail
    assert "fonts-noto-core" in finding.todo and "Noto Sans Khmer Mongolian" in finding.todo


def test_with_the_fonts_the_doctor_finds_every_script():
    fonts.matplotlib_families.cache_clear()
    [finding] = doctor.check_fonts()
    assert finding.status == doctor.OK, finding
    assert "Khmer" in finding.detail and "Noto Sans Khmer" in finding.detail


def test_every_page_names_a_font_for_each_script():
    page = render("feedback.html.j2", title="t", name="សុខា", review=False, resend=None)
    stack = page.split("body{font-family:")[1].split(";")[0]
    for family in fonts.FAMILIES[1:]:
        assert f'"{family}"' in stack
    assert "Khmer UI" in stack and "Sylfaen" in stack, "the fonts Windows has"
