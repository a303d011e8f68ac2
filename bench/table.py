"""The results as tables (rich), with the targets next to the figures."""

from rich.console import Console
from rich.table import Table

BULK_TARGET = 0.40  # of the raw insert limit
SINGLE_TARGET = 1000  # entries per second, one transaction each (SQLite)
REPORT_TARGET_MS = 50.0


def _rate(value: float) -> str:
    return f"{value:,.0f}"


def _raw_limit(result: dict) -> tuple[str, float]:
    """The method Bahi's bulk path uses: COPY on PostgreSQL, executemany on SQLite."""
    raw = result["raw"]
    method = "copy" if "copy" in raw else "executemany"
    return method, raw[method]["lines_per_s"]


def _cpu_ratio(result: dict) -> str:
    """SQLite runs in the benchmark's process, so CPU time (not wall time) prices the work
    without the noise of other processes on the machine; PostgreSQL's work is in the server."""
    if result["vendor"].split()[0] != "sqlite" or "cpu_seconds" not in result["bulk"]:
        return "-"
    posting = result["bulk"]["cpu_seconds"] - result["generation"]["cpu_seconds"]
    return f"{result['raw']['executemany']['cpu_seconds'] / posting:.0%}"


def _indexed(raw: dict, raw_rate: float) -> str:
    """The raw table with the line table's indexes: lines/s and its share of the raw limit."""
    if "indexed" not in raw:
        return "-"
    rate = raw["indexed"]["lines_per_s"]
    return f"{_rate(rate)} ({rate / raw_rate:.0%})"


def _mark(ok: bool) -> str:
    return "[green]ok[/green]" if ok else "[red]below target[/red]"


def posting_table(results: list[dict]) -> Table:
    table = Table(title="Posting (entries and lines per second)")
    for column in (
        "database", "entries", "lines", "generate/s", "bulk entries/s", "bulk lines/s",
        "raw lines/s", "raw + line indexes", "bulk/raw", "bulk/raw excl. gen.",
        "CPU bulk/raw excl. gen.", "single/s", "raw commits/s",
        "peak RSS MB",
    ):  # fmt: skip
        table.add_column(column, justify="right")
    for result in results:
        if "error" in result:
            table.add_row(result["vendor"], f"{result['size']:,}", f"[red]{result['error']}")
            continue
        lines = result["generation"]["lines"]
        bulk_seconds = result["bulk"]["seconds"]
        method, raw_rate = _raw_limit(result)
        bulk_lines = lines / bulk_seconds
        posting_only = max(bulk_seconds - result["generation"]["seconds"], 1e-9)
        single = result["single"]["entries_per_s"]
        table.add_row(
            result["vendor"],
            f"{result['size']:,}",
            f"{lines:,}",
            _rate(result["generation"]["entries_per_s"]),
            _rate(result["size"] / bulk_seconds),
            _rate(bulk_lines),
            f"{_rate(raw_rate)} ({method})",
            _indexed(result["raw"], raw_rate),
            f"{bulk_lines / raw_rate:.0%} {_mark(bulk_lines / raw_rate >= BULK_TARGET)}",
            f"{lines / posting_only / raw_rate:.0%}",
            _cpu_ratio(result),
            f"{_rate(single)} {_mark(single >= SINGLE_TARGET)}",
            _rate(result["raw"]["commit"]["per_s"]),
            f"{result['bulk']['peak_rss_mb']:,.0f}",
        )
    return table


def reports_table(results: list[dict]) -> Table:
    names = ("build_balances_as_of", "build_trial_balance", "build_profit_and_loss",
             "build_balance_sheet")  # fmt: skip
    table = Table(title=f"Reports, median ms (target <= {REPORT_TARGET_MS:.0f} ms)")
    table.add_column("database")
    table.add_column("entries", justify="right")
    for name in names:
        table.add_column(name.removeprefix("build_"), justify="right")
    for result in results:
        if "error" in result:
            continue
        cells = []
        for name in names:
            value = result["reports"].get(name, "not available")
            if isinstance(value, dict):
                ms = value["median_ms"]
                colour = "green" if ms <= REPORT_TARGET_MS else "red"
                cells.append(f"[{colour}]{ms:.1f}[/{colour}]")
            else:
                cells.append(str(value)[:40])
        table.add_row(result["vendor"], f"{result['size']:,}", *cells)
    return table


def compare_table(results: list[dict]) -> Table | None:
    rows = [r for r in results if "compare" in r]
    if not rows:
        return None
    table = Table(title="Other tools on the same books (seconds; import peak RSS)")
    table.add_column("database")
    table.add_column("entries", justify="right")
    table.add_column("measurement")
    table.add_column("result", justify="right")
    for result in rows:
        for key, value in result["compare"].items():
            table.add_row(result["vendor"], f"{result['size']:,}", key, str(value))
    return table


def breakdown_table(results: list[dict], phase: str) -> Table:
    """Seconds per kind of SQL statement; the remainder is Python (and, in bulk, generation)."""
    table = Table(title=f"Where the time goes: {phase} posting (seconds)")
    for column in ("database", "entries", "total", "generation", "statement", "seconds", "share"):
        table.add_column(column, justify="right" if column not in {"statement"} else "left")
    for result in results:
        if "error" in result:
            continue
        data = result[phase]
        total = data["seconds"]
        generation = result["generation"]["seconds"] if phase == "bulk" else 0.0
        statements = sorted(data["statements"].items(), key=lambda item: -item[1])
        python = total - generation - sum(seconds for _, seconds in statements)
        rows = [*statements, ("Python: checks, row building", python)]
        for index, (name, seconds) in enumerate(rows):
            head = (result["vendor"], f"{result['size']:,}", f"{total:.2f}", f"{generation:.2f}")
            table.add_row(
                *(head if index == 0 else ("",) * 4),
                name,
                f"{seconds:.3f}",
                f"{seconds / total:.0%}",
            )
    return table


def print_results(results: list[dict]) -> None:
    console = Console(width=200)
    console.print(posting_table(results))
    console.print(breakdown_table(results, "bulk"))
    console.print(breakdown_table(results, "single"))
    console.print(reports_table(results))
    if (table := compare_table(results)) is not None:
        console.print(table)
