"""Backup and restore of a whole installation in one zip archive.

The archive holds `data.jsonl` (every row of every installed app's models, as Django's JSON
Lines serialisation, so it loads on SQLite and PostgreSQL alike), `media/<name>` for every file
in the default storage, and `manifest.json`: the portal version (the latest migration of each
app), the time, the rows per table and the SHA-256 and size of the data and of every file.
Zip lets both sides stream (a 100,000-voter roll never sits in memory) and lets the restore read
the manifest first.

Content types, permissions and groups are rows that `migrate` makes itself, numbered anew on
each installation (the role groups by congress/apps.py). They are written and referred to by
natural key, so a restore merges them with the fresh installation's rows; every other row keeps
its primary key, which keeps generic references (the admin and audit logs) valid.
"""

import datetime
import hashlib
import io
import json
import os
import posixpath
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from auditlog.context import disable_auditlog
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
MEDIA = "media/"
CHUNK = 1 << 20
BATCH = 1000
# Rows `migrate` creates on every installation; matched by natural key, in this order.
MIGRATE_MADE = (ContentType, Permission, Group)


class BackupError(Exception):
    """A refusal; its message is translated and says what to do."""


@dataclass
class RestoreReport:
    rows: Counter = field(default_factory=Counter)  # model label -> rows restored
    files: int = 0
    file_bytes: int = 0
    migrated: bool = False


class _Serializer(jsonl.Serializer):
    """JSON Lines that name migrate-made rows by natural key and all others by primary key."""

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.related_model in MIGRATE_MADE
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = field.related_model in MIGRATE_MADE
        super().handle_m2m_field(obj, field)


class _Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _Digest(io.RawIOBase):
    """A writable that passes bytes on to `target`, keeping their SHA-256 and size."""

    def __init__(self, target):
        self.target = target
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self):
        return True

    def write(self, data):
        self.target.write(data)
        self.sha256.update(data)
        self.size += len(data)
        return len(data)

    def summary(self):
        return {"sha256": self.sha256.hexdigest(), "size": self.size}


def backup_create(*, path):
    """Write the archive to `path` (through `path.partial`, so a failed run leaves no archive)."""
    _require_migrated()
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    # Personal data (ID numbers, phones): the owner's alone from the first byte, whatever the
    # umask. O_EXCL makes a new file (never one planted or left with wider rights, nor a
    # symlink's target); the umask can only narrow the mode given, so fchmod sets it exactly.
    handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with open(handle, "wb") as out:
            os.fchmod(out.fileno(), 0o600)
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
                counts, data = _dump_database(archive)
                files = {name: _dump_file(archive, name) for name in _stored_files()}
                manifest = {
                    "format": FORMAT,
                    "created_at": timezone.now().isoformat(),
                    "migrations": _code_migrations(),
                    "counts": counts,
                    "data": data,
                    "files": files,
                }
                archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def backup_restore(*, path):
    """Restore the archive at `path` into an empty installation; refuse before writing anything."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise BackupError(_("The archive cannot be read: %(error)s") % {"error": error}) from None
    with archive:
        manifest = _read_manifest(archive)
        _check_migrations(manifest["migrations"])
        _verify(archive, manifest)
        _require_empty(connection.introspection.table_names())
        report = RestoreReport(migrated=_migrate_if_needed())
        written = []
        try:
            with transaction.atomic(), disable_auditlog():
                _require_empty(connection.introspection.table_names())
                report.rows = _load_database(archive)
                for name, entry in manifest["files"].items():
                    _restore_file(archive, name)
                    written.append(name)
                    report.file_bytes += entry["size"]
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
        report.files = len(written)
    return report


def _models():
    """Every installed model that owns a table, the migrate-made ones first."""
    rest = [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model not in MIGRATE_MADE
    ]
    return [*MIGRATE_MADE, *sorted(rest, key=lambda model: model._meta.label)]


def _natural_fks(model):
    return [f.name for f in model._meta.concrete_fields if f.related_model in MIGRATE_MADE]


def _auto_m2m(model):
    return [f for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created]


def _rows(model):
    """All rows in primary-key order, streamed, with what their natural keys read fetched along."""
    prefetches = [
        Prefetch(
            f.name,
            queryset=f.related_model._base_manager.select_related(*_natural_fks(f.related_model)),
        )
        for f in _auto_m2m(model)
    ]
    return (
        model._base_manager.order_by(model._meta.pk.name)
        .select_related(*_natural_fks(model))
        .prefetch_related(*prefetches)
        .iterator(chunk_size=2000)
    )


def _dump_database(archive):
    counts = {}
    # Repeatable read makes the dump one snapshot while the portal keeps working (PostgreSQL;
    # SQLite's transaction holds its read lock throughout). Only the outermost block may set it.
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        with _new_member(archive, DATA) as member:
            digest = _Digest(member)
            text = io.TextIOWrapper(
                io.BufferedWriter(digest, CHUNK), encoding="utf-8", newline="\n"
            )
            for model in _models():
                _Serializer().serialize(
                    _rows(model),
                    stream=text,
                    use_natural_primary_keys=model in MIGRATE_MADE,
                    cls=_Encoder,
                )
                counts[model._meta.label] = model._base_manager.count()  # same snapshot
            text.flush()
    return counts, digest.summary()


def _new_member(archive, name):
    info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return archive.open(info, "w", force_zip64=True)


def _stored_files(folder=""):
    """Names of every file in the default storage, walked through the storage API."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # a media folder nobody has written to yet
        return
    for name in sorted(files):
        yield posixpath.join(folder, name)
    for sub in sorted(folders):
        yield from _stored_files(posixpath.join(folder, sub))


