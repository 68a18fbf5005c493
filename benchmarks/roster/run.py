"""Roster benchmark: dashboard, contract report, roster export and star recomputation at scale.

One command (from the project root):

    .venv/bin/python benchmarks/roster/run.py [--volunteers 10000] [--records 200000]

Builds a throw-away SQLite database in a temporary directory (or uses DATABASE_URL, which it then fills: give it
an empty database of its own), then prints, per view, the wall time of one warm call, its peak Python memory
(tracemalloc, in a separate call) and its SQL queries.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    os.environ.setdefault("SHUANGGONG_VAR_DIR", tempfile.mkdtemp(prefix="roster-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db["NAME"] = str(Path(os.environ["SHUANGGONG_VAR_DIR"]) / "bench.sqlite3")
    call_command("migrate", verbosity=0)


def populate(volunteers: int, records: int) -> None:
    from django.utils import timezone

    from accounts.demo import load as load_accounts
    from roster.models import Activity, ServiceRecord, ServiceRole, StatusChange, Volunteer

    rng = random.Random(6)
    load_accounts()
    roles = [ServiceRole.objects.create(name=f"岗位{i}", preferred_skills=["language"]) for i in range(6)]
    statuses = ["active"] * 6 + ["training", "paused", "left"]
    Volunteer.objects.bulk_create(
        (
            Volunteer(
                number=f"SGB-{i:06d}",
                name=f"志愿者{i}",
                mobile=f"139{i:08d}",
                status=rng.choice(statuses),
                cohort=f"2026年第{i % 8 + 1}批",
                skills=["language"] if i % 3 == 0 else [],
                availability=["mon-am", "sat-am", "sat-pm"],
                joined_on=date(2025, 1, 1) + timedelta(days=i % 600),
            )
            for i in range(volunteers)
        ),
        batch_size=2000,
    )
    ids = list(Volunteer.objects.values_list("pk", flat=True))
    now = timezone.now()
    StatusChange.objects.bulk_create(
        (StatusChange(volunteer_id=pk, to_status="active", changed_at=now) for pk in ids[::2]), batch_size=5000
    )
    start = timezone.make_aware(datetime(2025, 1, 4, 9))
    Activity.objects.bulk_create(
        Activity(
            name=f"活动{i}",
            department=f"科室{i % 12}",
            role=roles[i % 6],
            capacity=20,
            starts_at=start + timedelta(days=i // 3),
            ends_at=start + timedelta(days=i // 3, hours=3),
        )
        for i in range(1500)
    )
    activities = list(Activity.objects.values_list("pk", "department", "starts_at"))
    batch = []
    for n in range(records):
        pk, department, starts_at = activities[n % len(activities)]
        batch.append(
            ServiceRecord(
                volunteer_id=ids[rng.randrange(len(ids))],
                activity_id=pk,
                department=department,
                date=timezone.localtime(starts_at).date(),
                content="导诊",
                hours=Decimal("3.00"),
                status="confirmed" if n % 10 else "pending",
            )
        )
        if len(batch) == 10000:
            ServiceRecord.objects.bulk_create(batch)
            batch = []
    ServiceRecord.objects.bulk_create(batch)


def measure(label: str, action) -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    action()  # warm-up: templates compiled, admin menu built, caches filled — as on a running server
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = action()
    elapsed = time.perf_counter() - started
    query_count = len(queries)
    reset_queries()
    tracemalloc.start()
    action()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = f", {len(result.content) / 1024:.0f} KiB" if hasattr(result, "content") else ""
    print(f"{label:<38} {elapsed:7.2f} s  peak {peak / 2**20:6.1f} MiB  {query_count:3d} queries{size}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volunteers", type=int, default=10_000)
    parser.add_argument("--records", type=int, default=200_000)
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    started = time.perf_counter()
    populate(args.volunteers, args.records)
    print(
        f"database: {connection.vendor}; {args.volunteers} volunteers, {args.records} service records "
        f"(built in {time.perf_counter() - started:.1f} s)"
    )
    from roster.stars import recompute_star_levels

    client = Client()
    client.force_login(User.objects.get(username="coordinator"))
    measure("star levels, all volunteers", lambda: recompute_star_levels())
    measure("dashboard view", lambda: client.get("/admin/roster/dashboard/"))
    measure(
        "contract report Excel (whole period)",
        lambda: client.get("/admin/roster/report/?start=2025-01-01&end=2026-12-31&download=1"),
    )
    measure("roster export Excel (all volunteers)", lambda: client.get("/admin/roster/volunteers/export.xlsx"))
    measure("volunteer list page", lambda: client.get("/admin/roster/volunteers/"))
    measure("hours queue page", lambda: client.get("/admin/roster/hours/"))


if __name__ == "__main__":
    main()
