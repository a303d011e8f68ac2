"""Load the demo company (`bahi init` on an empty database, `bahi demo`): an admin user whose
password is shown once and kept 0600 in the data directory, and a year of generated books."""

import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from bahi.demo.services import (
    DEMO_ENTRIES,
    DEMO_LEGAL_NAME,
    DEMO_SEED,
    DEMO_YEARS,
    DemoCompany,
    create_demo_company,
    demo_books_begin,
)
from bahi.identity.models import User

DEMO_USERNAME = "admin"
DEMO_EMAIL = "admin@demo.bahi.in"
CREDENTIALS_FILE = "demo-credentials.txt"


def load_demo(
    *,
    entries: int = DEMO_ENTRIES,
    years: int = DEMO_YEARS,
    seed: int = DEMO_SEED,
    legal_name: str = DEMO_LEGAL_NAME,
) -> None:
    """Create the demo admin (or reuse it) and a demo company it administers."""
    console = Console()
    with transaction.atomic():
        user, password = _demo_admin()
        demo = _create_with_progress(
            console, owner=user, entries=entries, years=years, seed=seed, legal_name=legal_name
        )
    _report(console, demo)
    if password is not None:
        path = write_credentials(Path(settings.DATA_DIR), DEMO_USERNAME, password)
        console.print(
            f"Sign in as [bold]{DEMO_USERNAME}[/bold] with password [bold]{password}[/bold]\n"
            f"(shown once; also saved to {path}, readable only by you)"
        )


def _demo_admin() -> tuple[User, str | None]:
    """The demo admin and its new password; None when the user already existed."""
    existing = User.objects.filter(username=DEMO_USERNAME).first()
    if existing is not None:
        return existing, None
    password = secrets.token_urlsafe(12)
    user = User.objects.create_superuser(DEMO_USERNAME, DEMO_EMAIL, password)
    return user, password


def create_demo_for(
    owner: User, *, entries: int, years: int, seed: int, number: int
) -> DemoCompany:
    """Demo company `number` administered by `owner`, with a progress bar."""
    demo = _create_with_progress(
        Console(),
        owner=owner,
        entries=entries,
        years=years,
        seed=seed,
        legal_name=f"{DEMO_LEGAL_NAME} ({number})",
        registration=min(number, 35),
    )
    _report(Console(), demo)
    return demo


def _create_with_progress(
    console: Console,
    *,
    owner: User,
    entries: int,
    years: int,
    seed: int,
    legal_name: str,
    registration: int = 1,
) -> DemoCompany:
    begin = demo_books_begin(today=timezone.localdate(), years=years)
    with _progress(console, entries) as advance:
        return create_demo_company(
            owner=owner,
            books_begin_date=begin,
            legal_name=legal_name,
            entries=entries,
            years=years,
            seed=seed,
            registration=registration,
            on_progress=advance,
        )


class _RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} entries/s" if speed else "", style="cyan")


@contextmanager
def _progress(console: Console, total: int) -> Iterator[Callable[[int], None]]:
    columns = (
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("entries"),
        TaskProgressColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("Posting demo books", total=total)
        yield lambda count: progress.advance(task, count)


def _report(console: Console, demo: DemoCompany) -> None:
    company = demo.company
    console.print(
        f"[green]Demo company ready:[/green] {company.legal_name} (id {company.id}, GSTIN "
        f"{company.gstin}), {demo.entries_posted:,} entries from "
        f"{company.books_begin_date.strftime('%d-%m-%Y')}"
    )


def write_credentials(data_dir: Path, username: str, password: str) -> Path:
    """Write the demo sign-in to `data_dir`, mode 0600 from creation (never world-readable)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / CREDENTIALS_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an older file keeps its mode on O_CREAT: set it explicitly
    with os.fdopen(fd, "w") as handle:
        handle.write(f"Bahi demo sign-in\nusername: {username}\npassword: {password}\n")
    return path
