"""Everything that changes the roster goes through these functions, whichever view, admin action or command asks.

Named ``do_<verb>_<thing>`` after Zulip's actions: they validate, write in one transaction and notify.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.roles import VOLUNTEER

from . import crypto
from .models import Activity, Application, ServiceRecord, Signup, StatusChange, Volunteer


@dataclass(frozen=True)
class Acceptance:
    volunteer: Volunteer
    invitation_url: str
    emailed: bool


def next_volunteer_number(year: int | None = None) -> str:
    """``SG2026-0001``: the year of joining and a running number, unique across the roster."""
    year = year or timezone.localdate().year
    prefix = f"SG{year}-"
    latest = Volunteer.objects.filter(number__startswith=prefix).aggregate(latest=Max("number"))["latest"]
    sequence = int(latest.removeprefix(prefix)) + 1 if latest else 1
    return f"{prefix}{sequence:04d}"


def invitation_url(user: User) -> str:
    """A one-time link to set a password (Django's password-reset token: it dies once the password is set)."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def record_status(volunteer: Volunteer, new_status: str, by: User | None, reason: str = "") -> None:
    """Move the volunteer to ``new_status`` and keep the step in the history."""
    if volunteer.status == new_status and volunteer.status_changes.exists():
        return
    StatusChange.objects.create(
        volunteer=volunteer, from_status=volunteer.status if volunteer.pk else "", to_status=new_status,
        changed_by=by, reason=reason,
    )  # fmt: skip
    Volunteer.objects.filter(pk=volunteer.pk).update(status=new_status)
    volunteer.status = new_status


@transaction.atomic
def do_accept_application(application: Application, by: User, cohort: str = "", notes: str = "") -> Acceptance:
    """Accept: a user account in the 志愿者 group, a Volunteer record with a number, and an invitation link."""
    if application.status != Application.Status.NEW:
        raise ValidationError("该申请已处理。")
    number = next_volunteer_number()
    user = _create_volunteer_user(number, application.name, application.email)
    volunteer = Volunteer(
        user=user, application=application, number=number, name=application.name, gender=application.gender,
        date_of_birth=application.date_of_birth, mobile=application.mobile, email=application.email,
        education=application.education, occupation=application.occupation, skills=application.skills,
        availability=application.availability, cohort=cohort,
        emergency_contact_name=application.emergency_contact_name,
        emergency_contact_phone=application.emergency_contact_phone, status=Volunteer.Status.APPLYING,
        id_number_encrypted=application.id_number_encrypted, id_number_hash=application.id_number_hash,
        id_number_masked=application.id_number_masked,
    )  # fmt: skip
    volunteer.save()
    volunteer.roles.set(application.preferred_roles.all())
    StatusChange.objects.create(volunteer=volunteer, to_status=Volunteer.Status.APPLYING, changed_by=by,
                                changed_at=application.created_at, reason="提交申请")  # fmt: skip
    record_status(volunteer, Volunteer.Status.TRAINING, by, "通过筛选,进入岗前培训")
    application.status = Application.Status.ACCEPTED
    if notes:
        application.interview_notes = notes
    application.screened_by = by
    application.screened_at = timezone.now()
    application.save()
    return Acceptance(volunteer=volunteer, invitation_url=invitation_url(user), emailed=_send_invitation(volunteer))


def _create_volunteer_user(number: str, name: str, email: str) -> User:
    """A login named after the volunteer number, in the 志愿者 group, with no password until they set one."""
    user = User.objects.create_user(username=number, email=email, first_name=name[1:], last_name=name[:1])
    user.set_unusable_password()
    user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=VOLUNTEER))
    return user


def _send_invitation(volunteer: Volunteer) -> bool:
    if not volunteer.email:
        return False
    send_mail(
        "双工学苑:欢迎加入志愿者团队",
        f"{volunteer.name},您好:\n\n欢迎加入志愿者团队,您的志愿者编号 {volunteer.number}(也是登录用户名)。"
        f"请打开下面的链接设置密码:\n\n{invitation_url(volunteer.user)}\n\n之后即可登录参加培训、报名活动。",
        None,
        [volunteer.email],
    )
    return True


