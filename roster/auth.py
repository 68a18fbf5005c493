"""Volunteers log in with their mobile number or e-mail as well as their volunteer number (the username).

The mobile is the roster's own field on the volunteer record (stored as given, shown masked in lists); only
volunteer accounts are found this way, and an identifier that matches more than one account logs nobody in.
Axes counts failures per account whichever identifier was typed (``axes_username``), so the lock-out cannot
be sidestepped by switching from the number to the mobile.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.http import HttpRequest

from .models import Volunteer

MOBILE = re.compile(r"^1\d{10}$")


def account_for(identifier: str) -> User | None:
    """The one volunteer account this mobile or e-mail belongs to; None when none or several match."""
    identifier = (identifier or "").strip()
    if MOBILE.match(identifier):
        volunteers = Volunteer.objects.filter(mobile=identifier, user__isnull=False)
    elif "@" in identifier:
        volunteers = Volunteer.objects.filter(user__email__iexact=identifier, user__isnull=False)
    else:
        return None
    matches = list(volunteers.select_related("user")[:2])
    return matches[0].user if len(matches) == 1 else None


class VolunteerContactBackend(ModelBackend):
    """After the username backend: a mobile number or e-mail that names exactly one volunteer account."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if not username or password is None or User.objects.filter(username=username).exists():
            return None
        user = account_for(username)
        if user is None:
            User().set_password(password)  # same work as a real check, so timing does not tell who exists
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The username Axes counts failures against: the account a mobile or e-mail names, else what was typed."""
    typed = (credentials or {}).get("username") or (request.POST.get("username") if request is not None else "")
    typed = (typed or "").strip()
    if typed and not User.objects.filter(username=typed).exists():
        user = account_for(typed)
        if user is not None:
            return user.get_username()
    return typed
