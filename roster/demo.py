"""Demo roster: about 60 volunteers in two cohorts, with applications, activities, hours and commendations.

The content is data: ``demo_data/*.yaml`` beside this module, each field named — the roles (``roles.yaml``), how the
volunteers are generated (``volunteers.yaml``: seed, name parts, cohorts, status history), the weekly activities, their
sign-ins and hours (``activities.yaml``), the commendations, evaluations and notes (``recognition.yaml``), the
applications (``applications.yaml``) and the record's agreement, insurance and health rows (``record.yaml``). This
module maps those fields onto the models and draws the generated rows.

Idempotent: the demo volunteers carry numbers ``SGD-0001`` …; when they exist nothing is created again.
Rows are made with ``bulk_create`` so loading takes about a second.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from .actions import SeriesSpec, do_create_series, do_record_health_check, do_sign_agreement
from .idcard import check_digit
from .models import (
    Activity,
    AgreementVersion,
    Application,
    Commendation,
    Evaluation,
    HealthCheck,
    HealthItem,
    InsurancePolicy,
    Note,
    ServiceRecord,
    ServiceRole,
    Signup,
    StatusChange,
    Volunteer,
)
from .privacy import PRIVACY_NOTICE_VERSION
from .stars import recompute_star_levels

DATA = Path(__file__).parent / "demo_data"
Spec = dict[str, Any]
SERVING = (Volunteer.Status.ACTIVE, Volunteer.Status.PAUSED, Volunteer.Status.LEFT)


def read(name: str) -> Any:
    """One demo data file (``demo_data/<name>.yaml``); safe_load, so a data file can never run code."""
    with (DATA / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


COHORTS: tuple[str, ...] = tuple(cohort["name"] for cohort in read("volunteers")["cohorts"])


class People:
    """What volunteers and applications share: the one seeded generator, the name parts, the ID number's region."""

    def __init__(self, spec: Spec) -> None:
        self.rng = random.Random(spec["seed"])
        self.surnames: list[str] = spec["names"]["surnames"]
        self.given: list[str] = spec["names"]["given"]
        self.genders: list[str] = spec["genders"]
        self.region: str = spec["id_number_region"]

    def surname(self, index: int, rule: Spec) -> str:
        return self.surnames[(rule["surname_offset"] + index * rule["surname_step"]) % len(self.surnames)]

    def name(self, index: int, rule: Spec) -> str:
        given = self.given[(rule["given_offset"] + index * rule["given_step"]) % len(self.given)]
        return self.surname(index, rule) + given

    def born(self, years: list[int]) -> date:
        return date(self.rng.randint(*years), self.rng.randint(1, 12), self.rng.randint(1, 28))

    def mobile(self, prefix: str) -> str:
        return f"{prefix}{self.rng.randint(10000000, 99999999)}"

    def id_number(self, born: date) -> str:
        first17 = f"{self.region}{born:%Y%m%d}{self.rng.randint(100, 999)}"
        return first17 + check_digit(first17)


def _every(index: int, rule: Spec) -> bool:
    """``{every: n, from: k}``: whether ``index`` is one of k, k + n, k + 2n …"""
    return index >= rule["from"] and (index - rule["from"]) % rule["every"] == 0


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@transaction.atomic
def load() -> None:
    roles = _roles(read("roles"))
    people_spec = read("volunteers")
    if Volunteer.objects.filter(number__startswith=people_spec["number_prefix"]).exists():
        return
    people = People(people_spec)
    today = timezone.localdate()
    now = timezone.now()
    staff = User.objects.filter(username=people_spec["social_worker"]).first()
    demo_user = User.objects.filter(username=people_spec["demo_volunteer"]["login"], volunteer__isnull=True).first()

    volunteers = _volunteers(people, people_spec, demo_user)
    _link_roles(volunteers, list(roles.values()), people_spec["volunteers"]["with_second_role"])
    _status_history(volunteers, people_spec["status_history"], staff, today)

    spec = read("activities")
    activities = _activities(spec, roles, staff, today)
    serving = [v for v in volunteers if v.status in SERVING]
    _signups(people.rng, spec["signups"], activities, serving, volunteers[0] if demo_user else None, now)
    _service_records(spec, volunteers, serving, staff, now)
    _recognition(read("recognition"), serving, staff)
    _applications(people, read("applications"), today, now)
    _series(read("schedule"), roles, staff, today)
    _record(read("record"), serving, staff, today)
    recompute_star_levels([v.pk for v in volunteers])