@transaction.atomic
def do_create_account(volunteer: Volunteer) -> Acceptance:
    """An account for a volunteer who has none (imported from Excel), or a fresh invitation link for one who has."""
    if volunteer.anonymised_at:
        raise ValidationError("该志愿者的个人信息已删除。")
    if volunteer.user_id is None:
        volunteer.user = _create_volunteer_user(volunteer.number, volunteer.name, volunteer.email)
        volunteer.save(update_fields=["user"])
    return Acceptance(
        volunteer=volunteer, invitation_url=invitation_url(volunteer.user), emailed=_send_invitation(volunteer)
    )


@transaction.atomic
def do_reject_application(application: Application, by: User, reason: str, notes: str = "") -> None:
    if application.status != Application.Status.NEW:
        raise ValidationError("该申请已处理。")
    if not reason.strip():
        raise ValidationError("请填写未录用原因。")
    application.status = Application.Status.REJECTED
    application.rejection_reason = reason.strip()
    if notes:
        application.interview_notes = notes
    application.screened_by = by
    application.screened_at = timezone.now()
    application.save()


def do_change_status(volunteer: Volunteer, new_status: str, by: User | None, reason: str = "") -> None:
    if new_status not in Volunteer.Status.values:
        raise ValidationError("未知的状态。")
    with transaction.atomic():
        record_status(volunteer, new_status, by, reason)


def signed_up_count(activity: Activity) -> int:
    return activity.signups.filter(status=Signup.Status.SIGNED_UP).count()


