"""nbgrader's two participant server extensions (the Assignments panel's and Validate's handlers), loaded when a
participant first uses one of them, not at every server start (issue 31).

Importing them imports nbgrader's whole application (its database layer, nbconvert, its exchange): about 21 MB
of a participant's memory for the whole day and 0.5 s of CPU at each start, though a participant opens the
Assignments panel only to fetch or submit. This extension instead puts one routing rule in front of the server's
own: it matches nbgrader's addresses only (`/assignments...`, `/courses`, `/nbgrader_version`), and the first
request to one of them loads nbgrader's extensions exactly as the server would have at its start; then the rule
steps aside and the request goes on to nbgrader's handlers, as every later one does. No request is answered
differently; the first one waits for the import.

A participant's server (lean, aitrain.tooling.lab.offline_options) switches nbgrader's two extensions off and this
one on.
"""

import re

from tornado.routing import Matcher, Rule
from tornado.web import ErrorHandler

EXTENSIONS = ("nbgrader.server_extensions.assignment_list", "nbgrader.server_extensions.validate_assignment")
ADDRESSES = r"(?:assignments|courses|nbgrader_version)(?:/.*)?"
"""Where nbgrader's participant handlers are, under the server's base URL (nbgrader's `default_handlers`)."""


class FirstUse(Matcher):
    """Matches nothing: on the first request to nbgrader's addresses it loads nbgrader's extensions, whose handlers
    (added after the server's own) then answer it."""

    def __init__(self, serverapp, base_url: str) -> None:
        self.serverapp = serverapp
        self.regex = re.compile(re.escape(base_url.rstrip("/") + "/") + ADDRESSES + "$")
        self.loaded = False

    def match(self, request):
        if not self.loaded and self.regex.match(request.path):
            load(self.serverapp)
            self.loaded = True
        return None


def load(serverapp) -> None:
    """nbgrader's participant extensions, loaded into the running server as its start would have loaded them."""
    import importlib

    for name in EXTENSIONS:
        serverapp.log.info("Loading %s on its first use", name)
        importlib.import_module(name)._load_jupyter_server_extension(serverapp)


def _jupyter_server_extension_points():
    return [{"module": __name__}]


def _load_jupyter_server_extension(serverapp) -> None:
    web_app = serverapp.web_app
    matcher = FirstUse(serverapp, web_app.settings["base_url"])
    web_app.default_router.rules.insert(0, Rule(matcher, ErrorHandler, {"status_code": 404}))
