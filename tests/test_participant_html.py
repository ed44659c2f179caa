"""Issue 30, F2: nothing a participant wrote runs in a trainer's page (participant_html.py).

A participant's reflection and their code's outputs hold HTML that runs a script when rendered raw. Each payload
records itself in `top.__pwned` when it runs. The fast tests check the cleaning on its own and nbgrader's own
`formgrade` page as the formgrader renders it; the slow test grades such a submission for real (collect,
sandboxed autograde), opens the formgrader's page for it in chromium, then the feedback pages and the cohort
report, and finds no handler run, with the payloads shown as text. Each time, the same page rendered the way
nbgrader does by itself is the control: there the payloads run.
"""

import copy
from html.parser import HTMLParser

import nbformat
import pytest
from nbconvert.exporters import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from nbgrader.server_extensions.formgrader import handlers
from notebook_cells import read_solution
from test_browser import browser, no_chromium, shoot  # noqa: F401 - browser is a fixture
from traitlets.config import Config

from aitrain.base import catalogue
from aitrain.base.nbgrader_stages import configure
from aitrain.base.participant_html import MakeInert, clean_html, escape_tags, inert_data, markdown2html
from aitrain.tooling.headless_lab import serve

MARK = "__pwned"


def ran(what: str) -> str:
    return f"(top.{MARK}=top.{MARK}||[]).push('{what}')"


WRITTEN = (f'My answer. <img src=x onerror="{ran("img")}"> <svg onload="{ran("svg")}"></svg> '
           f'<script>{ran("script")}</script> <iframe srcdoc="<script>{ran("iframe")}</script>"></iframe> '
           f'<details open ontoggle="{ran("details")}"><summary>more</summary>x</details> '
           f'[a link](javascript:{ran("link")}) and x<y, 3 < 4.')
OUTPUTS = {"text/html": f'<img src=x onerror="{ran("html output")}"><b>bold</b>',
           "image/svg+xml": f'<svg xmlns="http://www.w3.org/2000/svg" onload="{ran("svg output")}"></svg>',
           "application/javascript": ran("javascript output"),
           "text/markdown": f'<img src=x onerror="{ran("markdown output")}">'}
SHOWN = """class Shown:
    def __init__(self, kind, text):
        self.kind, self.text = kind, text
    def _repr_mimebundle_(self, include=None, exclude=None):
        return {self.kind: self.text}
""" + "".join(f"display(Shown({kind!r}, {text!r}))\n" for kind, text in OUTPUTS.items())


class Live(HTMLParser):
    """Where the mark stands in a page other than as text: in an attribute, a script or a style."""

    def __init__(self):
        super().__init__()
        self.found, self.inside = [], []

    def handle_starttag(self, tag, attrs):
        self.found += [f"<{tag} {name}=...>" for name, value in attrs if MARK in (value or "")]
        if tag in ("script", "style"):
            self.inside.append(tag)

    def handle_endtag(self, tag):
        if self.inside and tag == self.inside[-1]:
            self.inside.pop()

    def handle_data(self, data):
        if self.inside and MARK in data:
            self.found.append(f"<{self.inside[-1]}>")


def live(html: str) -> list[str]:
    parser = Live()
    parser.feed(html)
    return parser.found


def hostile(nb):
    """The notebook with the reflection, an added Markdown cell, a raw cell and a code cell of payloads."""
    nb = copy.deepcopy(nb)
    answer = next(c for c in nb.cells if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("solution"))
    answer.source = WRITTEN
    nb.cells += [nbformat.v4.new_markdown_cell(f"A note of mine: {WRITTEN}"),
                 nbformat.v4.new_raw_cell(f'<img src=x onerror="{ran("raw")}">', metadata={"format": "text/html"}),
                 nbformat.v4.new_code_cell(SHOWN)]
    return nb


def formgrade_page(nb, config: Config) -> str:
    """nbgrader's formgrade page for a notebook, rendered as the formgrader's handler renders it."""
    exporter = HTMLExporter(config=config, template_name="formgrade", extra_template_basedirs=[handlers.template_path])
    resources = {"assignment_id": "02", "notebook_id": "nb", "submission_id": "1", "index": 0, "total": 1,
                 "base_url": "", "student": "mallory", "last_name": "", "first_name": "", "notebook_path": "x"}
    return exporter.from_notebook_node(nb, resources=resources)[0]


