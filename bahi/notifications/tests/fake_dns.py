"""A resolver for tests, at the socket.getaddrinfo level (what bahi.notifications.destinations
calls): the names a test sets answer its addresses, in turn (the last answer repeats, so a
test can make a name change between two lookups); IP literals are parsed as usual; any other
name does not exist. No query leaves the machine. `connects` records every TCP connect made
through socket.socket (the address it went to)."""

import socket
from dataclasses import dataclass, field
from typing import Any

import pytest


@dataclass
class FakeDns:
    answers: dict[str, list[list[str]]] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)
    connects: list[tuple[Any, ...]] = field(default_factory=list)

    def set(self, name: str, *answers: list[str]) -> None:
        self.answers[name] = list(answers)

    def lookup(self, name: str) -> list[str]:
        self.lookups.append(name)
        turns = self.answers[name]
        return turns.pop(0) if len(turns) > 1 else turns[0]


def _entry(address: str, port: Any) -> tuple[Any, ...]:
    if ":" in address:
        return (socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port, 0, 0))
    return (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> FakeDns:
    dns = FakeDns()
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(
        host: Any, port: Any, family: int = 0, type: int = 0, proto: int = 0, flags: int = 0
    ) -> list[tuple[Any, ...]]:
        try:
            return real_getaddrinfo(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)
        except socket.gaierror:
            if flags & socket.AI_NUMERICHOST:
                raise
        name = host.rstrip(".").lower()
        if name not in dns.answers:
            dns.lookups.append(name)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [_entry(address, port) for address in dns.lookup(name)]

    def connect(sock: socket.socket, address: Any) -> None:
        dns.connects.append(address)
        real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    return dns
