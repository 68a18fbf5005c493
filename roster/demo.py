"""Demo roster: about 60 volunteers in two cohorts, with applications, activities, hours and commendations.

Idempotent: the demo volunteers carry numbers ``SGD-0001`` …; when they exist nothing is created again.
Rows are made with ``bulk_create`` so loading takes about a second.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from .idcard import check_digit
from .models import (
    Activity,
    Application,
    Commendation,
    Evaluation,
    Note,
    ServiceRecord,
    ServiceRole,
    Signup,
    StatusChange,
    Volunteer,
)
from .privacy import PRIVACY_NOTICE_VERSION
from .stars import recompute_star_levels

ROLES = (
    ("门诊导诊", "在门诊大厅为患者指路、协助自助机挂号缴费、解答就医流程。", "每周半天", ["language", "sign"]),
    ("病房陪伴", "陪伴住院患者聊天、读报,协助社工开展病房探访。", "每周半天,连续半年", ["psychology", "art"]),
    ("康复训练协助", "在康复科治疗师指导下协助患者进行康复训练。", "每周一次,每次3小时", ["medical"]),
    ("儿科活动支持", "在儿科病房组织绘画、手工、讲故事等游戏活动。", "周末半天", ["art", "photo"]),
)
DEPARTMENTS = ("门诊大厅", "肿瘤科病房", "康复医学科", "儿科病房", "老年病科")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = (
    "雨桐",
    "子涵",
    "浩然",
    "欣怡",
    "梓萱",
    "一诺",
    "思远",
    "佳怡",
    "明轩",
    "晓燕",
    "建国",
    "淑芬",
    "志强",
    "丽华",
    "文博",
    "若曦",
    "天佑",
    "静怡",
    "俊杰",
    "秀英",
)
COHORTS = ("2025年秋季批", "2026年春季批")
PREFIX = "SGD-"


def _id_number(rng: random.Random, born: date) -> str:
    first17 = f"110105{born:%Y%m%d}{rng.randint(100, 999)}"
    return first17 + check_digit(first17)


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@transaction.atomic
def load() -> None:
    roles = []
    for name, description, commitment, skills in ROLES:
        role, _created = ServiceRole.objects.get_or_create(
            name=name, defaults={"description": description, "time_commitment": commitment, "preferred_skills": skills}
        )
        roles.append(role)
    if Volunteer.objects.filter(number__startswith=PREFIX).exists():
        return
    rng = random.Random(6)
    today = timezone.localdate()
    now = timezone.now()
    staff = User.objects.filter(username="socialworker").first()
    demo_user = User.objects.filter(username="volunteer", volunteer__isnull=True).first()

    volunteers: list[Volunteer] = []
    for index in range(60):
        cohort = COHORTS[0] if index < 35 else COHORTS[1]
        born = date(rng.randint(1960, 2006), rng.randint(1, 12), rng.randint(1, 28))
        if cohort == COHORTS[0]:
            status = ("active",) * 7 + ("paused", "left") if index % 9 else ("active",)
            status = status[index % len(status)]
            joined = date(2025, 9, 1) + timedelta(days=rng.randint(0, 20))
        else:
            status = ("training", "training", "active")[index % 3]
            joined = date(2026, 3, 1) + timedelta(days=rng.randint(0, 20))
        name = SURNAMES[index % len(SURNAMES)] + GIVEN[(index * 7) % len(GIVEN)]
        volunteer = Volunteer(
            number=f"{PREFIX}{index + 1:04d}",
            name=name,
            gender=rng.choice(["male", "female"]),
            date_of_birth=born,
            mobile=f"139{rng.randint(10000000, 99999999)}",
            education=rng.choice(["senior", "college", "bachelor"]),
            occupation=rng.choice(["退休教师", "大学生", "社区工作者", "护士(退休)", "公司职员"]),
            skills=rng.sample(["art", "language", "sign", "medical", "psychology", "photo"], k=rng.randint(0, 2)),
            availability=sorted(
                rng.sample(["mon-am", "tue-pm", "wed-am", "thu-pm", "fri-am", "sat-am", "sat-pm", "sun-am"], k=3)
            ),
            cohort=cohort,
            status=status,
            joined_on=joined,
            emergency_contact_name=SURNAMES[index % 20] + "家属",
            emergency_contact_phone=f"138{rng.randint(10000000, 99999999)}",
        )
        if index % 3 == 0:
            volunteer.set_id_number(_id_number(rng, born))
        volunteers.append(volunteer)
    if demo_user is not None:
        volunteers[0].user = demo_user
        volunteers[0].name = f"{demo_user.last_name}{demo_user.first_name}"
        volunteers[0].availability = sorted({*volunteers[0].availability, "sat-am", "sat-pm"})
    Volunteer.objects.bulk_create(volunteers)
    volunteers = list(Volunteer.objects.filter(number__startswith=PREFIX).order_by("number"))

    through = Volunteer.roles.through
    through.objects.bulk_create(
        [through(volunteer_id=v.pk, servicerole_id=roles[i % len(roles)].pk) for i, v in enumerate(volunteers)]
        + [
            through(volunteer_id=v.pk, servicerole_id=roles[(i + 1) % len(roles)].pk)
            for i, v in enumerate(volunteers)
            if i % 4 == 0
        ]
    )

    changes = []
    for v in volunteers:
        changes.append(
            StatusChange(volunteer=v, to_status="applying", changed_at=_aware(v.joined_on, 9), reason="提交申请")
        )
        changes.append(
            StatusChange(
                volunteer=v,
                from_status="applying",
                to_status="training",
                changed_by=staff,
                changed_at=_aware(v.joined_on + timedelta(days=3), 10),
                reason="通过筛选",
            )
        )
        if v.status in ("active", "paused", "left"):
            changes.append(
                StatusChange(
                    volunteer=v,
                    from_status="training",
                    to_status="active",
                    changed_by=staff,
                    changed_at=_aware(v.joined_on + timedelta(days=33), 10),
                    reason="岗前培训合格",
                )
            )
        if v.status in ("paused", "left"):
            changes.append(
                StatusChange(
                    volunteer=v,
                    from_status="active",
                    to_status=v.status,
                    changed_by=staff,
                    changed_at=_aware(today - timedelta(days=20), 10),
                    reason="个人原因" if v.status == "paused" else "搬家离开本市",
                )
            )
    StatusChange.objects.bulk_create(changes)

    activities = []
    for week in range(-26, 3):
        for slot, role in enumerate(roles):
            day = today + timedelta(weeks=week, days=(5 - today.weekday()) % 7 - slot % 2)
            start = _aware(day, 9 if slot % 2 == 0 else 14)
            activities.append(
                Activity(
                    name=f"{role.name}服务",
                    department=DEPARTMENTS[slot],
                    starts_at=start,
                    ends_at=start + timedelta(hours=3),
                    role=role,
                    capacity=4,
                    social_worker=staff,
                )
            )
    Activity.objects.bulk_create(activities)
    activities = list(Activity.objects.filter(name__endswith="服务", signups__isnull=True).order_by("starts_at"))

    serving = [v for v in volunteers if v.status in ("active", "paused", "left")]
    signups, records = [], []
    for activity in activities:
        chosen = rng.sample(serving, k=min(3, len(serving)))
        if activity.starts_at > now:
            signups += [Signup(activity=activity, volunteer=v) for v in chosen]
            continue
        for v in chosen:
            arrive = activity.starts_at + timedelta(minutes=rng.randint(-10, 15))
            leave = activity.ends_at + timedelta(minutes=rng.randint(-20, 10))
            signups.append(Signup(activity=activity, volunteer=v, checked_in_at=arrive, checked_out_at=leave))
    if demo_user is not None:
        upcoming = next(a for a in activities if a.starts_at > now)
        signups.append(Signup(activity=upcoming, volunteer=volunteers[0]))
    Signup.objects.bulk_create(signups)
    for signup in Signup.objects.filter(volunteer__in=volunteers, checked_out_at__isnull=False).select_related(
        "activity"
    ):
        minutes = int((signup.checked_out_at - signup.checked_in_at).total_seconds() // 900) * 15
        recent = signup.activity.starts_at > now - timedelta(days=7)
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
    for i, v in enumerate(serving[:12]):  # service before the platform, entered from paper records
        records.append(
            ServiceRecord(
                volunteer=v,
                date=date(2025, 8, 31),
                department="历史纸质记录",
                content="历史服务时长(纸质记录)",
                hours=Decimal(80 + 45 * i),
                status="confirmed",
                confirmed_by=staff,
                confirmed_at=now,
            )
        )
    ServiceRecord.objects.bulk_create(records)

    Commendation.objects.bulk_create(
        [
            Commendation(
                volunteer=serving[0],
                name="优秀志愿者",
                level="city",
                issuer="市志愿服务联合会",
                awarded_on=date(2025, 12, 5),
            ),
            Commendation(
                volunteer=serving[1],
                name="优秀志愿者",
                level="hospital",
                issuer="示范医院",
                awarded_on=date(2025, 12, 5),
            ),
            Commendation(
                volunteer=serving[2],
                name="最美陪伴者",
                level="district",
                issuer="区文明办",
                awarded_on=date(2026, 3, 5),
            ),
            Commendation(
                volunteer=serving[3],
                name="服务之星",
                level="hospital",
                issuer="医务社工部",
                awarded_on=date(2026, 1, 10),
            ),
            Commendation(
                volunteer=serving[4],
                name="五星志愿者",
                level="provincial",
                issuer="省志愿服务联合会",
                awarded_on=date(2026, 5, 20),
            ),
        ]
    )
    Evaluation.objects.bulk_create(
        [
            Evaluation(
                volunteer=serving[0],
                rating=5,
                content="耐心细致,主动帮老人操作自助机。",
                source="患者家属",
                author=staff,
            ),
            Evaluation(volunteer=serving[5], rating=4, content="陪伴时善于倾听。", source="肿瘤科护士长", author=staff),
            Evaluation(
                volunteer=serving[6],
                kind="complaint",
                content="一次迟到30分钟,已沟通。",
                source="门诊办公室",
                author=staff,
            ),
        ]
    )
    Note.objects.bulk_create(
        [
            Note(volunteer=serving[0], text="可承担新志愿者带教。", author=staff),
            Note(volunteer=serving[6], text="已谈话,承诺准时到岗。", author=staff),
        ]
    )

    applications = []
    for index in range(12):
        born = date(rng.randint(1975, 2008), rng.randint(1, 12), rng.randint(1, 28))
        application = Application(
            name=SURNAMES[(index + 5) % 20] + GIVEN[(index * 3 + 1) % 20],
            gender=rng.choice(["male", "female"]),
            date_of_birth=born,
            mobile=f"137{rng.randint(10000000, 99999999)}",
            education="bachelor",
            occupation=rng.choice(["大学生", "高中生", "退休职工"]),
            skills=["art"] if index % 2 else [],
            availability=["sat-am", "sun-am"],
            emergency_contact_name="家属",
            emergency_contact_phone="13800000000",
            heard_from=rng.choice(["public", "community", "school", "other"]),
            privacy_notice_version=PRIVACY_NOTICE_VERSION,
            privacy_consented_at=now - timedelta(days=index),
            created_at=now - timedelta(days=index),
            status="new" if index < 8 else "rejected",
            rejection_reason="" if index < 8 else "服务时间无法满足岗位要求",
        )
        if today.year - born.year < 18:
            application.guardian_name, application.guardian_consent = "家长", True
        application.set_id_number(_id_number(rng, born) if index % 2 else "")
        applications.append(application)
    applications[1].mobile = applications[0].mobile  # a duplicate for the screening list to flag
    Application.objects.bulk_create(applications)
    recompute_star_levels([v.pk for v in volunteers])
