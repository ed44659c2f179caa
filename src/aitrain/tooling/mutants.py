"""Mistakes generated from each exercise's solution, run in a real kernel, and the feedback they get, classified.

`generate` derives mutants of a solution cell mechanically (the usual slips of a beginner): swapped positional
arguments or operands of a division or subtraction, x100 and /100, the training set for the test set, the whole
table for the filtered one, sum, mean and count for each other, `quantile(q)` as `quantile(100*q)` and
`quantile(1-q)`, a filter dropped, another column of the same type, a column name in other capitals, `=` for
`==`, a missing bracket or quote, single for double brackets, a method without `()`, a typo in a variable name,
the answer stored under another name; a decision (one value) also gets another of the options its cell's comment
lists, and a typo in its text. `ExerciseRun` runs them in a kernel that has executed the notebook: at
each exercise, each mutant replaces the solution cell, then the check cell runs; the correct cell is restored
at the end. `classify` sorts each mutant's feedback:

- specific: its "what is wrong" line names the mutant's kind (a percentage is called a percentage, the training
  set is named...); a kind named only in the hint does not count;
- generic: it names no cause ("is not right yet");
- misleading: it names another cause;
- accepted: it passed its check with a value other than the answer's (a wrong answer accepted, or an equivalent
  one such as clusters numbered otherwise: an author judges);
- leak: the feedback holds the answer's code or value; crash: the check itself failed;
- traceback: an error shown as Python's traceback without a plain explanation above it;
- same: the mutant computes the right answer after all (reported, not counted).

`aitrain mutants [NN ...|welcome]` prints the report (`report`), WELCOME's practice included;
tests/test_beginner_mistakes.py runs the mutants in the kernel of the corpus, so that no notebook is executed twice.
"""

import ast
import copy
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

KINDS = ("swapped arguments", "x100", "/100", "training set", "whole table", "aggregate", "quantile x100",
         "quantile 1-q", "filter dropped", "other column", "capitals", "= for ==", "missing bracket",
         "missing quote", "single brackets", "no call", "typo", "renamed", "other option", "text typo")
TARGET = 0.90  # the share of counted mutants that must get a specific message
SITES_PER_KIND = 1  # mutants of one kind per exercise: the first sites found, to keep the run cheap

# What a message must say to name each kind (lower case; one pattern matching is enough).
NAMES_KIND = {
    "swapped arguments": r"swapped|other way round|wrong way round|wrong order|order of|wrong sign|sign is reversed|"
                         r"first,? (?:and )?the \w+ second|goes? first|come[s]? first|upside down|reversed",
    "x100": r"percent|100 times|multipl\w* by 100|same scale",
    "/100": r"100 times|divided by 100|share between 0 and 1|in percent|percent",
    "training set": r"training|trained on|already seen|has seen|test set|the test \w+",
    "whole table": r"\ball (?:the )?\w+|whole|every \w+|not filtered|filter|only the|keep only|including those",
    "aggregate": r"\bcount|\btotal|\bsum\b|average|\bmean\b|a share|number of",
    "quantile x100": r"quantile|between 0 and 1|a share|percent",
    "quantile 1-q": r"highest|lowest|top |bottom|other end|largest|smallest|\b1 - ",
    "filter dropped": r"\bboth\b|also|condition|leaves out|counts every|\ball\b|every|only|including those",
    "other column": r"column",
    "capitals": r"capital|no column called|upper.?case|lower.?case|spelt|spelled|exactly as",
    "= for ==": r"==|`=`|compar|equal|syntax|not valid python|invalid",
    "missing bracket": r"bracket|parenthes|not closed|unclosed|incomplete|unfinished|never closed|\bclose",
    "missing quote": r"quote",
    "single brackets": r"bracket|double|single|a table|one column|a series",
    "no call": r"\(\)|parenthes|round brackets|method|call|not called|function",
    "typo": r"misspel|spell|did you mean|not defined|does not exist|typo|unknown name|does not know",
    "renamed": r"not exist yet|no cell has stored|not defined|does not exist|does not know",
    "other option": r"reading is (?:higher|lower)",  # a value read off a chart; or see OPEN_KINDS
    "text typo": r"not one of the|spel|exactly",
}
# Kinds whose every message that names a reason (not a generic one) names the kind: another of a decision's options
# is told why that option is not the one.
OPEN_KINDS = ("other option",)
# The causes a message can assert, to tell a misleading message (another cause) from one that names none.
CAUSES = {
    "swapped": r"swapped|upside down|the other way round",
    "percent": r"percentage|in percent|100 times",
    "training set": r"training",
    "whole table": r"divided by all|whole table|all (?:the )?(?:households|villages|claims|rows|countries)",
    "count": r"a count\b|counts? (?:all|every)",
    "column": r"no column called|another column|wrong column",
    "capitals": r"capital",
    "placeholder": r"placeholder",
    "syntax": r"cannot read",
}
# A message that names no cause: the fallback of a check ("`x` is not right yet", "This is not the ...").
GENERIC = re.compile(r"is not (?:right|correct) yet|^this is not\b|^`?\w+`? is not (?:the|what|yet)|"
                     r"does not (?:select|match)|is not yet the", re.IGNORECASE)
