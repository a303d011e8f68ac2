"""`bahi demo`: another demo company with generated books (the first one if there is none)."""

import argparse

from bahi.cli.context import company_admin
from bahi.cli.demo_loader import create_demo_for, load_demo
from bahi.demo.services import DEMO_ENTRIES, DEMO_SEED, DEMO_YEARS
from bahi.identity.models import Company


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    demo = subparsers.add_parser("demo", help="create a demo company with generated books")
    demo.add_argument("--entries", type=_positive, default=DEMO_ENTRIES, help="journal entries")
    demo.add_argument("--years", type=_positive, default=DEMO_YEARS, help="financial years")
    demo.add_argument(
        "--seed", type=int, default=DEMO_SEED, help="random seed (same seed, same books)"
    )
    demo.set_defaults(handler=demo_command)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def demo_command(args: argparse.Namespace) -> int:
    first = Company.objects.order_by("id").first()
    if first is None:
        load_demo(entries=args.entries, years=args.years, seed=args.seed)
        return 0
    create_demo_for(
        company_admin(first),
        entries=args.entries,
        years=args.years,
        seed=args.seed,
        number=Company.objects.count() + 1,
    )
    return 0
