"""Demo onboarding: one four-week programme and two cohorts — one finished, one halfway — so every state shows.

Idempotent: nothing is created when the programme already exists. Runs after the courses, roster and certificates
demos (LOCAL_APPS order), whose courses, quizzes, volunteers and templates it uses.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from accounts.roles import VOLUNTEER

from .actions import complete_if_finished
from .models import Cohort, Membership, Programme, Session, Step, StepRecord

PROGRAMME = "医务社工志愿者岗前培训(四周)"
FINISHED, HALFWAY = "2026年秋季第一批", "2026年冬季第二批"


def _course(title: str):
    from courses.models import CoursePage

    return CoursePage.objects.filter(title=title).first()


def _quiz_of(course):
    from courses.models import LessonPage

    lesson = LessonPage.objects.child_of(course).exclude(quiz=None).first() if course else None
    return lesson.quiz if lesson else None


def _programme() -> Programme:
    from certificates.models import CertificateTemplate
    from roster.models import ServiceRole

    template = CertificateTemplate.objects.filter(kind=CertificateTemplate.Kind.ONBOARDING).first()
    programme = Programme(
        name=PROGRAMME,
        description="招募后的一个月岗前培训:岗位职责与礼仪、风险预防、按岗位的专业课程、两次跟岗见习和结业考核。",
        weeks=4,
        certificate_template=template,
        certificate_hours=24,
    )
    duties, risk = _course("岗位职责与服务礼仪"), _course("风险预防与安全")
    support, rehab = _course("心理支持基础"), _course("康复训练协助")
    companion = ServiceRole.objects.filter(name="病房陪伴").first()
    rehab_role = ServiceRole.objects.filter(name="康复训练协助").first()
    risk_quiz = _quiz_of(risk)
    steps = [
        Step(
            title="开班仪式与医院参观",
            kind=Step.Kind.SESSION,
            week=1,
            due_day=2,
            description="了解医务社工部、志愿服务流程与服务点位置。",
        ),
        Step(
            title="签署保密承诺书",
            kind=Step.Kind.ACKNOWLEDGE,
            week=1,
            pledge="我承诺:不泄露、不拍照、不传播服务中知悉的患者信息和医院内部信息,离岗后依然遵守。",
        ),
        Step(
            title="签署志愿服务协议",
            kind=Step.Kind.ACKNOWLEDGE,
            week=1,
            pledge="我已阅读《志愿服务协议》,了解双方的权利与义务,自愿参加医院志愿服务。",
        ),
        Step(title="岗位职责与服务礼仪", kind=Step.Kind.COURSE, week=1, course=duties),
        Step(title="风险预防与安全", kind=Step.Kind.COURSE, week=2, course=risk),
        Step(title="风险预防测验", kind=Step.Kind.QUIZ, week=2, quiz=risk_quiz),
        Step(title="心理支持基础", kind=Step.Kind.COURSE, week=3, course=support, role=companion),
        Step(title="康复训练协助", kind=Step.Kind.COURSE, week=3, course=rehab, role=rehab_role),
        Step(
            title="跟岗见习(一)",
            kind=Step.Kind.SHADOW_SHIFT,
            week=4,
            due_day=24,
            description="在带教社工陪同下完成一次半天服务。",
        ),
        Step(title="跟岗见习(二)", kind=Step.Kind.SHADOW_SHIFT, week=4),
        Step(title="结业考核与座谈", kind=Step.Kind.SESSION, week=4),
    ]
    programme.steps = [
        step for step in steps if step.kind not in (Step.Kind.COURSE, Step.Kind.QUIZ) or step.course_id or step.quiz_id
    ]
    programme.save()
    saved = {step.title: step for step in programme.steps.all()}
    if "风险预防测验" in saved:
        Step.objects.filter(pk=saved["跟岗见习(一)"].pk).update(depends_on=saved["风险预防测验"])
    Step.objects.filter(pk=saved["跟岗见习(二)"].pk).update(depends_on=saved["跟岗见习(一)"])
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


def _record(user: User, steps: list[Step], started: datetime.date, staff: User | None) -> None:
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
        evaluation = "服务主动、沟通耐心,能遵守岗位边界。" if step.kind == Step.Kind.SHADOW_SHIFT else ""
        StepRecord.objects.get_or_create(
            user=user,
            step=step,
            defaults={
                "how": how,
                "completed_at": at,
                "recorded_by": staff,
                "evaluation": evaluation,
                "rating": 5 if evaluation else None,
            },
        )


@transaction.atomic
def load() -> None:
    from roster.actions import do_change_status
    from roster.models import ServiceRole, Volunteer

    if Programme.objects.filter(name=PROGRAMME).exists():
        return
    programme = _programme()
    staff = User.objects.filter(username="socialworker").first()
    today = timezone.localdate()
    finished = Cohort.objects.create(
        programme=programme,
        name=FINISHED,
        start_date=today - datetime.timedelta(days=45),
        social_worker=staff,
        location="门诊楼五层社工活动室",
    )
    halfway = Cohort.objects.create(
        programme=programme,
        name=HALFWAY,
        start_date=today - datetime.timedelta(days=12),
        social_worker=staff,
        location="门诊楼五层社工活动室",
    )
    for cohort in (finished, halfway):
        Session.objects.create(
            cohort=cohort,
            step=programme.steps.get(title="开班仪式与医院参观"),
            starts_at=timezone.make_aware(datetime.datetime.combine(cohort.start_date, datetime.time(9))),
            location=cohort.location,
        )
    roles = list(ServiceRole.objects.filter(name__in=["病房陪伴", "康复训练协助", "门诊导诊"]))
    steps = list(programme.steps.all())

    for index, user in enumerate(_member_users(6, Volunteer.Status.ACTIVE, set())):
        role = roles[index % len(roles)] if roles else None
        membership = Membership.objects.create(cohort=finished, user=user, role=role)
        Volunteer.objects.filter(user=user).update(cohort=FINISHED)
        _record(user, [s for s in steps if s.role_id in (None, getattr(role, "pk", None))], finished.start_date, staff)
        complete_if_finished(membership)

    demo_user = User.objects.filter(username="volunteer").first()
    members = ([demo_user] if demo_user else []) + _member_users(7, Volunteer.Status.TRAINING, set())
    week_one = [s for s in steps if s.week == 1]
    for index, user in enumerate(members):
        role = roles[index % len(roles)] if roles else None
        Membership.objects.create(cohort=halfway, user=user, role=role)
        volunteer = Volunteer.objects.filter(user=user).first()
        if volunteer is not None:
            volunteer.cohort = HALFWAY
            volunteer.save(update_fields=["cohort"])
            if volunteer.status != Volunteer.Status.TRAINING:
                do_change_status(volunteer, Volunteer.Status.TRAINING, by=staff, reason="加入岗前培训批次")
        done = week_one[: len(week_one) - index % 3]  # some members have not finished week one
        _record(user, done, halfway.start_date, staff)
