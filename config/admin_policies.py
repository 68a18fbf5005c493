"""Permission policies for records the admin shows but must not let anyone rewrite through a generic form."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from wagtail.permission_policies import ModelPermissionPolicy

WRITE_ACTIONS = frozenset({"add", "change", "delete"})


class RecordPermissionPolicy(ModelPermissionPolicy):
    """The model's own permissions, less the ``denied`` actions, whoever asks (superusers too).

    Records written only by an app's ``actions.py`` (which keep who, when and why) are read-only: ``denied`` is
    every write. Records the admin may add through an action but never rewrite deny ``change`` only: an edit form
    could otherwise move a completion or an enrolment to another person or course without a trace.
    """

    def __init__(self, model: type[Model], denied: Iterable[str] = WRITE_ACTIONS) -> None:
        super().__init__(model)
        self.denied = frozenset(denied) | {"lock", "unlock", "publish"}

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action not in self.denied and super().user_has_permission(user, action)

    def user_has_any_permission(self, user: Any, actions: Iterable[str]) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)