AGGREGATES = ("sum", "mean", "count")


@dataclass(frozen=True)
class Mutant:
    kind: str
    code: str


@dataclass
class Context:
    """What a solution cell's names hold in the kernel, read once per exercise (`PROBE`)."""

    answers: tuple[str, ...]  # the names the check reads that the cell stores
    defined: set[str] = field(default_factory=set)  # names the kernel holds
    columns: dict[str, dict[str, str]] = field(default_factory=dict)  # table name -> {column: dtype kind}
    masks: set[str] = field(default_factory=set)  # names holding True/False arrays or columns
    numeric: set[str] = field(default_factory=set)  # answer names holding numbers (or arrays of them)
    options: tuple[str, ...] = ()  # a decision's options, as its cell's comment lists them in quotes


# AST mutations: each is a function (node, context) -> replacement nodes, tried on every node of the cell.


def _swap(node, ctx):
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div | ast.Sub):
        yield ast.BinOp(left=copy.deepcopy(node.right), op=node.op, right=copy.deepcopy(node.left))
    if isinstance(node, ast.Call):
        if len(node.args) >= 2 and not any(isinstance(a, ast.Starred) for a in node.args[:2]):
            new = copy.deepcopy(node)
            new.args[0], new.args[1] = new.args[1], new.args[0]
            yield new
        words = {k.arg: i for i, k in enumerate(node.keywords)}
        if "y_true" in words and "y_pred" in words:
            new = copy.deepcopy(node)
            a, b = words["y_true"], words["y_pred"]
            new.keywords[a].value, new.keywords[b].value = new.keywords[b].value, new.keywords[a].value
            yield new


def _scaled(op):
    def mutate(node, ctx):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and node.targets[0].id in ctx.numeric:
            new = copy.deepcopy(node)
            new.value = ast.BinOp(left=new.value, op=op(), right=ast.Constant(100))
            yield new
    return mutate


def _training(node, ctx):
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and "test" in node.id:
        other = node.id.replace("test", "train")
        if other in ctx.defined:
            yield ast.Name(id=other, ctx=ast.Load())


def _is_mask(node, ctx) -> bool:
    return isinstance(node, ast.Compare | ast.UnaryOp) or \
        isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd | ast.BitOr) or \
        isinstance(node, ast.Name) and node.id in ctx.masks


def _whole(node, ctx):
    if not isinstance(node, ast.Subscript):
        return
    if _is_mask(node.slice, ctx):
        yield copy.deepcopy(node.value)
    table = node.value
    if isinstance(table, ast.Attribute) and table.attr == "loc" and isinstance(node.slice, ast.Tuple) \
            and len(node.slice.elts) == 2 and _is_mask(node.slice.elts[0], ctx):
        yield ast.Subscript(value=copy.deepcopy(table.value), slice=copy.deepcopy(node.slice.elts[1]), ctx=ast.Load())


