"""Everything that changes the roster goes through these functions, whichever view, admin action or command asks.

Named ``do_<verb>_<thing>`` after Zulip's actions: they validate, write in one transaction and notify (through
``accounts.notifications``, which sends only once the transaction has committed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.notifications import notify
from accounts.numbering import next_number
from accounts.roles import VOLUNTEER

from . import service_rules
from .eligibility import eligibility_problems
from .models import (
    Activity,
    ActivitySeries,
    AgreementVersion,
    Application,
    CalendarFeed,
    CorrectionRequest,
    Evaluation,
    HealthCheck,
    HealthItem,
    KioskPin,
    KioskSession,
    LeaveOfAbsence,
    NationalEntry,
    Note,
    ServiceRecord,
    ServiceRecordChange,
    ServiceRole,
    SignedAgreement,
    Signup,
    StatusChange,
    Volunteer,
)
from .scheduling import inactive_volunteers, late_cancellation_limit
from .signals import application_accepted

NUMBER_KEY = "volunteer"


@dataclass(frozen=True)
class Acceptance:
    volunteer: Volunteer
    invitation_url: str
    emailed: bool


def reserve_volunteer_numbers(count: int = 1, year: int | None = None) -> list[str]:
    """``SG2026-0001``: the year of joining and a running number from the shared locked counter.

    Numbers already on the roster (typed in or imported before the counter existed) are skipped, never reused.
    """
    year = year or timezone.localdate().year
    prefix = f"SG{year}-"
    taken = [
        int(number.removeprefix(prefix))
        for number in Volunteer.objects.filter(number__startswith=prefix).values_list("number", flat=True)
        if number.removeprefix(prefix).isdecimal()
    ]
    first = next_number(NUMBER_KEY, year, count=count, at_least=max(taken, default=0) + 1)
    return [f"{prefix}{sequence:04d}" for sequence in range(first, first + count)]


def next_volunteer_number(year: int | None = None) -> str:
    return reserve_volunteer_numbers(1, year)[0]


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


def _record_status(volunteer: Volunteer, new_status: str, by: User | None, reason: str = "") -> None:
    """Move the volunteer to ``new_status`` and keep the step in the history."""
    if volunteer.status == new_status and volunteer.status_changes.exists():
        return
    StatusChange.objects.create(
        volunteer=volunteer,
        from_status=volunteer.status if volunteer.pk else "",
        to_status=new_status,
        changed_by=by,
        reason=reason,
    )
    Volunteer.objects.filter(pk=volunteer.pk).update(status=new_status)
    volunteer.status = new_status
    if new_status != Volunteer.Status.ACTIVE:
        _withdraw_upcoming_signups(volunteer)


def _withdraw_upcoming_signups(volunteer: Volunteer) -> None:
    """A volunteer who is no longer 在岗 may not serve: their places at activities not yet started are given back
    (and they are told), so no sign-up says they will serve where the rule says they cannot."""
    upcoming = Signup.objects.filter(
        volunteer=volunteer,
        status__in=[Signup.Status.SIGNED_UP, Signup.Status.INVITED],
        checked_in_at__isnull=True,
        activity__starts_at__gt=timezone.now(),
    )
    names = list(upcoming.values_list("activity__name", flat=True))
    if not names:
        return
    freed = set(upcoming.filter(status=Signup.Status.SIGNED_UP).values_list("activity_id", flat=True))
    upcoming.update(status=Signup.Status.CANCELLED, cancelled_at=timezone.now())
    for activity in Activity.objects.select_for_update(of=("self",)).filter(pk__in=freed).order_by("pk"):
        _promote_waitlist(activity)
    if volunteer.user_id:
        notify(
            volunteer.user,
            _("你的活动报名已取消"),
            _("你的状态已变为“%(status)s”,以下活动的报名已取消:%(activities)s。")
            % {"status": volunteer.get_status_display(), "activities": "、".join(names)},
            url=reverse("accounts:me"),
        )


@transaction.atomic
def do_set_cohort_label(users: list[User], label: str) -> int:
    """The roster's 批次 label of these people's volunteer records. Onboarding owns cohort membership and calls this
    whenever a member joins or moves, or a cohort is renamed, so the roster and onboarding never disagree."""
    return (
        Volunteer.objects.filter(user__in=users, anonymised_at__isnull=True)
        .exclude(cohort=label[:80])
        .update(cohort=label[:80])
    )


@transaction.atomic
def do_accept_application(
    application: Application,
    by: User,
    cohort: str = "",
    notes: str = "",
    cohort_id: int | None = None,
) -> Acceptance:
    """Accept: a user account in the 志愿者 group, a Volunteer record with a number, and an invitation link.

    ``cohort_id`` names an onboarding cohort (``cohort`` is its name as the roster shows it); the
    ``application_accepted`` signal lets onboarding enrol the volunteer in the same transaction.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != Application.Status.NEW:
        raise ValidationError(_("该申请已处理。"))
    number = next_volunteer_number()
    user = _create_volunteer_user(number, application.name, application.email)
    volunteer = Volunteer(
        user=user,
        application=application,
        number=number,
        name=application.name,
        gender=application.gender,
        date_of_birth=application.date_of_birth,
        mobile=application.mobile,
        email=application.email,
        education=application.education,
        occupation=application.occupation,
        skills=application.skills,
        availability=application.availability,
        cohort=cohort[:80],
        emergency_contact_name=application.emergency_contact_name,
        emergency_contact_phone=application.emergency_contact_phone,
        status=Volunteer.Status.APPLYING,
        id_number_encrypted=application.id_number_encrypted,
        id_number_hash=application.id_number_hash,
        id_number_masked=application.id_number_masked,
    )
    volunteer.save()
    volunteer.roles.set(application.preferred_roles.all())
    StatusChange.objects.create(
        volunteer=volunteer,
        to_status=Volunteer.Status.APPLYING,
        changed_by=by,
        changed_at=application.created_at,
        reason=_("提交申请"),
    )
    _record_status(volunteer, Volunteer.Status.TRAINING, by, _("通过筛选,进入岗前培训"))
    application.status = Application.Status.ACCEPTED
    if notes:
        application.interview_notes = notes
    application.screened_by = by
    application.screened_at = timezone.now()
    application.save()
    application_accepted.send(sender=Volunteer, volunteer=volunteer, cohort_id=cohort_id, by=by)
    return Acceptance(
        volunteer=volunteer, invitation_url=invitation_url(user), emailed=_send_invitation(volunteer, user)
    )


