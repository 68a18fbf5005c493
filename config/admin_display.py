"""How a record's values read on the admin's 详情 (inspect) pages: in Chinese, and in the site's time zone.

Wagtail's inspect view prints a value with ``{{ value|localize }}``: a time came out in UTC (eight hours off the
listing beside it, which converts to Beijing time), an empty value as "None" and a yes/no field as "True"/"False".
Every model field without a display of its own (images and documents keep Wagtail's) is shown by ``display_value``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.fields import register_display_class

EMPTY = "—"


def display_value(value: Any) -> str:
    """A field's value as a person reads it: local time, 是/否, a dash for nothing."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime):
        shown = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(shown, "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(formats.localize(value))


class RecordValueDisplay(Component):
    def __init__(self, value: Any) -> None:
        self.value = value

    def render_html(self, parent_context: Any = None) -> SafeString:
        return conditional_escape(display_value(self.value))


def register_record_displays() -> None:
    """Called once from the admin's hooks: every field, and foreign keys to any model, shown by ``display_value``."""
    register_display_class(models.Field, display_class=RecordValueDisplay)
    register_display_class(models.ForeignKey, to=models.Model, display_class=RecordValueDisplay)
