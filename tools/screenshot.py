"""Screenshot what a participant sees of one cell of a module, in JupyterLab as `aitrain lab --lang LANG` starts it.

The participant's notebook (modules/[ru/]NN-slug/) gets the solution's answers, as a participant who solved every
exercise would have it; JupyterLab runs it in a real kernel in Debian's chromium (Playwright, never a downloaded
browser), and the cell whose source contains the given text is shot with its output. Usage:

    python tools/screenshot.py --lang ru [--path policy] 04 "axes = plt.subplots(1, 3" docs/images/ru-04-maps.png

Used for the Russian edition's pictures in docs/translating.md (issue 28). Needs chromium and the language pack;
runs offline.
"""

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

from aitrain.base import catalogue
from aitrain.base.edition import Edition
from aitrain.tooling import headless_lab, lab

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
IDLE = {"en": "Idle", "ru": "Простаивает"}
RUN_ALL = {"en": ("Run", "Run All Cells"), "ru": ("Выполнить", "Запустить все ячейки")}


def shoot(module_number: str, find: str, out: Path, edition: Edition, width: int) -> None:
    from playwright.sync_api import sync_playwright

    module = catalogue.find_modules([module_number])[0]
    release, solution = edition.release(module), edition.solution(module)
    nb = headless_lab.solved(nbformat.read(release, as_version=4), nbformat.read(solution, as_version=4))
    index = next((i for i, c in enumerate(nb.cells) if find in c.source), None)
    if index is None:
        sys.exit(f"no cell of {release} contains {find!r}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        root = work / "course"
        (root / module.slug).mkdir(parents=True)
        nbformat.write(nb, root / module.slug / module.notebook_name)
        with headless_lab.serve(root, work, edition) as (base, token), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": width, "height": 1000})
            page.set_default_timeout(120_000)
            page.goto(f"{base}/lab/tree/{module.slug}/{module.notebook_name}?token={token}&reset")
            page.get_by_text(re.compile(rf"Python 3 \(ipykernel\) \| {IDLE[edition.language]}")).wait_for()
            menu, item = RUN_ALL[edition.language]
            page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
            page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{item}$")).click()
            cell = page.locator(".jp-Notebook .jp-Cell").nth(index)
            cell.locator(".jp-OutputArea-output").first.wait_for()
            for _ in range(3):  # cells above change height as they are drawn
                cell.evaluate("e => e.scrollIntoView({block: 'center'})")
                page.wait_for_timeout(1500)
            out.parent.mkdir(parents=True, exist_ok=True)
            cell.screenshot(path=str(out))
            browser.close()
    print(f"{out}: cell {index} of {module.slug} ({edition.language}), as a participant sees it")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", default="en")
    parser.add_argument("--path", default="coded", help="coded or policy")
    parser.add_argument("--width", type=int, default=1300)
    parser.add_argument("module")
    parser.add_argument("find", help="text in the source of the cell to shoot")
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    edition = lab.check_language_pack(Edition(language=args.lang, path=args.path))
    shoot(args.module, args.find, args.out, edition, args.width)


if __name__ == "__main__":
    main()