def with_outputs(nb):
    """The hostile notebook as a kernel leaves it: the code cell's outputs, as executed."""
    nb = copy.deepcopy(nb)
    nb.cells[-1].outputs = [nbformat.v4.new_output("display_data", data={kind: text, "text/plain": "Shown"})
                            for kind, text in OUTPUTS.items()]
    return nb


def test_markdown_a_participant_wrote_shows_its_html_as_typed():
    assert live(markdown2html_mistune(WRITTEN)), "control: rendered as written, the payloads are live"
    escaped = escape_tags(WRITTEN)
    assert live(markdown2html_mistune(escaped)) == ["<a href=...>"], "tags shown as text; a link is the renderer's"
    assert live(markdown2html({}, WRITTEN)) == live(markdown2html({}, escaped)) == [], "the course's renderer"
    assert escape_tags(escaped) == escaped, "a '<' already escaped stays as it is"
    assert escape_tags(r"\\<b>") == r"\\\<b>", "an escaped backslash does not escape the '<' after it"
    assert "x<y, 3 < 4" in escaped.replace("\\<", "<") and "3 < 4" in escaped


def test_outputs_of_participant_code_keep_text_tables_and_images_only():
    table = '<table class="dataframe"><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'
    data = inert_data({"text/html": table + f'<img src=x onerror="{ran("x")}"><a href="/user/bo/lab">bo</a>',
                       "image/svg+xml": "<svg/>", "application/javascript": ran("js"), "text/plain": "Shown",
                       "image/png": "iVBORw0KGgo="})
    assert data["text/html"].startswith(table) and live(data["text/html"]) == [] and "href" not in data["text/html"]
    assert set(data) == {"text/html", "text/plain", "image/png"}
    assert "image/svg+xml, application/javascript output not shown" in data["text/plain"]
    assert inert_data({"image/png": 'x" onerror="y'}) == {
        "text/plain": "[image/png output not shown: only text, tables and images from participants' code are shown]"}
    image = '<img src="data:image/png;base64,iVBORw0KGgo=">'
    assert clean_html(image) == image


def test_make_inert_leaves_the_course_text_and_cleans_the_rest():
    module = catalogue.find_modules(["02"])[0]
    release = nbformat.read(module.release, as_version=4)
    nb = with_outputs(hostile(release))
    c = Config()
    c.MakeInert.course_sources = [cell.source for cell in release.cells if cell.cell_type != "code"]
    inert, _ = MakeInert(config=c).preprocess(copy.deepcopy(nb), {})
    for before, after in zip(nb.cells, inert.cells, strict=True):
        if before.source in c.MakeInert.course_sources:
            assert after.source == before.source
    assert inert.cells[-2].metadata == {} and inert.cells[-3].source == escape_tags(nb.cells[-3].source)
    kinds = [set(o["data"]) for o in inert.cells[-1].outputs]
    assert kinds == [{"text/html", "text/plain"}, {"text/plain"}, {"text/plain"}, {"text/markdown", "text/plain"}]


def test_nbgraders_formgrade_page_runs_nothing_a_participant_wrote():
    """The formgrader's page with the course's settings (nbgrader_config.py calls configure), for a notebook as
    it came in (not through aitrain's autograde): the Markdown filter and the HTML cleaning are the course's."""
    module = catalogue.find_modules(["02"])[0]
    nb = with_outputs(hostile(nbformat.read(module.solution, as_version=4)))
    assert live(formgrade_page(nb, Config())), "control: nbgrader's own settings render the payloads live"
    page = formgrade_page(nb, configure(Config()))
    assert live(page) == [] and "My answer." in page
    assert "javascript:" not in page and "<b>bold</b>" in page


