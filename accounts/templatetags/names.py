"""`{{ user|display_name }}` in templates: the same name, written the same way, as everywhere else."""

from __future__ import annotations

from django import template

from accounts.names import display_name as _display_name

register = template.Library()


@register.filter
def display_name(user) -> str:
    return _display_name(user) if user else ""