def _aggregate(node, ctx):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in AGGREGATES \
            and not node.args:
        for other in AGGREGATES:
            if other != node.func.attr:
                new = copy.deepcopy(node)
                new.func.attr = other
                yield new


def _quantile_arg(node):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "quantile":
        position = 0 if not (isinstance(node.func.value, ast.Name) and node.func.value.id in ("np", "numpy")) else 1
        if len(node.args) > position and isinstance(node.args[position], ast.Constant) \
                and isinstance(node.args[position].value, float) and 0 < node.args[position].value < 1:
            return position
    return None


def _quantile(times_100: bool):
    def mutate(node, ctx):
        position = _quantile_arg(node)
        if position is not None:
            new = copy.deepcopy(node)
            q = node.args[position].value
            new.args[position] = ast.Constant(round(100 * q, 6) if times_100 else round(1 - q, 6))
            yield new
    return mutate


def _filter_dropped(node, ctx):
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitAnd):
        yield copy.deepcopy(node.left)
        yield copy.deepcopy(node.right)


def _column_sites(node, ctx) -> Iterator[tuple[ast.Constant, dict[str, str]]]:
    """The column names a cell writes as `table["name"]` or `table[["name"]]`, with the table's columns."""
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in ctx.columns:
        columns = ctx.columns[node.value.id]
        keys = node.slice.elts if isinstance(node.slice, ast.List) else [node.slice]
        for key in keys:
            if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value in columns:
                yield key, columns


def _other_column(node, ctx):
    for key, columns in _column_sites(node, ctx):
        same = sorted(c for c, kind in columns.items() if kind == columns[key.value] and c != key.value)
        if same:
            yield _with_constant(node, key, same[0])


def _capitals(node, ctx):
    for key, _columns in _column_sites(node, ctx):
        other = key.value.capitalize() if key.value != key.value.capitalize() else key.value.lower()
        if other != key.value:
            yield _with_constant(node, key, other)


def _with_constant(node, key, value):
    new = copy.deepcopy(node)
    for found in ast.walk(new):
        if isinstance(found, ast.Constant) and found.value == key.value:
            found.value = value
            break
    return new


def _single(node, ctx):
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.List) and len(node.slice.elts) == 1:
        new = copy.deepcopy(node)
        new.slice = new.slice.elts[0]
        yield new


def _no_call(node, ctx):
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and not node.args and not node.keywords:
        yield copy.deepcopy(node.func)


def _typo(node, ctx):
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and len(node.id) >= 4 \
            and node.id in ctx.defined and node.id not in ("np", "pd", "numpy", "pandas"):
        name = node.id
        middle = len(name) // 2
        typo = name[:middle - 1] + name[middle] + name[middle - 1] + name[middle + 1:]
        if typo != name:
            yield ast.Name(id=typo, ctx=ast.Load())


def _renamed(node, ctx):
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id in ctx.answers:
        other = node.id[0].upper() + node.id[1:] if node.id[0].islower() else node.id.lower()
        yield ast.Name(id=other if other != node.id else node.id + "_", ctx=ast.Store())


def _decided_text(node, ctx) -> str | None:
    """The text a decision stores (`name = "option"`), or None."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
            and node.targets[0].id in ctx.answers and isinstance(node.value, ast.Constant) \
            and isinstance(node.value.value, str):
        return node.value.value
    return None


def _decided_number(node, ctx) -> int | float | None:
    """The number a decision stores (`visits_percent = 31`), or None."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
            and node.targets[0].id in ctx.answers and isinstance(node.value, ast.Constant) \
            and isinstance(node.value.value, int | float) and not isinstance(node.value.value, bool):
        return node.value.value
    return None


