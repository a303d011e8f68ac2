"""Report timings: the as-of balances every report starts from, and the statements of
bahi.reports.selectors when that module is there (imported defensively)."""

import statistics
import time
from collections.abc import Callable
from datetime import date

from bahi.core.fiscal import fiscal_year_of

NOT_AVAILABLE = "not available"


def _median_ms(call: Callable[[], object], repeats: int) -> dict:
    call()  # warm the caches and the connection once
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return {"median_ms": statistics.median(timings), "min_ms": min(timings), "runs": repeats}


def _statements(company, as_of: date) -> dict[str, Callable[[], object] | str]:
    try:
        from bahi.reports import selectors
    except ImportError as error:
        return dict.fromkeys(STATEMENTS, f"{NOT_AVAILABLE} ({error})")
    year_start = fiscal_year_of(as_of, start_month=company.fy_start_month).start
    period = {"company": company, "date_from": year_start, "date_to": as_of}
    calls = {
        "build_trial_balance": lambda: selectors.build_trial_balance(**period),
        "build_profit_and_loss": lambda: selectors.build_profit_and_loss(**period),
        "build_balance_sheet": lambda: selectors.build_balance_sheet(company=company, as_of=as_of),
    }
    return {name: calls[name] if hasattr(selectors, name) else NOT_AVAILABLE for name in STATEMENTS}


STATEMENTS = ("build_trial_balance", "build_profit_and_loss", "build_balance_sheet")


def measure(company, *, as_of: date, repeats: int) -> dict:
    from bahi.ledger.selectors import build_balances_as_of

    calls: dict[str, Callable[[], object] | str] = {
        "build_balances_as_of": lambda: build_balances_as_of(company=company, as_of=as_of)
    }
    calls.update(_statements(company, as_of))
    result: dict = {"as_of": as_of.isoformat()}
    for name, call in calls.items():
        if isinstance(call, str):
            result[name] = call
            continue
        try:
            result[name] = _median_ms(call, repeats)
        except TypeError as error:  # a signature this script does not know yet
            result[name] = f"{NOT_AVAILABLE} ({error})"
    return result
