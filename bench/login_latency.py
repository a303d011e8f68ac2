"""Sign-in latency with Argon2id (Django's default parameters, as in production).

    python -m bench.login_latency [--rounds 30]

Times `check_password` alone, then the whole sign-in POST through allauth's view (form, limits,
security event, session) for a right password, a wrong one and an unknown account, on an
in-memory SQLite database. The wrong password and the unknown account should take the same time
(one hash each), so a response time does not tell whether an account exists.
"""

import argparse
import os
import statistics
import time
from collections.abc import Callable

import bahi  # noqa: F401  (the bundled SQLite first)


def _times(action: Callable[[], object], rounds: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds per call (CPU time is steadier on a shared machine)."""
    wall, cpu = [], []
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


def _summary(label: str, samples: tuple[list[float], list[float]]) -> str:
    wall, cpu = sorted(samples[0]), samples[1]
    p95 = wall[min(len(wall) - 1, round(0.95 * (len(wall) - 1)))]
    return (
        f"{label:28} median {statistics.median(wall):6.1f} ms   p95 {p95:6.1f} ms   "
        f"cpu median {statistics.median(cpu):6.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench.login_latency")
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django
    from django.conf import settings

    django.setup()
    from django.contrib.auth.hashers import check_password, make_password
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import setup_databases, setup_test_environment

    from bahi.identity.models import User

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    setup_test_environment()
    setup_databases(verbosity=0, interactive=False)
    password = "correct horse battery staple"  # noqa: S105 - a benchmark's
    User.objects.create_user("owner", "owner@example.in", password)
    encoded = make_password(password)
    print(f"hash: {'$'.join(encoded.split('$')[1:4])}")
    results = {"check_password": _times(lambda: check_password(password, encoded), rounds)}
    for label, login, typed in [
        ("sign-in, right password", "owner@example.in", password),
        ("sign-in, wrong password", "owner@example.in", "wrong password 123"),
        ("sign-in, unknown account", "ghost@example.in", "wrong password 123"),
    ]:

        def attempt(login: str = login, typed: str = typed) -> None:
            cache.clear()  # stay under the sign-in limits
            Client().post("/accounts/login/", {"login": login, "password": typed})

        results[label] = _times(attempt, rounds)
    for label, samples in results.items():
        print(_summary(label, samples))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
