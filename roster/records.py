"""What the roster shows from other apps (training, quizzes, certificates), in one place.

The roster asks ``courses`` and ``certificates`` by user through their ``queries`` modules; it never reads their
models directly.
"""

from __future__ import annotations

from datetime import date

from certificates import queries as certificate_queries
from courses import queries as course_queries


def training_record(user) -> list[dict] | None:
    """The user's courses and quiz results; None for a volunteer without an account."""
    return None if user is None else course_queries.training_record(user)


def certificates_for_user(user) -> list[dict] | None:
    return None if user is None else certificate_queries.certificates_for_user(user)


def quiz_pass_rates() -> list[tuple[str, float]]:
    return course_queries.quiz_pass_rates()


def certificates_issued_count(start: date, end: date) -> int:
    return certificate_queries.certificates_issued_count(start, end)
