"""Encryption at rest: AES-256-GCM with key ids, so keys can be rotated without downtime.

A sealed value is the text "v1:<key id>:<base64(nonce + ciphertext + tag)>", with a fresh random
96-bit nonce per value. The associated data names where the value lives (model, field and the
row's binding values), so a ciphertext copied to another field or row fails to decrypt.

Keys come from BAHI_ENCRYPTION_KEYS ("id1:base64key,id2:base64key", the first is current) or, when
that is unset, from the file `encryption_keys` in settings.DATA_DIR (one "id:base64key" a line,
the first is current), created mode 0600 on first use; a file others can read is refused.
Keep a copy of the keys outside the database backups: without them the values are lost.
"""

import base64
import binascii
import os
import secrets
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from bahi.core.errors import DomainError

FORMAT_VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12
ENV_VARIABLE = "BAHI_ENCRYPTION_KEYS"
KEY_FILE_NAME = "encryption_keys"
_AAD_PREFIX = b"bahi-encrypted-field/v1\x00"


class EncryptionError(DomainError):
    """A value cannot be sealed or opened, or the keys are unusable."""

    def __init__(self, message: str, *, code: str = "encryption_error") -> None:
        super().__init__(message, code=code)


@dataclass(frozen=True)
class Keyring:
    """Keys by id; `current` seals new values, every key opens values sealed under it."""

    current: str
    keys: dict[str, bytes]
    source: str = "memory"
    path: Path | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.current not in self.keys:
            raise EncryptionError(f"current key {self.current!r} is not in the keyring")
        for key_id, key in self.keys.items():
            _check_key(key_id, key)

    def with_new_current(self, key_id: str, key: bytes) -> "Keyring":
        return Keyring(key_id, {key_id: key, **self.keys}, self.source, self.path)


def _check_key(key_id: str, key: bytes) -> None:
    if not key_id or not key_id.isalnum():
        raise EncryptionError(f"key id {key_id!r} must be letters and digits")
    if len(key) != KEY_BYTES:
        raise EncryptionError(f"key {key_id!r} must be {KEY_BYTES} bytes (AES-256), not {len(key)}")


def new_key() -> tuple[str, bytes]:
    """A fresh random key and its id."""
    return secrets.token_hex(4), AESGCM.generate_key(bit_length=256)


def format_key(key_id: str, key: bytes) -> str:
    return f"{key_id}:{base64.b64encode(key).decode('ascii')}"


def parse_keys(text: str, *, source: str, path: Path | None = None) -> Keyring:
    """Parse "id:base64key" items separated by commas or newlines; the first is current."""
    items = [item.strip() for item in text.replace("\n", ",").split(",") if item.strip()]
    if not items:
        raise EncryptionError(f"no encryption keys in {source}")
    keys: dict[str, bytes] = {}
    for number, item in enumerate(items, start=1):
        key_id, _, encoded = item.partition(":")
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise EncryptionError(f"key {number} in {source} is not valid base64") from None
        if key_id in keys:
            raise EncryptionError(f"key id {key_id!r} appears twice in {source}")
        _check_key(key_id, key)
        keys[key_id] = key
    return Keyring(next(iter(keys)), keys, source, path)


# --- the key file --------------------------------------------------------------------------------


def key_file_path() -> Path:
    return Path(settings.DATA_DIR) / KEY_FILE_NAME


def read_key_file(path: Path) -> Keyring:
    """The keyring in `path`; refused unless only its owner can read and write it."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise EncryptionError(
            f"{path} is readable by others (mode {mode:o}): run `chmod 600 {path}`",
            code="key_file_permissions",
        )
    return parse_keys(path.read_text(encoding="ascii"), source=str(path), path=path)


def write_key_file(path: Path, keyring: Keyring) -> None:
    """Replace the key file atomically (a crash leaves the old or the new file, never half)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{format_key(key_id, key)}\n" for key_id, key in keyring.keys.items())
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def load_or_create_key_file(path: Path) -> Keyring:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key_id, key = new_key()
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return read_key_file(path)  # another process created it first
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(f"{format_key(key_id, key)}\n")
            handle.flush()
            os.fsync(handle.fileno())
    return read_key_file(path)


