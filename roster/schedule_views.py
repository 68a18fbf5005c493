"""Scheduling on the public site (issue 16 part B): the volunteer's 排班 page (self-scheduling, waitlist, leave,
kiosk PIN), the private calendar feed and its management, and the check-in kiosk."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from config import ratelimit

from . import actions, calendar, scheduling
from .eligibility import activity_problems, standing_problems
from .models import ActivitySeries, CalendarFeed, KioskPin, KioskSession, LeaveOfAbsence, Signup, Volunteer
from .schedule_forms import KioskCheckInForm, KioskPinForm, LeaveForm

KIOSK_SESSION_KEY = "roster_kiosk"
# Wrong PINs allowed for one volunteer number at one kiosk in a quarter of an hour.
KIOSK_PIN_LIMIT = 5
KIOSK_PIN_WINDOW = 900


def _own_volunteer(request: HttpRequest) -> Volunteer:
    return get_object_or_404(Volunteer, user=request.user, anonymised_at__isnull=True)


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    """排班报名: the coming weeks of the volunteer's roles, each with their place, and the weekly series."""
    volunteer = _own_volunteer(request)
    mine = {
        signup.activity_id: signup
        for signup in Signup.objects.filter(volunteer=volunteer).exclude(status=Signup.Status.CANCELLED)
    }
    activities = list(scheduling.upcoming_activities(volunteer))
    for activity in activities:
        activity.remaining = max(0, activity.capacity - activity.signed)
        activity.mine = mine.get(activity.pk)
        activity.position = scheduling.waitlist_position(activity.mine) if activity.mine else None
        activity.problems = [] if activity.mine else activity_problems(volunteer, activity)
    series = ActivitySeries.objects.filter(
        role__in=volunteer.roles.all(), last_date__gte=timezone.localdate()
    ).select_related("role")
    context = {
        "volunteer": volunteer,
        "activities": activities,
        "series_list": series,
        "standing_problems": standing_problems(volunteer),
        "leaves": volunteer.leaves.filter(ends_on__gte=timezone.localdate()),
        "leave_form": LeaveForm(),
        "pin_form": KioskPinForm(),
        "has_pin": KioskPin.objects.filter(volunteer=volunteer).exists(),
        "rates": scheduling.attendance_rates(volunteer),
    }
    return render(request, "roster/schedule.html", context)


def _report(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
@require_POST
def schedule_sign_up(request: HttpRequest, activity_id: int) -> HttpResponse:
    volunteer = _own_volunteer(request)
    activity = get_object_or_404(scheduling.upcoming_activities(volunteer), pk=activity_id)
    try:
        signup = actions.do_sign_up(volunteer, activity, waitlist=request.POST.get("waitlist") == "1")
    except ValidationError as error:
        _report(request, error)
    else:
        if signup.status == Signup.Status.WAITLISTED:
            messages.success(
                request,
                _("名额已满,已加入候补(第 %(n)s 位);有人取消时会自动转为报名并通知你。")
                % {"n": scheduling.waitlist_position(signup)},
            )
        else:
            messages.success(request, _("报名成功。"))
    return redirect("roster:schedule")


@login_required
@require_POST
def schedule_cancel(request: HttpRequest, signup_id: int) -> HttpResponse:
    signup = get_object_or_404(Signup, pk=signup_id, volunteer__user=request.user)
    try:
        signup = actions.do_cancel_signup(signup)
    except ValidationError as error:
        _report(request, error)
    else:
        if signup.late_cancellation:
            messages.warning(request, _("已取消报名。离活动开始不足规定时间,记为一次临时取消。"))
        else:
            messages.success(request, _("已取消报名。"))
    return redirect("roster:schedule")


@login_required
@require_POST
def series_sign_up(request: HttpRequest, series_id: int) -> HttpResponse:
    volunteer = _own_volunteer(request)
    series = get_object_or_404(ActivitySeries, pk=series_id, role__in=volunteer.roles.all())
    result = actions.do_sign_up_series(volunteer, series)
    messages.success(
        request,
        _("「%(name)s」:已报名 %(signed)s 次,候补 %(waiting)s 次。")
        % {"name": series.name, "signed": result.signed_up, "waiting": result.waitlisted},
    )
    if result.refused:
        messages.warning(request, _("以下日期未能报名:") + ";".join(result.refused))
    return redirect("roster:schedule")


@login_required
@require_POST
def record_leave(request: HttpRequest) -> HttpResponse:
    volunteer = _own_volunteer(request)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("roster:schedule")
    try:
        actions.do_record_leave(volunteer, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("已登记请假,期间的活动报名已取消。"))
    return redirect("roster:schedule")


@login_required
@require_POST
def end_leave(request: HttpRequest, leave_id: int) -> HttpResponse:
    leave = get_object_or_404(LeaveOfAbsence, pk=leave_id, volunteer__user=request.user)
    try:
        actions.do_end_leave(leave, by=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("已销假,可以重新报名活动。"))
    return redirect("roster:schedule")


@login_required
@require_POST
def set_kiosk_pin(request: HttpRequest) -> HttpResponse:
    volunteer = _own_volunteer(request)
    form = KioskPinForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("PIN 应为4到6位数字。"))
        actions.do_set_kiosk_pin(volunteer, form.cleaned_data["pin"])
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("签到 PIN 已设置。在签到台输入志愿者编号和 PIN 即可签到。"))
    return redirect("roster:schedule")


