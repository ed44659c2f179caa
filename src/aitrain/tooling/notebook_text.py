"""The texts a participant reads in a notebook, found and replaced cell by cell for translation.

A text is a Segment: a whole Markdown cell; a comment in a code cell; a string in a code cell that is shown
(printed, a plot's title, axis, tick or category label, legend label; the index, keys and names of a table built
for reading, a `.rename(...)`, the values of a `{True: ..., False: ...}` mapping); or a field of the module's
metadata (title, story, objectives, prerequisites, key points). Each is keyed by its cell's id (the gettext
context), so that editing or moving one cell leaves the others' translations alone. Code stays Python: names of
variables and columns, and strings that are data, are not texts: a table's key or label that the notebook's
code also uses elsewhere as a string (a column it reads), or that the module's checks or the course's code name,
stays as it is.

Not extracted, because participants never see them: the trainer's cells (tag 'instructor'), the solution and
hidden-test regions of code cells, and the model answers of written reflections.
"""

import ast
import functools
import io
import re
import string
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat

from aitrain import paths
from aitrain.base.nbgrader_stages import INSTRUCTOR_TAG

SHOWN_CALLS = {  # function or method name -> positions of its shown string arguments ("*": all positional)
    "print": "*", "set_title": (0,), "set_xlabel": (0,), "set_ylabel": (0,), "suptitle": (0,), "text": (2,),
    "Markdown": (0,), "show_grid": (2,), "plot_importance": (2, 3), "deployment_checklist": (0,),
}
LABEL_CALLS = {  # tick and category labels, and names of tables built for reading: (call -> positions), checked
    "set_xticklabels": (0,), "set_yticklabels": (0,), "xticks": (1,), "yticks": (1,), "set_xticks": (1,),
    "set_yticks": (1,), "bar": (0,), "barh": (0,), "to_frame": (0,), "annotate": (0,),
}
SHOWN_KEYWORDS = {"label", "title", "xlabel", "ylabel", "name", "purpose", "data", "owner", "performance",
                  "limitations", "not_for"}
KEYWORDS_ONLY_IN = {key: {"model_card"} for key in ("name", "purpose", "data", "owner", "performance", "limitations",
                                                    "not_for")}
LABEL_KEYWORDS = {  # keyword -> the calls in which it names what is shown (checked, as LABEL_CALLS)
    "labels": {"set_xticks", "set_yticks", "xticks", "yticks", "pie"}, "tick_label": {"bar", "barh"},
    "display_labels": {"from_predictions", "from_estimator", "ConfusionMatrixDisplay"},
    "index": {"DataFrame", "Series"}, "columns": {"DataFrame"}, "name": {"Series", "to_frame"},
    "keys": {"concat"},
}
TABLES = {"DataFrame", "Series"}  # their first argument's dict keys are the shown columns or index
INDEX_BUILDERS = {"from_tuples", "from_product", "from_arrays", "Index", "MultiIndex"}
METADATA_TEXTS = ("title", "story")
METADATA_LISTS = ("objectives", "prerequisites", "key_points")
REGION = re.compile(r"^\s*### (BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$")
NOT_TEXT = re.compile(r"^\s*(noqa|type:|fmt:|%%)")
LETTER = re.compile(r"[^\W\d_]")
PACKAGE = paths.PACKAGE_DIR


@dataclass(frozen=True)
class Segment:
    context: str  # the cell id, or "metadata:<field>"
    text: str  # the English text: a cell's Markdown, a comment without '#', a string literal with its quotes
    kind: str  # "markdown", "comment", "string" or "metadata"
    start: int = 0  # character offsets in the cell's source (code cells only)
    end: int = 0


def is_instructor(cell) -> bool:
    return INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", [])