def _create_volunteer_user(number: str, name: str, email: str) -> User:
    """A login named after the volunteer number, in the 志愿者 group, with no password until they set one."""
    user = User.objects.create_user(username=number, email=email, first_name=name[1:], last_name=name[:1])
    user.set_unusable_password()
    user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=VOLUNTEER))
    return user


def _send_invitation(volunteer: Volunteer, user: User) -> bool:
    """Welcome message after commit; the set-password link goes by e-mail only, never into the stored message."""
    if not volunteer.email:
        return False
    greeting = _("%(name)s,您好:\n\n欢迎加入志愿者团队,您的志愿者编号 %(number)s(也是登录用户名)。") % {
        "name": volunteer.name,
        "number": volunteer.number,
    }
    link = _("请打开下面的链接设置密码:\n\n%(url)s\n\n之后即可登录参加培训、报名活动。") % {"url": invitation_url(user)}
    channels = notify(
        user,
        _("双工学苑:欢迎加入志愿者团队"),
        greeting + _("设置密码的链接已发送到您的邮箱。"),
        email_body=greeting + link,
    )
    return "email" in channels


@transaction.atomic
def do_create_account(volunteer: Volunteer) -> Acceptance:
    """An account for a volunteer who has none (imported from Excel), or a fresh invitation link for one who has."""
    if volunteer.anonymised_at:
        raise ValidationError(_("该志愿者的个人信息已删除。"))
    user = volunteer.user
    if user is None:
        user = _create_volunteer_user(volunteer.number, volunteer.name, volunteer.email)
        volunteer.user = user
        volunteer.save(update_fields=["user"])
    return Acceptance(
        volunteer=volunteer, invitation_url=invitation_url(user), emailed=_send_invitation(volunteer, user)
    )


@transaction.atomic
def do_reject_application(application: Application, by: User, reason: str, notes: str = "") -> None:
    if application.status != Application.Status.NEW:
        raise ValidationError(_("该申请已处理。"))
    if not reason.strip():
        raise ValidationError(_("请填写未录用原因。"))
    application.status = Application.Status.REJECTED
    application.rejection_reason = reason.strip()
    if notes:
        application.interview_notes = notes
    application.screened_by = by
    application.screened_at = timezone.now()
    application.save()


def do_change_status(volunteer: Volunteer, new_status: str, by: User | None, reason: str = "") -> None:
    if new_status not in Volunteer.Status.values:
        raise ValidationError(_("未知的状态。"))
    with transaction.atomic():
        _record_status(volunteer, new_status, by, reason)


def signed_up_count(activity: Activity) -> int:
    return activity.signups.filter(status=Signup.Status.SIGNED_UP).count()


def _refuse_if_ineligible(volunteer: Volunteer, activity: Activity) -> None:
    problems = eligibility_problems(volunteer, activity)
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def do_sign_up(volunteer: Volunteer, activity: Activity, waitlist: bool = False) -> Signup:
    """Sign a volunteer up within capacity (the activity row is locked so two last places cannot both be taken).

    A full activity refuses, or with ``waitlist`` puts the volunteer at the end of its waitlist (候补); a place
    given back later goes to the first waiting volunteer who may serve (``_promote_waitlist``).
    """
    activity = Activity.objects.select_for_update(of=("self",)).select_related("role").get(pk=activity.pk)
    if activity.ends_at <= timezone.now():
        raise ValidationError(_("活动已结束,不能报名。"))
    _refuse_if_ineligible(volunteer, activity)
    signup = Signup.objects.filter(activity=activity, volunteer=volunteer).first()
    if signup and signup.status == Signup.Status.SIGNED_UP:
        return signup
    if signup is None:
        signup = Signup(activity=activity, volunteer=volunteer)
    if signed_up_count(activity) >= activity.capacity:
        if not waitlist:
            raise ValidationError(_("名额已满。"))
        if signup.status != Signup.Status.WAITLISTED or signup.pk is None:
            signup.status = Signup.Status.WAITLISTED
            signup.waitlisted_at = timezone.now()
            signup.save()
        return signup
    signup.status = Signup.Status.SIGNED_UP
    signup.waitlisted_at = None
    signup.save()
    return signup


