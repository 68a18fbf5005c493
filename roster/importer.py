"""Import an existing roster from Excel: every row is checked first, and one bad row imports nothing.

Errors name the row as the spreadsheet shows it (the header is row 1), in Chinese, so the office can fix the file.
The column list below is the template (``excel.import_template_workbook``), offered for download on the import page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config import spreadsheet

from . import crypto
from .actions import reserve_volunteer_numbers
from .choices import AVAILABILITY_CHOICES, Education, Gender, Skill
from .duplicates import known_volunteer_keys
from .forms import validate_mobile
from .idcard import InvalidIdNumber, mask_mobile, validate_id_number
from .models import ServiceRecord, ServiceRole, StatusChange, Volunteer
from .stars import recompute_star_levels

# A roster of ROSTER_IMPORT_MAX_ROWS rows unpacks to a few tens of MB; a file beyond this is refused unread.
MAX_UNPACKED_BYTES = 64 * 2**20


@dataclass(frozen=True)
class Column:
    header: str
    required: bool
    help: str


COLUMNS = (
    Column("姓名", True, "2-40个字"),
    Column("性别", False, "男 或 女"),
    Column("出生日期", False, "日期,如 1990-03-07"),
    Column("手机号", True, "11位手机号,不能与已有志愿者重复"),
    Column("身份证号", False, "18位,校验位须正确;加密保存"),
    Column("电子邮箱", False, "用于发送账号邀请"),
    Column("学历", False, "、".join(str(label) for label in Education.labels)),
    Column("职业/学校", False, ""),
    Column("技能特长", False, "用顿号分隔:" + "、".join(str(label) for label in Skill.labels)),
    Column("每周可服务时段", False, "用顿号分隔,如 周一上午、周六下午"),
    Column("服务岗位", False, "用顿号分隔,须为系统中已有的岗位名称"),
    Column("批次", False, "如 2026年春季批"),
    Column("状态", True, "申请中、培训中、在岗、暂停、退出 之一"),
    Column("加入日期", False, "日期;留空为今天"),
    Column("紧急联系人", False, ""),
    Column("紧急联系人电话", False, ""),
    Column("历史服务时长", False, "小时数,作为已确认的历史服务时长导入"),
)
EXAMPLE_ROW = [
    "张晓华",
    "女",
    "1990-03-07",
    "13800138000",
    "",
    "",
    "本科",
    "教师",
    "外语、手语",
    "周一上午、周六下午",
    "门诊导诊",
    "2026年春季批",
    "在岗",
    "2026-03-01",
    "李阿姨",
    "13900139000",
    "120",
]


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ParsedRow:
    volunteer: Volunteer
    roles: list[ServiceRole]
    hours: Decimal


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value, label: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value).replace("/", "-").replace(".", "-"))
    except ValueError as error:
        raise ValueError(
            _("%(label)s“%(value)s”不是有效日期(应为 2026-03-01 的格式)") % {"label": label, "value": value}
        ) from error


def _choices(text: str, labels: dict[str, str], what: str) -> list[str]:
    values = []
    for item in filter(None, (part.strip() for part in text.replace(",", "、").replace(",", "、").split("、"))):
        if item not in labels:
            raise ValueError(_("%(what)s“%(item)s”无法识别") % {"what": what, "item": item})
        values.append(labels[item])
    return values


def read_rows(file) -> list[tuple[int, dict]]:
    """(row number, {header: value}) for every non-empty row; raises ImportFailed on a wrong header."""
    try:
        rows = spreadsheet.read_rows(file, settings.ROSTER_IMPORT_MAX_ROWS + 1, MAX_UNPACKED_BYTES)
    except spreadsheet.WorkbookTooLarge as error:
        raise ImportFailed([str(error)]) from error
    except spreadsheet.WorkbookUnreadable as error:
        raise ImportFailed([_("无法读取文件,请上传 .xlsx 格式的 Excel 文件。")]) from error
    header = [_text(cell) for cell in next(rows, [])]
    missing = [column.header for column in COLUMNS if column.required and column.header not in header]
    if missing:
        raise ImportFailed([_("第1行:缺少必填列:%(columns)s。请使用导入模板。") % {"columns": "、".join(missing)}])
    result = []
    for number, values in enumerate(rows, start=2):
        if all(value in (None, "") for value in values):
            continue
        result.append((number, dict(zip(header, values, strict=False))))
    return result


def import_roster(file, cohort_default: str = "", by=None) -> int:
    """Validate every row, then create all volunteers in one transaction; returns how many were imported."""
    rows = read_rows(file)
    if not rows:
        raise ImportFailed([_("文件中没有数据行。")])
    with translation.override("zh-hans"):  # the template is in Chinese whatever the admin's language
        genders = {str(label): value for value, label in Gender.choices}
        educations = {str(label): value for value, label in Education.choices}
        skills = {str(label): value for value, label in Skill.choices}
        slots = {str(label): value for value, label in AVAILABILITY_CHOICES}
        statuses = {str(label): value for value, label in Volunteer.Status.choices}
    roles = {role.name: role for role in ServiceRole.objects.all()}
    known_mobiles, known_ids = known_volunteer_keys()
    errors: list[str] = []
    parsed: list[ParsedRow] = []
    for number, row in rows:
        problems: list[str] = []
        name = _text(row.get("姓名"))
        if not 2 <= len(name) <= 40:
            problems.append(_("姓名应为2-40个字"))
        mobile = ""
        try:
            mobile = validate_mobile(_text(row.get("手机号")))
        except Exception:
            problems.append(_("手机号“%(mobile)s”不是11位手机号") % {"mobile": _text(row.get("手机号"))})
        if mobile and mobile in known_mobiles:
            problems.append(_("手机号 %(mobile)s 与已有志愿者或本文件前面的行重复") % {"mobile": mask_mobile(mobile)})
        id_number = ""
        if _text(row.get("身份证号")):
            try:
                id_number = validate_id_number(_text(row.get("身份证号")))
            except InvalidIdNumber as error:
                problems.append(str(error).rstrip("。"))
        id_hash = crypto.keyed_hash(id_number)
        if id_hash and id_hash in known_ids:
            problems.append(_("身份证号与已有志愿者或本文件前面的行重复"))
        values: dict = {}
        for header, field, table in (("性别", "gender", genders), ("学历", "education", educations)):
            text = _text(row.get(header))
            if text and text not in table:
                problems.append(_("%(what)s“%(item)s”无法识别") % {"what": header, "item": text})
            values[field] = table.get(text, "")
        status_text = _text(row.get("状态"))
        if status_text not in statuses:
            problems.append(_("状态“%(status)s”应为 申请中、培训中、在岗、暂停、退出 之一") % {"status": status_text})
        for header, field, table in (("技能特长", "skills", skills), ("每周可服务时段", "availability", slots)):
            try:
                values[field] = _choices(_text(row.get(header)), table, header)
            except ValueError as error:
                problems.append(str(error))
        row_roles = []
        try:
            row_roles = [roles[name] for name in _choices(_text(row.get("服务岗位")), {n: n for n in roles}, "岗位")]
        except ValueError as error:
            problems.append(str(error))
        for header, field in (("出生日期", "date_of_birth"), ("加入日期", "joined_on")):
            try:
                values[field] = _date(row.get(header), header)
            except ValueError as error:
                problems.append(str(error))
        hours = Decimal("0")
        if _text(row.get("历史服务时长")):
            try:
                hours = Decimal(_text(row.get("历史服务时长")))
                if hours < 0 or hours > 100000:
                    raise InvalidOperation
            except InvalidOperation:
                problems.append(
                    _("历史服务时长“%(hours)s”不是有效的小时数") % {"hours": _text(row.get("历史服务时长"))}
                )
        if problems:
            errors.append(_("第%(row)s行:%(problems)s。") % {"row": number, "problems": ";".join(problems)})
            continue
        known_mobiles.add(mobile)
        if id_hash:
            known_ids.add(id_hash)
        volunteer = Volunteer(
            name=name,
            mobile=mobile,
            email=_text(row.get("电子邮箱")),
            occupation=_text(row.get("职业/学校")),
            cohort=_text(row.get("批次")) or cohort_default,
            status=statuses[status_text],
            emergency_contact_name=_text(row.get("紧急联系人")),
            emergency_contact_phone=_text(row.get("紧急联系人电话")),
            **{key: value for key, value in values.items() if value is not None},
        )
        volunteer.set_id_number(id_number)
        parsed.append(ParsedRow(volunteer, row_roles, hours))
    if errors:
        raise ImportFailed(errors)
    return _save(parsed, by)


@transaction.atomic
def _save(parsed: list[ParsedRow], by) -> int:
    for item, number in zip(parsed, reserve_volunteer_numbers(len(parsed)), strict=True):
        item.volunteer.number = number
    volunteers = Volunteer.objects.bulk_create([item.volunteer for item in parsed])
    if not all(v.pk for v in volunteers):  # backends that do not return ids (none of ours, but be sure)
        numbers = [v.number for v in volunteers]
        by_number = {v.number: v for v in Volunteer.objects.filter(number__in=numbers)}
        volunteers = [by_number[n] for n in numbers]
    through = Volunteer.roles.through
    through.objects.bulk_create(
        [
            through(volunteer_id=v.pk, servicerole_id=r.pk)
            for v, item in zip(volunteers, parsed, strict=True)
            for r in item.roles
        ]
    )
    now = timezone.now()
    StatusChange.objects.bulk_create(
        [
            StatusChange(volunteer=v, to_status=v.status, changed_by=by, changed_at=now, reason=_("从Excel导入"))
            for v in volunteers
        ]
    )
    ServiceRecord.objects.bulk_create(
        [
            ServiceRecord(
                volunteer=v,
                date=v.joined_on,
                content=_("历史服务时长(导入)"),
                hours=item.hours,
                status=ServiceRecord.Status.CONFIRMED,
                confirmed_by=by,
                confirmed_at=now,
            )
            for v, item in zip(volunteers, parsed, strict=True)
            if item.hours
        ]
    )
    recompute_star_levels([v.pk for v in volunteers])
    return len(volunteers)
