"""The one page shell of every HTML page aitrain writes (run report, syllabus, trainer guide, feedback, cohort
report): Jinja2 templates in course/templates/, extending base.html.j2 with the one stylesheet, page.css.

Autoescaping is on: every value is escaped unless a caller marks it as HTML it made (`Markup`). A template's
words go through `_("...")` (aitrain.i18n, the current language; `aitrain translate` extracts them into
locale/<language>/templates_<name>.po).
"""

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from aitrain.i18n import gettext

__all__ = ["Markup", "render"]


@cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("aitrain.base", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["g"] = lambda number: f"{number:g}"  # 9.0 -> "9", 2.5 -> "2.5"
    env.globals["_"] = gettext
    env.filters["translated"] = gettext  # a list's words: items | map("translated")
    return env


def render(template: str, **context) -> str:
    """The page `template` (a file in course/templates/) filled with `context`."""
    return _environment().get_template(template).render(**context)
