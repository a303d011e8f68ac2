"""`bahi keys`: the encryption keys of values stored encrypted (third-party credentials, PAN)."""

import argparse

from rich.console import Console

from bahi.identity import crypto
from bahi.identity.fields import count_values_by_key, reencrypt_all


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    keys = subparsers.add_parser("keys", help="encryption keys: status, rotate, generate")
    commands = keys.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    status = commands.add_parser("status", help="the current key and how many values use each key")
    status.set_defaults(handler=status_command)
    rotate = commands.add_parser(
        "rotate", help="make a new key current and re-encrypt every value under it"
    )
    rotate.add_argument(
        "--resume",
        action="store_true",
        help="no new key: re-encrypt what is not yet under the current key",
    )
    rotate.add_argument("--batch-size", type=int, default=500, help="rows per transaction")
    rotate.set_defaults(handler=rotate_command)
    generate = commands.add_parser(
        "generate", help="print a new key as id:base64 (for BAHI_ENCRYPTION_KEYS or escrow)"
    )
    generate.set_defaults(handler=generate_command)


def status_command(args: argparse.Namespace) -> int:
    keyring = crypto.get_keyring()
    console = Console()
    console.print(f"keys from {keyring.source}; current key {keyring.current}")
    console.print(f"keys in the ring: {', '.join(keyring.keys)}")
    for field, per_key in count_values_by_key().items():
        spread = ", ".join(f"{key_id}: {count}" for key_id, count in sorted(per_key.items()))
        console.print(f"{field}: {spread or 'no values'}")
    return 0


def rotate_command(args: argparse.Namespace) -> int:
    console = Console()
    keyring = crypto.get_keyring() if args.resume else crypto.add_current_key()
    if not args.resume:
        console.print(
            f"new current key {keyring.current} written to {keyring.path}: copy it to the key "
            "escrow now"
        )
    changed = reencrypt_all(batch_size=args.batch_size)
    console.print(f"re-encrypted {changed} values under key {keyring.current}")
    return 0


def generate_command(args: argparse.Namespace) -> int:
    print(crypto.format_key(*crypto.new_key()))
    return 0