def _series(spec: Spec, roles: dict[str, ServiceRole], staff: User | None, today: date) -> None:
    """Weekly series from today on (``schedule.yaml``), made by the action every other path uses."""
    for item in spec["series"]:
        do_create_series(
            SeriesSpec(
                name=item["name"],
                department=item["department"],
                role=roles[item["role"]],
                capacity=item["capacity"],
                weekday=item["weekday"],
                start_time=time.fromisoformat(item["start"]),
                end_time=time.fromisoformat(item["end"]),
                first_date=today,
                last_date=today + timedelta(weeks=item["weeks"]),
                social_worker=staff,
                description=item["description"],
            ),
            by=staff,
        )


def _record(spec: Spec, serving: list[Volunteer], staff: User | None, today: date) -> None:
    """An agreement signed, insurance cover and a health item checked for the serving volunteers."""
    agreement = spec["agreement"]
    version, _created = AgreementVersion.objects.get_or_create(
        version=agreement["version"],
        defaults={"title": agreement["title"], "text": agreement["text"], "term_months": agreement["term_months"]},
    )
    signed_on = today - timedelta(days=agreement["signed_days_ago"])
    for volunteer in serving:
        do_sign_agreement(volunteer, version, signed_on, staff)
    cover = spec["insurance"]
    policy, _created = InsurancePolicy.objects.get_or_create(
        number=cover["number"],
        defaults={
            "insurer": cover["insurer"],
            "starts_on": today - timedelta(days=cover["starts_days_ago"]),
            "ends_on": today + timedelta(days=cover["ends_in_days"]),
        },
    )
    policy.covered.add(*serving[:: cover["covered_every"]])
    health = spec["health_item"]
    item, _created = HealthItem.objects.get_or_create(
        name=health["name"],
        defaults={k: health[k] for k in ("description", "validity_days", "remind_days")},
    )
    for index, volunteer in enumerate(serving):
        days_ago = health["checked_days_ago"][index % len(health["checked_days_ago"])]
        do_record_health_check(volunteer, item, today - timedelta(days=days_ago), HealthCheck.Result.PASS, staff)


def _roles(specs: list[Spec]) -> dict[str, ServiceRole]:
    """The service roles by name, in the data's order; an existing role (matched by name) is kept as it is."""
    roles = {}
    for spec in specs:
        roles[spec["name"]], _created = ServiceRole.objects.get_or_create(
            name=spec["name"],
            defaults={
                "description": spec["description"],
                "time_commitment": spec["time_commitment"],
                "preferred_skills": spec["preferred_skills"],
            },
        )
    return roles


def _volunteers(people: People, spec: Spec, demo_user: User | None) -> list[Volunteer]:
    """Draw the volunteers of every cohort and save them; returned in number order (the demo user's first)."""
    rule = spec["volunteers"]
    cohort_of = [cohort for cohort in spec["cohorts"] for _ in range(cohort["volunteers"])]
    rng = people.rng
    volunteers = []
    for index, cohort in enumerate(cohort_of):
        born = people.born(rule["born_years"])
        joined = cohort["joined_from"] + timedelta(days=rng.randint(0, cohort["joined_within_days"]))
        volunteer = Volunteer(
            number=f"{spec['number_prefix']}{index + 1:0{spec['number_digits']}d}",
            name=people.name(index, rule["name"]),
            gender=rng.choice(people.genders),
            date_of_birth=born,
            mobile=people.mobile(rule["mobile_prefix"]),
            education=rng.choice(rule["educations"]),
            occupation=rng.choice(rule["occupations"]),
            skills=rng.sample(rule["skills"], k=rng.randint(0, rule["most_skills"])),
            availability=sorted(rng.sample(rule["availability"], k=rule["availability_slots"])),
            cohort=cohort["name"],
            status=cohort["statuses"][index % len(cohort["statuses"])],
            joined_on=joined,
            emergency_contact_name=rule["emergency_contact_name"].format(surname=people.surname(index, rule["name"])),
            emergency_contact_phone=people.mobile(rule["emergency_contact_mobile_prefix"]),
        )
        if _every(index, rule["with_id_number"]):
            volunteer.set_id_number(people.id_number(born))
        volunteers.append(volunteer)
    if demo_user is not None:
        first = volunteers[0]
        first.user = demo_user
        first.name = f"{demo_user.last_name}{demo_user.first_name}"
        first.availability = sorted({*first.availability, *spec["demo_volunteer"]["extra_availability"]})
    Volunteer.objects.bulk_create(volunteers)
    return list(Volunteer.objects.filter(number__startswith=spec["number_prefix"]).order_by("number"))


