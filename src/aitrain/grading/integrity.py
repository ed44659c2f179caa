"""Detecting a tampered kernel: a static look at the participant's code, and probes run inside the kernel.

The static scan reads every cell a participant could write (not the locked cells, which the grader restores
from the gradebook) and reports constructs a course answer never needs: leaving or killing the kernel,
touching builtins, the interpreter or IPython's machinery, changing attributes of imported libraries or of
the course's checking code, objects with their own comparison methods, processes, sockets, file writes.

The guard is installed in the kernel by the grader's first cell, before any participant code, and keeps in
closures everything it uses, so nothing a participant's cell binds reaches it. The grader sends a cell id with
each test cell and each probe cell (a participant's cell cannot choose its id):

- a test cell runs in a namespace of its own: the participant's variables (their answers), the course's
  imports run afresh (from the released notebook) and the builtins module, so a test's verdict never depends
  on a name the participant's cells rebound (`ex`, `abs`, `np`, `load`, even `__builtins__`);
- a probe, before the first participant cell and after every graded test cell, prints a fingerprint (object
  ids of builtins, of the functions of the checking code and of the modules the tests import, of IPython's
  hooks and of the participant's namespace) tagged with a nonce that exists only in the cell id; the grader
  compares each fingerprint with the first.
"""

import ast
import json

from IPython.core.inputtransformer2 import TransformerManager

from aitrain.grading.notebook_imports import notebook_helper_modules

SAFE_MAGICS = {"matplotlib", "time", "timeit", "pinfo", "pinfo2", "who", "whos", "precision"}
FORBIDDEN_NAMES = {
    "__builtins__": "uses __builtins__", "__import__": "uses __import__", "eval": "calls eval",
    "exec": "calls exec", "compile": "calls compile", "globals": "calls globals()", "setattr": "calls setattr",
    "delattr": "calls delattr", "exit": "calls exit()", "quit": "calls quit()", "breakpoint": "calls breakpoint",
    "get_ipython": "uses IPython's internals", "memoryview": "uses memoryview",
}
FORBIDDEN_MODULES = {
    "builtins", "sys", "subprocess", "socket", "ctypes", "cffi", "signal", "multiprocessing", "threading",
    "_thread", "concurrent", "asyncio", "importlib", "inspect", "gc", "pty", "resource", "shutil", "urllib",
    "http", "requests", "ftplib", "smtplib", "IPython", "ipykernel", "jupyter_client", "zmq", "pickle", "marshal",
    "types", "code", "codeop", "runpy", "tempfile", "atexit", "faulthandler", "tracemalloc", "nbformat",
}
FORBIDDEN_OS = {
    "_exit", "abort", "kill", "killpg", "fork", "forkpty", "system", "popen", "execv", "execve", "execl", "execlp",
    "execvp", "execvpe", "spawnl", "spawnv", "posix_spawn", "remove", "unlink", "rmdir", "removedirs", "rename",
    "replace", "chmod", "chown", "environ", "putenv", "setuid", "setgid", "write", "open", "symlink", "link",
    "truncate", "makedirs", "mkdir", "nice", "sched_setaffinity",
}
COMPARISON_DUNDERS = {
    "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__abs__", "__sub__", "__rsub__", "__float__",
    "__bool__", "__hash__", "__instancecheck__", "__subclasscheck__", "__getattribute__", "__getattr__",
    "__class__", "__len__", "__array__", "__array_ufunc__", "__array_function__", "__del__", "__index__",
    "__int__", "__round__", "__format__", "__repr__", "__str__",
}
WRITE_MODES = set("wax+")


