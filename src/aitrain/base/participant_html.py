"""Participants' HTML made inert before a trainer's page shows it (issue 30, F2).

A participant writes the Markdown of their reflections, and their code makes outputs that may be HTML, SVG or
JavaScript. The formgrader shows both to the trainer, logged in on the hub's origin, where a script could act as
the trainer. Two layers keep anything a participant wrote from running there:

- autograde writes its notebook through `MakeInert` (the last step of nbgrader_stages.SCORE): the tags in
  Markdown the course did not write are escaped (shown as typed, never read as HTML), HTML outputs are cleaned
  (`clean_html`), and SVG, JavaScript and every other kind of output are removed;
- nbgrader's HTML exporter (the formgrader's pages, `nbgrader generate_feedback`) renders Markdown with
  `markdown2html` and cleans HTML with `clean_html` below (nbgrader_stages.configure sets both, and nbconvert's
  `sanitize_html`): nbgrader's `formgrade` template renders Markdown cells with `markdown2html` and no cleaning of
  its own, so this also covers a notebook that never went through aitrain's autograde.

`clean_html` is an allow-list (nh3, the Rust sanitizer ammonia): text formatting, lists, tables and images
given as data; no script, style, form, frame or event attribute, no link but http, https and mailto, nothing
relative (a link to another participant's server is no link).
"""

import re

import nh3
from jinja2 import pass_context
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbconvert.preprocessors import Preprocessor
from traitlets import List, Unicode

TAG_START = re.compile(r"(?<!\\)((?:\\\\)*)<(?=[A-Za-z/!?])")  # a '<' not escaped that opens a tag or comment
DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*$", re.I)
BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]*$")
IMAGES = {"image/png", "image/jpeg", "image/gif"}
KEPT = {"text/plain", "text/latex"} | IMAGES  # output kinds shown as they are (nbconvert escapes them)
REMOVED = "[{kinds} output not shown: only text, tables and images from participants' code are shown]"


def _url(tag: str, attribute: str, value: str) -> str | None:
    """An image only from data it holds (no request from the trainer's browser); a data URL nowhere else."""
    if tag == "img" and attribute == "src":
        return value if DATA_IMAGE.match(value.strip()) else None
    if attribute in {"href", "src", "cite"} and value.strip().lower().startswith("data:"):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(nh3.ALLOWED_TAGS) - {"area", "map"},
    clean_content_tags={"script", "style"},
    attributes={**{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}, "*": {"class", "title"}},
    attribute_filter=_url,
    url_schemes={"http", "https", "mailto", "data"},
    url_relative="deny",
)


def clean_html(html: str | bytes) -> str:
    """HTML with nothing that runs or loads: only the allow-list above (also nbconvert's `clean_html` filter)."""
    return _CLEANER.clean(html.decode() if isinstance(html, bytes) else str(html))


def escape_tags(markdown: str) -> str:
    """Markdown whose HTML shows as typed: a backslash before each '<' that would open a tag, a comment or a
    declaration (a '<' already escaped is left as it is)."""
    return TAG_START.sub(lambda m: m.group(1) + "\\<", markdown)


@pass_context
def markdown2html(context, source: str) -> str:
    """nbconvert's Markdown filter (the cell's attachments, no harmful link schemes), its HTML cleaned."""
    cell = context.get("cell", {})
    renderer = IPythonRenderer(escape=False, allow_harmful_protocols=False, exclude_anchor_links=True,
                               attachments=cell.get("attachments", {}))
    return clean_html(MarkdownWithMath(renderer=renderer).render(source))


def inert_data(data: dict) -> dict:
    """An output's representations with nothing that runs: HTML cleaned, Markdown's tags escaped, images only as
    valid base64, every other kind (SVG, JavaScript, widgets...) removed and named in a line of text."""
    kept, removed = {}, []
    for kind, value in data.items():
        text = "".join(value) if isinstance(value, list) else value
        if kind in IMAGES and not (isinstance(text, str) and BASE64.match(text)):
            removed.append(kind)
        elif kind in KEPT:
            kept[kind] = value
        elif kind == "text/html" and isinstance(text, str):
            kept[kind] = clean_html(text)
        elif kind == "text/markdown" and isinstance(text, str):
            kept[kind] = escape_tags(text)
        else:
            removed.append(kind)
    if removed:
        note = REMOVED.format(kinds=", ".join(removed))
        kept["text/plain"] = f"{kept['text/plain']}\n{note}" if isinstance(kept.get("text/plain"), str) else note
    return kept


class MakeInert(Preprocessor):
    """Nothing a participant wrote runs where the trainer reads the autograded notebook: Markdown and raw cells
    the course did not write are shown as typed (attachments dropped), and every output is made inert."""

    course_sources = List(Unicode()).tag(config=True)  # the released notebook's cells, left as the course wrote them

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type in ("markdown", "raw") and cell.source not in self.course_sources:
            cell.source = escape_tags(cell.source) if cell.cell_type == "markdown" else cell.source
            cell.pop("attachments", None)
            for key in ("format", "raw_mimetype"):  # a raw cell is never rendered as HTML
                cell.metadata.pop(key, None)
        for output in cell.get("outputs", []):
            if "data" in output:
                output["data"] = inert_data(output["data"])
        return cell, resources