@login_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    """The private calendar address of the signed-in volunteer or social worker: create, replace or stop it."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            actions.do_revoke_calendar_feed(request.user)
            messages.success(request, _("日历订阅地址已停用,原地址不再显示任何内容。"))
        else:
            actions.do_issue_calendar_feed(request.user)
            messages.success(request, _("已生成新的日历订阅地址,原地址(如有)已停用。"))
        return redirect("roster:my_calendar")
    feed = calendar.active_feed(request.user)
    return render(request, "roster/my_calendar.html", {"feed": feed, "url": calendar.feed_url(feed) if feed else ""})


@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The .ics a phone's calendar subscribes to; the token is the only key, and a revoked one is a 404."""
    feed = get_object_or_404(
        CalendarFeed.objects.filter(revoked_at__isnull=True, user__is_active=True).select_related("user"), token=token
    )
    response = HttpResponse(calendar.feed_calendar(feed.user).to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="shuanggong.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


# --- the kiosk ---------------------------------------------------------------------------------------------------


def _kiosk(request: HttpRequest) -> KioskSession | None:
    token = request.session.get(KIOSK_SESSION_KEY)
    if not token:
        return None
    return KioskSession.objects.filter(token=token).first()


def _signup_from_code(code: str) -> Signup | None:
    """The QR code holds the sign-up's check-in link; a hand scanner types it in, ending in the token."""
    token = code.rstrip("/").rsplit("/", 1)[-1]
    return Signup.objects.filter(token=token).select_related("activity", "volunteer").first()


@never_cache
def kiosk(request: HttpRequest) -> HttpResponse:
    """签到台: a tablet at a service point. It holds no login, only its kiosk key, and does one thing: check in or
    out the volunteer who shows their QR code or types their number and PIN."""
    session = _kiosk(request)
    if session is None or not session.is_open:
        request.session.pop(KIOSK_SESSION_KEY, None)
        return render(request, "roster/kiosk_closed.html", status=403 if session is None else 410)
    form = KioskCheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _kiosk_attempt(request, session, form.cleaned_data)
        return redirect("roster:kiosk")
    return render(request, "roster/kiosk.html", {"kiosk": session, "form": form})


def _kiosk_attempt(request: HttpRequest, session: KioskSession, data: dict) -> None:
    """Check the identified volunteer in (or out); every outcome is a message on the next, empty form."""
    if data["code"]:
        signup = _signup_from_code(data["code"])
        if signup is None or signup.status != Signup.Status.SIGNED_UP:
            messages.error(request, _("无法识别该二维码,或该报名已取消。"))
            return
    else:
        key = f"{session.pk}:{data['number']}"
        if ratelimit.hit("roster:kiosk-pin", key, KIOSK_PIN_LIMIT, KIOSK_PIN_WINDOW):
            messages.error(request, _("PIN 错误次数过多,请15分钟后再试,或请社工协助签到。"))
            return
        volunteer = Volunteer.objects.filter(number=data["number"], anonymised_at__isnull=True).first()
        pin = KioskPin.objects.filter(volunteer=volunteer).first() if volunteer else None
        if pin is None or not pin.matches(data["pin"]):
            messages.error(request, _("志愿者编号或 PIN 不正确。"))
            return
        signup = scheduling.kiosk_signup(volunteer, session.department)
        if signup is None:
            messages.error(request, _("%(name)s:现在没有可在本签到台签到的活动。") % {"name": volunteer.name})
            return
    try:
        done = actions.do_kiosk_attendance(session, signup)
    except ValidationError as error:
        messages.error(request, f"{signup.volunteer.name}:" + " ".join(error.messages))
        return
    if done == "in":
        messages.success(
            request,
            _("%(name)s 签到成功:%(activity)s。") % {"name": signup.volunteer.name, "activity": signup.activity.name},
        )
    else:
        messages.success(request, _("%(name)s 签退成功,辛苦了!") % {"name": signup.volunteer.name})
