import io
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from accounts.backup import create_backup, row_counts

pytestmark = pytest.mark.django_db(transaction=True)


def write_media(relative: str, content: bytes) -> Path:
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def media_snapshot() -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_backup_then_restore_brings_back_rows_and_files(tmp_path, volunteer, social_worker):
    write_media("certificates/SG-2026-000001.pdf", b"%PDF-1.7 certificate")
    write_media("documents/保密承诺.txt", "保密承诺书".encode())
    counts_before, files_before = row_counts(), media_snapshot()

    call_command("backup", "--output", str(tmp_path), stdout=open("/dev/null", "w"))
    archive = next(tmp_path.glob("shuanggong-backup-*.tar.gz"))

    User.objects.filter(username=volunteer.username).delete()
    User.objects.create_user("intruder")
    (Path(settings.MEDIA_ROOT) / "certificates/SG-2026-000001.pdf").unlink()
    write_media("documents/保密承诺.txt", b"tampered")
    write_media("stray.txt", b"not in the backup")

    call_command("restore", str(archive), "--yes", stdout=open("/dev/null", "w"))

    assert row_counts() == counts_before
    assert User.objects.filter(username=volunteer.username).exists()
    assert not User.objects.filter(username="intruder").exists()
    assert media_snapshot() == files_before


def test_a_damaged_backup_is_refused_and_changes_nothing(tmp_path, volunteer):
    write_media("a.txt", b"original")
    archive = create_backup(tmp_path / "out")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "media/a.txt":
                data = b"evil"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    User.objects.create_user("added-after-backup")
    with pytest.raises(CommandError, match="校验失败"):
        call_command("restore", str(damaged), "--yes")
    assert User.objects.filter(username="added-after-backup").exists()
    assert (Path(settings.MEDIA_ROOT) / "a.txt").read_bytes() == b"original"
