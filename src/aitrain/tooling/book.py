"""`aitrain book`: the course as an offline static web site, built with Jupyter Book 1 (Sphinx).

Two sites, one per audience. The participants' site is made from modules/: the notebooks are executed, so the
teaching cells show their outputs and figures, while the exercise cells stay blank and their checks show nothing
(as do the few teaching cells that need an exercise's answer). The trainers' site is made from solutions/: the
answers, hidden tests and trainer notes, all executed. Each edition (aitrain.base.edition) built has its own
pair of sites beside the others: OUTPUT/participant/ and OUTPUT/trainer/ for the English coded edition,
OUTPUT/participant-policy/ for the policy path, OUTPUT/participant-ru/, OUTPUT/participant-ru-policy/...; the
home page of each names its edition and links to the others built with it (the path and language switch).

Executed notebooks are cached in OUTPUT/.build/cache, keyed by the notebook and the package's code and data, so a
rebuild executes only what changed. Nothing on the pages loads from the internet: no CDN scripts, fonts or
launch buttons; the search box is Sphinx's own.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from aitrain import paths
from aitrain.base import catalogue, path_cells
from aitrain.base.edition import POLICY, SOURCE, Edition
from aitrain.errors import AitrainError
from aitrain.tooling import welcome_notebook as welcome

AUDIENCES = ("participant", "trainer")
TITLES = {"participant": "AI for public services, hands on", "trainer": "AI for public services, for trainers"}
INLINE = "module://matplotlib_inline.backend_inline"
NOT_IN_NOTEBOOKS = {"tooling", "grading", "course"}  # code no notebook runs; data/course: the shipped notebooks


@dataclass(frozen=True)
class Site:
    audience: str
    folder: Path  # the folder with index.html
    pages: int
    edition: Edition = SOURCE


def _fingerprint() -> str:
    """Everything besides the notebook that can change its outputs: the package's code and the data sets."""
    digest = hashlib.sha256()
    for folder in (paths.PACKAGE_DIR, paths.datasets_dir()):
        for file in sorted(folder.rglob("*")):
            parts = file.relative_to(folder).parts
            if file.is_file() and "__pycache__" not in parts and not NOT_IN_NOTEBOOKS.intersection(parts):
                digest.update(str(file.relative_to(folder)).encode() + file.read_bytes())
    return digest.hexdigest()


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def blank_exercises(nb) -> None:
    """The participants' site: no output under an exercise, its check, or a cell that failed because an
    exercise above it is unanswered."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        meta = _nbgrader(cell)
        failed = any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        if meta.get("solution") or meta.get("grade") or failed:
            cell.outputs, cell.execution_count = [], None


def execute(source: Path, cache: Path, fingerprint: str, allow_errors: bool):
    """The notebook executed in a scratch folder (from the cache when nothing changed)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    key = hashlib.sha256(source.read_bytes() + fingerprint.encode() + str(allow_errors).encode()).hexdigest()[:20]
    cached = cache / f"{source.stem}-{key}.ipynb"
    if cached.is_file():
        return nbformat.read(cached, as_version=4)
    nb = nbformat.read(source, as_version=4)
    backend = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = INLINE  # figures as PNG outputs, whatever the caller's backend
    try:
        with tempfile.TemporaryDirectory(prefix="aitrain-book-") as scratch:
            NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=allow_errors,
                           resources={"metadata": {"path": scratch}}).execute(stderr=subprocess.DEVNULL)
    except CellExecutionError as exc:
        raise AitrainError(f"{source.name} failed while building the site: {str(exc).strip().splitlines()[-1]}",
                           f"Run it with 'aitrain run {source.stem[:2]}' to see the error.") from exc
    finally:
        if backend is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = backend
    cache.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, cached)
    return nb


def extensions() -> list[str]:
    """Jupyter Book's Sphinx extensions without sphinx_thebe (live code from a CDN), with MathJax from the
    sphinx-mathjax-offline package (copied into _static/) instead of Sphinx's CDN default."""
    from jupyter_book.config import get_default_sphinx_config

    return [e for e in get_default_sphinx_config()["extensions"] if e != "sphinx_thebe"] + ["sphinx-mathjax-offline"]


def config(audience: str, edition: Edition = SOURCE) -> dict:
    """Jupyter Book's _config.yml: notebooks already executed, nothing fetched from the internet."""
    return {
        "title": TITLES[audience] + ("" if edition == SOURCE else f" ({edition.label})"),
        "author": "the aitrain authors",
        "copyright": "",
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"},
        "launch_buttons": {"notebook_interface": "classic", "binderhub_url": "", "jupyterhub_url": "",
                           "thebe": False, "colab_url": "", "deepnote_url": ""},
        "repository": {"url": ""},
        "html": {"use_repository_button": False, "use_issues_button": False, "use_edit_page_button": False,
                 "use_multitoc_numbering": False, "extra_footer": "", "home_page_in_navbar": True},
        "sphinx": {"config": {"extensions": extensions(), "mathjax_path": "mathjax/tex-chtml.js",
                              "language": edition.language,
                              "nb_ipywidgets_js": {}, "html_show_copyright": False, "html_show_sphinx": False,
                              "html_theme_options": {"use_download_button": False, "use_fullscreen_button": True}}},
    }


def site_name(audience: str, edition: Edition = SOURCE) -> str:
    """The site's folder under OUTPUT: "participant", "participant-policy", "trainer-ru-policy", ..."""
    return "-".join([audience, *edition.folder.split("/")]) if edition.folder else audience


