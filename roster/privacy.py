"""Personal information rules (PIPL): the versioned privacy notice, logged ID views, data download, erasure."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from config.client_ip import client_ip

from .models import Application, IdNumberView, Volunteer
from .training import training_rows

# Bump when the text of templates/roster/privacy_notice.html changes; each application records the version agreed.
PRIVACY_NOTICE_VERSION = "2026.1"


def reveal_id_number(subject: Volunteer | Application, request: HttpRequest) -> str:
    """The full ID number, after writing who looked at it and when to the audit log."""
    log_id_number_view(subject, request)
    return subject.reveal_id_number()


def log_id_number_view(subject: Volunteer | Application, request: HttpRequest) -> None:
    IdNumberView.objects.create(
        viewer=request.user if request.user.is_authenticated else None,
        subject=f"{subject._meta.verbose_name} {subject.pk} {subject.name}",
        ip_address=client_ip(request) or None,
    )


def _plain(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def personal_data(volunteer: Volunteer) -> dict[str, list[dict] | dict]:
    """Everything the roster holds about the volunteer, in sections, for their own download.

    Their own ID number is included unmasked: it is theirs, and the download is for them alone.
    """
    basic = {
        "志愿者编号": volunteer.number,
        "姓名": volunteer.name,
        "性别": volunteer.get_gender_display(),
        "出生日期": volunteer.date_of_birth,
        "手机号": volunteer.mobile,
        "电子邮箱": volunteer.email,
        "身份证号": volunteer.reveal_id_number(),
        "学历": volunteer.get_education_display(),
        "职业/学校": volunteer.occupation,
        "技能特长": "、".join(volunteer.skills),
        "每周可服务时段": "、".join(volunteer.availability),
        "批次": volunteer.cohort,
        "状态": volunteer.get_status_display(),
        "加入日期": volunteer.joined_on,
        "紧急联系人": volunteer.emergency_contact_name,
        "紧急联系人电话": volunteer.emergency_contact_phone,
        "已确认服务时长": volunteer.confirmed_hours,
        "星级": volunteer.star_level,
    }
    sections: dict[str, list[dict] | dict] = {"基本信息": {key: _plain(value) for key, value in basic.items()}}
    sections["状态记录"] = [
        {
            "时间": _plain(c.changed_at),
            "原状态": c.get_from_status_display(),
            "新状态": c.get_to_status_display(),
            "说明": c.reason,
        }
        for c in volunteer.status_changes.all()
    ]
    sections["服务时长"] = [
        {
            "日期": _plain(r.date),
            "科室或地点": r.department,
            "服务内容": r.content,
            "时长": _plain(r.hours),
            "状态": r.get_status_display(),
        }
        for r in volunteer.service_records.all()
    ]
    sections["表彰奖励"] = [
        {"名称": c.name, "级别": c.get_level_display(), "颁发单位": c.issuer, "日期": _plain(c.awarded_on)}
        for c in volunteer.commendations.all()
    ]
    sections["评价与投诉"] = [
        {"类型": e.get_kind_display(), "日期": _plain(e.recorded_on), "评分": e.rating, "内容": e.content}
        for e in volunteer.evaluations.all()
    ]
    sections["活动报名"] = [
        {
            "活动": s.activity.name,
            "开始时间": _plain(s.activity.starts_at),
            "状态": s.get_status_display(),
            "报名时间": _plain(s.created_at),
            "候补时间": _plain(s.waitlisted_at),
            "取消时间": _plain(s.cancelled_at),
            "临时取消": _yes_no(s.late_cancellation),
            "未到岗": _yes_no(s.no_show),
            "签到": _plain(s.checked_in_at),
            "签退": _plain(s.checked_out_at),
        }
        for s in volunteer.signups.select_related("activity").order_by("activity__starts_at", "pk")
    ]
    sections.update(_record_blocks(volunteer))
    return sections


def _yes_no(value: bool) -> str:
    return _("是") if value else _("否")


def _record_blocks(volunteer: Volunteer) -> dict[str, list[dict] | dict]:
    """The blocks the national record added (training, agreements, health, insurance, leave). Health checks give the
    date and 合格/不合格 only: nothing medical is kept, so nothing medical is handed out."""
    return {
        "培训记录": [
            {
                "名称": row.name,
                "主要内容": row.content,
                "学时": _plain(row.hours),
                "举办单位": row.organiser,
                "日期": _plain(row.date),
                "类型": row.kind,
            }
            for row in training_rows(volunteer.user)
        ],
        "服务协议": [
            {
                "协议": f"{a.version.title}({a.version.version})",
                "签署日期": _plain(a.signed_on),
                "到期日期": _plain(a.expires_on),
                "签署方式": a.get_how_display(),
            }
            for a in volunteer.agreements.select_related("version").order_by("signed_on", "pk")
        ],
        "健康核验": [
            {"项目": c.item.name, "检查日期": _plain(c.checked_on), "结果": c.get_result_display()}
            for c in volunteer.health_checks.select_related("item").order_by("checked_on", "pk")
        ],
        "意外保险": [
            {
                "保险公司": p.insurer,
                "保单号": p.number,
                "保险起期": _plain(p.starts_on),
                "保险止期": _plain(p.ends_on),
            }
            for p in volunteer.insurance_policies.order_by("starts_on", "pk")
        ],
        "请假与暂停": [
            {"开始日期": _plain(leave.starts_on), "结束日期": _plain(leave.ends_on), "原因": leave.reason}
            for leave in volunteer.leaves.order_by("starts_on", "pk")
        ],
    }


def do_request_erasure(volunteer: Volunteer) -> None:
    """The volunteer asks for their personal information to be erased; a social worker then confirms it
    (``do_anonymise``). Until then the request can be withdrawn (``do_withdraw_erasure``)."""
    with transaction.atomic():
        locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if locked.anonymised_at:
            raise ValidationError(_("个人信息已删除。"))
        if locked.erasure_requested_at is None:
            locked.erasure_requested_at = timezone.now()
            locked.save(update_fields=["erasure_requested_at"])
    volunteer.erasure_requested_at = locked.erasure_requested_at


def do_withdraw_erasure(volunteer: Volunteer) -> None:
    """Withdraw an erasure request the social worker has not acted on yet; refused once it is done."""
    with transaction.atomic():
        locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if locked.anonymised_at:
            raise ValidationError(_("社工已删除您的个人信息,申请不能再撤回。"))
        if locked.erasure_requested_at is not None:
            locked.erasure_requested_at = None
            locked.save(update_fields=["erasure_requested_at"])
    volunteer.erasure_requested_at = None


@transaction.atomic
def do_anonymise(volunteer: Volunteer, by: User) -> None:
    """Confirmed erasure: personal details go, service records stay so aggregate hours and reports still add up."""
    from .actions import do_change_status

    if volunteer.anonymised_at:
        return
    label = f"已注销志愿者{volunteer.pk}"
    if volunteer.status != Volunteer.Status.LEFT:
        do_change_status(volunteer, Volunteer.Status.LEFT, by, _("应本人要求删除个人信息"))
    volunteer.name = label
    volunteer.mobile = volunteer.email = volunteer.occupation = ""
    volunteer.emergency_contact_name = volunteer.emergency_contact_phone = ""
    volunteer.date_of_birth = None
    volunteer.skills = []
    volunteer.availability = []
    volunteer.residence_area = volunteer.national_number = ""
    volunteer.set_id_number("")
    volunteer.anonymised_at = timezone.now()
    volunteer.save()
    volunteer.notes.all().delete()
    volunteer.evaluations.update(content="(已删除)", source="")
    volunteer.service_records.update(note="")
    volunteer.health_checks.all().delete()  # health data is sensitive (PIPL 第二十八条): nothing kept after erasure
    if volunteer.application_id:
        application = volunteer.application
        application.name = label
        application.mobile = application.email = application.occupation = ""
        application.emergency_contact_name = application.emergency_contact_phone = ""
        application.guardian_name = application.skills_other = application.interview_notes = ""
        application.skills = []
        application.availability = []
        application.set_id_number("")
        application.date_of_birth = application.date_of_birth.replace(month=1, day=1)  # the field is required
        application.save()
    if volunteer.user_id:
        user = volunteer.user
        user.first_name = user.last_name = user.email = ""
        user.username = f"erased-{volunteer.pk}"
        user.is_active = False
        user.set_unusable_password()
        user.save()
