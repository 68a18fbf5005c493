"""System checks: an operator learns from ``manage.py check`` that ID numbers need a key of their own."""

from __future__ import annotations

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Warning, register

GENERATE_HINT = "用 python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' 生成。"


@register()
def check_field_encryption_key(app_configs, **kwargs) -> list:
    key = settings.FIELD_ENCRYPTION_KEY
    if key:
        try:
            Fernet(key.encode())
        except ValueError:
            return [
                Error(
                    "FIELD_ENCRYPTION_KEY 不是有效的 Fernet 密钥。",
                    hint=GENERATE_HINT,
                    id="roster.E001",
                )
            ]
        return []
    if settings.DEBUG:
        return []
    return [
        Warning(
            "未设置 FIELD_ENCRYPTION_KEY,身份证号加密密钥由 SECRET_KEY 派生。",
            hint="生产环境请设置独立的 FIELD_ENCRYPTION_KEY 并妥善备份:丢失后已加密的身份证号无法解密。",
            id="roster.W001",
        )
    ]
