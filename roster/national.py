"""The volunteer record block by block (《志愿服务记录与证明出具办法(试行)》第五条至第十条), and the workbook a
social worker enters into the national volunteer information system (全国志愿服务信息系统) from.

Each block has one compiler here, read by the record page and the workbook alike:

- personal (第五条): the ``Volunteer`` row;
- service (第七条): confirmed ``ServiceRecord`` rows, with the activity, its place, the organising unit
  (``settings.HOSPITAL_NAME``) and the social worker in charge;
- training (第八条): ``roster.training.training_rows`` (courses and onboarding sessions, registered by their apps);
- commendations (第九条) and evaluations (第十条): ``Commendation`` and ``Evaluation``.

Column headers follow the data elements the 办法 names for each block. ID and mobile numbers are masked, as in
every export; the full ID number is revealed only by a logged click on the record page.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.names import display_name
from config.spreadsheet import append_row

from .choices import Gender, IdType, Skill
from .models import Commendation, Evaluation, ServiceRecord, Volunteer
from .training import training_rows

PERSONAL_HEADER = [
    "志愿者编号",
    "全国志愿者编号",
    "姓名",
    "性别",
    "出生日期",
    "身份证件类型",
    "身份证件号码",
    "居住区域",
    "联系方式",
    "专业技能",
    "服务类别",
]
SERVICE_HEADER = [
    "志愿者编号",
    "全国志愿者编号",
    "姓名",
    "活动名称",
    "服务日期",
    "服务地点",
    "服务内容",
    "服务时长(小时)",
    "组织单位",
    "活动负责人",
    "已录入全国系统",
    "录入标记日期",
    "标记人",
]
TRAINING_HEADER = ["志愿者编号", "姓名", "培训名称", "主要内容", "学时", "举办单位", "培训日期", "培训形式"]
COMMENDATION_HEADER = ["志愿者编号", "姓名", "表彰奖励名称", "级别", "授予单位", "授予日期"]
EVALUATION_HEADER = ["志愿者编号", "姓名", "评价类型", "评分", "评价内容", "评价来源", "评价日期", "记录人"]


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def personal_row(volunteer: Volunteer) -> list:
    genders, id_types, skills = _labels(Gender.choices), _labels(IdType.choices), _labels(Skill.choices)
    return [
        volunteer.number,
        volunteer.national_number,
        volunteer.name,
        genders.get(volunteer.gender, ""),
        volunteer.date_of_birth,
        id_types.get(volunteer.id_type, ""),
        volunteer.id_number_masked,
        volunteer.residence_area,
        volunteer.mobile_masked,
        "、".join(skills.get(s, s) for s in volunteer.skills),
        volunteer.service_category,
    ]


def service_records(
    volunteers: Iterable[Volunteer] | QuerySet[Volunteer], start: datetime.date, end: datetime.date
) -> QuerySet[ServiceRecord]:
    """Confirmed service in the period: only confirmed hours are the record (第七条 实际服务时长)."""
    return (
        ServiceRecord.objects.filter(
            volunteer__in=volunteers, status=ServiceRecord.Status.CONFIRMED, date__range=(start, end)
        )
        .select_related("volunteer", "activity__role", "activity__social_worker", "confirmed_by", "national_entry")
        .select_related("national_entry__marked_by")
        .order_by("volunteer__number", "date", "pk")
    )


def activity_leader(record: ServiceRecord) -> str:
    """The social worker in charge of the activity; for a record without one, who confirmed it."""
    leader = record.activity.social_worker if record.activity_id and record.activity else None
    leader = leader or record.confirmed_by
    return display_name(leader) if leader else ""


def service_row(record: ServiceRecord) -> list:
    entry = getattr(record, "national_entry", None)
    activity = record.activity
    return [
        record.volunteer.number,
        record.volunteer.national_number,
        record.volunteer.name,
        activity.name if activity else record.content,
        record.date,
        record.department or (activity.department if activity else ""),
        record.content or (activity.role.name if activity else ""),
        float(record.hours),
        settings.HOSPITAL_NAME,
        activity_leader(record),
        "已录入全国系统" if entry else "未录入",
        timezone.localdate(entry.marked_at) if entry else "",
        display_name(entry.marked_by) if entry and entry.marked_by else "",
    ]


def _sheet(workbook: Workbook, title: str, header: list[str], rows: Iterable[Iterable], first: bool = False) -> None:
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    sheet.freeze_panes = "A2"


def national_workbook(volunteers: QuerySet[Volunteer], start: datetime.date, end: datetime.date) -> Workbook:
    """The record of ``volunteers`` for ``start``–``end``: one sheet per block, then the service not yet entered."""
    volunteers = volunteers.filter(anonymised_at__isnull=True).order_by("number")
    people = list(volunteers.select_related("user"))
    records = list(service_records(people, start, end))
    workbook = Workbook()
    _sheet(workbook, "志愿者信息", PERSONAL_HEADER, (personal_row(v) for v in people), first=True)
    _sheet(workbook, "服务记录", SERVICE_HEADER, (service_row(r) for r in records))
    _sheet(
        workbook,
        "培训记录",
        TRAINING_HEADER,
        (
            [v.number, v.name, row.name, row.content, float(row.hours), row.organiser, row.date, row.kind]
            for v in people
            for row in training_rows(v.user, start, end)
        ),
    )
    commendations = Commendation.objects.filter(volunteer__in=people, awarded_on__range=(start, end)).select_related(
        "volunteer"
    )
    _sheet(
        workbook,
        "表彰奖励",
        COMMENDATION_HEADER,
        (
            [c.volunteer.number, c.volunteer.name, c.name, c.get_level_display(), c.issuer, c.awarded_on]
            for c in commendations.order_by("volunteer__number", "awarded_on")
        ),
    )
    evaluations = Evaluation.objects.filter(volunteer__in=people, recorded_on__range=(start, end)).select_related(
        "volunteer", "author"
    )
    _sheet(
        workbook,
        "评价记录",
        EVALUATION_HEADER,
        (
            [
                e.volunteer.number,
                e.volunteer.name,
                e.get_kind_display(),
                e.rating or "",
                e.content,
                e.source,
                e.recorded_on,
                display_name(e.author) if e.author else "",
            ]
            for e in evaluations.order_by("volunteer__number", "recorded_on")
        ),
    )
    not_entered = [r for r in records if getattr(r, "national_entry", None) is None]
    _sheet(workbook, "未录入全国系统", SERVICE_HEADER, (service_row(r) for r in not_entered))
    return workbook


def not_entered(start: datetime.date, end: datetime.date, volunteers: QuerySet[Volunteer] | None = None):
    """Confirmed service in the period that nobody has yet marked 「已录入全国系统」."""
    people = volunteers if volunteers is not None else Volunteer.objects.filter(anonymised_at__isnull=True)
    return service_records(people, start, end).filter(national_entry__isnull=True)
