"""Panels of the "我的" page, contributed by each app so that accounts knows nothing of their models.

An app adds panels by defining ``<app>/me.py`` with ``def me_panels(request) -> list[MePanel]``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest


@dataclass(frozen=True)
class MePanel:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def collect_me_panels(request: HttpRequest) -> list[MePanel]:
    """Every installed project app's panels for the signed-in user, in display order."""
    panels: list[MePanel] = []
    for app_label in settings.LOCAL_APPS:
        try:
            module = importlib.import_module(f"{app_label}.me")
        except ModuleNotFoundError as error:
            if error.name != f"{app_label}.me":
                raise
            continue
        panels.extend(module.me_panels(request))
    return sorted(panels, key=lambda panel: panel.order)