@transaction.atomic
def do_sign_up(volunteer: Volunteer, activity: Activity) -> Signup:
    """Sign a volunteer up within capacity (the activity row is locked so two last places cannot both be taken)."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if volunteer.status not in (Volunteer.Status.ACTIVE, Volunteer.Status.TRAINING):
        raise ValidationError("只有在岗或培训中的志愿者可以报名。")
    if activity.ends_at <= timezone.now():
        raise ValidationError("活动已结束,不能报名。")
    signup = Signup.objects.filter(activity=activity, volunteer=volunteer).first()
    if signup and signup.status == Signup.Status.SIGNED_UP:
        return signup
    if signed_up_count(activity) >= activity.capacity:
        raise ValidationError("名额已满。")
    if signup is None:
        signup = Signup(activity=activity, volunteer=volunteer)
    signup.status = Signup.Status.SIGNED_UP
    signup.save()
    return signup


@transaction.atomic
def do_cancel_signup(signup: Signup) -> None:
    if signup.checked_in_at:
        raise ValidationError("已签到,不能取消。")
    signup.status = Signup.Status.CANCELLED
    signup.save(update_fields=["status"])


def do_invite(volunteers: list[Volunteer], activity: Activity) -> int:
    """Invite matched volunteers: an invitation shows in their "我的" panel and, with an e-mail address, by mail."""
    invited = 0
    for volunteer in volunteers:
        signup, created = Signup.objects.get_or_create(
            activity=activity, volunteer=volunteer, defaults={"status": Signup.Status.INVITED}
        )
        if not created:
            continue
        invited += 1
        if volunteer.email:
            send_mail(
                f"双工学苑:邀请您参加「{activity.name}」",
                f"{volunteer.name},您好:\n\n诚邀您参加 {activity} ({activity.department})。"
                f"请登录“我的”页面报名:{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{reverse('accounts:me')}",
                None,
                [volunteer.email],
            )
    return invited


def hours_between(start: datetime, end: datetime) -> Decimal:
    """Hours on site between check-in and check-out, rounded down to the quarter hour.

    Check-in happens at the service point, so travel is never inside this interval.
    """
    minutes = max(0, int((end - start).total_seconds() // 60))
    quarters = Decimal(minutes // 15) / Decimal(4)
    return quarters.quantize(Decimal("0.01"), rounding=ROUND_DOWN)


@transaction.atomic
def do_check_in(signup: Signup, at: datetime | None = None) -> Signup:
    if signup.status != Signup.Status.SIGNED_UP:
        raise ValidationError("该志愿者未报名此活动。")
    if signup.checked_in_at:
        raise ValidationError("已签到。")
    signup.checked_in_at = at or timezone.now()
    signup.save(update_fields=["checked_in_at"])
    return signup


@transaction.atomic
def do_check_out(signup: Signup, at: datetime | None = None) -> ServiceRecord:
    """Check out and create the pending service record; it counts only once a social worker confirms it."""
    if not signup.checked_in_at:
        raise ValidationError("尚未签到,不能签退。")
    if signup.checked_out_at:
        raise ValidationError("已签退。")
    at = at or timezone.now()
    if at <= signup.checked_in_at:
        raise ValidationError("签退时间应晚于签到时间。")
    signup.checked_out_at = at
    signup.save(update_fields=["checked_out_at"])
    activity = signup.activity
    return ServiceRecord.objects.create(
        volunteer=signup.volunteer, activity=activity, signup=signup,
        date=timezone.localtime(signup.checked_in_at).date(), department=activity.department,
        content=f"{activity.role.name}:{activity.name}", hours=hours_between(signup.checked_in_at, at),
    )  # fmt: skip


@transaction.atomic
def do_record_attendance(signup: Signup, checked_in_at: datetime, checked_out_at: datetime) -> ServiceRecord:
    """A social worker enters the times by hand (no phone, flat battery …)."""
    if ServiceRecord.objects.filter(signup=signup).exists():
        raise ValidationError("该报名已有服务时长记录,请在服务时长记录中修改。")
    signup.checked_in_at = None
    signup.checked_out_at = None
    if signup.status != Signup.Status.SIGNED_UP:
        signup.status = Signup.Status.SIGNED_UP
        signup.save(update_fields=["status"])
    do_check_in(signup, checked_in_at)
    return do_check_out(signup, checked_out_at)


@transaction.atomic
def do_confirm_service_record(record: ServiceRecord, by: User, hours: Decimal | None = None, note: str = "") -> None:
    """Confirm (optionally correcting the hours); totals and star level follow at once."""
    if hours is not None:
        if hours < 0 or (record.signup_id and hours > 24):
            raise ValidationError("时长应在0到24小时之间。")
        record.hours = hours
    record.status = ServiceRecord.Status.CONFIRMED
    record.confirmed_by = by
    record.confirmed_at = timezone.now()
    if note:
        record.note = note
    record.save()  # roster.signals recomputes the volunteer's hours and star level


@transaction.atomic
def do_reject_service_record(record: ServiceRecord, by: User, note: str) -> None:
    record.status = ServiceRecord.Status.REJECTED
    record.confirmed_by = by
    record.confirmed_at = timezone.now()
    record.note = note
    record.save()  # roster.signals recomputes the volunteer's hours and star level


def find_duplicates(mobile: str, id_number: str = "", exclude_application: int | None = None) -> dict[str, list]:
    """Earlier applications and volunteers with the same mobile or ID number (by keyed hash)."""
    id_hash = crypto.keyed_hash(id_number) if id_number else ""
    applications = Application.objects.filter(mobile=mobile)
    volunteers = Volunteer.objects.filter(mobile=mobile)
    if id_hash:
        applications = applications | Application.objects.filter(id_number_hash=id_hash)
        volunteers = volunteers | Volunteer.objects.filter(id_number_hash=id_hash)
    if exclude_application:
        applications = applications.exclude(pk=exclude_application)
        volunteers = volunteers.exclude(application_id=exclude_application)
    return {"applications": list(applications.distinct()), "volunteers": list(volunteers.distinct())}