@transaction.atomic
def do_cancel_signup(signup: Signup, now: datetime | None = None) -> Signup:
    """Give a place back. Less than the office's time limit before the start, it is kept as 临时取消.

    The activity row is locked first (as sign-up does), so two cancellations at the same moment each promote a
    different waiting volunteer and the activity never holds more than its capacity.
    """
    now = now or timezone.now()
    activity = Activity.objects.select_for_update(of=("self",)).select_related("role").get(pk=signup.activity_id)
    signup = Signup.objects.select_for_update(of=("self",)).get(pk=signup.pk)
    if signup.checked_in_at:
        raise ValidationError(_("已签到,不能取消。"))
    if signup.status == Signup.Status.CANCELLED:
        return signup
    held_place = signup.status == Signup.Status.SIGNED_UP
    signup.status = Signup.Status.CANCELLED
    signup.cancelled_at = now
    signup.late_cancellation = held_place and activity.starts_at - now < late_cancellation_limit()
    signup.save(update_fields=["status", "cancelled_at", "late_cancellation"])
    if held_place:
        _promote_waitlist(activity, now)
    return signup


def _promote_waitlist(activity: Activity, now: datetime | None = None) -> list[Signup]:
    """Fill free places from the waitlist, first come first served, skipping whoever may not serve; each promoted
    volunteer is told (after commit). The caller holds the activity row's lock."""
    now = now or timezone.now()
    if activity.starts_at <= now:
        return []
    free = activity.capacity - signed_up_count(activity)
    promoted: list[Signup] = []
    waiting = (
        Signup.objects.select_for_update(of=("self",))
        .filter(activity=activity, status=Signup.Status.WAITLISTED)
        .select_related("volunteer", "volunteer__user")
        .order_by("waitlisted_at", "pk")
    )
    for candidate in waiting:
        if len(promoted) >= free:
            break
        if eligibility_problems(candidate.volunteer, activity):
            continue
        candidate.status = Signup.Status.SIGNED_UP
        candidate.save(update_fields=["status"])
        promoted.append(candidate)
        if candidate.volunteer.user_id:
            notify(
                candidate.volunteer.user,
                _("候补成功:「%(activity)s」") % {"activity": activity.name},
                _("%(name)s,您好:活动有了空余名额,您已从候补转为正式报名 %(activity)s(%(department)s)。")
                % {"name": candidate.volunteer.name, "activity": activity, "department": activity.department},
                url=reverse("roster:schedule"),
            )
    return promoted


@transaction.atomic
def do_invite(volunteers: list[Volunteer], activity: Activity) -> int:
    """Invite matched volunteers who may serve: the invitation shows in "我的" and is sent after commit."""
    invited = 0
    for volunteer in volunteers:
        if eligibility_problems(volunteer, activity):
            continue
        _signup, created = Signup.objects.get_or_create(
            activity=activity, volunteer=volunteer, defaults={"status": Signup.Status.INVITED}
        )
        if not created:
            continue
        invited += 1
        if volunteer.user_id:
            notify(
                volunteer.user,
                _("双工学苑:邀请您参加「%(activity)s」") % {"activity": activity.name},
                _("%(name)s,您好:诚邀您参加 %(activity)s(%(department)s),请在“我的”页面报名。")
                % {"name": volunteer.name, "activity": activity, "department": activity.department},
                url=reverse("accounts:me"),
            )
    return invited