def _link_roles(volunteers: list[Volunteer], roles: list[ServiceRole], second: Spec) -> None:
    """Volunteer i serves role i mod len(roles); those picked by ``second`` also the role after it."""
    through = Volunteer.roles.through
    links = [through(volunteer_id=v.pk, servicerole_id=roles[i % len(roles)].pk) for i, v in enumerate(volunteers)]
    links += [
        through(volunteer_id=v.pk, servicerole_id=roles[(i + 1) % len(roles)].pk)
        for i, v in enumerate(volunteers)
        if _every(i, second)
    ]
    through.objects.bulk_create(links)


def _status_history(volunteers: list[Volunteer], steps: list[Spec], staff: User | None, today: date) -> None:
    changes = []
    for volunteer in volunteers:
        for step in steps:
            if "statuses" in step and volunteer.status not in step["statuses"]:
                continue
            if "days_ago" in step:
                day = today - timedelta(days=step["days_ago"])
            else:
                day = volunteer.joined_on + timedelta(days=step["days_after_joining"])
            changes.append(
                StatusChange(
                    volunteer=volunteer,
                    from_status=step.get("from", ""),
                    to_status=step["to"],
                    changed_by=staff if step.get("by_social_worker", True) else None,
                    changed_at=_aware(day, step["hour"]),
                    reason=step["reason"],
                )
            )
    StatusChange.objects.bulk_create(changes)


def _activities(spec: Spec, roles: dict[str, ServiceRole], staff: User | None, today: date) -> list[Activity]:
    """Each slot's weekly activity over the weeks of the data; returned saved, by start."""
    to_anchor = (spec["anchor_weekday"] - today.weekday()) % 7
    activities = []
    for week in range(spec["first_week"], spec["last_week"] + 1):
        for slot in spec["slots"]:
            role = roles[slot["role"]]
            day = today + timedelta(weeks=week, days=to_anchor - slot["days_before_anchor"])
            start = _aware(day, slot["start_hour"])
            activities.append(
                Activity(
                    name=spec["name"].format(role=role.name),
                    department=slot["department"],
                    starts_at=start,
                    ends_at=start + timedelta(hours=spec["duration_hours"]),
                    role=role,
                    capacity=spec["capacity"],
                    social_worker=staff,
                )
            )
    Activity.objects.bulk_create(activities)
    return list(Activity.objects.filter(pk__in=[a.pk for a in activities]).order_by("starts_at", "pk"))


def _signups(
    rng: random.Random,
    spec: Spec,
    activities: list[Activity],
    serving: list[Volunteer],
    demo_volunteer: Volunteer | None,
    now: datetime,
) -> None:
    """Drawn volunteers on every activity, signed in and out of the past ones; the demo volunteer on the next one."""
    signups = []
    for activity in activities:
        chosen = rng.sample(serving, k=min(spec["per_activity"], len(serving)))
        if activity.starts_at > now:
            signups += [Signup(activity=activity, volunteer=v) for v in chosen]
            continue
        for v in chosen:
            arrive = activity.starts_at + timedelta(minutes=rng.randint(*spec["check_in_minutes"]))
            leave = activity.ends_at + timedelta(minutes=rng.randint(*spec["check_out_minutes"]))
            signups.append(Signup(activity=activity, volunteer=v, checked_in_at=arrive, checked_out_at=leave))
    if demo_volunteer is not None:
        upcoming = next(a for a in activities if a.starts_at > now)
        signups.append(Signup(activity=upcoming, volunteer=demo_volunteer))
    Signup.objects.bulk_create(signups)


