"""Upload limits by type and size, with the message a user reads when a file is refused.

Wagtail limits images itself (``WAGTAILIMAGES_EXTENSIONS``, ``WAGTAILIMAGES_MAX_UPLOAD_SIZE``) and document types
(``WAGTAILDOCS_EXTENSIONS``); the document size limit and the apps' import files go through ``validate_upload`` so
every refusal reads the same and nothing is stored.
"""

from __future__ import annotations

from pathlib import PurePath

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def validate_upload(upload: UploadedFile, extensions: list[str] | tuple[str, ...], max_bytes: int) -> UploadedFile:
    """Refuse a file whose extension is not listed or that is larger than ``max_bytes``."""
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in extensions:
        raise forms.ValidationError(
            _("不支持的文件类型“%(ext)s”,只能上传:%(allowed)s。"),
            code="file_type",
            params={"ext": extension or _("无扩展名"), "allowed": "、".join(f".{e}" for e in extensions)},
        )
    if upload.size is not None and upload.size > max_bytes:
        raise forms.ValidationError(
            _("文件太大(%(size)s),最大 %(limit)s。"),
            code="file_size",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    return upload
