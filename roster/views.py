"""Public and volunteer-facing views: recruitment, privacy notice, own data, sign-up and QR check-in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config import ratelimit
from config.client_ip import client_ip

from . import actions, excel, privacy, qr
from .forms import ApplicationForm, CorrectionRequestForm
from .models import Activity, ServiceRole, Signup, Volunteer

# At most this many applications per hour from one address: enough for a family, too few for a bot.
JOIN_RATE_LIMIT = 5
JOIN_RATE_WINDOW = 3600


def join(request: HttpRequest) -> HttpResponse:
    """志愿者招募: the programme's needs and the application form."""
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if ratelimit.hit("roster:join", client_ip(request), JOIN_RATE_LIMIT, JOIN_RATE_WINDOW):
            messages.error(request, _("提交过于频繁,请一小时后再试。"))
            return render(request, "roster/join.html", _join_context(form), status=429)
        if not form.cleaned_data.get("website"):  # the honeypot stays empty for people
            form.save()
        return redirect("roster:join_thanks")
    return render(request, "roster/join.html", _join_context(form))


def _join_context(form: ApplicationForm) -> dict:
    return {
        "form": form,
        "roles": ServiceRole.objects.filter(recruiting=True),
        "privacy_version": privacy.PRIVACY_NOTICE_VERSION,
    }


def join_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "roster/join_thanks.html")


def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "roster/privacy.html", {"privacy_version": privacy.PRIVACY_NOTICE_VERSION})


def _own_volunteer(request: HttpRequest) -> Volunteer:
    return get_object_or_404(Volunteer, user=request.user, anonymised_at__isnull=True)


@login_required
def my_data(request: HttpRequest, fmt: str) -> HttpResponse:
    """The volunteer's own data, as Excel or JSON (PIPL right of access and portability)."""
    if fmt not in ("json", "xlsx"):
        raise Http404
    volunteer = _own_volunteer(request)
    if volunteer.id_number_masked:
        privacy.log_id_number_view(volunteer, request)
    data = privacy.personal_data(volunteer)
    if fmt == "json":
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = f'attachment; filename="my-data-{volunteer.number}.json"'
        return response
    return excel.response(excel.personal_data_workbook(data), f"my-data-{volunteer.number}.xlsx")


@login_required
def request_erasure(request: HttpRequest) -> HttpResponse:
    """Asking to erase one's personal information: a page that says what happens, then a confirmed POST."""
    volunteer = _own_volunteer(request)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") == "yes":
            privacy.do_request_erasure(volunteer)
            messages.success(request, _("已收到您删除个人信息的申请。社工确认前,您可以在“我的”页面随时撤回。"))
            return redirect("accounts:me")
        error = _("请勾选“我已了解并确认申请删除”,再提交申请。")
    return render(request, "roster/erasure_confirm.html", {"volunteer": volunteer, "error": error})


@login_required
@require_POST
def withdraw_erasure(request: HttpRequest) -> HttpResponse:
    volunteer = _own_volunteer(request)
    try:
        privacy.do_withdraw_erasure(volunteer)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("已撤回删除个人信息的申请,您的账号和记录保持不变。"))
    return redirect("accounts:me")


@login_required
@require_POST
def sign_up(request: HttpRequest, activity_id: int) -> HttpResponse:
    volunteer = _own_volunteer(request)
    activity = get_object_or_404(Activity, pk=activity_id)
    try:
        actions.do_sign_up(volunteer, activity)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("报名成功。"))
    return redirect("accounts:me")


@login_required
@require_POST
def cancel_signup(request: HttpRequest, signup_id: int) -> HttpResponse:
    signup = get_object_or_404(Signup, pk=signup_id, volunteer__user=request.user)
    try:
        actions.do_cancel_signup(signup)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已取消报名。"))
    return redirect("accounts:me")


@login_required
def signup_qr(request: HttpRequest, signup_id: int) -> HttpResponse:
    """The volunteer's check-in QR code, full screen on their phone for the social worker to scan."""
    signup = get_object_or_404(
        Signup.objects.select_related("activity", "volunteer"), pk=signup_id, volunteer__user=request.user
    )
    return render(request, "roster/signup_qr.html", {"signup": signup, "qr_svg": qr.check_in_svg(signup)})


@login_required
@permission_required("roster.change_signup", raise_exception=True)
def check_in(request: HttpRequest, token: str) -> HttpResponse:
    """What the social worker's phone opens on scanning a volunteer's code: check in, then later check out."""
    signup = get_object_or_404(Signup.objects.select_related("activity", "volunteer"), token=token)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "out":
                record = actions.do_check_out(signup)
                messages.success(request, _("已签退,本次服务 %(hours)s 小时,待社工确认。") % {"hours": record.hours})
            else:
                actions.do_check_in(signup)
                messages.success(request, _("签到成功。"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("roster:check_in", token=token)
    return render(request, "roster/check_in.html", {"signup": signup, "now": timezone.now()})


@login_required
def request_correction(request: HttpRequest) -> HttpResponse:
    """办法 第十三条: the volunteer reports a missing or wrong record; a social worker decides."""
    volunteer = _own_volunteer(request)
    posted = request.method == "POST"
    form = CorrectionRequestForm(
        request.POST if posted else None, request.FILES if posted else None, volunteer=volunteer
    )
    if posted and form.is_valid():
        try:
            actions.do_request_correction(volunteer, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已提交更正申请,社工核实后会通知您。"))
            return redirect("accounts:me")
    return render(request, "roster/correction_form.html", {"form": form})
