"""The printable 签到表 of a public activity: PDF by WeasyPrint (CJK font as certificates use) and Excel."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from config.spreadsheet import append_row

from .models import ActivityPage, Registration
from .queries import IndicatorProgress, sign_in_list

HEADER = ["序号", "称呼", "手机号", "人数", "状态", "签到时间", "本人签名"]


def _rows(activity: ActivityPage) -> list[Registration]:
    return list(sign_in_list(activity))


def sign_in_pdf(activity: ActivityPage) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "activities/sign_in_sheet.html", {"activity": activity, "registrations": _rows(activity), "blank": range(5)}
    )
    return HTML(string=html).write_pdf()


def _time(value) -> str:
    return f"{timezone.localtime(value):%H:%M}" if value else ""


def sign_in_workbook(activity: ActivityPage) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "签到表"
    append_row(sheet, [f"{activity.title} 签到表"])
    append_row(
        sheet, [f"{activity.department}  {activity.place}  {timezone.localtime(activity.starts_at):%Y-%m-%d %H:%M}"]
    )
    sheet.append([])
    append_row(sheet, HEADER)
    for index, registration in enumerate(_rows(activity), start=1):
        append_row(
            sheet,
            [
                index,
                registration.salutation,
                registration.mobile_masked,
                registration.people,
                registration.get_status_display(),
                _time(registration.signed_in_at),
                "",
            ],
        )
    sheet["A1"].font = Font(bold=True, size=14)
    return workbook


def contract_workbook(period, progress: list[IndicatorProgress], feedback_rows) -> Workbook:
    """For the contract review: each indicator against its target, then every activity or tally behind it."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "指标完成情况"
    append_row(summary, [str(period)])
    append_row(summary, ["指标", "目标", "已完成", "单位", "完成率", "所需佐证材料"])
    for row in progress:
        indicator = row.indicator
        append_row(
            summary,
            [indicator.name, indicator.target, row.done, indicator.unit, f"{row.percent}%", indicator.evidence],
        )
    evidence = workbook.create_sheet("佐证明细")
    append_row(evidence, ["指标", "日期", "活动/登记", "计数", "签到人数", "反馈份数", "签到表"])
    for row in progress:
        for item in row.evidence:
            if item.sessions:
                label = f"{item.label}(已举办 {len(item.sessions)}/{item.sessions_needed} 节)"
                append_row(
                    evidence,
                    [row.indicator.name, item.date.isoformat(), label, item.count, item.signed_in, item.feedback, ""],
                )
                for session in item.sessions:
                    append_row(
                        evidence,
                        [
                            row.indicator.name,
                            timezone.localdate(session.starts_at).isoformat(),
                            f"  {session.title}",
                            "",
                            session.signed,
                            session.feedback_count,
                            "有",
                        ],
                    )
                continue
            append_row(
                evidence,
                [
                    row.indicator.name,
                    item.date.isoformat(),
                    item.label,
                    item.count,
                    item.signed_in if item.activity else "",
                    item.feedback if item.activity else "",
                    "有" if item.activity else "",
                ],
            )
    satisfaction = workbook.create_sheet("满意度")
    append_row(satisfaction, ["活动类别", "反馈份数", "平均满意度(1–5)"])
    for line in feedback_rows:
        append_row(satisfaction, [line.label, line.responses, line.average])
    for sheet in workbook.worksheets:
        for cell in sheet[2 if sheet is summary else 1]:
            cell.font = Font(bold=True)
    return workbook
