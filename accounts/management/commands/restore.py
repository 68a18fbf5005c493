from __future__ import annotations

from pathlib import Path

from django.core.management import BaseCommand, CommandError

from accounts.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "从备份恢复数据库与上传文件(先校验)。Restore the database and media from a backup archive."

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", help="backup .tar.gz")
        parser.add_argument("--yes", action="store_true", help="不再确认 / do not ask for confirmation")

    def handle(self, *args, **options) -> None:
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"找不到备份文件 {archive}。 (No such file.)")
        if not options["yes"]:
            answer = input("恢复将替换当前数据库和上传文件,确定吗? Restore replaces all data. Type yes: ")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消,未做任何更改。 (Cancelled; nothing changed.)")
        try:
            report = restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        total = sum(report.row_counts.values())
        self.stdout.write(self.style.SUCCESS(f"恢复完成 / restored: {total} rows, {report.files} files"))
