"""PDF copies of the HTML pages aitrain writes (certificates, capstone plans, the funder's report), printed by
headless Chromium through playwright, offline: the page is opened from its file and every request that would leave
the machine is refused. The names are drawn with the fonts the page's CSS names (the Noto fonts for Georgian,
Armenian and Khmer: aitrain.base.fonts), which Chromium finds through the system's font configuration and embeds.
"""

import shutil
from pathlib import Path

from aitrain.errors import AitrainError

INSTALL = ("Install a Chromium: sudo apt-get install chromium (Debian, Ubuntu), or once for playwright: "
           "python -m playwright install chromium.")
SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _launch(p):
    """The system's Chromium (as .ci/run installs it) or else playwright's own."""
    system = next((found for name in SYSTEM_BROWSERS if (found := shutil.which(name))), None)
    return p.chromium.launch(executable_path=system, args=ARGS) if system else p.chromium.launch(args=ARGS)


def print_pdfs(pages: list[Path]) -> list[Path]:
    """Print each HTML file to a PDF beside it (A4, backgrounds kept); return the PDFs."""
    if not pages:
        return []
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:
        raise AitrainError("PDFs need the playwright package, which is not installed.", "pip install playwright; "
                           + INSTALL) from exc
    written = []
    with sync_playwright() as p:
        try:
            browser = _launch(p)
        except Error as exc:
            raise AitrainError(f"Chromium could not start for the PDFs: {str(exc).splitlines()[0]}", INSTALL) from exc
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                       else route.abort())
            for html in pages:
                page.goto(Path(html).resolve().as_uri())
                page.evaluate("document.fonts.ready")
                pdf = Path(html).with_suffix(".pdf")
                page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True,
                         margin={"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"})
                written.append(pdf)
        finally:
            browser.close()
    return written
