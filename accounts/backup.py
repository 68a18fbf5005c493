"""Consistent backups of the database and uploaded media, and their restore.

A backup is one ``.tar.gz`` holding ``manifest.json`` (SHA-256 of every member, row counts per model), the
database (SQLite's online-backup copy, or ``pg_dump --format=custom`` for PostgreSQL, each a consistent snapshot)
and the media tree. Restore verifies every checksum before it touches anything, so a damaged archive changes
nothing, then checks the restored row counts against the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in Chinese and English."""


@dataclass(frozen=True)
class RestoreReport:
    archive: Path
    files: int
    row_counts: dict[str, int]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    """Rows per concrete model, to prove a restore brought everything back."""
    counts = {}
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.label] = model._default_manager.using("default").count()
    return counts


def _postgres_env() -> tuple[list[str], dict[str, str]]:
    params = connection.settings_dict
    args = ["--host", params.get("HOST") or "localhost", "--port", str(params.get("PORT") or 5432)]
    if params.get("USER"):
        args += ["--username", params["USER"]]
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    return args, env


def _dump_database(target_dir: Path) -> str:
    vendor = connection.vendor
    if vendor == "sqlite":
        target = target_dir / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return target.name
    if vendor == "postgresql":
        target = target_dir / "database.pgdump"
        args, env = _postgres_env()
        database = connection.settings_dict["NAME"]
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", *args, "--file", str(target), database],
            check=True,
            env=env,
            capture_output=True,
        )
        return target.name
    raise BackupError(f"不支持的数据库 {vendor}。 (Unsupported database: {vendor}.)")


def create_backup(output_dir: Path) -> Path:
    """Write a backup archive into ``output_dir`` and return its path."""
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = output_dir / f"shuanggong-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(dir=output_dir) as work:
        work_dir = Path(work)
        database_file = _dump_database(work_dir)
        counts = row_counts()
        media_root = Path(settings.MEDIA_ROOT)
        checksums = {database_file: sha256_of(work_dir / database_file)}
        media_files = []
        if media_root.exists():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
                relative = path.relative_to(media_root).as_posix()
                media_files.append((path, f"media/{relative}"))
                checksums[f"media/{relative}"] = sha256_of(path)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "database_file": database_file,
            "row_counts": counts,
            "sha256": checksums,
        }
        (work_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work_dir / MANIFEST, arcname=MANIFEST)
            tar.add(work_dir / database_file, arcname=database_file)
            for path, arcname in media_files:
                tar.add(path, arcname=arcname)
        partial.rename(archive)  # a half-written archive never carries the final name
    return archive


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = tar.getmembers()
    for member in members:
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"备份包含不安全的路径 {member.name}。 (Unsafe path in archive.)")
    return members


def _verified_extract(archive: Path, into: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(into, members=_safe_members(tar), filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"无法读取备份文件:{error}。 (Cannot read the backup archive.)") from error
    manifest_path = into / MANIFEST
    if not manifest_path.exists():
        raise BackupError("备份中没有 manifest.json。 (The archive has no manifest.)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError("备份格式版本不符。 (Unknown backup format version.)")
    if manifest["database_vendor"] != connection.vendor:
        raise BackupError(
            f"备份来自 {manifest['database_vendor']},当前数据库是 {connection.vendor}。"
            f" (The backup is of a {manifest['database_vendor']} database.)"
        )
    for name, expected in manifest["sha256"].items():
        path = into / name
        if not path.is_file() or sha256_of(path) != expected:
            raise BackupError(
                f"校验失败:{name} 已损坏或缺失,未做任何更改。 (Checksum mismatch: {name}; nothing changed.)"
            )
    return manifest


def _restore_database(source: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
        return
    args, env = _postgres_env()
    connection.close()
    subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *args,
            "--dbname",
            connection.settings_dict["NAME"],
            str(source),
        ],
        check=True,
        env=env,
        capture_output=True,
    )


def _restore_media(extracted_media: Path) -> int:
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    incoming = media_root.with_name(media_root.name + ".restoring")
    shutil.rmtree(incoming, ignore_errors=True)
    if extracted_media.exists():
        shutil.copytree(extracted_media, incoming)
    else:
        incoming.mkdir()
    retired = media_root.with_name(media_root.name + ".before-restore")
    shutil.rmtree(retired, ignore_errors=True)
    if media_root.exists():
        media_root.rename(retired)
    incoming.rename(media_root)
    shutil.rmtree(retired, ignore_errors=True)
    return sum(1 for path in media_root.rglob("*") if path.is_file())


def restore_backup(archive: Path) -> RestoreReport:
    """Replace the database and media with the archive's, after checking every checksum."""
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        manifest = _verified_extract(archive, work_dir)
        _restore_database(work_dir / manifest["database_file"])
        files = _restore_media(work_dir / "media")
    counts = row_counts()
    differing = {label: (n, counts.get(label)) for label, n in manifest["row_counts"].items() if counts.get(label) != n}
    if differing:
        raise BackupError(f"恢复后的行数与备份不符:{differing}。 (Row counts differ after restore.)")
    return RestoreReport(archive=archive, files=files, row_counts=counts)
