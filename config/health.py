"""``/healthz``: what a load balancer or monitor asks before sending traffic.

The database and the cache are essential: if either fails the answer is 503 and a load balancer takes the node
out. Apps add further probes as Django system checks tagged ``runtime`` (the search index directory, the CJK font
for certificates); their errors make the answer ``degraded`` but keep it 200, because the site still serves
pages without search or new PDFs. ``manage.py check --tag runtime`` reports the same things.
"""

from __future__ import annotations

import time
import uuid

from django.core import checks
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def database_problem() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure is a health failure, reported by name
        return f"{type(error).__name__}: {error}"
    return None


def cache_problem() -> str | None:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", 10)
        value = cache.get(key)
        cache.delete(key)
    except Exception as error:  # noqa: BLE001
        return f"{type(error).__name__}: {error}"
    return None if value == "ok" else "cache did not return what was stored"


def runtime_check_problems() -> dict[str, str]:
    """Errors of the system checks tagged ``runtime``, keyed by check id."""
    problems = {}
    for message in checks.run_checks(tags=["runtime"]):
        if message.level >= checks.ERROR:
            problems[message.id or "check"] = str(message.msg)
    return problems


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    started = time.perf_counter()
    results: dict[str, str] = {}
    for name, probe in (("database", database_problem), ("cache", cache_problem)):
        problem = probe()
        results[name] = problem or "ok"
    essential_ok = all(value == "ok" for value in results.values())
    degraded = runtime_check_problems()
    results.update(degraded)
    status = "error" if not essential_ok else "degraded" if degraded else "ok"
    body = {
        "status": status,
        "checks": results,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    return JsonResponse(body, status=200 if essential_ok else 503)
