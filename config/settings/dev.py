"""Development settings: the defaults of ``base`` (DEBUG on, SQLite, console e-mail)."""

from .base import *  # noqa: F403
