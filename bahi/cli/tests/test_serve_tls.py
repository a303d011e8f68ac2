"""`bahi serve --tls-cert --tls-key` answers over HTTPS with TLS 1.2+ and AEAD ciphers only."""

import http.client
import os
import signal
import socket
import ssl
import subprocess
import sys
import time

import pytest

from bahi.cli import setup
from bahi.core.errors import InvalidInput
from bahi.notifications.tests.receiver import certificate_for

pytestmark = pytest.mark.slow
BAHI = [sys.executable, "-c", "import sys; from bahi.cli import main; sys.exit(main())"]


def self_signed(tmp_path):
    return certificate_for("127.0.0.1", tmp_path)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(port: int, context: ssl.SSLContext, deadline: float) -> tuple[bytes, str, str]:
    """GET /healthz over HTTPS, retrying until the server is up: (body, TLS version, cipher)."""
    while True:
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=2)
        try:
            connection.connect()
            version, cipher = connection.sock.version(), connection.sock.cipher()[0]
            connection.request("GET", "/healthz")
            return connection.getresponse().read(), version, cipher
        except (ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
        finally:
            connection.close()


@pytest.fixture
def server_env(tmp_path):
    """SQLite in a fresh data directory, with the settings `bahi` chooses itself."""
    drop = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["BAHI_DATA_DIR"] = str(tmp_path / "data")
    subprocess.run([*BAHI, "init", "--no-demo"], env=env, check=True, timeout=120)  # noqa: S603
    return env


def test_serve_answers_health_over_tls_1_2_or_later(tmp_path, server_env):
    cert, key = self_signed(tmp_path)
    port = free_port()
    args = ["serve", "--port", str(port), "--workers", "1", "--tls-cert", str(cert)]
    server = subprocess.Popen(  # noqa: S603
        [*BAHI, *args, "--tls-key", str(key)],
        env=server_env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        context = ssl.create_default_context(cafile=str(cert))
        context.maximum_version = ssl.TLSVersion.TLSv1_2
        body, version, cipher = fetch(port, context, time.monotonic() + 30)
        assert body == b'{"status": "ok"}'
        assert version == "TLSv1.2"
        assert "GCM" in cipher or "CHACHA20" in cipher
        newest = ssl.create_default_context(cafile=str(cert))
        assert fetch(port, newest, time.monotonic() + 5)[1] == "TLSv1.3"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=5)


def test_a_certificate_without_its_key_is_refused(tmp_path):
    cert, _ = self_signed(tmp_path)
    args = setup.argparse.Namespace(tls_cert=str(cert), tls_key=None)
    with pytest.raises(InvalidInput, match="both --tls-cert and --tls-key"):
        setup._tls_options(args)
    missing = setup.argparse.Namespace(tls_cert=str(cert), tls_key=str(tmp_path / "nope.pem"))
    with pytest.raises(InvalidInput, match="--tls-key: no such file"):
        setup._tls_options(missing)
