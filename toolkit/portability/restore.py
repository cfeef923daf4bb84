"""Restoring an area from a bundle into this instance. Everything is checked before anything
is written (the zip's every byte, the manifest, each file's SHA-256, the schema version, the
migrations, the reference data the bundle points at), then all rows are written in one
transaction: a refused or failed restore changes nothing. The writing goes through the one
import runner (``core.imports``), like every other import."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.db import IntegrityError
from django.db.migrations.recorder import MigrationRecorder

from toolkit.areas.models import Area
from toolkit.core.imports import ADDED, Importer, Outcome, Recorder, import_apply, import_check

from . import graph, sealing
from .backup import FORMAT, MANIFEST, READABLE_VERSIONS, SCHEMA_VERSION, canonical_zip
from .signing import SIGNATURE, SignatureProblem, manifest_verify


class BundleError(Exception):
    """The bundle cannot be restored; the message says why, for the operator."""


@dataclass
class Bundle:
    manifest: dict
    tables: list[tuple[str, list[dict]]]  # (model label, rows) in restore order

    @property
    def gss_code(self) -> str:
        return self.manifest["area"]["gss_code"]

    @property
    def row_count(self) -> int:
        return sum(len(rows) for _label, rows in self.tables)


def bundle_read(data: bytes, *, trust_unverified: bool = False) -> Bundle:
    """Check a bundle completely and return its contents, or raise BundleError. With
    `trust_unverified` (the operator vouches for the file) a missing or unknown signature is
    accepted; the checksums are still checked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise BundleError(
            f"This is not a readable backup bundle: the zip file is damaged ({error})."
        ) from None
    except Exception as error:  # zlib and struct errors from a damaged header
        raise BundleError(f"This is not a readable backup bundle ({error}).") from None
    if canonical_zip(members) != data:
        raise BundleError(
            "The bundle has been changed since it was made: its bytes are not those of the "
            "files it contains. It may be corrupted or tampered with. Use the file as "
            "downloaded, without unpacking and re-packing it."
        )
    contents = dict(members)
    if len(contents) != len(members) or MANIFEST not in contents:
        raise BundleError("The bundle has no manifest.json, or names a file twice.")
    try:
        manifest = json.loads(contents[MANIFEST])
    except (ValueError, UnicodeDecodeError):
        raise BundleError("The bundle's manifest.json is not valid JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleError("This zip file is not an area backup of this service.")
    if manifest.get("schema_version") not in READABLE_VERSIONS:
        raise BundleError(
            f"The bundle is in backup format version {manifest.get('schema_version')!r}; "
            f"this instance reads version {SCHEMA_VERSION}."
        )
    if not trust_unverified:
        try:
            manifest_verify(contents[MANIFEST], contents.get(SIGNATURE))
        except SignatureProblem as problem:
            raise BundleError(str(problem)) from None
    files = manifest.get("files") or []
    listed = {f.get("path") for f in files}
    unlisted = sorted(set(contents) - listed - {MANIFEST, SIGNATURE})
    if unlisted:
        raise BundleError(f"The bundle holds files its manifest does not list: {unlisted}.")
    tables = []
    sealed_tables = []  # restored last: they hang off the plain tables, never the reverse
    for entry in files:
        path = entry.get("path")
        if path not in contents:
            raise BundleError(f"The manifest lists {path}, but the bundle does not hold it.")
        body = contents[path]
        if hashlib.sha256(body).hexdigest() != entry.get("sha256"):
            raise BundleError(
                f"{path} does not match its SHA-256 checksum in the manifest: the bundle is "
                "corrupted or has been tampered with."
            )
        if entry.get("encrypted"):
            sealed_tables.extend(_unsealed(path, body, entry.get("models") or []))
            continue
        try:
            rows = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise BundleError(f"{path} is not valid JSON.") from None
        if not isinstance(rows, list) or len(rows) != entry.get("rows"):
            raise BundleError(f"{path} does not hold the {entry.get('rows')} rows listed.")
        tables.append((entry.get("model"), rows))
    return Bundle(manifest, tables + sealed_tables)


def _unsealed(path: str, body: bytes, models: list[str]) -> list[tuple[str, list[dict]]]:
    try:
        found = sealing.unseal(body)
    except sealing.SealedRowsUnreadable as problem:
        raise BundleError(str(problem)) from None
    except (ValueError, UnicodeDecodeError):
        raise BundleError(f"{path} is not valid once decrypted.") from None
    if not isinstance(found, dict) or sorted(found) != sorted(models):
        raise BundleError(f"{path} does not hold the tables its manifest lists.")
    if not all(isinstance(rows, list) for rows in found.values()):
        raise BundleError(f"{path} does not hold rows.")
    return [(name, found[name]) for name in models]


def _model(name: str):
    try:
        return apps.get_model(name)
    except (LookupError, ValueError):
        raise BundleError(f"The bundle holds {name}, which this instance does not know.") from None


def bundle_problems(bundle: Bundle) -> list[str]:
    """Reasons this instance cannot take the bundle (empty when it can)."""
    problems = []
    if Area.objects.filter(gss_code=bundle.gss_code).exists():
        problems.append(
            f"An area with GSS code {bundle.gss_code} already exists here. Delete it first, "
            "or restore into another instance."
        )
    applied = set(MigrationRecorder.Migration.objects.values_list("app", "name"))
    missing = [
        f"{app}.{name}"
        for app, names in (bundle.manifest.get("migrations") or {}).items()
        for name in names
        if (app, name) not in applied
    ]
    if missing:
        problems.append(
            "The bundle was made by a newer version of the service (migrations not applied "
            f"here: {', '.join(missing[:5])}). Upgrade this instance and run migrate first."
        )
    expected = [graph.label(m) for m in graph.backup_plan().models]
    for name, rows in bundle.tables:
        model = _model(name)
        if name not in expected:
            problems.append(f"{name} is not an area table in this instance.")
            continue
        for f in graph.foreign_keys(model):
            target = graph.label(f.related_model)
            if target in graph.NATURAL_KEYS:
                key = graph.NATURAL_KEYS[target]
                wanted = {r.get(f.attname) for r in rows} - {None}
                found = set(
                    f.related_model.objects.filter(**{f"{key}__in": wanted}).values_list(
                        key, flat=True
                    )
                )
                for value in sorted(wanted - found):
                    problems.append(
                        f"{target} {value!r} is needed but not loaded here (run "
                        "`manage.py load_reference_data`)."
                    )
    return problems


@contextmanager
def _keeping_timestamps(models):
    """Write created/updated times as backed up, not as now."""
    saved = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def restore_importer(bundle: Bundle) -> Importer:
    """The restore as the one import runner (``core.imports``) calls it: every reason this
    instance cannot take the bundle reported at once, each table it would add, and the rows
    written (in the runner's one transaction) only when writing."""

    def run(recorder: Recorder, writing: bool) -> None:
        for problem in bundle_problems(bundle):
            recorder.problem(None, "", problem)
        if not recorder.outcome.ok:
            return
        for name, rows in bundle.tables:
            recorder.record(ADDED, name, f"{len(rows)} records")
        if writing:
            models = [(_model(name), rows) for name, rows in bundle.tables]
            new_pk: dict[str, dict] = {}
            with _keeping_timestamps([m for m, _rows in models]):
                for model, rows in models:
                    _restore_table(model, rows, new_pk)

    return run


def area_restore_check(bundle: Bundle) -> Outcome:
    """Everything the restore would do, or every reason it cannot, writing nothing."""
    return import_check(restore_importer(bundle), writes=False)


def area_restore(bundle: Bundle) -> Area:
    """Write the bundle's rows with new primary keys, foreign keys remapped. Raises
    BundleError (and writes nothing) if the instance cannot take it."""
    try:
        outcome = import_apply(restore_importer(bundle), previewed=None)
    except IntegrityError as error:
        raise BundleError(
            "Some of the bundle's records already exist here or break a rule of this "
            f"instance, so nothing was restored ({error})."
        ) from None
    if not outcome.saved:
        raise BundleError(" ".join(p.problem for p in outcome.problems))
    return Area.objects.get(gss_code=bundle.gss_code)


def _restore_table(model, rows, new_pk) -> None:
    name = graph.label(model)
    fields = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
    pk_name = model._meta.pk.attname
    natural = {}
    deferred = []  # (object, attname, old value) for keys to rows of the same table
    objects = []
    old_pks = []
    for row in sorted(rows, key=lambda r: r[pk_name]):
        values = {}
        for attname, f in fields.items():
            if attname not in row:
                continue  # a field added since: its default applies
            value = row[attname]
            if f.is_relation and value is not None:
                target = graph.label(f.related_model)
                if target in graph.NATURAL_KEYS:
                    key = graph.NATURAL_KEYS[target]
                    cache = natural.setdefault(attname, {})
                    if value not in cache:
                        cache[value] = f.related_model.objects.get(**{key: value}).pk
                    value = cache[value]
                elif f.related_model is model:
                    deferred.append((len(objects), attname, value))
                    value = None
                elif target in new_pk:
                    value = new_pk[target].get(value)
                    if value is None and not f.null:
                        raise BundleError(f"{name} points at a {target} the bundle lacks.")
                else:
                    value = None
            elif value is not None:
                value = value if f.get_internal_type() == "JSONField" else f.to_python(value)
            values[attname] = value
        objects.append(model(**values))
        old_pks.append(row[pk_name])
    created = model.objects.bulk_create(objects, batch_size=500)
    new_pk[name] = {old: obj.pk for old, obj in zip(old_pks, created, strict=True)}
    for index, attname, old in deferred:
        obj = created[index]
        setattr(obj, attname, new_pk[name].get(old))
        model.objects.filter(pk=obj.pk).update(**{attname: getattr(obj, attname)})