def is_model_answer(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "markdown" and bool(meta.get("solution"))


def _parseable(source: str) -> str:
    """The source with IPython's magics and shell lines blanked (same length), so ast and tokenize read it."""
    return "\n".join(" " * len(line) if line.lstrip().startswith(("%", "!")) else line
                     for line in source.split("\n"))


def _offsets(source: str) -> list[int]:
    starts, total = [0], 0
    for line in source.split("\n"):
        total += len(line) + 1
        starts.append(total)
    return starts


def _hidden_lines(source: str) -> set[int]:
    """1-based numbers of the lines inside solution and hidden-test regions (markers included)."""
    hidden, inside = set(), False
    for number, line in enumerate(source.split("\n"), start=1):
        match = REGION.match(line)
        if match:
            inside = match.group(1) == "BEGIN"
            hidden.add(number)
        elif inside:
            hidden.add(number)
    return hidden


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _shown_strings(tree: ast.AST):
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        positions = SHOWN_CALLS.get(name, ())
        args = [a for i, a in enumerate(node.args) if positions == "*" or i in positions]
        args += [k.value for k in node.keywords
                 if k.arg in SHOWN_KEYWORDS and name in KEYWORDS_ONLY_IN.get(k.arg, {name})]
        for arg in args:
            yield from _strings_in(arg)


def _label_strings(tree: ast.AST, kind: str = "all"):
    """The string literals shown as labels, table keys or names. kind "drawn": those only a figure shows (tick,
    category and confusion-matrix labels, annotations); "renamed": the new names of a `.rename(...)` and the words
    of a `{True: ..., False: ...}` mapping; "table": a table's keys, index, columns and name, which the code may
    read again (see `data_strings`); "all": every one."""
    for node in ast.walk(tree):
        if kind in ("all", "renamed") and isinstance(node, ast.Dict) and node.keys and all(
                isinstance(k, ast.Constant) and isinstance(k.value, bool) for k in node.keys):
            for value in node.values:  # {True: "yes", False: "no"}
                yield from _strings_in(value)
        if not isinstance(node, ast.Call):
            continue
        name, args = _call_name(node), []
        if kind in ("all", "drawn", "table"):
            table = name in TABLES or name == "to_frame"
            if table == (kind == "table") or kind == "all":
                positions = LABEL_CALLS.get(name, ())
                args += [a for i, a in enumerate(node.args) if i in positions]
                args += [k.value for k in node.keywords if name in LABEL_KEYWORDS.get(k.arg, ())]
        if kind in ("all", "table") and name in TABLES and node.args:
            first = node.args[0]
            if isinstance(first, ast.Dict):  # {column or index label: values}: the labels, and values written out
                args += [k for k in first.keys if k is not None]
                args += [v for v in first.values if isinstance(v, ast.List | ast.Tuple)]
            elif isinstance(first, ast.List | ast.Tuple):  # rows written out
                args += list(first.elts)
        if kind in ("all", "renamed") and name == "rename":
            mappings = node.args[:1] + [k.value for k in node.keywords if k.arg in ("index", "columns")]
            args += [a for a in mappings if not isinstance(a, ast.Dict)]
            args += [v for a in mappings if isinstance(a, ast.Dict) for v in a.values]
        for arg in args:
            yield from _strings_in(arg)


def _shown_arguments(call: ast.Call) -> list[ast.AST]:
    """The arguments of a call that are shown: a print's, a title's, a label's, a tick label's."""
    name = _call_name(call)
    positions, labels = SHOWN_CALLS.get(name, ()), LABEL_CALLS.get(name, ())
    found = [a for i, a in enumerate(call.args) if positions == "*" or i in positions or i in labels]
    return found + [k.value for k in call.keywords
                    if (k.arg in SHOWN_KEYWORDS and name in KEYWORDS_ONLY_IN.get(k.arg, {name}))
                    or name in LABEL_KEYWORDS.get(k.arg, ())]


def _mappings(tree: ast.AST):
    """The new names of each `.rename({...})` and `{True: ..., False: ...}` mapping, a list per mapping: one the
    code reads again (`rates["minority language"]`) stays whole, in one language."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict) and node.keys and all(
                isinstance(k, ast.Constant) and isinstance(k.value, bool) for k in node.keys):
            yield [s for v in node.values for s in _strings_in(v)]
        elif isinstance(node, ast.Call) and _call_name(node) == "rename":
            for mapping in node.args[:1] + [k.value for k in node.keywords if k.arg in ("index", "columns")]:
                yield list(_strings_in(mapping)) if not isinstance(mapping, ast.Dict) else \
                    [s for v in mapping.values for s in _strings_in(v)]


def _names_shown(node: ast.AST):
    """The names whose value a shown argument shows as it is: `name`, `f"{name}: ..."`, `"a " + name`."""
    if isinstance(node, ast.Name):
        yield node
    elif isinstance(node, ast.JoinedStr):
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                yield from _names_shown(value.value)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        yield from _names_shown(node.left)
        yield from _names_shown(node.right)
    elif isinstance(node, ast.List | ast.Tuple):
        for item in node.elts:
            yield from _names_shown(item)


def _loop_labels(tree: ast.AST):
    """The labels a loop takes from a list written out, `for rows, label in [(a, "first wave"), ...]` (also
    through `enumerate(...)`, `zip(...)` or a name the cell binds to such a list once), when the loop only shows
    that name (`label=label`, `ax.set_title(f"{label}")`), never computes with it."""
    lists = _bound_lists(tree)
    for loop in ast.walk(tree):
        if not isinstance(loop, ast.For):
            continue
        body = ast.Module(body=loop.body, type_ignores=[])
        shown = {id(n) for call in ast.walk(body) if isinstance(call, ast.Call)
                 for argument in _shown_arguments(call) for n in _names_shown(argument)}
        for target, values in _loop_values(loop.target, loop.iter, lists):
            uses = [n for n in ast.walk(body) if isinstance(n, ast.Name) and n.id == target.id]
            if uses and all(id(n) in shown for n in uses):
                for value in values:
                    yield from _strings_in(value)


def _bound_lists(tree: ast.AST) -> dict[str, ast.AST]:
    """The names a cell binds once, to a list or tuple written out (`panels = [("direct", "Direct"), ...]`), and
    reads once (in the loop)."""
    bound: dict[str, list[ast.AST]] = {}
    reads: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for name in (n for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)):
                bound.setdefault(name.id, []).append(node.value)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            reads[node.id] = reads.get(node.id, 0) + 1
    return {name: values[0] for name, values in bound.items()
            if len(values) == 1 and isinstance(values[0], ast.List | ast.Tuple) and reads.get(name) == 1}


def _loop_values(target: ast.AST, iterable: ast.AST, lists: dict[str, ast.AST]):
    """(name, the values it takes) for each name of a loop's target that takes its values from a list written
    out: `for a, b in [(1, "x"), ...]`, `for i, (a, b) in enumerate([...])`, `for ax, title in zip(axes, [...])`."""
    if isinstance(iterable, ast.Name) and iterable.id in lists:
        iterable = lists[iterable.id]
    if isinstance(iterable, ast.Call) and _call_name(iterable) == "enumerate" and len(iterable.args) == 1 \
            and isinstance(target, ast.Tuple) and len(target.elts) == 2:
        yield from _loop_values(target.elts[1], iterable.args[0], lists)
    elif isinstance(iterable, ast.Call) and _call_name(iterable) == "zip" and isinstance(target, ast.Tuple) \
            and len(target.elts) == len(iterable.args):
        for part, argument in zip(target.elts, iterable.args, strict=True):
            yield from _loop_values(part, argument, lists)
    elif isinstance(iterable, ast.List | ast.Tuple):
        if isinstance(target, ast.Name):
            yield target, iterable.elts
        elif isinstance(target, ast.Tuple):
            rows = [r for r in iterable.elts if isinstance(r, ast.Tuple | ast.List) and len(r.elts) == len(target.elts)]
            for position, part in enumerate(target.elts):
                yield from _loop_values(part, ast.List(elts=[r.elts[position] for r in rows]), lists)


def _strings_in(node: ast.AST):
    """The string literals of a shown argument: itself, the items of a list or tuple of them, the parts of a
    `+` of them, the labels given to an index builder (pd.MultiIndex.from_tuples([...])), the item of a list
    comprehension, the keys of a dict."""
    if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        yield node
    elif isinstance(node, ast.List | ast.Tuple):
        for item in node.elts:
            yield from _strings_in(item)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        yield from _strings_in(node.left)
        yield from _strings_in(node.right)
    elif isinstance(node, ast.Call) and _call_name(node) in INDEX_BUILDERS and node.args:
        yield from _strings_in(node.args[0])
    elif isinstance(node, ast.ListComp):  # [f"{name} found (%)" for name in names]
        yield from _strings_in(node.elt)
    elif isinstance(node, ast.Dict):  # {label: value}, a model card's performance: its labels
        for key in node.keys:
            if key is not None:
                yield from _strings_in(key)


def _constants(tree: ast.AST, leave_out: set[int] = frozenset()) -> set[str]:
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in leave_out}


def _parse(source: str) -> ast.AST | None:
    try:
        return ast.parse(_parseable(source))
    except SyntaxError:
        return None


@dataclass(frozen=True)
class Data:
    """The strings that are data to a notebook: `code`, every string literal of its code outside the places a
    text is shown (a column it reads, a value it compares); `course`, those of the course modules it imports (its
    checks)."""
    code: frozenset[str] = frozenset()
    course: frozenset[str] = frozenset()
    choices: frozenset[str] = frozenset()  # the checks' lists of answers (MODELS = (...)), which a participant types

    def keeps(self, node: ast.AST, kind: str) -> bool:
        """Whether a label literal of the kind ("drawn", "renamed" or "table") must stay as it is: an answer the
        participant types as a figure shows it, a string the course's code names, a table key the code reads."""
        if not isinstance(node, ast.Constant):
            return False
        if kind == "drawn":  # "robust\nmodel" on a tick is the choice "robust model"
            return " ".join(str(node.value).split()) in self.choices
        return node.value in self.course or (kind == "table" and node.value in self.code)


def data_strings(nb) -> Data:
    code: set[str] = set()
    course: set[str] = set()
    choices: set[str] = set()
    for cell in nb.cells:
        tree = _parse(cell.source) if cell.cell_type == "code" else None
        if tree is None:
            continue
        shown = {id(n) for n in _shown_strings(tree)} | {id(n) for n in _label_strings(tree)} | \
            {id(n) for n in _loop_labels(tree)}
        code |= _constants(tree, shown)
        files = tuple(sorted(_course_imports(tree)))
        course |= _course_constants(files)
        choices |= _choices(tuple(f for f in files if Path(f).parent.name == "exercises"))
    return Data(frozenset(code), frozenset(course), frozenset(choices))


def _course_imports(tree: ast.AST) -> set[str]:
    """The files of the course modules (aitrain.*) a cell imports."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("aitrain"):
            names |= {f"{node.module}.{a.name}" for a in node.names} | {node.module}
        elif isinstance(node, ast.Import):
            names |= {a.name for a in node.names if a.name.startswith("aitrain")}
    files = set()
    for name in names - {"aitrain"}:
        relative = Path(*name.split(".")[1:])
        for candidate in (PACKAGE / relative.with_suffix(".py"), PACKAGE / relative / "__init__.py"):
            if candidate.is_file():
                files.add(str(candidate))
    return files


@functools.cache
def _choices(files: tuple[str, ...]) -> frozenset[str]:
    """The strings of the lists, tuples and sets the exercise files define at their top (their answers' choices)."""
    found: set[str] = set()
    for file in files:
        for node in ast.parse(Path(file).read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Tuple | ast.List | ast.Set):
                found |= _constants(node.value)
    return frozenset(found)


@functools.cache
def _course_constants(files: tuple[str, ...]) -> frozenset[str]:
    found: set[str] = set()
    for file in files:
        found |= _constants(ast.parse(Path(file).read_text(encoding="utf-8")))
    return frozenset(found)


def _char_col(line: str, byte_col: int) -> int:
    return len(line.encode("utf-8")[:byte_col].decode("utf-8"))


def code_segments(cell_id: str, source: str, data: Data = Data()) -> list[Segment]:
    """The comments and shown strings of a code cell, outside solution and hidden-test regions; a label that is
    also one of the notebook's `data` strings stays."""
    parseable = _parseable(source)
    lines, starts, hidden = parseable.split("\n"), _offsets(parseable), _hidden_lines(source)
    found: list[Segment] = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(parseable).readline))
        tree = ast.parse(parseable)
    except (SyntaxError, tokenize.TokenError):
        return found  # not Python (a cell for another language): nothing to translate
    for tok in tokens:
        if tok.type != tokenize.COMMENT or tok.start[0] in hidden:
            continue
        text = tok.string.lstrip("#").strip()
        if not LETTER.search(text) or NOT_TEXT.match(text):
            continue
        begin = starts[tok.start[0] - 1] + tok.start[1] + tok.string.index(text)
        found.append(Segment(cell_id, text, "comment", begin, begin + len(text)))
    drawn = list(_label_strings(tree, "drawn")) + list(_loop_labels(tree))
    labels = [n for n in drawn if not data.keeps(n, "drawn")]
    labels += [n for n in _label_strings(tree, "table") if not data.keeps(n, "table")]
    kept = {id(v) for values in _mappings(tree) if any(data.keeps(v, "table") for v in values) for v in values}
    labels += [n for n in _label_strings(tree, "renamed") if id(n) not in kept]
    seen: set[int] = set()
    for node in list(_shown_strings(tree)) + labels:
        if node.lineno in hidden or id(node) in seen:
            continue
        seen.add(id(node))
        begin = starts[node.lineno - 1] + _char_col(lines[node.lineno - 1], node.col_offset)
        end = starts[node.end_lineno - 1] + _char_col(lines[node.end_lineno - 1], node.end_col_offset)
        text = source[begin:end]
        if LETTER.search(_literal_words(text)):
            found.append(Segment(cell_id, text, "string", begin, end))
    return sorted(set(found), key=lambda s: s.start)


