"""What happened in the notebook: errors explained in plain words, and which cell last tried to store a name.

`install_handler` (run when aitrain.feedback is imported in IPython) installs two hooks: an exception handler
that shows a plain explanation (aitrain.feedback.explanations) above the full traceback (folded, never
deleted; the cell still ends with an error output, so papermill and nbgrader see the error), and pre- and
post-run callbacks that remember, for each name, whether the last cell that tried to store it stopped with an
error. Checks read that (`stopped`) to say "your cell stopped with an error" rather than "the variable does not
exist". The state is one dict mutated in place: the grader's integrity probe watches the ids of this module's
objects.
"""

import ast
import html
import linecache
import re
import traceback

from aitrain.feedback.display import as_html, ipython_shell, show
from aitrain.feedback.explanations import explain
from aitrain.feedback.stops import NotReady, NotYet
from aitrain.i18n import _

_STATE: dict = {"waiting": {}, "before": {}, "last_error": None}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def assigned_names(source: str) -> list[str]:
    """The names a cell stores with `=` (read from its code; a line-based guess when it does not parse)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        names = []
        for line in source.splitlines():
            match = re.match(r"\s*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?:[+\-*/]?=)(?!=)", line)
            if match:
                names += [n.strip() for n in match.group(1).split(",")]
        return names
    names = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, ast.AugAssign | ast.AnnAssign) else []
        for target in targets:
            names += _stored(target)
    return names


def _stored(target) -> list[str]:
    """The names an assignment's target stores or changes: `a`, `a, b`, the table of `table["col"]` or `x.attr`
    (not the names inside its brackets: `x[a[:n]] = True` changes x, not a or n)."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        return [name for element in target.elts for name in _stored(element)]
    if isinstance(target, ast.Starred | ast.Subscript | ast.Attribute):
        return _stored(target.value)
    return []


def _cell_line(shell, etype, evalue, tb) -> tuple[int | None, str]:
    """The line of the participant's cell where the error happened: (number, code)."""
    if issubclass(etype, SyntaxError):
        return evalue.lineno, (evalue.text or "").strip()
    cells = getattr(getattr(shell, "compile", None), "_filename_map", {})
    frames = [(f, n) for f, n in traceback.walk_tb(tb) if f.f_code.co_filename in cells]
    if not frames:
        return None, ""
    frame, lineno = frames[-1]
    return lineno, linecache.getline(frame.f_code.co_filename, lineno).strip()


def _explained(shell, etype, evalue, tb) -> list[str]:
    """Show the plain explanation (with the full traceback folded under it); return the short error lines."""
    lineno, code = _cell_line(shell, etype, evalue, tb)
    why = explain(evalue, tb, shell.user_ns, _waiting(shell.user_ns))
    where = _("Line {lineno} of this cell").format(lineno=lineno) if lineno else _("This cell")
    full = ANSI.sub("", shell.InteractiveTB.stb2text(shell.InteractiveTB.structured_traceback(etype, evalue, tb)))
    _STATE["last_error"] = why.what
    went_wrong, try_this = _("What went wrong:"), _("Try:")
    details, details_short = _("Technical details (the full error message, for you or your trainer)"), \
        _("Technical details (the full error message)")
    show(
        '<div style="border-left:4px solid #E69F00;padding:4px 10px">'
        f"&#9888;&#65039; <b>{html.escape(where)}</b>" + (f": <code>{html.escape(code)}</code>" if code else "")
        + f"<br><b>{html.escape(went_wrong)}</b> {as_html(why.what)}<br>&#128161; "
        f"<b>{html.escape(try_this)}</b> {as_html(why.tip)}<details><summary>{html.escape(details)}</summary>"
        f"<pre>{html.escape(full)}</pre></details></div>",
        f"\u26a0 {where}" + (f": {code}" if code else "") + f"\n{went_wrong} {why.what}\n"
        f"{try_this} {why.tip}\n--- {details_short} ---\n{full}")
    return [summary_line(etype, why.what)]


def summary_line(etype, what: str) -> str:
    """The red line under the explanation: the error's name and, in the notebook's language, what went wrong (the
    library's own message, often English and sometimes a whole traceback, stays under the technical details)."""
    lines = ANSI.sub("", what).strip().splitlines() or [""]
    return f"\x1b[31m{etype.__name__}\x1b[0m: {lines[0]}" + (" [...]" if len(lines) > 1 else "")


def _handle_error(shell, etype, evalue, tb, tb_offset=None):
    """IPython's handler for every error: feedback and waiting cells in one line, others explained.

    It always sends an error output: that is how nbgrader knows a test failed and papermill that a cell did.
    """
    try:
        if issubclass(etype, NotYet):
            stb = [f"\x1b[1;31m{evalue}\x1b[0m"]
        elif issubclass(etype, NotReady):
            stb = [f"\x1b[1;34m{evalue}\x1b[0m"]
            _STATE["last_error"] = str(evalue)
        else:
            stb = _explained(shell, etype, evalue, tb)
    except Exception:  # never lose the error: fall back to IPython's own traceback
        stb = shell.InteractiveTB.structured_traceback(etype, evalue, tb)
    shell._showtraceback(etype, evalue, stb)
    return []


def _before_cell(info) -> None:
    """Note what the names this cell stores hold now, to tell afterwards which ones it did store."""
    try:
        namespace = ipython_shell().user_ns
        _STATE["before"].clear()
        _STATE["before"].update({n: id(namespace.get(n, _STATE)) for n in assigned_names(info.raw_cell or "")})
        _STATE["last_error"] = None
    except Exception:  # pragma: no cover - a hook must never break the notebook
        pass


def _after_cell(result) -> None:
    """Remember, for each name a cell should have stored, whether the cell stopped with an error before."""
    try:
        error = result.error_in_exec or result.error_before_exec
        if isinstance(error, NotYet):
            return
        namespace = ipython_shell().user_ns
        reason = _STATE["last_error"] or (type(error).__name__ if error is not None else "")
        waiting = _STATE["waiting"]
        for name, before in _STATE["before"].items():
            if error is not None and id(namespace.get(name, _STATE)) == before:
                waiting[name] = (reason, before)
            else:
                waiting.pop(name, None)
    except Exception:  # pragma: no cover - a hook must never break the notebook
        pass


def stopped(name: str, namespace: dict) -> str:
    """Why the last cell that should have stored `name` stopped before it ("" if it did not, or if `name` has
    been stored since)."""
    reason, before = _STATE["waiting"].get(name, ("", None))
    return reason if id(namespace.get(name, _STATE)) == before else ""


def _waiting(namespace: dict) -> dict:
    return {name: reason for name in _STATE["waiting"] if (reason := stopped(name, namespace))}


def install_handler() -> None:
    """Install the error explainer and the cell history in the running IPython kernel (once)."""
    shell = ipython_shell()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return
    shell.set_custom_exc((Exception,), _handle_error)
    for event, hook in (("pre_run_cell", _before_cell), ("post_run_cell", _after_cell)):
        if not any(getattr(c, "__qualname__", "") == hook.__name__ and getattr(c, "__module__", "") == __name__
                   for c in shell.events.callbacks.get(event, [])):
            shell.events.register(event, hook)
