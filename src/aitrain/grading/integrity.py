"""Detecting a tampered kernel: a static look at the participant's code, and probes run inside the kernel.

The static scan reads every cell a participant could write (not the locked cells, which the grader restores
from the gradebook) and reports constructs a course answer never needs: leaving or killing the kernel,
touching builtins, the interpreter or IPython's machinery, changing attributes of imported libraries or of
the course's checking code, objects with their own comparison methods, processes, sockets, file writes.

The probe runs in the kernel before the first cell and after every graded test cell. It prints a fingerprint
(object ids of builtins, of the functions of the checking code and the libraries the tests use, of
IPython's hooks) tagged with a nonce; the grader compares each fingerprint with the first. Code that could
forge a probe's output needs the constructs the static scan reports, so the two checks cover each other.
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
# The probe, run in the kernel.

WATCHED_LIBRARIES = ("builtins", "math", "numpy", "pandas", "sklearn.metrics", "matplotlib.pyplot")


def watched_modules() -> tuple[str, ...]:
    """What the probe fingerprints: the libraries the checks use and every course module a notebook imports
    (the probe adds every exercise module itself)."""
    return WATCHED_LIBRARIES + notebook_helper_modules()

PROBE = r'''
def _aitrain_probe(nonce, watched):
    import builtins, importlib, json, pkgutil, sys
    import aitrain.exercises
    names = list(watched) + ["aitrain.exercises." + m.name for m in pkgutil.iter_modules(aitrain.exercises.__path__)]
    found = {}
    for name in names:
        try:
            module = importlib.import_module(name)
        except Exception:
            continue
        found["sys.modules:" + name] = id(sys.modules.get(name))
        for attr, value in list(vars(module).items()):
            if attr in ("_", "__", "___", "input", "raw_input") or (name == "builtins" and attr.startswith("_i")):
                continue
            found[name + ":" + attr] = id(value)
            code = getattr(value, "__code__", None)
            if code is not None:
                found[name + ":" + attr + ".__code__"] = id(code)
                found[name + ":" + attr + ".__defaults__"] = id(getattr(value, "__defaults__", None))
            owned = isinstance(value, type) and getattr(value, "__module__", "").split(".")[0] in (
                "pandas", "aitrain", "numpy")
            if owned or type(value).__name__ == "Exercise":
                for key, member in list(vars(value).items()):
                    found[name + ":" + attr + "." + key] = id(member)
                    code = getattr(member, "__code__", None) or getattr(getattr(member, "__func__", None),
                                                                      "__code__", None)
                    if code is not None:
                        found[name + ":" + attr + "." + key + ".__code__"] = id(code)
    shell = get_ipython()
    hooks = {
        "trace": repr(sys.gettrace()), "profile": repr(sys.getprofile()),
        "displayhook": id(sys.displayhook), "stdout": id(sys.stdout),
        "stderr": id(sys.stderr), "meta_path": [id(m) for m in sys.meta_path],
        "input_transformers": [id(t) for t in shell.input_transformers_cleanup + shell.input_transformers_post],
        "ast_transformers": [id(t) for t in shell.ast_transformers],
        "events": {k: len(v) for k, v in shell.events.callbacks.items()},
        "custom_exceptions": [c.__name__ for c in shell.custom_exceptions],
        "shell_class": [id(v) for v in vars(type(shell)).values()],
        "shell_patched": sorted(k for k, v in vars(shell).items() if callable(v) and k != "CustomTB"),
        "session_patched": sorted(vars(getattr(getattr(shell, "kernel", None), "session", None) or object).keys()),
    }
    sys.__stdout__.flush()
    print(nonce + json.dumps({"ids": found, "hooks": hooks}, sort_keys=True), flush=True)

_aitrain_probe(%r, %r)
del _aitrain_probe
'''


def probe_source(nonce: str) -> str:
    return PROBE % (nonce, watched_modules())


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