def _literal_words(literal: str) -> str:
    """The words of a string literal: its text without its prefix (f, r) and the f-string fields."""
    return re.sub(r"\{[^{}]*\}", "", re.sub(r"^[rRbBuUfF]+", "", literal.strip()))


def metadata_segments(meta: dict) -> list[Segment]:
    found = [Segment(f"metadata:{key}", meta[key], "metadata") for key in METADATA_TEXTS if meta.get(key)]
    for key in METADATA_LISTS:
        found += [Segment(f"metadata:{key}", item, "metadata") for item in meta.get(key, [])]
    return found


def translatable_cells(nb):
    return [c for c in nb.cells if not is_instructor(c) and not is_model_answer(c)]


def segments(nb) -> list[Segment]:
    """Every text of the notebook, in reading order (metadata first)."""
    found = metadata_segments(nb.metadata.get("aitrain", {}))
    data = data_strings(nb)
    for cell in translatable_cells(nb):
        if cell.cell_type == "markdown" and cell.source.strip():
            found.append(Segment(cell.id, cell.source, "markdown"))
        elif cell.cell_type == "code":
            found += code_segments(cell.id, cell.source, data)
    return found


class MissingTranslation(Exception):
    def __init__(self, segment: Segment):
        self.segment = segment
        super().__init__(f"cell {segment.context}: no current translation (missing, or fuzzy because the English "
                         f"changed) of {segment.text[:60]!r}")


