"""A real SMTP server on 127.0.0.1 (aiosmtpd on a free port) that keeps every message it
accepts, and can be told to refuse the next few with a temporary error."""

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller


@dataclass
class SmtpLog:
    host: str
    port: int
    messages: list[Message] = field(default_factory=list)
    refuse_next: int = 0  # answer this many DATA commands with 451

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.refuse_next:
            self.refuse_next -= 1
            return "451 4.3.0 try again later"
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server(settings) -> Iterator[SmtpLog]:
    """Django's SMTP backend pointed at a fresh loopback server for the test."""
    log = SmtpLog(host="127.0.0.1", port=_free_port())
    controller = Controller(log, hostname=log.host, port=log.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = log.host, log.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield log
    finally:
        controller.stop()
