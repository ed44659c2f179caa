"""A participant's server as the classroom hub starts it: JupyterHub's single-user server (jupyterhub-singleuser)
with what a participant uses, and nothing that only costs CPU and memory at each start (issue 31).

- jsonschema's grammar for the "iri" format (three Earley parsers built from rfc3987-syntax on import, 1.2 s of
  CPU in every Jupyter process) is never built: no Jupyter schema uses that format. Nor are its checkers of other
  formats imported (durations, colours, URI templates...): no Jupyter schema uses a format at all.
- JupyterLab's PyPI extension manager (httpx, rich, click) and the extension listings' HTTP client (requests) are
  not imported: a participant's server is offline and its extension manager read-only (lab.offline_options).
- Server extensions a participant has no use for stay off (`lab.PARTICIPANT_SERVER_OFF`: the language server,
  Notebook 7's pages and its shim, nbgrader's formgrader and course list).
- nbgrader's Assignments and Validate extensions load when first used (aitrain.tooling.nbgrader_first_use), not
  at every start: 21 MB of the participant's memory until they fetch or submit.

    python -P -m aitrain.tooling.hub_singleuser [jupyterhub-singleuser's options]

`-P`: the participant's home (the server's working folder) is not on the path, so a file there named like a
module cannot replace it in their own server.
"""

import sys
import types

UNUSED_FORMAT_CHECKERS = ("fqdn", "rfc3986_validator", "rfc3339_validator", "webcolors", "jsonpointer",
                          "uri_template", "isoduration")
"""What jsonschema imports, if installed, to check formats that no Jupyter schema uses (each optional to it)."""


def without_iri_grammar() -> None:
    """Keep jsonschema from building its "iri" format checker (it then has none, as without rfc3987-syntax)."""
    sys.modules.setdefault("rfc3987_syntax", None)


def offline_stand_in(name: str) -> types.ModuleType:
    """A module in place of one an offline, read-only server never uses; using it says so."""
    module = types.ModuleType(name, "Not imported in a participant's server (aitrain.tooling.hub_singleuser).")

    def unused(*args, **kwargs):
        raise RuntimeError(f"{name} is not available in a participant's classroom server (offline).")

    module.PyPIExtensionManager = module.request = unused
    return module


def importing_without(stand_ins: dict, *modules: str) -> None:
    """Import `modules` with `stand_ins` (name -> module, or None: not installed) in place, then take the stand-ins
    away again, so that a later import anywhere gets the real module."""
    import importlib

    before = {name: sys.modules[name] for name in stand_ins if name in sys.modules}
    sys.modules.update(stand_ins)
    try:
        for module in modules:
            importlib.import_module(module)
    finally:
        for name in stand_ins:
            sys.modules.pop(name, None)
        sys.modules.update(before)


def lean_imports() -> None:
    """What the server would import at its start, less what a participant's server never uses."""
    without_iri_grammar()
    importing_without(dict.fromkeys(UNUSED_FORMAT_CHECKERS), "jsonschema")
    importing_without({"jupyterlab.extensions.pypi": offline_stand_in("jupyterlab.extensions.pypi"),
                       "requests": offline_stand_in("requests")}, "jupyterlab.labapp")


def main() -> None:
    lean_imports()
    from jupyterhub.singleuser import main as singleuser

    sys.exit(singleuser())


if __name__ == "__main__":
    main()
