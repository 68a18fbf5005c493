"""The benchmark's WSGI application: the real site, plus a log line per ``attempt_finalised`` signal.

The log lets the runner check that every attempt was graded exactly once across all gunicorn workers
(small ``O_APPEND`` writes from several processes do not interleave).
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.quiz.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

from courses.signals import attempt_finalised  # noqa: E402

FINALISED_LOG = os.environ["QUIZ_BENCH_FINALISED_LOG"]


def log_finalised(sender, attempt, passed, **kwargs):
    with open(FINALISED_LOG, "a", encoding="ascii") as log:
        log.write(f"{attempt.pk}\n")


attempt_finalised.connect(log_finalised, weak=False)