def load_keyring() -> Keyring:
    """The configured keyring: the environment variable if set, else the key file."""
    configured = os.environ.get(ENV_VARIABLE, "").strip()
    if configured:
        return parse_keys(configured, source=ENV_VARIABLE)
    return load_or_create_key_file(key_file_path())


# --- the process's keyring -----------------------------------------------------------------------


class _Active:
    """The keyring this process uses (loaded on first use)."""

    lock = threading.Lock()
    keyring: Keyring | None = None


def get_keyring() -> Keyring:
    with _Active.lock:
        if _Active.keyring is None:
            _Active.keyring = load_keyring()
        return _Active.keyring


def set_keyring(keyring: Keyring | None) -> None:
    """Use `keyring` from now on (None: load the configured one again on next use)."""
    with _Active.lock:
        _Active.keyring = keyring


@contextmanager
def using_keyring(keyring: Keyring) -> Iterator[Keyring]:
    """Tests: use `keyring` inside the block, then whatever was in use before."""
    with _Active.lock:
        previous, _Active.keyring = _Active.keyring, keyring
    try:
        yield keyring
    finally:
        with _Active.lock:
            _Active.keyring = previous


def add_current_key() -> Keyring:
    """Generate a key and make it current in the key file (older keys stay, to open old values).
    Keys from the environment are changed by whoever sets the environment: refused here."""
    keyring = get_keyring()
    if keyring.path is None:
        raise EncryptionError(
            f"the keys come from {keyring.source}: put a new key (`bahi keys generate`) first in "
            f"{ENV_VARIABLE}, restart, then run `bahi keys rotate --resume`",
            code="keys_not_in_file",
        )
    rotated = read_key_file(keyring.path).with_new_current(*new_key())
    write_key_file(keyring.path, rotated)
    set_keyring(rotated)
    return rotated


def _key_for(key_id: str) -> bytes:
    keyring = get_keyring()
    if key_id not in keyring.keys and keyring.source != "memory":
        # Another process may have rotated keys since this one loaded them.
        set_keyring(None)
        keyring = get_keyring()
    try:
        return keyring.keys[key_id]
    except KeyError:
        raise EncryptionError(
            f"no key {key_id!r} in the keyring ({keyring.source}): restore it from the key "
            "escrow to read this value",
            code="unknown_key",
        ) from None


# --- sealing ---------------------------------------------------------------------------------


def associated_data(context: str) -> bytes:
    return _AAD_PREFIX + context.encode("utf-8")


def seal(plaintext: str, *, context: str) -> str:
    """Encrypt `plaintext` under the current key, bound to `context`."""
    keyring = get_keyring()
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(keyring.keys[keyring.current]).encrypt(
        nonce, plaintext.encode("utf-8"), associated_data(context)
    )
    payload = base64.b64encode(nonce + sealed).decode("ascii")
    return f"{FORMAT_VERSION}:{keyring.current}:{payload}"


def key_id_of(sealed: str) -> str:
    """The id of the key a sealed value is under (no decryption)."""
    return _split(sealed)[0]


def is_sealed(value: str) -> bool:
    parts = value.split(":", 2)
    return len(parts) == 3 and parts[0] == FORMAT_VERSION


def _split(sealed: str) -> tuple[str, bytes]:
    parts = sealed.split(":", 2)
    if len(parts) != 3 or parts[0] != FORMAT_VERSION:
        raise EncryptionError("not an encrypted value (expected v1:<key id>:<data>)")
    try:
        raw = base64.b64decode(parts[2], validate=True)
    except binascii.Error:
        raise EncryptionError("encrypted value is not valid base64") from None
    if len(raw) < NONCE_BYTES + 16:
        raise EncryptionError("encrypted value is too short")
    return parts[1], raw


def open_sealed(sealed: str, *, context: str) -> str:
    """Decrypt a sealed value; raises EncryptionError if it was altered, belongs to another
    context (field or row) or its key is not in the keyring."""
    key_id, raw = _split(sealed)
    key = _key_for(key_id)
    try:
        plaintext = AESGCM(key).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], associated_data(context)
        )
    except InvalidTag:
        raise EncryptionError(
            f"encrypted value under key {key_id!r} does not open for {context}: it was altered "
            "or copied from another field or row",
            code="tampered_value",
        ) from None
    return plaintext.decode("utf-8")
