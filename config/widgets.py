"""Date and time inputs that the browser's own pickers accept.

``<input type="date">`` takes only ISO dates (2026-12-01) and ``datetime-local`` only 2026-12-01T09:30; Django
formats values by the active locale (2026/12/01 in Chinese), which the browser discards, leaving an empty field
that blocks the form. Every picker uses these.
"""

from __future__ import annotations

from typing import Any

from django import forms


class IsoDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class IsoDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
