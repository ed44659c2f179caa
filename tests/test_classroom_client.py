"""The classroom tests' web client (tests/classroom_hub.py) sends a request again, once, when a kept-alive
connection was closed by the server before it answered, as browsers do; the hub's proxy closes idle connections
after 5 s, which once made the classroom loop fail on a POST after the formgrader's browser step."""

import http.server
import threading

import pytest
import requests
from classroom_hub import web_session


class ClosesKeptAliveConnections(http.server.BaseHTTPRequestHandler):
    """Keeps a connection alive after its first reply, then closes it at the next request without answering: as
    the proxy does when its idle timeout and the client's next request cross."""

    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        self.answered = 0

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.answered:
            self.close_connection = True
            return
        self.answered += 1
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ClosesKeptAliveConnections)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_a_request_on_a_connection_the_server_closed_is_sent_again(server):
    plain = requests.Session()
    assert plain.post(server, data="a", timeout=10).text == "ok"
    with pytest.raises(requests.exceptions.ConnectionError):  # what the classroom loop met
        plain.post(server, data="b", timeout=10)
    session = web_session({"ca": True})
    for body in "abc":
        assert session.post(server, data=body, timeout=10).text == "ok"  # the second and third sent again
