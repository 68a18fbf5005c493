from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from accounts.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "备份数据库与上传文件(含校验和)。Back up the database and media into one checksummed archive."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", default=str(Path(settings.VAR_DIR) / "backups"), help="目标目录 / directory")

    def handle(self, *args, **options) -> None:
        try:
            archive = create_backup(Path(options["output"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"备份完成 / backup written: {archive}"))