def _other_option(node, ctx):
    """Another of a decision's listed options; for a number, the next one (a small whole number) or a quarter
    more (a value read off a chart: a neighbouring point)."""
    text, number = _decided_text(node, ctx), _decided_number(node, ctx)
    other = next((o for o in ctx.options if o != text), None) if text is not None else None
    if number is not None:
        other = number + 1 if isinstance(number, int) and 0 <= number < 10 else \
            round(number * 1.25) if isinstance(number, int) else round(number * 1.25, 6)
    if other is not None:
        new = copy.deepcopy(node)
        new.value = ast.Constant(other)
        yield new


def _text_typo(node, ctx):
    text = _decided_text(node, ctx)
    if text is not None and len(text) >= 4:
        middle = len(text) // 2
        typo = text[:middle - 1] + text[middle] + text[middle - 1] + text[middle + 1:]
        if typo != text:
            new = copy.deepcopy(node)
            new.value = ast.Constant(typo)
            yield new


def options_of(source: str) -> tuple[str, ...]:
    """The options a decision's cell lists in its comment (`# One of "arithmetic mean", "geometric mean"`)."""
    comments = "\n".join(line for line in source.splitlines() if line.lstrip().startswith("#"))
    return tuple(re.findall(r'"([^"\n]+)"', comments))


AST_MUTATIONS = {
    "swapped arguments": _swap, "x100": _scaled(ast.Mult), "/100": _scaled(ast.Div), "training set": _training,
    "whole table": _whole, "aggregate": _aggregate, "quantile x100": _quantile(True),
    "quantile 1-q": _quantile(False), "filter dropped": _filter_dropped, "other column": _other_column,
    "capitals": _capitals, "single brackets": _single, "no call": _no_call, "typo": _typo, "renamed": _renamed,
    "other option": _other_option, "text typo": _text_typo,
}


def _replace(tree, target, new) -> None:
    for parent in ast.walk(tree):
        for name, value in ast.iter_fields(parent):
            if value is target:
                setattr(parent, name, new)
                return
            if isinstance(value, list) and any(item is target for item in value):
                value[[id(item) for item in value].index(id(target))] = new
                return


def solution_code(source: str) -> str:
    """The code of a solution cell, without nbgrader's markers (kept as comments by `ast`, dropped here)."""
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))


def _text_mutants(code: str) -> Iterator[Mutant]:
    """The slips that break the syntax: written on the text (comment lines left alone), not on the tree."""
    lines = code.rstrip().splitlines()
    written = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]

    def changed(i: int, line: str) -> str:
        return "\n".join(lines[:i] + [line] + lines[i + 1:])

    equal = next((i for i in written if "==" in lines[i]), None)
    if equal is not None:
        yield Mutant("= for ==", changed(equal, lines[equal].replace("==", "=", 1)))
    last = lines[written[-1]]
    closing = max(last.rfind(")"), last.rfind("]"))
    if closing >= 0:
        yield Mutant("missing bracket", changed(written[-1], last[:closing] + last[closing + 1:]))
    for i in written:
        quoted = re.search(r"([\"'])[^\"'\n]*\1", lines[i])
        if quoted:
            yield Mutant("missing quote", changed(i, lines[i][:quoted.end() - 1] + lines[i][quoted.end():]))
            break


def generate(source: str, ctx: Context) -> list[Mutant]:
    """The mutants of a solution cell, at most SITES_PER_KIND of each kind, in the order of KINDS; a mutant
    whose code is the solution's is left out."""
    code = solution_code(source)
    tree = ast.parse(code)
    original = ast.unparse(tree)
    found: dict[str, list[Mutant]] = {kind: [] for kind in KINDS}
    seen = {original}
    for kind, mutate in AST_MUTATIONS.items():
        for index, node in enumerate(ast.walk(tree)):
            for new in mutate(node, ctx):
                if len(found[kind]) >= SITES_PER_KIND:
                    break
                mutated = copy.deepcopy(tree)
                _replace(mutated, list(ast.walk(mutated))[index], new)
                text = ast.unparse(ast.fix_missing_locations(mutated))
                if text not in seen:
                    seen.add(text)
                    found[kind].append(Mutant(kind, text))
    for mutant in _text_mutants(code):
        found[mutant.kind].append(mutant)
    return [m for kind in KINDS for m in found[kind]]