def _service_records(
    spec: Spec, volunteers: list[Volunteer], serving: list[Volunteer], staff: User | None, now: datetime
) -> None:
    """A record of every signed-out sign-in (whole quarter hours), then the paper records of before the platform."""
    pending_since = now - timedelta(days=spec["signups"]["pending_days"])
    records = []
    signed_out = Signup.objects.filter(volunteer__in=volunteers, checked_out_at__isnull=False)
    for signup in signed_out.select_related("activity"):
        assert signup.checked_in_at is not None and signup.checked_out_at is not None
        minutes = int((signup.checked_out_at - signup.checked_in_at).total_seconds() // 900) * 15
        recent = signup.activity.starts_at > pending_since
        records.append(
            ServiceRecord(
                volunteer_id=signup.volunteer_id,
                activity=signup.activity,
                signup=signup,
                started_at=signup.checked_in_at,
                ended_at=signup.checked_out_at,
                date=timezone.localtime(signup.checked_in_at).date(),
                department=signup.activity.department,
                content=signup.activity.name,
                hours=Decimal(minutes) / 60,
                status="pending" if recent else "confirmed",
                confirmed_by=None if recent else staff,
                confirmed_at=None if recent else signup.checked_out_at,
            )
        )
    paper = spec["paper_records"]
    for i, v in enumerate(serving[: paper["volunteers"]]):
        records.append(
            ServiceRecord(
                volunteer=v,
                date=paper["date"],
                department=paper["department"],
                content=paper["content"],
                hours=Decimal(paper["first_hours"] + paper["step_hours"] * i),
                status="confirmed",
                confirmed_by=staff,
                confirmed_at=now,
            )
        )
    ServiceRecord.objects.bulk_create(records)


def _recognition(spec: Spec, serving: list[Volunteer], staff: User | None) -> None:
    Commendation.objects.bulk_create(
        [
            Commendation(
                volunteer=serving[c["volunteer"]],
                name=c["name"],
                level=c["level"],
                issuer=c["issuer"],
                awarded_on=c["awarded_on"],
            )
            for c in spec["commendations"]
        ]
    )
    Evaluation.objects.bulk_create(
        [
            Evaluation(
                volunteer=serving[e["volunteer"]],
                kind=e.get("kind", Evaluation.Kind.EVALUATION),
                rating=e.get("rating"),
                content=e["content"],
                source=e["source"],
                author=staff,
            )
            for e in spec["evaluations"]
        ]
    )
    Note.objects.bulk_create(
        [Note(volunteer=serving[n["volunteer"]], text=n["text"], author=staff) for n in spec["notes"]]
    )


def _applications(people: People, spec: Spec, today: date, now: datetime) -> None:
    rng = people.rng
    applications = []
    for index in range(spec["count"]):
        born = people.born(spec["born_years"])
        rejected = index >= spec["new"]
        application = Application(
            name=people.name(index, spec["name"]),
            gender=rng.choice(people.genders),
            date_of_birth=born,
            mobile=people.mobile(spec["mobile_prefix"]),
            education=spec["education"],
            occupation=rng.choice(spec["occupations"]),
            skills=list(spec["skills"]) if _every(index, spec["with_skills"]) else [],
            availability=list(spec["availability"]),
            emergency_contact_name=spec["emergency_contact_name"],
            emergency_contact_phone=spec["emergency_contact_phone"],
            heard_from=rng.choice(spec["heard_from"]),
            privacy_notice_version=PRIVACY_NOTICE_VERSION,
            privacy_consented_at=now - timedelta(days=index),
            created_at=now - timedelta(days=index),
            status="rejected" if rejected else "new",
            rejection_reason=spec["rejection_reason"] if rejected else "",
        )
        if today.year - born.year < settings.VOLUNTEER_ADULT_AGE:
            application.guardian_name, application.guardian_consent = spec["guardian_name"], True
        application.set_id_number(people.id_number(born) if _every(index, spec["with_id_number"]) else "")
        applications.append(application)
    duplicate = spec["duplicate_mobile"]
    applications[duplicate["copy"]].mobile = applications[duplicate["of"]].mobile
    Application.objects.bulk_create(applications)
