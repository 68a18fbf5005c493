"""Excel files (openpyxl): own-data download, roster export, contract report, sign-in sheet, import template.

Every export shows ID and mobile numbers masked; only the volunteer's own download carries their full numbers.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

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
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
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