# Running the mutants in a kernel that has executed the notebook.

PROBE = """
import json as _json
def _probe(_names, _answers):
    import copy as _copy
    import numpy as _np, pandas as _pd
    _g = globals()
    _out = {"defined": sorted(k for k in _g if not k.startswith("_")), "columns": {}, "masks": [], "numeric": []}
    for _n in _names:
        _v = _g.get(_n)
        if isinstance(_v, _pd.DataFrame):
            _out["columns"][_n] = {str(_c): _v[_c].dtype.kind for _c in _v.columns}
        if isinstance(_v, (_pd.Series, _np.ndarray)) and _v.dtype == bool:
            _out["masks"].append(_n)
    for _a in _answers:
        _v = _g.get(_a)
        if isinstance(_v, (int, float, _np.number)) and not isinstance(_v, bool) or \\
                isinstance(_v, (_pd.Series, _np.ndarray)) and _v.dtype.kind in "iuf":
            _out["numeric"].append(_a)
    _g["_mutants_truth"] = {_a: _copy.deepcopy(_g.get(_a)) for _a in _answers}
    return _out
def _mutants_same(_equivalent=None):
    import numpy as _np
    def _one(_a, _b):
        try:
            _x, _y = _np.asarray(_a, dtype=float), _np.asarray(_b, dtype=float)
            return _x.shape == _y.shape and bool(_np.allclose(_x, _y, rtol=1e-9, atol=1e-12, equal_nan=True))
        except (TypeError, ValueError):
            try:
                return bool(_a == _b) if not hasattr(_a, "equals") else bool(_a.equals(_b))
            except Exception:
                return False
    def _same(_a, _b):
        if _one(_a, _b):
            return True
        try:
            return bool(_equivalent is not None and _equivalent(_a, _b))
        except Exception:
            return False
    return all(_same(globals().get(_k), _v) for _k, _v in _mutants_truth.items())
print(_json.dumps(_probe(%r, %r), default=str))
del _probe, _json
"""
# the exercise's declared equivalence (Exercise.same_answer), read from the notebook's `ex` module
SAME = "print(_mutants_same(getattr(getattr(globals().get('ex'), %r, None), 'same_answer', None)))"
RESET = ("for _v in %r:\n    globals().pop(_v, None)\nimport aitrain.feedback as _f\n_f._STATE['waiting'].clear()\n"
         "del _v, _f")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
EXPLAINED = "What went wrong:"
DETAILS = "--- Technical details"
MAX_ERROR_LINES = 3


@dataclass
class Result:
    module: str
    grade_id: str
    kind: str
    code: str
    verdict: str  # specific, generic, misleading, leak, crash, traceback, same
    feedback: str
    why: str = ""
    path: str = "coded"  # the path(s) whose participants meet the exercise: coded, policy or coded/policy


def _errors(cell) -> list[dict]:
    return [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]