def _magic_name(call: ast.Call) -> str | None:
    """'matplotlib' for get_ipython().run_line_magic('matplotlib', 'inline'), else None."""
    func = call.func
    if (isinstance(func, ast.Attribute) and func.attr == "run_line_magic" and isinstance(func.value, ast.Call)
            and isinstance(func.value.func, ast.Name) and func.value.func.id == "get_ipython" and call.args
            and isinstance(call.args[0], ast.Constant)):
        return call.args[0].value
    return None


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def scan_source(source: str, modules: set[str]) -> list[str]:
    """What in one cell's source looks like tampering. `modules`: names bound to imported modules so far."""
    try:
        code = TransformerManager().transform_cell(source)
        tree = ast.parse(code)
    except (SyntaxError, ValueError, IndexError):  # a syntax error fails on its own in the kernel
        return []
    found: list[str] = []
    safe_calls: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            magic = _magic_name(node)
            if magic is not None:
                if magic in SAFE_MAGICS:
                    safe_calls.add(id(node.func.value.func))
                else:
                    found.append(f"runs the IPython magic %{magic}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for name in names:
                if name.split(".")[0] in FORBIDDEN_MODULES:
                    found.append(f"imports {name}")
            for alias in node.names:
                bound = (alias.asname or alias.name).split(".")[0]
                if isinstance(node, ast.Import) or alias.name[:1].islower():
                    modules.add(bound)
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "os":
                found += [f"imports os.{a.name}" for a in node.names if a.name in FORBIDDEN_OS]
        elif isinstance(node, ast.Name) and node.id in FORBIDDEN_NAMES and id(node) not in safe_calls:
            found.append(FORBIDDEN_NAMES[node.id])
        elif isinstance(node, ast.Attribute):
            if _root_name(node) == "os" and node.attr in FORBIDDEN_OS:
                found.append(f"uses os.{node.attr}")
            if node.attr.startswith("__") and node.attr.endswith("__") and node.attr not in {"__name__", "__doc__"}:
                found.append(f"uses the special attribute {node.attr}")
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Attribute) and _root_name(sub) in modules:
                        found.append(f"changes {ast.unparse(sub)}, part of a library or of the checking code")
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in COMPARISON_DUNDERS:
            found.append(f"defines {node.name}, which can fool comparisons")
        elif isinstance(node, ast.Raise) and node.exc is not None and _root_name(node.exc) in {
                "SystemExit", "KeyboardInterrupt", "GeneratorExit"}:
            found.append(f"raises {_root_name(node.exc)}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open":
            mode = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "mode"),
                                                                  None)
            if mode is not None and not (isinstance(mode, ast.Constant) and isinstance(mode.value, str)
                                         and not WRITE_MODES & set(mode.value)):
                found.append("opens a file for writing")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {
                "write_text", "write_bytes", "unlink", "rmdir", "chmod", "symlink_to", "hardlink_to"}:
            found.append(f"calls .{node.func.attr}() on a file")
    return list(dict.fromkeys(found))


# -------------------------------------------------------------------------------------------------------
# The kernel's guard: isolated tests and probes, installed before any participant code runs.

WATCHED_LIBRARIES = ("builtins", "math", "numpy", "pandas", "sklearn.metrics", "matplotlib.pyplot")
TEST_PREFIX = "aitrain-test:"  # the cell id the grader sends with a test cell: TEST_PREFIX + grade id
PROBE_PREFIX = "AITRAIN-PROBE-"  # the cell id of a probe cell: PROBE_PREFIX + a random nonce + ":"


def watched_modules() -> tuple[str, ...]:
    """What the probe fingerprints: the libraries the checks use and every course module a notebook imports
    (the probe adds every exercise module itself)."""
    return WATCHED_LIBRARIES + notebook_helper_modules()


def _imports_of(source: str) -> list[str]:
    """The top-level import statements of one cell, as source."""
    try:
        tree = ast.parse(TransformerManager().transform_cell(source))
    except (SyntaxError, ValueError, IndexError):
        return []
    return [ast.unparse(node) for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]


def course_imports(nb) -> dict[str, str]:
    """Grade id of each autograded test cell -> the import statements of the course's own cells above it.

    `nb` is the released notebook (the course's copy, not a submission): a test's namespace is built from these
    imports, fresh, and never from names a participant's cell bound.
    """
    found: list[str] = []
    result: dict[str, str] = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or meta.get("solution"):
            continue
        if meta.get("grade"):
            result[meta["grade_id"]] = "\n".join(found)
        found += _imports_of(cell.source)
    return result