def hours_between(start: datetime, end: datetime) -> Decimal:
    """Hours on site between check-in and check-out, rounded down to the quarter hour.

    Check-in happens at the service point, so travel is never inside this interval.
    """
    minutes = max(0, int((end - start).total_seconds() // 60))
    quarters = Decimal(minutes // 15) / Decimal(4)
    return quarters.quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def _refuse(problems: list[str]) -> None:
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def do_check_in(signup: Signup, at: datetime | None = None) -> Signup:
    """Check in at the service point: only a volunteer who may serve, at a time that can be true."""
    signup = (
        Signup.objects.select_for_update(of=("self",)).select_related("activity__role", "volunteer").get(pk=signup.pk)
    )
    if signup.status != Signup.Status.SIGNED_UP:
        raise ValidationError(_("该志愿者未报名此活动。"))
    if signup.checked_in_at:
        raise ValidationError(_("已签到。"))
    at = at or timezone.now()
    _refuse_if_ineligible(signup.volunteer, signup.activity)
    _refuse(service_rules.impossible_problems(signup.volunteer, signup.activity, at, None, exclude_signup=signup))
    _refuse(service_rules.window_problems(signup.activity, at, None))
    signup.checked_in_at = at
    signup.save(update_fields=["checked_in_at"])
    return signup


@transaction.atomic
def do_check_out(signup: Signup, at: datetime | None = None) -> ServiceRecord:
    """Check out and create the pending service record; it counts only once a social worker confirms it."""
    signup = (
        Signup.objects.select_for_update(of=("self",)).select_related("activity__role", "volunteer").get(pk=signup.pk)
    )
    checked_in_at = signup.checked_in_at
    if not checked_in_at:
        raise ValidationError(_("尚未签到,不能签退。"))
    if signup.checked_out_at:
        raise ValidationError(_("已签退。"))
    if ServiceRecord.objects.filter(signup=signup).exists():
        raise ValidationError(_("本次签到已在活动结束时自动关闭(未签退),请联系社工更正签退时间。"))
    at = at or timezone.now()
    _refuse(
        service_rules.impossible_problems(signup.volunteer, signup.activity, checked_in_at, at, exclude_signup=signup)
    )
    _refuse(service_rules.window_problems(signup.activity, checked_in_at, at))
    return _close_signup(signup, checked_in_at, at)


def _close_signup(signup: Signup, checked_in_at: datetime, at: datetime, note: str = "") -> ServiceRecord:
    """``checked_in_at`` is the signup's own check-in time, passed once its caller has made sure there is one."""
    signup.checked_out_at = at
    signup.save(update_fields=["checked_out_at"])
    activity = signup.activity
    return ServiceRecord.objects.create(
        volunteer=signup.volunteer,
        activity=activity,
        signup=signup,
        date=timezone.localtime(checked_in_at).date(),
        department=activity.department,
        content=f"{activity.role.name}:{activity.name}",
        hours=hours_between(checked_in_at, at),
        started_at=checked_in_at,
        ended_at=at,
        note=note,
    )


@transaction.atomic
def do_record_attendance(
    signup: Signup, checked_in_at: datetime, checked_out_at: datetime, by: User | None = None, reason: str = ""
) -> ServiceRecord:
    """A social worker enters the times by hand (no phone, flat battery …).

    Impossible times are refused; times outside the activity's hours are kept only as a correction with a reason.
    """
    signup = (
        Signup.objects.select_for_update(of=("self",)).select_related("activity__role", "volunteer").get(pk=signup.pk)
    )
    if ServiceRecord.objects.filter(signup=signup).exists():
        raise ValidationError(_("该报名已有服务时长记录,请在服务时长记录中修改。"))
    _refuse_if_ineligible(signup.volunteer, signup.activity)
    _refuse(
        service_rules.impossible_problems(
            signup.volunteer, signup.activity, checked_in_at, checked_out_at, exclude_signup=signup
        )
    )
    outside = service_rules.window_problems(signup.activity, checked_in_at, checked_out_at)
    reason = reason.strip()
    if outside and not reason:
        raise ValidationError([*outside, _("如确需按此时间记录,请填写更正原因。")])
    if signup.status != Signup.Status.SIGNED_UP:
        signup.status = Signup.Status.SIGNED_UP
        signup.save(update_fields=["status"])
    signup.checked_in_at = checked_in_at
    signup.no_show = False
    signup.save(update_fields=["checked_in_at", "no_show"])
    record = _close_signup(signup, checked_in_at, checked_out_at, note=reason if outside else "")
    if outside:
        _log_change(record, by, reason, before={}, after=_snapshot(record))
    return record


def _snapshot(record: ServiceRecord) -> dict:
    def moment(value: datetime | None) -> str:
        return timezone.localtime(value).isoformat() if value else ""

    return {
        "date": record.date.isoformat() if record.date else "",
        "started_at": moment(record.started_at),
        "ended_at": moment(record.ended_at),
        "hours": str(record.hours),
        "status": record.status,
        "activity": record.activity_id,
    }


def _log_change(record: ServiceRecord, by: User | None, reason: str, before: dict, after: dict) -> None:
    ServiceRecordChange.objects.create(record=record, changed_by=by, reason=reason, before=before, after=after)


@transaction.atomic
def do_confirm_service_record(record: ServiceRecord, by: User, hours: Decimal | None = None, note: str = "") -> None:
    """Confirm (optionally correcting the hours, which needs a reason); totals and star level follow at once."""
    record = ServiceRecord.objects.select_for_update().get(pk=record.pk)
    if record.volunteer.user_id and record.volunteer.user_id == by.pk:
        raise ValidationError(_("不能确认自己的服务时长。"))
    if record.missing_check_out:
        raise ValidationError(_("该记录未签退,请先更正签退时间。"))
    before = _snapshot(record)
    corrected = hours is not None and hours != record.hours
    if hours is not None:
        if hours < 0 or (record.signup_id and hours > 24):
            raise ValidationError(_("时长应在0到24小时之间。"))
        if corrected and not note.strip():
            raise ValidationError(_("更正时长时请在备注中写明原因。"))
        record.hours = hours
    record.status = ServiceRecord.Status.CONFIRMED
    record.confirmed_by = by
    record.confirmed_at = timezone.now()
    if note:
        record.note = note
    record.save()  # roster.signals recomputes the volunteer's hours and star level
    if corrected:
        _log_change(record, by, note.strip(), before, _snapshot(record))


@transaction.atomic
def do_reject_service_record(record: ServiceRecord, by: User, note: str) -> None:
    if not note.strip():
        raise ValidationError(_("请填写不予确认的原因。"))
    record = ServiceRecord.objects.select_for_update().get(pk=record.pk)
    before = _snapshot(record)
    record.status = ServiceRecord.Status.REJECTED
    record.confirmed_by = by
    record.confirmed_at = timezone.now()
    record.note = note.strip()
    record.save()  # roster.signals recomputes the volunteer's hours and star level
    _log_change(record, by, note.strip(), before, _snapshot(record))


@transaction.atomic
def do_correct_service_record(
    record: ServiceRecord, by: User, started_at: datetime, ended_at: datetime, reason: str
) -> ServiceRecord:
    """A social worker's deliberate correction of a record's times (a forgotten sign-out, a wrong entry).

    The reason is required and the change is kept (who, when, why, before and after); the record goes back to
    待确认 so the corrected hours are confirmed like any other.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请填写更正原因。"))
    record = (
        ServiceRecord.objects.select_for_update(of=("self",)).select_related("activity", "volunteer").get(pk=record.pk)
    )
    _refuse(
        service_rules.impossible_problems(
            record.volunteer, record.activity, started_at, ended_at, exclude_record=record, exclude_signup=record.signup
        )
    )
    before = _snapshot(record)
    record.started_at, record.ended_at = started_at, ended_at
    record.date = timezone.localtime(started_at).date()
    record.hours = hours_between(started_at, ended_at)
    record.missing_check_out = False
    record.status = ServiceRecord.Status.PENDING
    record.confirmed_by = None
    record.confirmed_at = None
    record.note = reason
    record.save()
    if record.signup_id:
        Signup.objects.filter(pk=record.signup_id).update(checked_in_at=started_at, checked_out_at=ended_at)
    _log_change(record, by, reason, before, _snapshot(record))
    return record


@transaction.atomic
def do_close_forgotten_sign_outs(now: datetime | None = None) -> int:
    """Close every check-in whose activity has ended without a sign-out: ZERO hours, flagged 未签退.

    The volunteer's hours are never guessed (not the whole day, not the planned shift); a social worker sets the
    real time with ``do_correct_service_record`` and a reason.
    """
    now = now or timezone.now()
    open_signups = (
        Signup.objects.select_for_update(of=("self",))
        .filter(
            checked_in_at__isnull=False,
            checked_out_at__isnull=True,
            activity__ends_at__lte=now,
            service_record__isnull=True,
        )
        .select_related("activity__role", "volunteer")
    )
    closed = 0
    for signup in open_signups:
        activity = signup.activity
        ServiceRecord.objects.create(
            volunteer=signup.volunteer,
            activity=activity,
            signup=signup,
            date=timezone.localtime(signup.checked_in_at).date(),
            department=activity.department,
            content=f"{activity.role.name}:{activity.name}",
            hours=Decimal("0"),
            started_at=signup.checked_in_at,
            missing_check_out=True,
            note=_("未签退:活动结束时自动关闭,计0小时,待社工更正签退时间。"),
        )
        closed += 1
    return closed


@transaction.atomic
def do_request_correction(
    volunteer: Volunteer,
    kind: str,
    date: date,
    description: str,
    activity: Activity | None = None,
    record: ServiceRecord | None = None,
    started_at: datetime | None = None,
    ended_at: datetime | None = None,
    evidence: UploadedFile | None = None,
) -> CorrectionRequest:
    """A volunteer reports a missing or wrong record (办法 第十三条); a social worker decides."""
    if kind not in CorrectionRequest.Kind.values:
        raise ValidationError(_("请选择问题类型。"))
    if not description.strip():
        raise ValidationError(_("请说明哪里有误。"))
    if record is not None and record.volunteer_id != volunteer.pk:
        raise ValidationError(_("只能就本人的服务记录提出更正。"))
    if kind == CorrectionRequest.Kind.WRONG and record is None:
        raise ValidationError(_("请选择有误的服务记录。"))
    if started_at and ended_at and ended_at <= started_at:
        raise ValidationError(_("结束时间应晚于开始时间。"))
    if date > timezone.localdate():
        raise ValidationError(_("服务日期不能晚于今天。"))
    return CorrectionRequest.objects.create(
        volunteer=volunteer,
        kind=kind,
        date=date,
        description=description.strip(),
        activity=activity or (record.activity if record else None),
        record=record,
        started_at=started_at,
        ended_at=ended_at,
        evidence=evidence or "",
    )


def _locked_pending_request(request: CorrectionRequest) -> CorrectionRequest:
    request = (
        CorrectionRequest.objects.select_for_update(of=("self",))
        .select_related("volunteer", "activity", "record")
        .get(pk=request.pk)
    )
    if request.status != CorrectionRequest.Status.PENDING:
        raise ValidationError(_("该更正申请已处理。"))
    return request


@transaction.atomic
def do_accept_correction(
    request: CorrectionRequest, by: User, started_at: datetime, ended_at: datetime, reason: str
) -> ServiceRecord:
    """Accept: create the missing record or correct the wrong one, with the trace, and tell the volunteer."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请填写处理说明。"))
    request = _locked_pending_request(request)
    volunteer = request.volunteer
    if volunteer.user_id and volunteer.user_id == by.pk:
        raise ValidationError(_("不能处理自己的更正申请。"))
    if request.record is not None:
        record = do_correct_service_record(request.record, by, started_at, ended_at, reason)
    else:
        _refuse(service_rules.impossible_problems(volunteer, request.activity, started_at, ended_at))
        activity = request.activity
        record = ServiceRecord.objects.create(
            volunteer=volunteer,
            activity=activity,
            date=timezone.localtime(started_at).date(),
            department=activity.department if activity else "",
            content=f"{activity.role.name}:{activity.name}" if activity else request.description[:100],
            hours=hours_between(started_at, ended_at),
            started_at=started_at,
            ended_at=ended_at,
            note=reason,
        )
        _log_change(record, by, reason, before={}, after=_snapshot(record))
    request.status = CorrectionRequest.Status.ACCEPTED
    request.record = record
    request.decided_by = by
    request.decided_at = timezone.now()
    request.decision_reason = reason
    request.save()
    _tell_volunteer(request)
    return record


@transaction.atomic
def do_decline_correction(request: CorrectionRequest, by: User, reason: str) -> None:
    """Decline with a reason the volunteer reads in "我的" and by notification; no record changes."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请填写未采纳的原因。"))
    request = _locked_pending_request(request)
    request.status = CorrectionRequest.Status.DECLINED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.decision_reason = reason
    request.save()
    _tell_volunteer(request)


def _tell_volunteer(request: CorrectionRequest) -> None:
    user = request.volunteer.user
    if user is None:
        return
    notify(
        user,
        _("您的服务记录更正申请(%(date)s)%(status)s") % {"date": request.date, "status": request.get_status_display()},
        _("处理说明:%(reason)s") % {"reason": request.decision_reason},
        url=reverse("accounts:me"),
    )


def do_record_evaluation(evaluation: Evaluation, by: User) -> Evaluation:
    """An evaluation or complaint as entered: whoever enters it is its author, whatever a form sent, and its entry
    time (which the 10-working-day deadline of 《办法》第十一条 is measured by) is now."""
    evaluation.author = by
    evaluation.entered_at = timezone.now()
    evaluation.full_clean()
    evaluation.save()
    return evaluation


def do_add_note(volunteer: Volunteer, text: str, by: User) -> Note:
    """A dated entry on the volunteer's notes timeline."""
    if not text.strip():
        raise ValidationError(_("请填写备注内容。"))
    return Note.objects.create(volunteer=volunteer, text=text.strip(), author=by)


@transaction.atomic
def do_save_activity(
    activity: Activity | None,
    *,
    name: str,
    department: str,
    starts_at: datetime,
    ends_at: datetime,
    role: ServiceRole,
    capacity: int,
    social_worker: User | None = None,
    description: str = "",
) -> Activity:
    """Create or update an activity volunteers sign up for (e.g. the roster side of a public activity)."""
    activity = activity or Activity()
    activity.name = name[:100]
    activity.department = department[:60]
    activity.starts_at = starts_at
    activity.ends_at = ends_at
    activity.role = role
    activity.capacity = capacity
    activity.social_worker = social_worker
    activity.description = description
    activity.full_clean()
    activity.save()
    do_fill_from_waitlist(activity)
    return activity


@transaction.atomic
def do_fill_from_waitlist(activity: Activity) -> list[Signup]:
    """Give places that are free (a capacity raised in the admin, a series date edited) to the waitlist, as a
    cancellation does; every path that saves an activity calls it."""
    locked = Activity.objects.select_for_update(of=("self",)).select_related("role").get(pk=activity.pk)
    return _promote_waitlist(locked)


# ---------------------------------------------------------------------------------------------------------------
# Scheduling (issue 16 part B): no-shows, leave, follow-up, series, calendar feeds, kiosks.
# ---------------------------------------------------------------------------------------------------------------

MAX_SERIES_DATES = 53
KIOSK_PIN_LENGTHS = (4, 5, 6)


@transaction.atomic
def do_record_no_shows(now: datetime | None = None) -> int:
    """Mark every place still held at an ended activity with no check-in as 未到岗 (run with the sign-out sweep)."""
    now = now or timezone.now()
    return Signup.objects.filter(
        status=Signup.Status.SIGNED_UP,
        checked_in_at__isnull=True,
        no_show=False,
        activity__ends_at__lte=now,
    ).update(no_show=True)


@transaction.atomic
def do_record_leave(
    volunteer: Volunteer, starts_on: date, ends_on: date, reason: str = "", by: User | None = None
) -> LeaveOfAbsence:
    """请假/暂停 with dates: sign-ups inside them are given back (not counted as late) and the waitlist moves up."""
    if ends_on < starts_on:
        raise ValidationError(_("结束日期不能早于开始日期。"))
    if ends_on < timezone.localdate():
        raise ValidationError(_("请假结束日期不能早于今天。"))
    if (ends_on - starts_on).days > 366:
        raise ValidationError(_("一次请假不能超过一年,如长期不能服务请改为“暂停”状态。"))
    if volunteer.leaves.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise ValidationError(_("这段日期与已登记的请假重叠。"))
    leave = LeaveOfAbsence.objects.create(
        volunteer=volunteer, starts_on=starts_on, ends_on=ends_on, reason=reason.strip()[:200], recorded_by=by
    )
    inside = Signup.objects.filter(
        volunteer=volunteer,
        status__in=[Signup.Status.SIGNED_UP, Signup.Status.WAITLISTED, Signup.Status.INVITED],
        checked_in_at__isnull=True,
        activity__starts_at__gt=timezone.now(),
        activity__starts_at__date__gte=starts_on,
        activity__starts_at__date__lte=ends_on,
    )
    freed = set(inside.filter(status=Signup.Status.SIGNED_UP).values_list("activity_id", flat=True))
    inside.update(status=Signup.Status.CANCELLED, cancelled_at=timezone.now())
    for activity in Activity.objects.select_for_update(of=("self",)).filter(pk__in=freed).order_by("pk"):
        _promote_waitlist(activity)
    return leave


@transaction.atomic
def do_end_leave(leave: LeaveOfAbsence, by: User | None = None) -> None:
    """Back early: the leave ends yesterday (or is removed when it had not begun)."""
    today = timezone.localdate()
    if leave.ends_on < today:
        raise ValidationError(_("该请假已结束。"))
    if leave.starts_on >= today:
        leave.delete()
        return
    leave.ends_on = today - timedelta(days=1)
    leave.save(update_fields=["ends_on"])


def do_set_inactive(volunteers: list[Volunteer], by: User) -> int:
    """The follow-up list's one action: set the chosen quiet volunteers to 暂停, with the reason in the history."""
    quiet = set(inactive_volunteers().values_list("pk", flat=True))
    changed = 0
    with transaction.atomic():
        for volunteer in volunteers:
            if volunteer.pk not in quiet:
                continue
            _record_status(volunteer, Volunteer.Status.PAUSED, by, _("长期未参加服务,回访后设为暂停"))
            changed += 1
    return changed


@dataclass(frozen=True)
class SeriesSpec:
    name: str
    department: str
    role: ServiceRole
    capacity: int
    weekday: int
    start_time: time
    end_time: time
    first_date: date
    last_date: date
    social_worker: User | None = None
    description: str = ""


def series_dates(first: date, last: date, weekday: int) -> list[date]:
    start = first + timedelta(days=(weekday - first.weekday()) % 7)
    return [start + timedelta(weeks=n) for n in range(((last - start).days // 7) + 1)] if start <= last else []


@transaction.atomic
def do_create_series(spec: SeriesSpec, by: User | None = None) -> ActivitySeries:
    """A recurring activity: one Activity per date, each signed up, waitlisted and checked in like any other."""
    if spec.end_time <= spec.start_time:
        raise ValidationError(_("结束时间应晚于开始时间。"))
    if spec.capacity < 1:
        raise ValidationError(_("名额至少为1人。"))
    if spec.first_date < timezone.localdate():
        raise ValidationError(_("首次日期不能早于今天。"))
    dates = series_dates(spec.first_date, spec.last_date, spec.weekday)
    if not dates:
        raise ValidationError(_("首次日期与末次日期之间没有该星期几。"))
    if len(dates) > MAX_SERIES_DATES:
        raise ValidationError(_("一个系列最多 %(n)s 次(约一年),请缩短日期范围。") % {"n": MAX_SERIES_DATES})
    series = ActivitySeries.objects.create(
        name=spec.name,
        department=spec.department,
        role=spec.role,
        capacity=spec.capacity,
        social_worker=spec.social_worker,
        description=spec.description,
        weekday=spec.weekday,
        start_time=spec.start_time,
        end_time=spec.end_time,
        first_date=spec.first_date,
        last_date=spec.last_date,
        created_by=by,
    )
    zone = timezone.get_current_timezone()
    Activity.objects.bulk_create(
        Activity(
            name=spec.name,
            department=spec.department,
            role=spec.role,
            capacity=spec.capacity,
            social_worker=spec.social_worker,
            description=spec.description,
            starts_at=datetime.combine(day, spec.start_time, tzinfo=zone),
            ends_at=datetime.combine(day, spec.end_time, tzinfo=zone),
            series=series,
        )
        for day in dates
    )
    return series


@dataclass(frozen=True)
class SeriesEnding:
    cancelled_dates: int
    told: int


@transaction.atomic
def do_end_series(series: ActivitySeries, from_date: date, by: User | None = None) -> SeriesEnding:
    """End a series early: its dates from ``from_date`` on that have not started are cancelled (removed with their
    sign-ups and waitlists); everyone signed up or invited is told after commit. Dates already held stay."""
    series = ActivitySeries.objects.select_for_update().get(pk=series.pk)
    if from_date < timezone.localdate():
        raise ValidationError(_("结束日期不能早于今天:已举行的活动不能取消。"))
    now = timezone.now()
    remaining = list(
        Activity.objects.select_for_update(of=("self",))
        .filter(series=series, starts_at__gt=now, starts_at__date__gte=from_date)
        .order_by("starts_at")
    )
    if not remaining:
        raise ValidationError(_("该系列在 %(date)s 及以后没有未开始的活动。") % {"date": from_date})
    signups = (
        Signup.objects.filter(activity__in=remaining, status__in=[Signup.Status.SIGNED_UP, Signup.Status.INVITED])
        .select_related("volunteer__user", "activity")
        .order_by("volunteer_id", "activity__starts_at")
    )
    dates_of: dict[Volunteer, list[Activity]] = {}
    for signup in signups:
        dates_of.setdefault(signup.volunteer, []).append(signup.activity)
    told = 0
    for volunteer, activities in dates_of.items():
        if volunteer.user_id is None or volunteer.anonymised_at:
            continue
        notify(
            volunteer.user,
            _("活动取消:「%(name)s」%(date)s 起不再举行") % {"name": series.name, "date": from_date},
            _("%(name)s,您好:系列活动“%(series)s”提前结束,您已报名的以下日期已取消,无需到岗:%(dates)s。感谢您的支持!")
            % {
                "name": volunteer.name,
                "series": series,
                "dates": "、".join(f"{timezone.localtime(a.starts_at):%m-%d %H:%M}" for a in activities),
            },
            url=reverse("roster:schedule"),
        )
        told += 1
    Activity.objects.filter(pk__in=[activity.pk for activity in remaining]).delete()
    held = series.activities.order_by("-starts_at").first()
    series.ended_from = from_date
    series.last_date = timezone.localdate(held.starts_at) if held else series.first_date
    series.save(update_fields=["ended_from", "last_date"])
    return SeriesEnding(cancelled_dates=len(remaining), told=told)


@dataclass(frozen=True)
class SeriesSignupResult:
    signed_up: int
    waitlisted: int
    refused: list[str]


def do_sign_up_series(volunteer: Volunteer, series: ActivitySeries) -> SeriesSignupResult:
    """Self-scheduling a fixed weekly shift: every coming date of the series, each through ``do_sign_up`` (so each
    date is gated and capacity-checked on its own); a full date joins its waitlist."""
    signed = waiting = 0
    refused: list[str] = []
    upcoming = series.activities.filter(starts_at__gt=timezone.now()).order_by("starts_at")
    for activity in upcoming:
        try:
            signup = do_sign_up(volunteer, activity, waitlist=True)
        except ValidationError as error:
            refused.append(f"{timezone.localtime(activity.starts_at):%m-%d}:{' '.join(error.messages)}")
            continue
        if signup.status == Signup.Status.WAITLISTED:
            waiting += 1
        else:
            signed += 1
    return SeriesSignupResult(signed_up=signed, waitlisted=waiting, refused=refused)


@transaction.atomic
def do_issue_calendar_feed(user: User) -> CalendarFeed:
    """A new private calendar address; any earlier one stops working at once."""
    CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return CalendarFeed.objects.create(user=user)


@transaction.atomic
def do_revoke_calendar_feed(user: User) -> int:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def do_set_kiosk_pin(volunteer: Volunteer, pin: str) -> KioskPin:
    """The short PIN typed at a kiosk with the volunteer number; kept only as a hash."""
    pin = pin.strip()
    if not pin.isdecimal() or not pin.isascii() or len(pin) not in KIOSK_PIN_LENGTHS:
        raise ValidationError(_("PIN 应为4到6位数字。"))
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        raise ValidationError(_("PIN 过于简单(如 1111、1234),请换一个。"))
    kiosk_pin, _created = KioskPin.objects.get_or_create(volunteer=volunteer, defaults={"pin_hash": ""})
    kiosk_pin.set_pin(pin)
    kiosk_pin.set_at = timezone.now()
    kiosk_pin.save()
    return kiosk_pin


@transaction.atomic
def do_open_kiosk(name: str, department: str, by: User) -> KioskSession:
    name = name.strip()
    if not name:
        raise ValidationError(_("请填写签到台名称,如“门诊大厅服务台”。"))
    return KioskSession.objects.create(name=name[:60], department=department.strip()[:60], opened_by=by)


@transaction.atomic
def do_close_kiosk(kiosk: KioskSession, by: User | None) -> None:
    """Close a kiosk remotely: the tablet's next request finds it closed and can do nothing more."""
    KioskSession.objects.filter(pk=kiosk.pk, closed_at__isnull=True).update(closed_at=timezone.now(), closed_by=by)


def do_kiosk_attendance(kiosk: KioskSession, signup: Signup, now: datetime | None = None) -> str:
    """What a kiosk does for an identified volunteer: check in, or, once checked in, check out. Returns which."""
    if not KioskSession.objects.filter(pk=kiosk.pk, closed_at__isnull=True).exists():
        raise ValidationError(_("签到台已关闭。"))
    if kiosk.department and signup.activity.department != kiosk.department:
        raise ValidationError(_("该活动不在本签到台(%(place)s)签到。") % {"place": kiosk.department})
    if signup.checked_in_at is None:
        do_check_in(signup, at=now)
        return "in"
    do_check_out(signup, at=now)
    return "out"


# The record (办法 第十一条 national-system marks), agreements, insurance and health ------------------------------


@transaction.atomic
def do_mark_national_entered(records: list[ServiceRecord], by: User) -> int:
    """Mark confirmed service records 「已录入全国系统」 (now, by ``by``); a record already marked keeps its mark."""
    marked = 0
    for record in records:
        if record.status != ServiceRecord.Status.CONFIRMED:
            raise ValidationError(_("只有已确认的服务记录可以标记为已录入全国系统。"))
        _entry, created = NationalEntry.objects.get_or_create(record=record, defaults={"marked_by": by})
        marked += created
    return marked


@transaction.atomic
def do_unmark_national_entered(record: ServiceRecord, by: User) -> None:
    """Withdraw a mark set by mistake (the audit log keeps who set and who withdrew it)."""
    NationalEntry.objects.filter(record=record).delete()


@transaction.atomic
def do_record_health_check(
    volunteer: Volunteer, item: HealthItem, checked_on: date, result: str, by: User | None
) -> HealthCheck:
    """Only the date, 合格/不合格 and who checked are kept: no medical document (PIPL 第二十八条)."""
    if result not in HealthCheck.Result.values:
        raise ValidationError(_("请选择核验结果(合格或不合格)。"))
    if checked_on > timezone.localdate():
        raise ValidationError(_("检查日期不能晚于今天。"))
    return HealthCheck.objects.create(
        volunteer=volunteer, item=item, checked_on=checked_on, result=result, checked_by=by
    )


@transaction.atomic
def do_sign_agreement(
    volunteer: Volunteer, version: AgreementVersion, signed_on: date, by: User | None, how: str = "paper"
) -> SignedAgreement:
    """Keep a signed service agreement (条例 第十四条); renewing is signing again, the earlier rows stay."""
    if signed_on > timezone.localdate():
        raise ValidationError(_("签署日期不能晚于今天。"))
    if how not in SignedAgreement.How.values:
        raise ValidationError(_("未知的签署方式。"))
    return SignedAgreement.objects.create(
        volunteer=volunteer,
        version=version,
        signed_on=signed_on,
        expires_on=add_months(signed_on, version.term_months),
        how=how,
        recorded_by=by,
    )


def add_months(day: date, months: int) -> date:
    """The day before the same date ``months`` later (a 12-month agreement signed 2026-03-01 runs to 2027-02-28)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate) - timedelta(days=1)
        except ValueError:
            continue
    raise AssertionError("unreachable")
