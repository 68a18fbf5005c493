"""Prepare the certificate font now (at deploy), so that no web request pays for it."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from certificates.fonts import CJKFontMissing, prepared_font


class Command(BaseCommand):
    help = "预先生成证书所用的中文字体子集(首次约需十余秒),避免第一个生成证书的请求等待。"

    def handle(self, *args, **options) -> None:
        try:
            font = prepared_font()
        except CJKFontMissing as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{font.path} ({font.fallback_family})")
