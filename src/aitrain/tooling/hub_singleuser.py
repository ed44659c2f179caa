"""A participant's server as the classroom hub starts it: JupyterHub's single-user server (jupyterhub-singleuser)
with what a participant uses, and nothing that only costs CPU and memory at each start (issue 31).

- jsonschema's grammar for the "iri" format (three Earley parsers built from rfc3987-syntax on import, 1.2 s of
  CPU in every Jupyter process) is never built: no Jupyter schema uses that format.
- Server extensions a participant has no use for stay off (`lab.PARTICIPANT_SERVER_OFF`: the language server,
  Notebook 7's pages and its shim, nbgrader's formgrader and course list).
- nbgrader's Assignments and Validate extensions load when first used (aitrain.tooling.nbgrader_first_use), not
  at every start: 21 MB of the participant's memory until they fetch or submit.

    python -P -m aitrain.tooling.hub_singleuser [jupyterhub-singleuser's options]

`-P`: the participant's home (the server's working folder) is not on the path, so a file there named like a
module cannot replace it in their own server.
"""

import sys


def without_iri_grammar() -> None:
    """Keep jsonschema from building its "iri" format checker (it then has none, as without rfc3987-syntax)."""
    sys.modules.setdefault("rfc3987_syntax", None)


def main() -> None:
    without_iri_grammar()
    from jupyterhub.singleuser import main as singleuser

    sys.exit(singleuser())


if __name__ == "__main__":
    main()
