"""A real webhook receiver on 127.0.0.1 (a free port, a background thread) that records every
request and answers with scripted status codes. Using it allows webhooks to private hosts
(BAHI_WEBHOOK_ALLOW_PRIVATE_HOSTS), in this process's settings and in the environment that
subprocesses started by the test inherit."""

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)  # answered in order; then 200
    location: str = "http://169.254.169.254/latest/meta-data/"  # sent with a 3xx status

    def next_status(self) -> int:
        return self.statuses.pop(0) if self.statuses else 200


def _handler_for(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            receiver.requests.append(Received(self.path, dict(self.headers.items()), body))
            status = receiver.next_status()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            if 300 <= status < 400:
                self.send_header("Location", receiver.location)
            self.end_headers()
            self.wfile.write(b"ok" if status < 300 else b"try later")

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def receiver(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = True
    monkeypatch.setenv("BAHI_WEBHOOK_ALLOW_PRIVATE_HOSTS", "1")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(Receiver(url="")))
    host, port = server.server_address[:2]
    state = Receiver(url=f"http://{host}:{port}/hooks")
    server.RequestHandlerClass = _handler_for(state)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
