"""EncryptedTextField: a text column holding only ciphertext (see bahi.identity.crypto).

The value is sealed when the row is saved and opened when the attribute is first read, bound to
"<app_label>.<model>.<field>" and the row's `bind_to` values (e.g. company_id and name), so a
ciphertext copied to another field or row does not decrypt. Binding fields must not change
outside `save()` (a queryset `update()` of them would orphan the value). The column cannot be
searched: lookups other than `isnull` are refused. `values()` returns the sealed text.
"""

import json
from collections.abc import Callable, Mapping
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models.query_utils import DeferredAttribute

from bahi.identity import crypto


class Sealed(str):
    """A ciphertext as stored in the column (never plaintext)."""

    __slots__ = ()


class _EncryptedAttribute(DeferredAttribute):
    """Opens the sealed value on first read of the attribute; assignments store plaintext."""

    field: "EncryptedTextField"

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = self.field.open(value, self.field.bound_values(instance))
            instance.__dict__[self.field.attname] = value
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    descriptor_class = _EncryptedAttribute

    def __init__(self, *args: Any, bind_to: tuple[str, ...] = (), **kwargs: Any) -> None:
        self.bind_to = tuple(bind_to)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.bind_to:
            kwargs["bind_to"] = self.bind_to
        return name, path, args, kwargs

    # --- the binding ---------------------------------------------------------------------------

    def bound_values(self, instance: Any) -> dict[str, Any]:
        return {name: getattr(instance, name) for name in self.bind_to}

    def context(self, bound: Mapping[str, Any]) -> str:
        """What a value of this field in a row with these binding values is bound to."""
        values = [
            [name, None if bound[name] is None else str(bound[name])] for name in self.bind_to
        ]
        return json.dumps([self.model._meta.label_lower, self.name, values], separators=(",", ":"))

    def seal(self, plaintext: str, bound: Mapping[str, Any]) -> Sealed:
        if not isinstance(plaintext, str):
            raise TypeError(f"{self.model._meta.label}.{self.name} holds text, not {plaintext!r}")
        return Sealed(crypto.seal(plaintext, context=self.context(bound)))

    def open(self, sealed: str, bound: Mapping[str, Any]) -> str:
        return crypto.open_sealed(sealed, context=self.context(bound))

    # --- to and from the database ----------------------------------------------------------------

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Sealed | None:
        return None if value is None else Sealed(value)

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if value is None:
            return None
        return self.seal(value, self.bound_values(model_instance))

    def get_prep_value(self, value: Any) -> Any:
        if value is None or isinstance(value, Sealed):
            return value
        if self.bind_to:
            raise ValueError(
                f"{self.model._meta.label}.{self.name} is bound to {', '.join(self.bind_to)}: "
                "set it on the instance and save()"
            )
        return self.seal(value, {})

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            return None  # ciphertext cannot be compared or searched
        return super().get_lookup(lookup_name)


# --- key rotation ------------------------------------------------------------------------------


def list_encrypted_fields() -> list[EncryptedTextField]:
    """Every EncryptedTextField of every installed model."""
    return [
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, EncryptedTextField) and field.model is model
    ]


def count_values_by_key() -> dict[str, dict[str, int]]:
    """{"app.model.field": {key id: number of values}} (reads key ids only, decrypts nothing)."""
    counts: dict[str, dict[str, int]] = {}
    for field in list_encrypted_fields():
        per_key = counts.setdefault(f"{field.model._meta.label_lower}.{field.name}", {})
        values = field.model._base_manager.exclude(**{f"{field.attname}__isnull": True})
        for sealed in values.values_list(field.attname, flat=True).iterator(chunk_size=2000):
            key_id = crypto.key_id_of(sealed)
            per_key[key_id] = per_key.get(key_id, 0) + 1
    from bahi.identity import mfa_keys  # imports allauth's models: not while models load

    counts[mfa_keys.LABEL] = mfa_keys.count_by_key()
    return counts


def reencrypt_all(
    *, batch_size: int = 500, on_batch: Callable[[str, int], None] | None = None
) -> int:
    """Seal every value not under the current key again under it, `batch_size` rows per
    transaction (the application keeps running); values already under the current key are
    skipped, so an interrupted run is resumed by running it again. Returns how many changed."""
    changed = 0
    for field in list_encrypted_fields():
        label = f"{field.model._meta.label_lower}.{field.name}"
        last_pk: Any = None
        while True:
            rows = field.model._base_manager.order_by("pk")
            if last_pk is not None:
                rows = rows.filter(pk__gt=last_pk)
            pks = list(rows.values_list("pk", flat=True)[:batch_size])
            if not pks:
                break
            count = _reencrypt_batch(field, pks)
            changed += count
            if on_batch is not None:
                on_batch(label, count)
            last_pk = pks[-1]
    from bahi.identity import mfa_keys  # imports allauth's models: not while models load

    mfa_changed = mfa_keys.reencrypt_all(batch_size)
    if on_batch is not None and mfa_changed:
        on_batch(mfa_keys.LABEL, mfa_changed)
    return changed + mfa_changed


@transaction.atomic
def _reencrypt_batch(field: EncryptedTextField, pks: list[Any]) -> int:
    current = crypto.get_keyring().current
    manager = field.model._base_manager
    columns = ["pk", field.attname, *field.bind_to]
    rows = manager.select_for_update().filter(pk__in=pks).values_list(*columns)
    changed = 0
    for pk, sealed, *bound_values in rows:
        if sealed is None or crypto.key_id_of(sealed) == current:
            continue
        bound = dict(zip(field.bind_to, bound_values, strict=True))
        resealed = field.seal(field.open(sealed, bound), bound)
        manager.filter(pk=pk).update(**{field.attname: resealed})
        changed += 1
    return changed


# --- migrations --------------------------------------------------------------------------------


def seal_existing_values(app_label: str, model_name: str, field_name: str) -> Any:
    """A RunPython operation sealing, in place, plaintext written before a column became an
    EncryptedTextField (raw SQL: loading plaintext through the field would try to open it).
    Values already sealed are left alone, so it is safe to run twice."""
    from django.db import migrations

    def seal(migration_apps: Any, schema_editor: Any) -> None:
        model = migration_apps.get_model(app_label, model_name)
        field = model._meta.get_field(field_name)
        table, column, bound = model._meta.db_table, field.column, list(field.bind_to)
        select = ", ".join(["id", column, *bound])
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"SELECT {select} FROM {table}")  # noqa: S608
            for row_id, value, *bound_values in cursor.fetchall():
                if value is None or crypto.is_sealed(value):
                    continue
                sealed = field.seal(value, dict(zip(bound, bound_values, strict=True)))
                cursor.execute(
                    f"UPDATE {table} SET {column} = %s WHERE id = %s",  # noqa: S608
                    [str(sealed), row_id],
                )

    return migrations.RunPython(seal, migrations.RunPython.noop)
