"""A local HTTP receiver for webhook deliveries, on this machine's loopback
(a port in 18700-18799), answering with a scripted list of statuses."""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

PORTS = range(18700, 18800)


class Receiver:
    def __init__(self):
        self.requests = []
        self.statuses = []  # answered in turn; 200 once they run out
        self.delays = []  # seconds to wait before answering, in turn
        self.server = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}/hooks"

    def answer(self, *statuses, delays=()):
        self.statuses = list(statuses)
        self.delays = list(delays)

    def bodies(self):
        return [json.loads(request["body"]) for request in self.requests]


def _handler(receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            receiver.requests.append(
                {"path": self.path, "headers": dict(self.headers), "body": body}
            )
            if receiver.delays:
                time.sleep(receiver.delays.pop(0))
            status = receiver.statuses.pop(0) if receiver.statuses else 200
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", "/elsewhere")
            self.send_header("Content-Length", "2")
            self.end_headers()
            # the client may have given up waiting (timeout tests)
            with contextlib.suppress(OSError):
                self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def receiver(settings):
    """A running receiver; private targets are allowed so it can be reached."""
    settings.OUTGOING_WEBHOOKS_ALLOW_PRIVATE = True
    settings.OUTGOING_WEBHOOKS_TIMEOUT_SECONDS = 1
    receiver = Receiver()
    for port in PORTS:
        try:
            receiver.server = ThreadingHTTPServer(
                ("127.0.0.1", port), _handler(receiver)
            )
            break
        except OSError:
            continue
    else:
        pytest.fail("no free port in 18700-18799 for the webhook receiver")
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()
    thread.join(timeout=5)