# ---------------------------------------------------------------------------------------------------------
# In a real browser: the formgrader, the feedback pages and the cohort report of a graded hostile submission


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A course with Mallory's hostile submission autograded in the sandbox, and Trudy's refused for review
    (a grade id of her own making, which the status and the report quote)."""
    from test_grading_pipeline import FULL, require_sandbox

    from aitrain.grading import autograde, course_directory, intake

    require_sandbox()
    base = tmp_path_factory.mktemp("participant-html")
    module = catalogue.find_modules(["02"])[0]
    (base / "roster.csv").write_text("id,first_name,last_name\nmallory,Mallory,Test\ntrudy,Trudy,Test\n")
    course = course_directory.init(base / "course", roster=base / "roster.csv", modules=[module])
    inbox = base / "inbox"
    inbox.mkdir()
    nbformat.write(hostile(read_solution(module)), inbox / "mallory.ipynb")  # the coded path's cells
    trudy = read_solution(module)
    trudy.cells.append(nbformat.v4.new_markdown_cell("x", metadata={"nbgrader": {
        "grade_id": f'<img src=x onerror="{ran("grade id")}">', "grade": False, "solution": True}}))
    nbformat.write(trudy, inbox / "trudy.ipynb")
    intake.collect(course, module, inbox)
    outcomes = {o.student: o for o in autograde.autograde(course, module, workers=1)}
    return course, module, outcomes, base, FULL


def seen(page) -> list[str]:
    page.wait_for_timeout(1500)  # an image's error and a frame's script come in their own time
    return page.evaluate(f"() => window.{MARK} || []")


@pytest.mark.slow
@no_chromium
def test_the_formgrader_and_the_pages_a_trainer_opens_run_nothing(graded, browser, tmp_path):  # noqa: F811
    from aitrain.grading.cohort_report import write_report
    from aitrain.grading.feedback_pages import write_feedback

    course, module, outcomes, base, full = graded
    mallory = outcomes["mallory"]
    assert mallory.status == "graded" and mallory.score == full, ("graded as before", mallory)
    assert outcomes["trudy"].status == "needs review" and MARK in outcomes["trudy"].reasons[0]
    autograded = nbformat.read(course.folder("autograded", "mallory", module.slug, module.notebook_name), 4)
    assert not any(kind in o.get("data", {}) for c in autograded.cells if c.cell_type == "code"
                   for o in c.outputs for kind in ("application/javascript", "image/svg+xml"))

    control = base / "control.html"  # the autograded notebook as nbgrader's formgrade shows it by itself
    control.write_text(formgrade_page(with_outputs(hostile(nbformat.read(module.solution, 4))), Config()))
    page = browser.new_page()
    page.goto(control.as_uri())
    assert seen(page), "control: in this browser, nbgrader's own page runs the payloads"
    page.close()

    with course.gradebook() as gb:
        submission = gb.find_submission_notebook(module.solution.stem, module.slug, "mallory").id
    with serve(course.root, tmp_path, trainer=True) as (url, token):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(60_000)
        page.goto(f"{url}/formgrader/submissions/{submission}/?token={token}")
        answer = page.locator(".nbgrader_cell .text_cell_render", has_text="My answer.")
        answer.wait_for()
        assert seen(page) == []
        assert "onerror=" in answer.inner_text(), "the trainer reads what was written, as text"
        assert page.evaluate("() => typeof $ === 'function' && $('input.score').length") > 0, "the page still works"
        answer.scroll_into_view_if_needed()
        shoot(page, "formgrader-hostile-submission")
        page.close()

    nbgrader_pages = base / "nbgrader-feedback"  # the formgrader's 'Generate feedback' button, then aitrain's
    course.nbgrader("generate_feedback", module.slug, "--force")
    course.folder("feedback").rename(nbgrader_pages)
    pages = list(write_feedback(course, module).pages.values())
    report = write_report(course, base / "report.html")
    quoting = [*nbgrader_pages.glob("mallory/*/*.html"), *[p for p in pages if "mallory" in p.parts], report]
    assert len(quoting) == 3, quoting
    for path in [*nbgrader_pages.rglob("*.html"), *pages, report]:
        page = browser.new_page()
        page.goto(path.as_uri())
        assert seen(page) == [], path
        if path in quoting:  # Mallory's reflection; Trudy's grade id, in the report's reasons
            assert MARK in page.inner_text("body"), f"{path}: the payloads are shown as text"
        page.close()
