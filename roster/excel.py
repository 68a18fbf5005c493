"""Excel files (openpyxl): own-data download, roster export, contract report, sign-in sheet, import template.

Every export shows ID and mobile numbers masked; only the volunteer's own download carries their full numbers.
Every row goes through ``config.spreadsheet.append_row``: names and notes people typed are written as text, never
as formulas.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from config.spreadsheet import append_row

from .choices import AVAILABILITY_CHOICES, Skill

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def response(workbook: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    workbook.save(buffer)
    reply = HttpResponse(buffer.getvalue(), content_type=XLSX)
    reply["Content-Disposition"] = f'attachment; filename="{filename}"'
    return reply


def _sheet(workbook: Workbook, title: str, header: list[str], rows: Iterable[Iterable], first: bool = False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title[:31]
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)
    sheet.freeze_panes = "A2"
    return sheet


def personal_data_workbook(sections: dict[str, list[dict] | dict]) -> Workbook:
    workbook = Workbook()
    first = True
    for title, content in sections.items():
        if isinstance(content, dict):
            _sheet(workbook, title, ["项目", "内容"], content.items(), first)
        else:
            header = list(content[0].keys()) if content else ["(无)"]
            _sheet(workbook, title, header, (item.values() for item in content), first)
        first = False
    return workbook


def roster_workbook(volunteers) -> Workbook:
    """The roster for the office: ID and mobile numbers masked, as in every list."""
    from .choices import Education, Gender
    from .models import Volunteer

    # Labels translated once: get_FOO_display() per row costs more than writing the row.
    genders, educations = _labels(Gender.choices), _labels(Education.choices)
    statuses, skills, slots = _labels(Volunteer.Status.choices), _labels(Skill.choices), _labels(AVAILABILITY_CHOICES)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("志愿者名册")
    append_row(sheet, ROSTER_HEADER)
    for v in volunteers.prefetch_related("roles").iterator(chunk_size=2000):
        append_row(
            sheet,
            [
                v.number,
                v.name,
                genders.get(v.gender, ""),
                v.date_of_birth,
                v.mobile_masked,
                v.id_number_masked,
                educations.get(v.education, ""),
                v.occupation,
                "、".join(skills.get(s, s) for s in v.skills),
                "、".join(slots.get(a, a) for a in v.availability),
                "、".join(role.name for role in v.roles.all()),
                v.cohort,
                statuses.get(v.status, v.status),
                v.joined_on,
                float(v.confirmed_hours),
                v.star_level,
            ],
        )
    return workbook


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def report_workbook(figures, departments, months) -> Workbook:
    workbook = Workbook()
    _sheet(workbook, "服务统计", ["指标", "数值"], figures.rows(), first=True)
    _sheet(workbook, "按科室", ["科室或地点", "服务时长(小时)", "服务人次"], departments)
    _sheet(workbook, "按月份", ["月份", "服务时长(小时)"], months)
    return workbook


def sign_in_sheet_workbook(activity, signups) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "签到表"
    append_row(sheet, [f"{activity.name} 签到表"])
    append_row(sheet, [f"{activity.department}  {activity}  岗位:{activity.role.name}"])
    sheet.append([])
    append_row(sheet, SIGN_IN_HEADER)
    for index, signup in enumerate(signups, start=1):
        append_row(
            sheet,
            [
                index,
                signup.volunteer.number,
                signup.volunteer.name,
                signup.volunteer.mobile_masked,
                _time(signup.checked_in_at),
                _time(signup.checked_out_at),
                "",
            ],
        )
    sheet["A1"].font = Font(bold=True, size=14)
    return workbook


def _time(value) -> str:
    from django.utils import timezone

    return f"{timezone.localtime(value):%H:%M}" if value else ""


def import_template_workbook() -> Workbook:
    from .importer import COLUMNS, EXAMPLE_ROW

    workbook = Workbook()
    sheet = _sheet(workbook, "志愿者名册", [column.header for column in COLUMNS], [EXAMPLE_ROW], first=True)
    notes = workbook.create_sheet("填写说明")
    append_row(notes, ["列", "必填", "说明"])
    for column in COLUMNS:
        append_row(notes, [column.header, "是" if column.required else "否", column.help])
    sheet.column_dimensions["B"].width = 12
    return workbook


SIGN_IN_HEADER = ["序号", "志愿者编号", "姓名", "手机号", "签到时间", "签退时间", "本人签名"]
ROSTER_HEADER = [
    "志愿者编号",
    "姓名",
    "性别",
    "出生日期",
    "手机号",
    "身份证号",
    "学历",
    "职业/学校",
    "技能特长",
    "每周可服务时段",
    "服务岗位",
    "批次",
    "状态",
    "加入日期",
    "已确认服务时长",
    "星级",
]
