"""`bahi init` and `bahi serve`."""

import argparse
import os
import subprocess
import sys

from django.core.management import call_command

from bahi.core.errors import InvalidInput
from bahi.identity.models import Company


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    init = subparsers.add_parser("init", help="create or upgrade the database; demo books if empty")
    init.add_argument("--no-demo", action="store_true", help="do not load the demo company")
    init.set_defaults(handler=init_command)

    serve = subparsers.add_parser("serve", help="serve the web app (gunicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("BAHI_SERVE_THREADS", "1")),
        help="threads per worker (gunicorn gthread; 1 = one request at a time per worker)",
    )
    serve.add_argument("--tls-cert", metavar="FILE", help="serve HTTPS with this certificate (PEM)")
    serve.add_argument("--tls-key", metavar="FILE", help="the certificate's private key (PEM)")
    serve.set_defaults(handler=serve_command)


def init_command(args: argparse.Namespace) -> int:
    call_command("migrate", interactive=False, verbosity=0)
    if Company.objects.exists():
        print("Database is up to date.")
        return 0
    if args.no_demo:
        print("Database created. Load demo books with `bahi demo`.")
        return 0
    from bahi.cli.demo_loader import load_demo

    load_demo()
    return 0


def _tls_options(args: argparse.Namespace) -> list[str]:
    """gunicorn's options for HTTPS (TLS 1.2+, see bahi.cli.gunicorn_tls), or none."""
    cert, key = getattr(args, "tls_cert", None), getattr(args, "tls_key", None)
    if not cert and not key:
        return []
    if not cert or not key:
        raise InvalidInput("give both --tls-cert and --tls-key")
    for flag, path in (("--tls-cert", cert), ("--tls-key", key)):
        if not os.path.isfile(path):
            raise InvalidInput(f"{flag}: no such file {path}")
    return ["--certfile", cert, "--keyfile", key, "--config", "python:bahi.cli.gunicorn_tls"]


def serve_command(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    tls = _tls_options(args)
    scheme = "https" if tls else "http"
    print(f"Bahi is serving on {scheme}://{args.host}:{args.port}  (Ctrl-C to stop)", flush=True)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(getattr(args, "threads", 1)),
        "--access-logfile",
        "-",
        *tls,
    ]
    return subprocess.call(command)  # noqa: S603
