"""`aitrain book`: build both sites of the course for module 02 (the WELCOME page too) on both paths, check that
no page loads anything from the internet, that the participants' exercises are blank and the trainers' site has
the answers, that the policy path's sites have the decisions and each home page links to the other path, then
open a page offline in Debian's chromium: a figure and the navigation show, and the search box finds a module.
A screenshot goes to test-artifacts/book/."""

import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from aitrain import paths
from aitrain.base import catalogue

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--allow-file-access-from-files"]
ARTIFACTS = paths.home() / "test-artifacts" / "book"
MODULE = catalogue.find_modules(["02"])[0]
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])(https?:)?//""", re.I)

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("book")]


class Loads(HTMLParser):
    """The addresses a page loads by itself: scripts, style sheets, fonts, images, frames."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "embed") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href") and set((a.get("rel") or "").split()) & {"stylesheet", "preload", "icon",
                                                                                      "modulepreload", "prefetch"}:
            self.urls.append(a["href"])


def external(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip(), re.I))


@pytest.fixture(scope="session")  # with the xdist group: built once, not again after another module's tests
def site(tmp_path_factory):
    output = tmp_path_factory.mktemp("book")
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "aitrain", "book", MODULE.id, "--output", str(output)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    print(f"aitrain book {MODULE.id} (both sites, both paths): {time.monotonic() - started:.0f} s")
    return output


def test_site_is_offline_with_blank_exercises_and_a_trainer_edition(site):
    pages = [page for name in ("participant", "trainer", "participant-policy", "trainer-policy")
             for page in (site / name).rglob("*.html")]
    assert pages
    for page in pages:
        loads = Loads()
        loads.feed(page.read_text(encoding="utf-8"))
        assert not [u for u in loads.urls if external(u)], f"{page} loads from the internet"
    for sheet in list(site.rglob("*.css")):
        assert not CSS_URL.search(sheet.read_text(encoding="utf-8", errors="replace")), f"{sheet} loads a URL"

    page = (site / "participant" / MODULE.slug / f"{Path(MODULE.notebook_name).stem}.html").read_text()
    assert "Your code here" in page and "### BEGIN SOLUTION" not in page
    assert "Correct: Exercise" not in page and "Not yet: Exercise" not in page and "Traceback" not in page
    assert page.count("<img") >= 2, "the teaching cells' figures are on the page"
    assert "Trainer notes" not in page
    trainer = (site / "trainer" / MODULE.slug / f"{Path(MODULE.notebook_name).stem}.html").read_text()
    assert "BEGIN SOLUTION" in trainer and "Trainer notes" in trainer and "Correct: Exercise" in trainer
    assert (site / "participant" / "search.html").is_file() and (site / "participant" / "searchindex.js").is_file()
    assert "budget_percent" not in text(page) + text(trainer), "the coded path's sites: no policy cells"


def text(page: str) -> str:
    """The page's words without its tags (code is highlighted word by word)."""
    return re.sub(r"<[^>]+>", "", page)


def test_the_policy_paths_sites_beside_the_coded_ones_with_a_switch(site):
    """Issue 24: the policy edition's sites: decisions to fill in (participants) or made (trainers), no code
    exercise; each home page names its path and links to the other path's site."""
    stem = Path(MODULE.notebook_name).stem
    page = (site / "participant-policy" / MODULE.slug / f"{stem}.html").read_text()
    assert "budget_percent = ..." in text(page) and "Your choice: replace" in page and "Your code here" not in page
    assert "BEGIN SOLUTION" not in page and page.count("<img") >= 2
    trainer = text((site / "trainer-policy" / MODULE.slug / f"{stem}.html").read_text())
    assert "budget_percent = 23" in trainer and "Trainer notes" in trainer
    for name, other in (("participant", "participant-policy"), ("participant-policy", "participant"),
                        ("trainer", "trainer-policy"), ("trainer-policy", "trainer")):
        home = (site / name / "index.html").read_text()
        target = re.search(r'url=([^"]+)"', home)  # Jupyter Book's index.html sends to the root page
        home = (site / name / target.group(1)).read_text() if target else home
        assert f'href="../{other}/index.html"' in home, name
        assert ("This site: English, policy path." if "policy" in name else "This site: English, coded path.") in home


@pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason="Debian's chromium is not installed "
                    "(apt-get install chromium); the browser test needs it")
def test_page_shows_figure_navigation_and_search_offline(site):
    from playwright.sync_api import sync_playwright

    stem = Path(MODULE.notebook_name).stem
    page_url = (site / "participant" / MODULE.slug / f"{stem}.html").as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_url)
        heading = page.locator("article h1").first
        heading.wait_for()
        assert MODULE.title in heading.inner_text()
        nav = page.locator("nav.bd-links")
        assert nav.is_visible(), "the navigation shows"
        assert nav.get_by_role("link", name=re.compile(MODULE.title[:20])).count() >= 1
        figure = page.locator("main .cell_output img").first
        figure.scroll_into_view_if_needed()
        assert figure.is_visible()
        assert figure.evaluate("img => img.complete && img.naturalWidth > 100"), "the figure is drawn"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{MODULE.slug}-figure.png"))

        page.goto((site / "participant" / "search.html").as_uri() + "?q=means+test")
        result = page.locator("#search-results li a").first
        result.wait_for(timeout=30_000)
        assert MODULE.slug in result.get_attribute("href")
        page.screenshot(path=str(ARTIFACTS / "search.png"))
        browser.close()
    assert requests and all(u.startswith(("file:", "data:", "blob:")) for u in requests), \
        [u for u in requests if not u.startswith(("file:", "data:", "blob:"))]
