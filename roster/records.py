"""What the roster shows from other apps (training, quizzes, certificates), in one place.

``courses`` and ``certificates`` are built in parallel; the roster only asks them questions by user through
their ``queries`` modules and shows nothing (not an error) while a query does not exist yet. The names below are
the contract the lead wires at merge time:

- ``courses.queries.training_record(user) -> list[dict]`` with keys ``course``, ``status``, ``score``, ``date``
- ``courses.queries.quiz_pass_rates() -> list[tuple[str, float]]`` (course title, pass rate 0-1)
- ``certificates.queries.certificates_for_user(user) -> list[dict]`` with keys ``title``, ``serial``, ``issued_on``,
  ``expires_on``, ``status``
- ``certificates.queries.certificates_issued_count(start, end) -> int``
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date


def _query(module: str, name: str) -> Callable | None:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def training_record(user) -> list[dict] | None:
    """The user's courses and quiz results, or None while ``courses`` does not answer."""
    query = _query("courses.queries", "training_record")
    return None if query is None or user is None else list(query(user))


def certificates_for_user(user) -> list[dict] | None:
    query = _query("certificates.queries", "certificates_for_user")
    return None if query is None or user is None else list(query(user))


def quiz_pass_rates() -> list[tuple[str, float]] | None:
    query = _query("courses.queries", "quiz_pass_rates")
    return None if query is None else list(query())


def certificates_issued_count(start: date, end: date) -> int | None:
    query = _query("certificates.queries", "certificates_issued_count")
    return None if query is None else int(query(start, end))