def _printed(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def _read(outputs) -> tuple[str, bool]:
    """(what the participant reads in a cell's outputs, whether an error came as a raw traceback)."""
    parts, explained, raw = [], False, False
    for out in outputs:
        if out.get("output_type") == "error":
            if out["ename"] not in ("NotYet", "NotReady"):
                shown = "\n".join(ANSI.sub("", line) for line in out.get("traceback", [])).count("\n") + 1
                raw = raw or not explained or shown > MAX_ERROR_LINES
            parts.append(ANSI.sub("", out.get("evalue", "")))
        elif out.get("output_type") == "display_data":
            text = out.get("data", {}).get("text/plain", "")
            if EXPLAINED in text:
                explained = True
                text = text.split(DETAILS)[0]
            parts.append(text)
    return "\n".join(parts).strip(), raw


def normalised(code: str) -> str:
    """Code or text with no spaces and one kind of quote, for a containment test."""
    return re.sub(r"\s+", "", code).replace('"', "'")


def answer_code(source: str) -> list[str]:
    """The right-hand sides of a solution's lines, normalised (a choice among listed options is no secret)."""
    found = []
    for node in ast.walk(ast.parse(solution_code(source))):
        if isinstance(node, ast.Assign | ast.Return) and node.value is not None:
            if not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
                found.append(normalised(ast.unparse(node.value)))
    return found


def shown_values(value) -> list[str]:
    """How a notebook would print an answer's value (only the forms long enough to be telling)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return []
    if float(value).is_integer():
        return [str(int(value))] if abs(value) >= 10 else []
    return [s for s in (f"{value:.2f}", f"{value:.3f}", f"{value:.4f}", f"{value:.1%}") if len(s) >= 4]


def classify(kind: str, mutant_code: str, feedback: str, *, passed: bool, same: bool, crashed: bool, raw: bool,
             code: list[str], values: list[str]) -> tuple[str, str]:
    """(verdict, why) for one mutant's feedback."""
    flat, mine = normalised(feedback), normalised(mutant_code)
    leak = next((c for c in code if len(c) >= 6 and c in flat and c not in mine), None)
    if leak:
        return "leak", f"the answer's code {leak!r}"
    value = next((v for v in values if re.search(rf"(?<![\d.]){re.escape(v)}(?!\d)", feedback)
                  and v not in mutant_code), None)
    if value:
        return "leak", f"the answer's value {value}"
    if passed:
        return ("same", "computes the right answer") if same else \
            ("accepted", "passed its check with another value: a wrong answer accepted, or an equivalent one")
    if crashed:
        return "crash", "the check failed with an error of its own"
    if raw:
        return "traceback", "an error shown without a plain explanation"
    what = _what(feedback)  # the hint may help, but only what is wrong (the check's or the error's) is judged
    wrong = " ".join([what] + re.findall(re.escape(EXPLAINED) + r" (.*)", feedback)).lower()
    if what and (re.search(NAMES_KIND[kind], wrong) or kind in OPEN_KINDS and not GENERIC.search(what)):
        return "specific", ""
    if re.search(NAMES_KIND[kind], feedback.lower()):
        return "generic", "names its kind only in the hint or the code shown, not in what is wrong"
    if not what or GENERIC.search(what):
        return "generic", ""
    named = [cause for cause, pattern in CAUSES.items() if re.search(pattern, what.lower())]
    if named:
        return "misleading", f"names another cause ({', '.join(named)})"
    return "generic", "names no cause it could be checked for"


def _what(feedback: str) -> str:
    """The check's sentence saying what is wrong (after "Not yet: Exercise N (title).") or the explanation's."""
    match = re.search(r"Not yet: .*?\)\. (.*)", feedback)
    if match:
        return match.group(1).strip()
    match = re.search(re.escape(EXPLAINED) + r" (.*)", feedback)
    return match.group(1).strip() if match else ""


@dataclass
class ExerciseRun:
    """One exercise's mutants, run in `client` (a kernel that has executed the notebook)."""

    module: str
    grade_id: str
    index: int  # the solution cell's position
    source: str  # the solution cell
    check: str  # the visible part of the test cell
    answers: tuple[str, ...]  # the names the check reads that the cell stores
    checker: str = ""  # the exercise's name in the notebook's `ex` module
    path: str = "coded"  # as Result.path

    def run(self, client) -> list[Result]:
        stored = sorted(_stored(solution_code(self.source)))
        loads = sorted(_loaded(solution_code(self.source)))
        self._restore(client)  # the answer's own values, whatever ran before (the corpus's mistakes)
        probe = self._execute(client, PROBE % (loads, list(self.answers)))
        facts = json.loads(_printed(probe).strip().splitlines()[-1])
        ctx = Context(self.answers, set(facts["defined"]), facts["columns"], set(facts["masks"]),
                      set(facts["numeric"]), options_of(self.source))
        values = [s for name in facts["numeric"] for s in self._shown(client, name)]
        code = answer_code(self.source)
        results = []
        for mutant in generate(self.source, ctx):
            self._execute(client, RESET % (stored,))
            trial = self._execute(client, mutant.code)
            explained, raw_trial = _read(trial.outputs)
            check = self._execute(client, self.check, self.index + 1)
            message, raw_check = _read(check.outputs)
            errors = _errors(check)
            passed = not errors
            crashed = bool(errors) and errors[0]["ename"] != "NotYet"
            same = passed and _printed(self._execute(client, SAME % self.checker)).strip() == "True"
            feedback = (explained + "\n" + message).strip()
            verdict, why = classify(mutant.kind, mutant.code, feedback, passed=passed, same=same, crashed=crashed,
                                    raw=raw_trial or (raw_check and not crashed), code=code, values=values)
            results.append(Result(self.module, self.grade_id, mutant.kind, mutant.code, verdict, feedback, why,
                                  self.path))
        self._restore(client)
        return results

    def _restore(self, client) -> None:
        restore = self._execute(client, self.source)
        if _errors(restore):
            raise RuntimeError(f"{self.grade_id}: the solution cell failed when restored: {_errors(restore)[0]}")

    def _shown(self, client, name: str) -> list[str]:
        cell = self._execute(client, f"print(float({name}) if getattr({name}, 'ndim', 0) == 0 else 'nan')")
        try:
            return shown_values(float(_printed(cell)))
        except ValueError:
            return []

    def _execute(self, client, source: str, index: int | None = None):
        cell = nbformat.v4.new_code_cell(source)
        client.execute_cell(cell, self.index if index is None else index)
        return cell


def _stored(code: str) -> set[str]:
    tree = ast.parse(code)
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)} | \
        {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}