def _dump_file(archive, name):
    with default_storage.open(name, "rb") as source:
        with _new_member(archive, MEDIA + name) as member:
            digest = _Digest(member)
            while chunk := source.read(CHUNK):
                digest.write(chunk)
    return digest.summary()


def _code_migrations():
    """The portal version: the latest migration(s) of each app, as the code on disk has them."""
    version = {}
    for app_label, name in MigrationExecutor(connection).loader.graph.leaf_nodes():
        version.setdefault(app_label, []).append(name)
    return {app_label: sorted(names) for app_label, names in sorted(version.items())}


def _unapplied():
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def _require_migrated():
    if _unapplied():
        raise BackupError(
            _("The database has unapplied migrations: run `manage.py migrate` first, then back up.")
        )


def _read_manifest(archive):
    try:
        manifest = json.loads(archive.read(MANIFEST))
        if manifest.get("format") != FORMAT:
            raise BackupError(
                _("The archive has format %(found)s; this portal reads format %(wanted)s.")
                % {"found": manifest["format"], "wanted": FORMAT}
            )
        entries = [manifest["data"], *manifest["files"].values()]
        names = [n for names in manifest["migrations"].values() for n in names]
        if not (
            all(isinstance(e["sha256"], str) and isinstance(e["size"], int) for e in entries)
            and all(isinstance(n, str) for n in names)
        ):
            raise TypeError("unexpected value")
    except (KeyError, TypeError, AttributeError, ValueError, zipfile.BadZipFile) as error:
        raise BackupError(
            _("The archive is damaged: its manifest is missing or unreadable (%(error)s).")
            % {"error": repr(error)}
        ) from None
    return manifest


def _check_migrations(archived):
    """Data loads only into the schema it was dumped from: the same migrations, no more or less."""
    archived_nodes = {(app, name) for app, names in archived.items() for name in names}
    graph = MigrationExecutor(connection).loader.graph
    unknown = sorted(f"{app}.{name}" for app, name in archived_nodes - set(graph.nodes))
    if unknown:
        raise BackupError(
            _(
                "The archive comes from a newer portal version (unknown migrations: %(names)s). "
                "Install that version or a later one, then restore."
            )
            % {"names": ", ".join(unknown)}
        )
    missing = sorted(f"{a}.{n}" for a, n in set(graph.leaf_nodes()) - archived_nodes)
    if missing:
        raise BackupError(
            _(
                "The archive comes from an older portal version (it lacks the migrations "
                "%(names)s). Restore it with the portal version that made it, then upgrade that "
                "installation (`manage.py migrate`) and back it up again."
            )
            % {"names": ", ".join(missing)}
        )


def _safe_name(name):
    return (
        bool(name)
        and not name.startswith("/")
        and "\\" not in name
        and posixpath.normpath(name) == name
        and ".." not in name.split("/")
    )


