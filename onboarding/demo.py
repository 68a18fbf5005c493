"""Demo onboarding: one four-week programme and two cohorts — one finished, one halfway — so every state shows.

The programme, its steps and the cohorts are data (``demo_data/programme.yaml``, each field named); this module maps
them onto the models and makes the members' records.

Idempotent: nothing is created when the programme already exists. Runs after the courses, roster and certificates
demos (INSTALLED_APPS order), whose courses, quizzes, volunteers and templates it uses; being the first demo to run
after both roster and certificates, it also issues the demo volunteer's 志愿服务证明.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import yaml
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from accounts.roles import VOLUNTEER

from .actions import do_complete_if_finished
from .models import Cohort, Membership, Programme, Session, Step, StepRecord

DATA = Path(__file__).parent / "demo_data"


def read() -> dict[str, Any]:
    """``demo_data/programme.yaml``; safe_load, so a data file can never run code."""
    with (DATA / "programme.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _course(title: str):
    from courses.models import CoursePage

    return CoursePage.objects.filter(title=title).first()


def _quiz_of(course):
    from courses.models import LessonPage

    lesson = LessonPage.objects.child_of(course).exclude(quiz=None).first() if course else None
    return lesson.quiz if lesson else None


def _certificate_rule(name: str, hours: float):
    """The 岗前培训合格证书 issued on completing the programme (none when the certificates demo did not run)."""
    from certificates.models import CertificateTemplate, IssuingRule

    template = CertificateTemplate.objects.filter(kind=CertificateTemplate.Kind.ONBOARDING).first()
    if template is None:
        return None
    rule, _created = IssuingRule.objects.get_or_create(
        template=template,
        trigger=IssuingRule.Trigger.PROGRAMME_COMPLETED,
        title=name,
        defaults={"hours": hours},
    )
    return rule


def _step(spec: dict[str, Any]) -> Step:
    from roster.models import ServiceRole

    course = _course(spec["course"]) if spec.get("course") else None
    return Step(
        title=spec["title"],
        kind=spec["kind"],
        week=spec["week"],
        due_day=spec.get("due_day"),
        description=spec.get("description", ""),
        pledge=spec.get("pledge", ""),
        course=course,
        quiz=_quiz_of(_course(spec["quiz"])) if spec.get("quiz") else None,
        role=ServiceRole.objects.filter(name=spec["role"]).first() if spec.get("role") else None,
    )


def _programme(data: dict[str, Any]) -> Programme:
    spec = data["programme"]
    programme = Programme(
        name=spec["name"],
        description=spec["description"],
        weeks=spec["weeks"],
        certificate_rule=_certificate_rule(spec["name"], spec["certificate_hours"]),
    )
    steps = [_step(step) for step in data["steps"]]
    programme.steps = [
        step for step in steps if step.kind not in (Step.Kind.COURSE, Step.Kind.QUIZ) or step.course_id or step.quiz_id
    ]
    programme.save()
    saved = {step.title: step for step in programme.steps.all()}
    for step in data["steps"]:
        if step.get("depends_on") in saved and step["title"] in saved:
            Step.objects.filter(pk=saved[step["title"]].pk).update(depends_on=saved[step["depends_on"]])
    return programme


def _member_users(count: int, status: str, exclude: set[int]) -> list[User]:
    """Give roster volunteers user accounts so they can sign in (demo only)."""
    from roster.models import Volunteer

    group = Group.objects.get(name=VOLUNTEER)
    users = []
    for volunteer in Volunteer.objects.filter(user__isnull=True, status=status).exclude(pk__in=exclude)[:count]:
        user = User.objects.create_user(
            username=f"demo-{volunteer.number.lower()}", last_name=volunteer.name[:1], first_name=volunteer.name[1:]
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(group)
        volunteer.user = user
        volunteer.save(update_fields=["user"])
        users.append(user)
    return users


def _record(user: User, steps: list[Step], started: datetime.date, staff: User | None, evaluation: str) -> None:
    from courses.models import Enrolment, LessonCompletion, LessonPage

    for step in steps:
        at = timezone.make_aware(
            datetime.datetime.combine(started, datetime.time(10))
            + datetime.timedelta(days=min(step.due_offset_days, (timezone.localdate() - started).days))
        )
        how = {
            Step.Kind.SESSION: StepRecord.How.SIGNED_OFF,
            Step.Kind.SHADOW_SHIFT: StepRecord.How.SIGNED_OFF,
            Step.Kind.ACKNOWLEDGE: StepRecord.How.ACKNOWLEDGED,
        }.get(step.kind, StepRecord.How.AUTOMATIC)
        if step.kind == Step.Kind.COURSE:
            Enrolment.objects.update_or_create(user=user, course_id=step.course_id, defaults={"completed_at": at})
            for lesson in LessonPage.objects.child_of(step.course).live():
                LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
        signed_off = evaluation if step.kind == Step.Kind.SHADOW_SHIFT else ""
        StepRecord.objects.get_or_create(
            user=user,
            step=step,
            defaults={
                "how": how,
                "completed_at": at,
                "recorded_by": staff,
                "evaluation": signed_off,
                "rating": 5 if signed_off else None,
            },
        )


@transaction.atomic
def load() -> None:
    from roster.actions import do_change_status
    from roster.models import ServiceRole, Volunteer

    data = read()
    if Programme.objects.filter(name=data["programme"]["name"]).exists():
        return
    programme = _programme(data)
    cohorts = data["cohorts"]
    staff = User.objects.filter(username="socialworker").first()
    today = timezone.localdate()
    finished, halfway = [
        Cohort.objects.create(
            programme=programme,
            name=cohorts[which]["name"],
            start_date=today - datetime.timedelta(days=cohorts[which]["started_days_ago"]),
            social_worker=staff,
            location=cohorts["location"],
        )
        for which in ("finished", "halfway")
    ]
    for cohort in (finished, halfway):
        Session.objects.create(
            cohort=cohort,
            step=programme.steps.get(title=cohorts["opening_step"]),
            starts_at=timezone.make_aware(datetime.datetime.combine(cohort.start_date, datetime.time(9))),
            location=cohort.location,
        )
    roles = list(ServiceRole.objects.filter(name__in=cohorts["member_roles"]))
    steps = list(programme.steps.all())
    evaluation = cohorts["shadow_shift_evaluation"]

    # The finished cohort's members are trainees who complete the programme here, so the roster records their
    # move to 在岗 and the report counts them as trained (earlier, already-active volunteers were relabelled,
    # and the dashboard's 6/6 never appeared in any period of the report).
    for index, user in enumerate(_member_users(cohorts["finished"]["members"], Volunteer.Status.TRAINING, set())):
        role = roles[index % len(roles)] if roles else None
        membership = Membership.objects.create(cohort=finished, user=user, role=role)
        Volunteer.objects.filter(user=user).update(cohort=finished.name)
        for_role = [s for s in steps if s.role_id in (None, getattr(role, "pk", None))]
        _record(user, for_role, finished.start_date, staff, evaluation)
        do_complete_if_finished(membership)

    demo_user = User.objects.filter(username="volunteer").first()
    trainees = _member_users(cohorts["halfway"]["members"], Volunteer.Status.TRAINING, set())
    members = ([demo_user] if demo_user else []) + trainees
    week_one = [s for s in steps if s.week == 1]
    for index, user in enumerate(members):
        role = roles[index % len(roles)] if roles else None
        Membership.objects.create(cohort=halfway, user=user, role=role)
        volunteer = Volunteer.objects.filter(user=user).first()
        if volunteer is not None:
            volunteer.cohort = halfway.name
            volunteer.save(update_fields=["cohort"])
            if volunteer.status != Volunteer.Status.TRAINING:
                do_change_status(volunteer, Volunteer.Status.TRAINING, by=staff, reason="加入岗前培训批次")
        done = week_one[: len(week_one) - index % 3]  # some members have not finished week one
        _record(user, done, halfway.start_date, staff, evaluation)
    _service_proof(demo_user, today)


def _service_proof(user: User | None, today: datetime.date) -> None:
    """The demo volunteer's 志愿服务证明 of their confirmed roster hours in the last half year, if they served."""
    from certificates.actions import IssuingError
    from roster.service_proof import do_issue_service_proof_from_roster

    if user is None:
        return
    try:
        do_issue_service_proof_from_roster(
            user,
            today - datetime.timedelta(days=183),
            today - datetime.timedelta(days=1),
            person_in_charge="陈嘉宁",
            handling_officer="王思远",
        )
    except IssuingError:
        pass  # no confirmed hours in the period, or no service template: nothing to certify
