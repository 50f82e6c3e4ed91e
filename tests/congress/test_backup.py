"""Backup and restore: a round trip into a fresh installation, and the refusals.

The round trip restores in a subprocess with its own DATABASE_URL and MEDIA_ROOT (a new SQLite
file, or a new PostgreSQL database when the suite runs on PostgreSQL), so the restored side is a
real fresh installation; both sides are then compared table by table without the backup code.
"""

import hashlib
import json
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
FILES = {
    "deputies/photos/代表照片.jpg": b"\xff\xd8\xff\xe0 not really a photo",
    "proposals/attachments/2025/材料.txt": "关于修缮河东村便民桥的建议".encode(),
    "notes.bin": bytes(range(256)) * 64,
}
# A fresh migrate numbers these anew: compare them by what they name, not by id.
NATURAL = {
    ContentType: ["app_label", "model"],
    Permission: ["codename", "content_type__app_label", "content_type__model"],
    Group: ["name"],
}


def table_rows():
    """Every table (auto-created m2m tables too) as sorted JSON rows, keyed by model label."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = []
        for field in model._meta.concrete_fields:
            if field.primary_key and (model in NATURAL or model._meta.auto_created):
                continue
            if field.related_model in NATURAL:
                columns += [f"{field.name}__{part}" for part in NATURAL[field.related_model]]
            else:
                columns.append(field.attname)
        tables[model._meta.label] = sorted(
            json.dumps(row, default=str, sort_keys=True, ensure_ascii=False)
            for row in model._base_manager.values_list(*columns)
        )
    return tables


def file_hashes(folder):
    folder = Path(folder)
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def fresh_database_url(tmp_path):
    """A database nobody has touched, of the kind the suite runs on."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    params = connection.settings_dict
    name = f"portal_restore_{uuid.uuid4().hex[:12]}"
    admin = {
        "host": params["HOST"],
        "port": params["PORT"] or 5432,
        "user": params["USER"],
        "password": params["PASSWORD"],
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**admin) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(params["USER"]) + (
        f":{quote(params['PASSWORD'])}" if params["PASSWORD"] else ""
    )
    yield f"postgres://{credentials}@{params['HOST']}:{admin['port']}/{name}"
    with psycopg.connect(**admin) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_in_fresh_installation(args, database_url, media_root):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "DJANGO_SETTINGS_MODULE": "congress.settings",
    }
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def archive_of_one_user(tmp_path):
    UserFactory()
    default_storage.save("deputies/photos/a.jpg", ContentFile(b"photo"))
    path = tmp_path / "backup.zip"
    call_command("backup", str(path))
    return path


def rewritten(path, replace):
    """A copy of the archive with some members' bytes replaced: {name: function(bytes)}."""
    copy = path.with_name("changed.zip")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, replace[name](data) if name in replace else data)
    return copy


def restore_error(path):
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path))
    return str(refused.value)


@pytest.mark.django_db
def test_restore_into_a_fresh_installation_gives_back_every_row_and_file(
    tmp_path, media_root, fresh_database_url
):
    call_command("seed_demo")
    for name, content in FILES.items():
        assert default_storage.save(name, ContentFile(content)) == name
    archive = tmp_path / "portal.zip"
    call_command("backup", str(archive))
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
    assert manifest["counts"]["congress.User"] == 5  # the five demo accounts
    assert (
        manifest["files"]["notes.bin"]["sha256"] == hashlib.sha256(FILES["notes.bin"]).hexdigest()
    )

    restored_media = tmp_path / "restored-media"
    output = run_in_fresh_installation(
        ["manage.py", "restore", str(archive)], fresh_database_url, restored_media
    )
    assert "已先对数据库执行迁移。" in output  # the new SQLite file / database had no tables
    assert "congress.User: 5" in output
    assert "已恢复" in output

    dumped = run_in_fresh_installation(
        [
            "-c",
            "import django, json; django.setup(); "
            "from tests.congress.test_backup import table_rows; "
            "print(json.dumps(table_rows())); "
            # New rows get new ids: on PostgreSQL only after the restore reset the sequences.
            "from tests.factories import UserFactory; UserFactory()",
        ],
        fresh_database_url,
        restored_media,
    )
    source, restored = table_rows(), json.loads(dumped)
    assert source.keys() == restored.keys()
    for label in source:
        assert restored[label] == source[label], label
    # The demo has rows in the apps' tables and the third-party ones; a comparison of empty
    # tables would prove nothing.
    for label in ("elections.Voter", "proposals.Event", "auditlog.LogEntry", "auth.Group"):
        assert source[label], label

    stored = file_hashes(media_root)
    assert stored.keys() >= FILES.keys()
    assert file_hashes(restored_media) == stored


@pytest.mark.django_db
def test_restore_refuses_a_database_that_holds_data(tmp_path, media_root):
    path = archive_of_one_user(tmp_path)
    default_storage.delete("deputies/photos/a.jpg")

    message = restore_error(path)

    assert "数据库中已有数据（1 个用户账号）" in message
    assert not default_storage.exists("deputies/photos/a.jpg")


@pytest.mark.django_db
def test_restore_refuses_a_damaged_archive_before_anything_else(tmp_path):
    path = archive_of_one_user(tmp_path)

    changed_file = rewritten(path, {"media/deputies/photos/a.jpg": lambda data: data + b"!"})
    assert restore_error(changed_file) == (
        "备份文件已损坏：media/deputies/photos/a.jpg 的校验值（SHA-256）与清单不符。"
    )
    changed_data = rewritten(path, {"data.jsonl": lambda data: data.replace(b"user", b"usr", 1)})
    assert "data.jsonl 的校验值（SHA-256）与清单不符" in restore_error(changed_data)

    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(path.read_bytes()[:200])
    assert restore_error(truncated).startswith("无法读取备份文件：")


@pytest.mark.django_db
def test_restore_refuses_an_archive_of_another_portal_version(tmp_path):
    path = archive_of_one_user(tmp_path)

    def with_congress_migrations(names):
        def change(data):
            manifest = json.loads(data)
            manifest["migrations"]["congress"] = names
            return json.dumps(manifest).encode()

        return rewritten(path, {"manifest.json": change})

    newer = restore_error(with_congress_migrations(["9999_from_the_future"]))
    assert newer.startswith(
        "备份文件来自更新版本的系统（本系统没有这些迁移：congress.9999_from_the_future）"
    )
    older = restore_error(with_congress_migrations(["0001_initial"]))
    assert older.startswith("备份文件来自较旧版本的系统（缺少迁移：congress.")


@pytest.mark.django_db
@pytest.mark.parametrize("umask", [0o022, 0o000], ids=["umask-022", "umask-000"])
def test_the_archive_is_readable_by_its_owner_only_whatever_the_umask(
    tmp_path, media_root, monkeypatch, umask
):
    """It holds ID numbers and phones: 0600 from the moment it exists, never 0644 for a while."""
    from congress import backup

    modes = []
    dump = backup._dump_database

    def noting_the_mode_while_writing(archive):
        modes.append(os.stat(tmp_path / "portal.zip.partial").st_mode & 0o777)
        return dump(archive)

    monkeypatch.setattr(backup, "_dump_database", noting_the_mode_while_writing)
    UserFactory()
    previous = os.umask(umask)
    try:
        call_command("backup", str(tmp_path / "portal.zip"))
    finally:
        os.umask(previous)
    assert modes == [0o600]
    assert (tmp_path / "portal.zip").stat().st_mode & 0o777 == 0o600
    assert not (tmp_path / "portal.zip.partial").exists()