class BrokenTranslation(Exception):
    def __init__(self, segment: Segment, why: str):
        self.segment, self.why = segment, why
        super().__init__(f"cell {segment.context}: the translation of {segment.text[:60]!r} {why}")


def _fields(literal: str) -> list[str]:
    """The f-string fields ({...}) of a string literal, in order."""
    try:
        node = ast.parse("(" + literal.strip() + "\n)", mode="eval").body
    except SyntaxError:
        return ["<not a string>"]
    if isinstance(node, ast.JoinedStr):
        return [ast.unparse(v) for v in node.values if isinstance(v, ast.FormattedValue)]
    return [] if isinstance(node, ast.Constant) and isinstance(node.value, str) else ["<not a string>"]


def format_fields(message: str) -> list[str]:
    """The str.format fields of a message, in order (what a translation must keep)."""
    try:
        return [f"{name}:{spec}" if spec else name for _, name, spec, _ in string.Formatter().parse(message)
                if name is not None]
    except ValueError:  # not a format string (a lone brace): compare its braces as they are
        return re.findall(r"\{[^{}]*\}", message)


def problem(segment: Segment, translation: str) -> str | None:
    """Why a translation cannot replace its segment (None when it can)."""
    if segment.kind == "string":
        if _fields(translation) == ["<not a string>"]:
            return "is not one Python string (check its quotes)"
        if sorted(_fields(translation)) != sorted(_fields(segment.text)):
            return "does not keep the same {fields} as the English"
    if segment.kind == "comment" and "\n" in translation:
        return "runs over several lines (a comment is one line)"
    return None


