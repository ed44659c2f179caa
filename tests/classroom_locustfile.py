"""Locust's participants for the classroom soak (tests/classroom_load.py starts it; not a test file itself).

Each simulated participant is one of the hub's real accounts, whose server is already running: they log in
through the hub's form once, then at a workshop's pace (a request every few seconds) open their notebook,
save it, run a cell in their kernel, look at the hub's home page and now and then submit module 02. Every
request is checked: a failure is counted by locust, and the soak fails on any.

AITRAIN_SOAK names a JSON file: {"base", "ca", "module": {"slug", "notebook"}, "users": [{"name", "password",
"token", "server"}]}.
"""

import json
import os
import random
import secrets
import socket
import time
from itertools import count

import websocket
from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["AITRAIN_SOAK"]).read())
TURN = count()
_getaddrinfo = socket.getaddrinfo


def _resolve(host, *args, **kwargs):
    """The room's wildcard DNS (init --domain): the hub's name and every server's under it are this machine."""
    domain = PLAN.get("domain")
    if domain and isinstance(host, str) and (host == domain or host.endswith("." + domain)):
        host = "127.0.0.1"
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _resolve


class Participant(HttpUser):
    host = PLAN["base"]
    wait_time = between(3, 8)

    def on_start(self):
        self.me = PLAN["users"][next(TURN) % len(PLAN["users"])]
        self.client.verify = PLAN["ca"]
        self.client.trust_env = False
        self.client.get("/hub/login", name="hub: login page")
        with self.client.post("/hub/login?next=", name="hub: log in", allow_redirects=False, catch_response=True,
                              data={"username": self.me["name"], "password": self.me["password"],
                                    "_xsrf": self.client.cookies.get("_xsrf", "")}) as r:
            if r.status_code != 302:
                r.failure(f"login refused: {r.status_code}")
        self.api = f"{self.me['server']}/user/{self.me['name']}/api"
        self.auth = {"Authorization": f"token {self.me['token']}"}
        self.path = f"soak-{secrets.token_hex(3)}.ipynb"
        self.notebook = {"cells": [{"cell_type": "code", "execution_count": None, "id": "a1", "metadata": {},
                                    "outputs": [], "source": "total = sum(range(1000))"}],
                         "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
        self.save()
        r = self.client.post(f"{self.api}/sessions", headers=self.auth, name="server: open notebook (kernel)",
                             json={"path": self.path, "type": "notebook", "name": "", "kernel": {"name": "python3"}})
        self.kernel = r.json()["kernel"]["id"] if r.ok else None

    @task(4)
    def save(self):
        self.notebook["cells"][0]["source"] = f"total = sum(range({random.randint(1, 10**6)}))"
        self.client.put(f"{self.api}/contents/{self.path}", headers=self.auth, name="server: save notebook",
                        json={"type": "notebook", "format": "json", "content": self.notebook})

    @task(3)
    def open_notebook(self):
        self.client.get(f"{self.api}/contents/{self.path}", headers=self.auth, name="server: open notebook")

    @task(3)
    def run_cell(self):
        if self.kernel is None:
            return
        started, error, size = time.perf_counter(), None, 0
        try:
            ws = websocket.create_connection(
                f"{self.api.replace('http', 'ws', 1)}/kernels/{self.kernel}/channels", timeout=120,
                header=[f"Authorization: token {self.me['token']}"], sslopt={"ca_certs": PLAN["ca"]})
            try:
                msg_id = secrets.token_hex(8)
                ws.send(json.dumps({"header": {"msg_id": msg_id, "msg_type": "execute_request", "session": msg_id,
                                               "username": self.me["name"], "date": "", "version": "5.3"},
                                    "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                                    "content": {"code": "print(sum(range(10**5)))", "silent": False,
                                                "store_history": True, "user_expressions": {},
                                                "allow_stdin": False, "stop_on_error": True}}))
                while True:
                    raw = ws.recv()
                    size += len(raw)
                    msg = json.loads(raw)
                    if msg.get("msg_type") == "execute_reply" and msg["parent_header"].get("msg_id") == msg_id:
                        if msg["content"]["status"] != "ok":
                            error = RuntimeError(msg["content"].get("evalue", "cell failed"))
                        break
            finally:
                ws.close()
        except Exception as e:  # noqa: BLE001 - reported to locust as this request's failure
            error = e
        events.request.fire(request_type="WS", name="kernel: run a cell", response_time=(time.perf_counter()
                            - started) * 1000, response_length=size, exception=error, context={})

    @task(1)
    def hub_home(self):
        self.client.get("/hub/home", name="hub: home page")

    @task(1)
    def submit(self):
        if random.random() < 0.3:  # a participant submits a few times in a morning, not every minute
            with self.client.post(f"{self.me['server']}/user/{self.me['name']}/assignments/submit",
                                  headers=self.auth, name="server: submit module", catch_response=True,
                                  data={"course_id": "aitrain", "assignment_id": PLAN["module"]["slug"]}) as r:
                if not r.ok or not r.json().get("success"):
                    r.failure(f"submit failed: {r.text[-300:]}")

    def on_stop(self):
        if self.kernel is not None:
            self.client.delete(f"{self.api}/kernels/{self.kernel}", headers=self.auth, name="server: close kernel")
        self.client.delete(f"{self.api}/contents/{self.path}", headers=self.auth, name="server: delete notebook")
