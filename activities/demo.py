"""Demo public activities (``demo_data/activities.yaml``): a month around today, past ones with sign-ins and feedback.

Idempotent: pages are found by slug, the contract period by name; registrations are made only for pages it created.
Past registrations are written directly (``do_register`` rightly refuses an activity that has started); upcoming
ones go through ``do_register`` like a visitor's.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from roster import queries as roster

from .actions import PRIVACY_NOTICE_VERSION, do_record_tally, do_register, mobile_hash
from .models import (
    ActivityIndexPage,
    ActivityPage,
    ContractPeriod,
    Feedback,
    FeedbackQuestion,
    FeedbackScore,
    Indicator,
    Registration,
    Tally,
)

DATA = Path(__file__).parent / "demo_data" / "activities.yaml"


def _at(day: int, clock: str) -> datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    date = timezone.localdate() + timedelta(days=day)
    return timezone.make_aware(datetime.combine(date, time(hour, minute)))


def _calendar(spec: dict[str, Any]) -> ActivityIndexPage:
    existing = ActivityIndexPage.objects.first()
    if existing:
        return existing
    home = Site.objects.get(is_default_site=True).root_page
    index = ActivityIndexPage(title=spec["title"], slug=spec["slug"], intro=spec["intro"], live=False)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def _mobile(rng: random.Random) -> str:
    return f"139{rng.randint(10000000, 99999999)}"


@transaction.atomic
def load() -> None:
    spec = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    rng = random.Random(20)
    index = _calendar(spec["calendar"])
    questions = [
        FeedbackQuestion.objects.get_or_create(text=text, defaults={"order": n})[0]
        for n, text in enumerate(spec["questions"])
    ]
    worker = User.objects.filter(username="socialworker").first()
    role = roster.service_roles().first()
    for item in spec["activities"]:
        if index.get_children().filter(slug=item["slug"]).exists():
            continue
        page = ActivityPage(
            title=item["title"],
            slug=item["slug"],
            kind=item["kind"],
            audience=item["audience"],
            department=item["department"],
            place=item["place"],
            starts_at=_at(item["day"], item["start"]),
            ends_at=_at(item["day"], item["end"]),
            series=item.get("series", ""),
            summary=f"{item['title']}:由医务社工部主办,欢迎参加。活动约一小时,可带一位家属陪同。",
            capacity=item["capacity"],
            what_to_bring=item.get("bring", ""),
            accessibility=item.get("access", ""),
            social_worker=worker,
            volunteer_role=role if item.get("volunteers") else None,
            volunteers_needed=item.get("volunteers", 0) if role else 0,
            live=False,
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        if item["day"] < 0:
            _past_registrations(page, item, spec, questions, rng)
        else:
            for n in range(rng.randint(2, 5)):
                do_register(
                    page,
                    salutation=spec["salutations"][n % len(spec["salutations"])],
                    mobile=_mobile(rng),
                    people=rng.randint(1, 2),
                    consent=True,
                )
    _period(spec["period"], worker)


def _past_registrations(page: ActivityPage, item: dict, spec: dict, questions: list, rng: random.Random) -> None:
    for n in range(item["signed_in"]):
        mobile = _mobile(rng)
        registration = Registration(
            activity=page,
            salutation=spec["salutations"][n % len(spec["salutations"])],
            people=1,
            status=Registration.Status.CONFIRMED,
            consented_at=page.starts_at - timedelta(days=3),
            created_at=page.starts_at - timedelta(days=3),
            privacy_notice_version=PRIVACY_NOTICE_VERSION,
            mobile_hash=mobile_hash(mobile),
            signed_in_at=page.starts_at + timedelta(minutes=rng.randint(-10, 5)),
            feedback_given=n < item["feedback"],
        )
        registration.set_mobile(mobile)
        registration.save()
    for n in range(item["feedback"]):
        feedback = Feedback.objects.create(
            activity=page,
            comment=spec["comments"][n % len(spec["comments"])] if n % 2 == 0 else "",
            submitted_on=timezone.localtime(page.ends_at).date(),
        )
        FeedbackScore.objects.bulk_create(
            [FeedbackScore(feedback=feedback, question=q, score=rng.choice([4, 5, 5, 5, 3])) for q in questions]
        )


def _period(spec: dict[str, Any], worker: User | None) -> None:
    today = timezone.localdate()
    period, created = ContractPeriod.objects.get_or_create(
        name=spec["name"],
        defaults={
            "starts_on": today + timedelta(days=spec["start_day"]),
            "ends_on": today + timedelta(days=spec["end_day"]),
        },
    )
    if not created:
        return
    for order, item in enumerate(spec["indicators"]):
        Indicator.objects.create(
            period=period,
            name=item["name"],
            target=item["target"],
            unit=item["unit"],
            activity_kind=item.get("kind", ""),
            tally_category=item.get("tally", ""),
            sessions_per_group=item.get("groups_of", 0),
            evidence=item["evidence"],
            sort_order=order,
        )
    if not Tally.objects.exists():
        for tally in spec["tallies"]:
            do_record_tally(
                date=today + timedelta(days=tally["day"]),
                category=tally["category"],
                count=tally["count"],
                summary=tally["summary"],
                by=worker,
            )