def _verify(archive, manifest):
    """Every member the manifest names is there, unchanged, and nothing else is."""
    expected = {DATA: manifest["data"]}
    for name, entry in manifest["files"].items():
        if not _safe_name(name):
            raise BackupError(
                _("The archive is damaged: it names a file outside the media folder: %(name)s")
                % {"name": name}
            )
        expected[MEDIA + name] = entry
    present = set(archive.namelist()) - {MANIFEST}
    if present != set(expected):
        odd = sorted(present.symmetric_difference(expected))
        raise BackupError(
            _("The archive is damaged: its contents differ from its manifest (%(names)s).")
            % {"names": ", ".join(odd[:5])}
        )
    for member, entry in expected.items():
        digest = hashlib.sha256()
        try:
            with archive.open(member) as source:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
        except (OSError, zipfile.BadZipFile, EOFError) as error:
            raise BackupError(
                _("The archive is damaged: %(name)s cannot be read (%(error)s).")
                % {"name": member, "error": error}
            ) from None
        if digest.hexdigest() != entry["sha256"]:
            raise BackupError(
                _("The archive is damaged: the checksum of %(name)s does not match its manifest.")
                % {"name": member}
            )


def _require_empty(tables):
    """Refuse an installation anybody has used; `tables` are those that exist so far.

    A fresh installation holds only what `migrate` made: content types, permissions, role
    groups and the defaults of data migrations (e.g. the duty minimums), none of which needs a
    user account. Every use of the portal needs one, so accounts tell a used installation."""
    user_model = get_user_model()
    if user_model._meta.db_table in tables and user_model._base_manager.exists():
        raise BackupError(
            _(
                "The database already holds data (%(count)s user accounts). Restore only into a "
                "new installation: an empty database, migrated or not."
            )
            % {"count": user_model._base_manager.count()}
        )
    if next(_stored_files(), None) is not None:
        raise BackupError(
            _("The media folder (MEDIA_ROOT) already holds files. Restore only into an empty one.")
        )


def _migrate_if_needed():
    if not _unapplied():
        return False
    call_command("migrate", interactive=False, verbosity=0)
    return True


def _load_database(archive):
    """Load data.jsonl in the current transaction; returns rows per model label."""
    # Migrate's own defaults in portal tables give way to the archive's version of them.
    for model in _models()[len(MIGRATE_MADE) :]:
        model._base_manager.all().delete()
    rows = Counter()
    batch = []
    try:
        with archive.open(DATA) as member, connection.constraint_checks_disabled():
            lines = io.TextIOWrapper(member, encoding="utf-8")
            for item in serializers.deserialize("jsonl", lines):
                model = type(item.object)
                rows[model._meta.label] += 1
                if model in MIGRATE_MADE or model._meta.parents:
                    # Merged with migrate's rows by natural key (or, for a child table of
                    # multi-table inheritance, which bulk_create cannot write), row by row.
                    item.save()
                    continue
                if batch and (type(batch[0].object) is not model or len(batch) == BATCH):
                    _insert(batch)
                    batch = []
                batch.append(item)
            _insert(batch)
        loaded = [model for model in _models() if rows[model._meta.label]]
        connection.check_constraints(table_names=[m._meta.db_table for m in loaded])
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), loaded):
                cursor.execute(sql)
    except (DeserializationError, DatabaseError, ValueError) as error:
        raise BackupError(
            _("The archive's data cannot be loaded, nothing was restored: %(error)s")
            % {"error": error}
        ) from None
    return rows


def _insert(batch):
    """Insert deserialised rows of one model as they are, and their m2m links."""
    if not batch:
        return
    model = type(batch[0].object)
    objects = [item.object for item in batch]
    fields = model._meta.local_concrete_fields
    # A raw insert, as loaddata's raw save: no field's pre_save runs, so auto_now timestamps
    # and file names stay as archived (bulk_create would stamp them anew).
    size = connection.ops.bulk_batch_size(fields, objects)
    for start in range(0, len(objects), size):
        model._base_manager._insert(objects[start : start + size], fields=fields, raw=True)
    for m2m in _auto_m2m(model):
        through = m2m.remote_field.through
        source = through._meta.get_field(m2m.m2m_field_name()).attname
        target = through._meta.get_field(m2m.m2m_reverse_field_name()).attname
        links = [
            through(**{source: item.object.pk, target: pk})
            for item in batch
            for pk in item.m2m_data.get(m2m.name, ())
        ]
        through._base_manager.bulk_create(links, batch_size=BATCH)


def _restore_file(archive, name):
    try:
        with archive.open(MEDIA + name) as member:
            saved = default_storage.save(name, File(member, name=posixpath.basename(name)))
    except OSError as error:
        raise BackupError(
            _("A file cannot be written, nothing was restored: %(error)s") % {"error": error}
        ) from None
    if saved != name:  # the storage renamed it: the folder was not empty after all
        default_storage.delete(saved)
        raise BackupError(
            _("The media folder (MEDIA_ROOT) already holds files. Restore only into an empty one.")
        )