def switch(audience: str, edition: Edition, editions: list[Edition]) -> str:
    """The home page's line naming this site's edition and linking to the other editions built with it."""
    def named(e: Edition) -> str:
        return e.label if e.policy else f"{e.label}, coded path"

    others = [f'<a href="../{site_name(audience, e)}/index.html">{named(e)}</a>' for e in editions if e != edition]
    line = f"**This site: {named(edition)}.**"
    return line + (" Also: " + " · ".join(others) + "." if others else "")


def _intro(modules: list[catalogue.Module], edition: Edition = SOURCE, editions: list[Edition] | None = None) -> str:
    lines = ["# " + TITLES["trainer"], "", switch("trainer", edition, editions or [edition]), "",
             "The instructor notebooks, executed: answers, hidden tests and trainer notes. "
             "Participants have their own site, without them.", ""]
    lines += [f"- [{m.id} · {m.title}]({m.slug}/{m.notebook_name})" for m in modules]
    return "\n".join(lines) + "\n"


def stage(audience: str, modules: list[catalogue.Module], source: Path, cache: Path, edition: Edition = SOURCE,
          editions: list[Edition] | None = None) -> int:
    """Write the audience's book source of the edition (executed notebooks, _toc.yml, _config.yml) into
    `source`."""
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    fingerprint = _fingerprint()
    chapters = []
    for m in modules:
        notebook = edition.release(m) if audience == "participant" else edition.solution(m)
        nb = execute(notebook, cache / audience, fingerprint, allow_errors=audience == "participant")
        if audience == "participant":
            blank_exercises(nb)
        elif edition == SOURCE:  # the source also holds the policy path's cells, which have their own site
            nb = path_cells.for_path(nb, edition)
        (source / m.slug).mkdir()
        nbformat.write(nb, source / m.slug / m.notebook_name)
        chapters.append({"file": f"{m.slug}/{Path(m.notebook_name).stem}"})
    if audience == "participant":
        nb = execute(edition.modules_dir / welcome.NAME, cache / audience, fingerprint, allow_errors=True)
        blank_exercises(nb)
        at = 1 if nb.cells and nb.cells[0].source.startswith("# ") else 0  # after the title
        nb.cells.insert(at, nbformat.v4.new_markdown_cell(switch(audience, edition, editions or [edition])))
        nbformat.write(nb, source / welcome.NAME)
        root = Path(welcome.NAME).stem
    else:
        (source / "intro.md").write_text(_intro(modules, edition, editions), encoding="utf-8")
        root = "intro"
    toc = {"format": "jb-book", "root": root, "chapters": chapters}
    (source / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    (source / "_config.yml").write_text(yaml.safe_dump(config(audience, edition), sort_keys=False),
                                        encoding="utf-8")
    return len(chapters) + 1


def jupyter_book() -> list[str]:
    try:
        import jupyter_book
    except ImportError as exc:
        raise AitrainError("Building the site needs Jupyter Book 1.", 'Install it: pip install "jupyter-book<2"',
                           ) from exc
    if not jupyter_book.__version__.startswith("1."):
        raise AitrainError(f"Jupyter Book {jupyter_book.__version__} is installed; the site needs version 1 "
                           "(version 2 fetches its theme from the internet).", 'Run: pip install "jupyter-book<2"')
    return [sys.executable, "-c", "from jupyter_book.cli.main import main; main()"]


def editions_of(modules: list[catalogue.Module], languages: list[str] | None = None,
                pathways: list[str] | None = None) -> list[Edition]:
    """The editions to build: each language given (English when none) on each path given (when none, the coded
    path and the policy path if one of the modules has it)."""
    chosen = pathways or ["coded"] + ([POLICY] if any(m.has_path(POLICY) for m in modules) else [])
    editions = [Edition(language=lang, path=path) for lang in languages or ["en"] for path in chosen]
    for edition in editions:
        if not any(m.has_path(edition.path) for m in modules):
            raise AitrainError(f"None of the modules asked for has a {edition.path} path.",
                               "Leave --path out, or name a module that has one (aitrain modules).")
    return editions


def build(output: Path, modules: list[catalogue.Module], audiences: list[str] | None = None,
          editions: list[Edition] | None = None) -> list[Site]:
    """Build the site of each audience (both when none) in each edition (the English coded one when none) into
    output/<audience>[-<edition>]/ (index.html); on a path, the modules that have it."""
    unknown = [a for a in audiences or [] if a not in AUDIENCES]
    if unknown:
        raise AitrainError(f"Unknown site(s) {', '.join(unknown)}.", f"Choose from {', '.join(AUDIENCES)}.")
    command = jupyter_book()
    output = output.expanduser().resolve()
    work = output / ".build"
    built = []
    editions = editions or [SOURCE]
    for edition, audience in ((e, a) for e in editions for a in audiences or AUDIENCES):
        name = site_name(audience, edition)
        source = work / name
        pages = stage(audience, [m for m in modules if m.has_path(edition.path)], source, work / "cache", edition,
                      editions)
        done = subprocess.run([*command, "build", str(source), "--builder", "html", "--quiet"],
                              capture_output=True, text=True, check=False)
        html = source / "_build" / "html"
        if done.returncode != 0 or not (html / "index.html").is_file():
            tail = "\n".join((done.stderr + done.stdout).strip().splitlines()[-15:])
            raise AitrainError(f"Jupyter Book could not build the {audience}s' site ({edition.label}):\n{tail}",
                               f"Its source is in {source}.")
        site = output / name
        if site.exists():
            shutil.rmtree(site)
        shutil.copytree(html, site)
        built.append(Site(audience, site, pages, edition))
    return built