def translate_code(cell_id: str, source: str, lookup, data: Data = Data()) -> str:
    """The code cell with its comments and shown strings replaced by lookup(segment)."""
    for segment in reversed(code_segments(cell_id, source, data)):
        translation = lookup(segment)
        why = problem(segment, translation)
        if why:
            raise BrokenTranslation(segment, why)
        source = source[:segment.start] + translation + source[segment.end:]
    try:
        ast.parse(_parseable(source))
    except SyntaxError as exc:
        raise BrokenTranslation(Segment(cell_id, source, "code"), f"breaks the cell's Python ({exc.msg})") from exc
    return source


def translate(nb, lookup):
    """A copy of the notebook with every segment replaced by lookup(segment) (which raises MissingTranslation)."""
    nb = nbformat.from_dict(nb)
    data = data_strings(nb)
    meta = nb.metadata.get("aitrain", {})
    for key in METADATA_TEXTS:
        if meta.get(key):
            meta[key] = lookup(Segment(f"metadata:{key}", meta[key], "metadata"))
    for key in METADATA_LISTS:
        if key in meta:
            meta[key] = [lookup(Segment(f"metadata:{key}", item, "metadata")) for item in meta[key]]
    for cell in translatable_cells(nb):
        if cell.cell_type == "markdown" and cell.source.strip():
            cell.source = lookup(Segment(cell.id, cell.source, "markdown"))
        elif cell.cell_type == "code":
            cell.source = translate_code(cell.id, cell.source, lookup, data)
    return nb
