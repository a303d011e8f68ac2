"""Hook: the same books through hledger, ledger and Beancount, and the memory of `bahi import`.

Runs only when bahi.ledger.formats and the `bahi export` / `bahi import` commands exist; every
missing piece is reported as "not available" / "not installed" instead of failing the run.
"""

import importlib.util
import shutil
import subprocess
import sys
import time
from pathlib import Path

TIMEOUT = 900  # seconds per external tool
RSS_WRAPPER = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
    "stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def _cli_commands() -> set[str]:
    from bahi.cli import build_parser

    parser = build_parser()
    for action in parser._actions:  # noqa: SLF001  (argparse keeps sub-commands here)
        if hasattr(action, "choices") and isinstance(action.choices, dict):
            return set(action.choices)
    return set()


def _bahi(*arguments: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        "import sys; from bahi.cli import main; sys.exit(main())",
        *arguments,
    ]


def _timed(command: list[str]) -> str:
    started = time.perf_counter()
    try:
        completed = subprocess.run(
            command, capture_output=True, timeout=TIMEOUT, check=False, text=True
        )
    except subprocess.TimeoutExpired:
        return f"timed out after {TIMEOUT} s"
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        return f"failed ({completed.stderr.strip().splitlines()[-1:] or completed.returncode})"
    return f"{seconds:.2f} s"


def _tool(name: str) -> str | None:
    venv_bin = Path(sys.executable).parent / name
    return str(venv_bin) if venv_bin.exists() else shutil.which(name)


def _tools(journal: Path, beancount: Path) -> dict[str, str]:
    runs = {
        "hledger bal": ("hledger", ["-f", str(journal), "bal"]),
        "ledger bal": ("ledger", ["-f", str(journal), "bal"]),
        "bean-check": ("bean-check", [str(beancount)]),
    }
    result = {}
    for label, (name, arguments) in runs.items():
        path = _tool(name)
        result[label] = _timed([path, *arguments]) if path else "not installed"
    return result


def _empty_company(company) -> int:
    """A new company with the default chart, administered by the same user, to import into."""
    from bahi.identity.models import Membership
    from bahi.ledger.services import create_company_with_books

    owner = Membership.objects.filter(company=company).order_by("id").first().user
    target = create_company_with_books(
        owner=owner,
        legal_name=f"{company.legal_name} (import)",
        state_code=company.state_code,
        books_begin_date=company.books_begin_date,
    )
    return target.id


def _import_peak_rss(journal: Path, company_id: int) -> str:
    arguments = ("import", str(journal), "--format", "journal", "--company", str(company_id))
    command = [sys.executable, "-c", RSS_WRAPPER, *_bahi(*arguments)]
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        return f"failed: {completed.stderr.strip().splitlines()[-1:]}"
    return f"{int(completed.stdout.split()[-1]) / 1024:,.0f} MB peak RSS, {seconds:.1f} s"


def measure(*, company, work_dir: Path) -> dict[str, str]:
    if importlib.util.find_spec("bahi.ledger.formats") is None:
        return {"status": "not available (no bahi.ledger.formats)"}
    missing = {"export", "import"} - _cli_commands()
    if missing:
        return {"status": f"not available (no `bahi {'/'.join(sorted(missing))}` command)"}
    journal, beancount = work_dir / "books.journal", work_dir / "books.beancount"
    result = {}
    for fmt, path in (("journal", journal), ("beancount", beancount)):
        result[f"bahi export {fmt}"] = _timed(
            _bahi("export", "--company", str(company.id), "--format", fmt, "--output", str(path))
        )
    result.update(_tools(journal, beancount))
    if journal.exists():
        result["bahi import journal"] = _import_peak_rss(journal, _empty_company(company))
    return result