def _loaded(code: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def exercise_runs(module, nb) -> list[ExerciseRun]:
    """The autograded exercises of an executed source notebook (both paths' cells), as mutant runs."""
    from aitrain.base.path_cells import paths_of_cell  # both paths' exercises are in the source

    runs = []
    cells = nb.cells
    for index, cell in enumerate(cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("solution"):
            continue
        test = next((c for c in cells[index + 1:] if c.cell_type == "code"
                     and c.get("metadata", {}).get("nbgrader", {}).get("grade")), None)
        match = re.search(r"ex\.(\w+)\.check\(", test.source) if test is not None else None
        if match is None:
            continue
        variables = _variables(nb, match.group(1))
        stored = _stored(solution_code(cell.source))
        answers = tuple(v for v in variables if v in stored)
        runs.append(ExerciseRun(module.slug, meta["grade_id"], index, cell.source,
                                test.source.split("### BEGIN HIDDEN TESTS")[0], answers, match.group(1),
                                "/".join(paths_of_cell(cell))))
    return runs


def _variables(nb, checker: str) -> tuple[str, ...]:
    import importlib

    for cell in nb.cells:
        match = re.search(r"from aitrain\.exercises import (\w+) as ex", cell.source)
        if match:
            return getattr(importlib.import_module(f"aitrain.exercises.{match.group(1)}"), checker).variables
    return ()


def run_module(module, workdir) -> list[Result]:
    """Execute a module's source notebook in one kernel, then run every exercise's mutants in it."""
    from nbclient import NotebookClient

    from aitrain.tooling import notebook_run

    nb = nbformat.read(module.solution, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=120, allow_errors=False,
                            resources={"metadata": {"path": str(workdir)}})
    with client.setup_kernel(env=notebook_run.kernel_environment()):
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        client.allow_errors = True
        pristine = nbformat.read(module.solution, as_version=4)
        return [r for run in exercise_runs(module, pristine) for r in run.run(client)]


WELCOME = "WELCOME"
WELCOME_SOLUTION = "share = 300 / 1200"  # WELCOME's practice has no solution cell: its answer


def welcome_exercise() -> ExerciseRun:
    """WELCOME's practice exercise (on both paths; the Russian WELCOME runs the same check, translated), as a
    mutant run in a kernel that has run `welcome_notebook()`."""
    from aitrain.tooling import welcome_notebook as welcome

    return ExerciseRun(WELCOME, "practice", 2, WELCOME_SOLUTION, welcome.PRACTICE_CHECK, ("share",), "practice",
                       "coded/policy")


def welcome_notebook() -> nbformat.NotebookNode:
    """WELCOME's code cells: the first cell, the practice's setup, its exercise and its check."""
    from aitrain.tooling import welcome_notebook as welcome

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in (welcome.FIRST_CODE, welcome.PRACTICE_SETUP,
                                                                  welcome.PRACTICE_CODE, welcome.PRACTICE_CHECK)]
    return nb


def run_welcome(workdir) -> list[Result]:
    """Run WELCOME's first cells in one kernel, then the practice exercise's mutants in it."""
    from nbclient import NotebookClient

    from aitrain.tooling import notebook_run

    nb = welcome_notebook()
    client = NotebookClient(nb, kernel_name="python3", timeout=120, allow_errors=False,
                            resources={"metadata": {"path": str(workdir)}})
    with client.setup_kernel(env=notebook_run.kernel_environment()):
        for index, cell in enumerate(nb.cells[:2]):
            client.execute_cell(cell, index)
        client.allow_errors = True
        return welcome_exercise().run(client)


COUNTED = ("specific", "generic", "misleading", "accepted", "leak", "crash", "traceback")
FAILURES = ("misleading", "accepted", "leak", "crash", "traceback")


@dataclass
class Tally:
    """One module's (or the course's) verdicts."""

    name: str
    verdicts: Counter

    @property
    def counted(self) -> int:
        return sum(self.verdicts[v] for v in COUNTED)

    @property
    def specific_share(self) -> float:
        return self.verdicts["specific"] / self.counted if self.counted else 1.0

    @property
    def failures(self) -> int:
        return sum(self.verdicts[v] for v in FAILURES)


def tally(name: str, results: list[Result]) -> Tally:
    return Tally(name, Counter(r.verdict for r in results))


def report(results: list[Result]) -> str:
    """The table per module and path (coded, policy, or both when an exercise is on both) and in total, then every
    mutant whose feedback is not specific."""
    groups = list(dict.fromkeys((r.module, r.path) for r in results))
    rows = [tally(f"{m} {p}", [r for r in results if (r.module, r.path) == (m, p)]) for m, p in groups] + \
        [tally(f"TOTAL {p}", [r for r in results if r.path == p]) for p in dict.fromkeys(r.path for r in results)] + \
        [tally("TOTAL", results)]
    header = f"{'module and path':45} {'mutants':>7} {'same':>5} {'specific':>9} {'generic':>8} {'mislead':>8} " \
             f"{'accept':>7} {'leaks':>6} {'crash':>6} {'traceb':>7}"
    lines = [header]
    for t in rows:
        v = t.verdicts
        lines.append(f"{t.name:45} {t.counted:7} {v['same']:5} {t.specific_share:9.1%} {v['generic']:8} "
                     f"{v['misleading']:8} {v['accepted']:7} {v['leak']:6} {v['crash']:6} {v['traceback']:7}")
    rest = [r for r in results if r.verdict != "specific"]
    if rest:
        lines.append("")
        lines.append("Mutants without a specific message:")
    for r in rest:
        shown = r.feedback.replace("\n", " | ")[:400]
        lines.append(f"[{r.verdict}] {r.module} {r.grade_id} ({r.kind}){': ' + r.why if r.why else ''}\n"
                     f"    code: {r.code!r}\n    says: {shown}")
    return "\n".join(lines)


def write(results: list[Result], output: Path) -> list[Path]:
    """The report as text (`output` with .txt) and every mutant with its verdict and feedback (.json)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    text, data = output.with_suffix(".txt"), output.with_suffix(".json")
    text.write_text(report(results) + "\n", encoding="utf-8")
    data.write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [text, data]