def _modules_imported_from(imports: dict[str, str]) -> list[str]:
    """The modules the tests take names from (`import numpy`, `from sklearn.metrics import ...`)."""
    names: list[str] = []
    for source in imports.values():
        for node in ast.parse(source).body:
            if isinstance(node, ast.Import):
                names += [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
    return list(dict.fromkeys(names))


GUARD = r"""
def _aitrain_guard(imports, watched):
    import builtins, importlib, json, pkgutil, sys, types
    import aitrain.exercises

    # Everything the guard uses is taken now, before any participant code runs: a participant's cell can rebind
    # names in its own namespace (even __builtins__), but not the variables of these closures.
    shell = get_ipython()
    home_module, home = shell.user_module, shell.user_ns
    builtin_names = frozenset(vars(builtins))
    run, compile_, new_module, import_module = exec, compile, types.ModuleType, importlib.import_module
    str_, type_, list_, id_, vars_, getattr_, repr_, isinstance_, len_, sorted_, callable_, object_ = (
        str, type, list, id, vars, getattr, repr, isinstance, len, sorted, callable, object)
    dumps, sys_, stdout = json.dumps, sys, sys.stdout
    gettrace, getprofile, real_stdout = sys.gettrace, sys.getprofile, sys.__stdout__
    exercises = ["aitrain.exercises." + m.name for m in pkgutil.iter_modules(aitrain.exercises.__path__)]
    names = []
    for name in list(watched) + exercises:
        try:
            import_module(name)
            names.append(name)
        except Exception:
            pass
    swapped = []

    def isolate(grade_id):
        # The test cell runs in a new namespace: the participant's variables (its answers), then the course's
        # imports run afresh over them; builtins are the builtins module itself.
        module = new_module("__main__")
        ns = vars_(module)
        shell.user_module, shell.user_ns = module, ns
        swapped.append(True)
        for name, value in list_(home.items()):
            if type_(name) is str_ and name not in builtin_names and not (name[:2] == "__" and name[-2:] == "__"):
                ns[name] = value
        ns["__builtins__"], ns["__name__"] = builtins, "__main__"
        run(compile_(imports.get(grade_id, ""), "<the course's imports>", "exec"), ns)

    def probe(nonce):
        found = {}
        for name in names:
            module = import_module(name)
            found["sys.modules:" + name] = id_(sys_.modules.get(name))
            for attr, value in list_(vars_(module).items()):
                if attr in ("_", "__", "___", "input", "raw_input") or (name == "builtins" and attr[:2] == "_i"):
                    continue
                found[name + ":" + attr] = id_(value)
                code = getattr_(value, "__code__", None)
                if code is not None:
                    found[name + ":" + attr + ".__code__"] = id_(code)
                    found[name + ":" + attr + ".__defaults__"] = id_(getattr_(value, "__defaults__", None))
                owned = isinstance_(value, type_) and getattr_(value, "__module__", "").split(".")[0] in (
                    "pandas", "aitrain", "numpy")
                if owned or type_(value).__name__ == "Exercise":
                    for key, member in list_(vars_(value).items()):
                        found[name + ":" + attr + "." + key] = id_(member)
                        code = getattr_(member, "__code__", None) or getattr_(getattr_(member, "__func__", None),
                                                                              "__code__", None)
                        if code is not None:
                            found[name + ":" + attr + "." + key + ".__code__"] = id_(code)
        hooks = {
            "trace": repr_(gettrace()), "profile": repr_(getprofile()),
            "displayhook": id_(sys_.displayhook), "stdout": id_(sys_.stdout),
            "stderr": id_(sys_.stderr), "meta_path": [id_(m) for m in sys_.meta_path],
            "stdout_class": [id_(v) for v in vars_(type_(stdout)).values()],
            "participant_namespace": [id_(shell.user_module), id_(shell.user_ns), id_(home.get("__builtins__"))],
            "input_transformers": [id_(t) for t in shell.input_transformers_cleanup + shell.input_transformers_post],
            "ast_transformers": [id_(t) for t in shell.ast_transformers],
            "events": {k: len_(v) for k, v in shell.events.callbacks.items()},
            "custom_exceptions": [c.__name__ for c in shell.custom_exceptions],
            "shell_class": [id_(v) for v in vars_(type_(shell)).values()],
            "shell_patched": sorted_(k for k, v in vars_(shell).items() if callable_(v) and k != "CustomTB"),
            "session_patched": sorted_(vars_(getattr_(getattr_(shell, "kernel", None), "session", None)
                                             or object_).keys()),
        }
        real_stdout.flush()
        stdout.write(nonce + dumps({"ids": found, "hooks": hooks}, sort_keys=True) + "\n")
        stdout.flush()

    def before(info):
        cell_id = info.cell_id  # sent by the grader with the request; no participant cell can set it
        if type_(cell_id) is str_ and cell_id.startswith(%(test)r):
            isolate(cell_id[len_(%(test)r):])
        elif type_(cell_id) is str_ and cell_id.startswith(%(probe)r):
            probe(cell_id)

    def after(result):
        if swapped:
            swapped.clear()
            shell.user_module, shell.user_ns = home_module, home

    shell.events.register("pre_run_cell", before)
    shell.events.register("post_run_cell", after)

_aitrain_guard(%(imports)r, %(watched)r)
del _aitrain_guard
"""


def guard_source(imports: dict[str, str]) -> str:
    """The code of the grader's first cell, which installs the guard in a fresh kernel."""
    watched = list(dict.fromkeys([*watched_modules(), *_modules_imported_from(imports)]))
    return GUARD % {"test": TEST_PREFIX, "probe": PROBE_PREFIX, "imports": imports, "watched": watched}


def read_probe(outputs: list, nonce: str) -> dict | None:
    """The fingerprint a probe cell printed, or None when it printed none (or several)."""
    found = []
    for out in outputs:
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            for line in out.get("text", "").splitlines():
                if line.startswith(nonce):
                    found.append(line[len(nonce):])
    if len(found) != 1:
        return None
    try:
        return json.loads(found[0])
    except json.JSONDecodeError:
        return None


def compare(baseline: dict, later: dict) -> list[str]:
    """What changed between two fingerprints (names present in both; new imports are fine)."""
    changed = [key for key, value in baseline["ids"].items() if key in later["ids"] and later["ids"][key] != value]
    before, after = baseline["hooks"], later["hooks"]
    for key, value in before.items():
        if key == "custom_exceptions":  # the course's feedback installs one handler, for NotYet
            if set(after[key]) - {"NotYet"} != set(value) - {"NotYet"}:
                changed.append("IPython custom exception handlers")
        elif after.get(key) != value:
            changed.append(key)
    return changed
