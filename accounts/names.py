"""How a person's name is written on this site: family name first, no space, as in Chinese."""

from __future__ import annotations


def full_name(user) -> str:
    """李小萌, not "小萌 李": installed as User.get_full_name, which Wagtail's admin shows everywhere."""
    return f"{user.last_name}{user.first_name}".strip()


def display_name(user) -> str:
    """The full name; the username when no name is known."""
    return full_name(user) or user.get_username()


def chooser_label(user) -> str:
    """A person in a pick list: 李小萌(SG2026-0001), the username telling two people of one name apart."""
    name = full_name(user)
    return f"{name}({user.get_username()})" if name else user.get_username()
