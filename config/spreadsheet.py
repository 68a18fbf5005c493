"""Spreadsheets the project writes and reads: user text stays text, and an uploaded workbook is sized up first.

Writing: openpyxl stores any string that starts with ``=`` as a live formula, so a volunteer applying as
``=HYPERLINK("http://evil.example","点我")`` became a clickable link in the office's roster export. Every row the
project writes goes through :func:`append_row`, which stores such strings (and the other characters spreadsheet
programs read as the start of a formula: ``+ - @``, tab, CR) as plain text cells, marked "quote prefix" so that
editing the cell in Excel or WPS keeps it text.

Reading: a 36 KB workbook can unpack to half a million rows. :func:`read_rows` refuses a workbook whose parts
unpack beyond a size, or whose sheet is longer than a row cap, before (and while) reading it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell import Cell, WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(sheet: Any, value: Any) -> Any:
    """The value to append to ``sheet``: a text cell for a string a spreadsheet would read as a formula."""
    if not (isinstance(value, str) and value.startswith(FORMULA_STARTS)):
        return value
    cell: Cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"  # after the value: assigning "=…" made it a formula
    cell.quotePrefix = True
    return cell


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """Append one row of user data to an openpyxl worksheet (normal or write-only), formulas neutralised."""
    sheet.append([safe_cell(sheet, value) for value in values])


class WorkbookTooLarge(Exception):
    """The workbook is beyond the caps; the message says so in Chinese."""


class WorkbookUnreadable(Exception):
    """The file is not a workbook openpyxl can read (or is damaged)."""


def read_rows(file: IO[bytes], max_rows: int, max_unpacked_bytes: int) -> Iterator[tuple[Any, ...]]:
    """Rows (values only) of the first sheet, header included, refusing a workbook beyond the caps.

    The unpacked size of every part is read from the zip directory and the row count from the sheet's dimension
    before any cell is parsed; a sheet that lies about its dimension is still stopped at ``max_rows``.
    """
    too_long = WorkbookTooLarge(_("表格超过 %(n)d 行,请分成几个文件分别导入。") % {"n": max_rows - 1})
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise WorkbookUnreadable from error
    if unpacked > max_unpacked_bytes:
        raise WorkbookTooLarge(
            _("文件解压后超过 %(mb)d MB,内容过大,请分成几个文件分别导入。") % {"mb": max_unpacked_bytes // 2**20}
        )
    file.seek(0)
    try:
        sheet = load_workbook(file, read_only=True, data_only=True).worksheets[0]
        if (sheet.max_row or 0) > max_rows:
            raise too_long
        rows = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > max_rows:
                raise too_long
            rows.append(row)
    except WorkbookTooLarge:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged file, some only while iterating
        raise WorkbookUnreadable from error
    return iter(rows)
