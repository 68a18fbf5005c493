"""Social workers' and coordinators' pages inside the Wagtail admin (/admin/roster/…).

Views stay thin: they read forms and call ``actions``, ``privacy``, ``matching``, ``reports``, ``importer``.
"""

from __future__ import annotations

from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions, charts, duplicates, excel, importer, matching, privacy, records, reports, signin
from .choices import AVAILABILITY_CHOICES, Skill
from .forms import (
    AttendanceForm,
    ConfirmHoursForm,
    CorrectTimesForm,
    DateRangeForm,
    ImportForm,
    MatchForm,
    NoteForm,
    ScreeningForm,
    StatusForm,
)
from .models import Activity, Application, Note, ServiceRecord, Signup, Volunteer

PAGE_SIZE = 50


def needs(permission: str):
    """Admin access is checked by Wagtail; this adds the roster permission the page needs."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _render(request: HttpRequest, template: str, title: str, context: dict | None = None, icon: str = "group"):
    return render(request, template, {"page_title": title, "header_icon": icon, **(context or {})})


@needs("roster.change_application")
def screening_index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Application.Status.NEW)
    applications = Application.objects.filter(status=status).annotate(is_duplicate=duplicates.has_duplicate())
    page = Paginator(applications.order_by("created_at"), PAGE_SIZE).get_page(request.GET.get("p"))
    return _render(
        request,
        "roster/admin/screening_index.html",
        _("申请筛选"),
        {"page": page, "status": status, "statuses": Application.Status.choices},
    )


@needs("roster.change_application")
def screening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk)
    form = ScreeningForm(request.POST or None, initial={"interview_notes": application.interview_notes})
    if request.method == "POST" and application.status == Application.Status.NEW and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "accept":
                acceptance = actions.do_accept_application(
                    application, request.user, cohort=data["cohort"], notes=data["interview_notes"]
                )
                messages.success(
                    request,
                    _("已录用,志愿者编号 %(number)s。邀请链接%(sent)s:%(url)s")
                    % {
                        "number": acceptance.volunteer.number,
                        "sent": _("已发送到邮箱") if acceptance.emailed else _("(无邮箱,请通过短信或微信发送)"),
                        "url": acceptance.invitation_url,
                    },
                )
                return redirect("roster_admin:volunteer_record", acceptance.volunteer.pk)
            actions.do_reject_application(application, request.user, data["rejection_reason"], data["interview_notes"])
            messages.success(request, _("已标记为未录用。"))
            return redirect("roster_admin:screening_index")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    same_person = duplicates.find_duplicates(
        application.mobile, id_hash=application.id_number_hash, exclude_application=application.pk
    )
    skill_labels = dict(Skill.choices)
    slot_labels = dict(AVAILABILITY_CHOICES)
    return _render(
        request,
        "roster/admin/screening_detail.html",
        _("筛选:%(name)s") % {"name": application.name},
        {
            "application": application,
            "form": form,
            "duplicates": same_person,
            "skills": [skill_labels.get(s, s) for s in application.skills],
            "availability": [slot_labels.get(s, s) for s in application.availability],
        },
    )


@require_POST
@needs("roster.change_volunteer")
def reveal_id(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model = {"application": Application, "volunteer": Volunteer}.get(kind)
    if model is None:
        raise Http404
    subject = get_object_or_404(model, pk=pk)
    number = privacy.reveal_id_number(subject, request)
    return _render(
        request,
        "roster/admin/reveal_id.html",
        _("查看完整身份证号"),
        {"subject": subject, "number": number, "kind": kind},
        "view",
    )


def _volunteer_queryset(request: HttpRequest):
    volunteers = Volunteer.objects.all()
    query = request.GET.get("q", "").strip()
    if query:
        volunteers = volunteers.filter(Q(name__icontains=query) | Q(number__icontains=query) | Q(mobile=query))
    if request.GET.get("status"):
        volunteers = volunteers.filter(status=request.GET["status"])
    if request.GET.get("cohort"):
        volunteers = volunteers.filter(cohort=request.GET["cohort"])
    return volunteers


@needs("roster.view_volunteer")
def volunteer_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(_volunteer_queryset(request).order_by("number"), PAGE_SIZE).get_page(request.GET.get("p"))
    cohorts = Volunteer.objects.exclude(cohort="").values_list("cohort", flat=True).distinct().order_by("cohort")
    return _render(
        request,
        "roster/admin/volunteer_index.html",
        _("志愿者档案"),
        {"page": page, "statuses": Volunteer.Status.choices, "cohorts": cohorts, "query": request.GET.urlencode()},
    )


@needs("roster.view_volunteer")
def roster_export(request: HttpRequest) -> HttpResponse:
    volunteers = _volunteer_queryset(request).order_by("number")
    return excel.response(excel.roster_workbook(volunteers), f"roster-{timezone.localdate():%Y%m%d}.xlsx")


@needs("roster.change_volunteer")
def volunteer_record(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = get_object_or_404(Volunteer.objects.select_related("user", "application"), pk=pk)
    status_form = StatusForm(prefix="status", initial={"status": volunteer.status})
    note_form = NoteForm(prefix="note")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "status":
            status_form = StatusForm(request.POST, prefix="status")
            if status_form.is_valid():
                actions.do_change_status(
                    volunteer, status_form.cleaned_data["status"], request.user, status_form.cleaned_data["reason"]
                )
                messages.success(request, _("状态已更新。"))
                return redirect("roster_admin:volunteer_record", pk)
        elif action == "note":
            note_form = NoteForm(request.POST, prefix="note")
            if note_form.is_valid():
                Note.objects.create(volunteer=volunteer, text=note_form.cleaned_data["text"], author=request.user)
                return redirect("roster_admin:volunteer_record", pk)
        elif action == "invite":
            try:
                acceptance = actions.do_create_account(volunteer)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("账号邀请链接:%(url)s") % {"url": acceptance.invitation_url})
            return redirect("roster_admin:volunteer_record", pk)
    skill_labels = dict(Skill.choices)
    slot_labels = dict(AVAILABILITY_CHOICES)
    return _render(
        request,
        "roster/admin/volunteer_record.html",
        f"{volunteer.number} {volunteer.name}",
        {
            "volunteer": volunteer,
            "status_form": status_form,
            "note_form": note_form,
            "skills": [skill_labels.get(s, s) for s in volunteer.skills],
            "availability": [slot_labels.get(s, s) for s in volunteer.availability],
            "history": volunteer.status_changes.select_related("changed_by"),
            "service_records": volunteer.service_records.select_related("activity")[:30],
            "commendations": volunteer.commendations.all(),
            "evaluations": volunteer.evaluations.all(),
            "notes": volunteer.notes.select_related("author"),
            "roles": volunteer.roles.all(),
            "training": records.training_record(volunteer.user),
            "certificates": records.certificates_for_user(volunteer.user),
        },
    )


@needs("roster.change_servicerecord")
def hours_queue(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        record = get_object_or_404(ServiceRecord, pk=request.POST.get("record"))
        action = request.POST.get("action")
        if action == "reject":
            try:
                actions.do_reject_service_record(record, request.user, request.POST.get("note", ""))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("已标记为不予确认。"))
        elif action == "correct":
            form = CorrectTimesForm(request.POST)
            if form.is_valid():
                try:
                    actions.do_correct_service_record(
                        record,
                        request.user,
                        form.cleaned_data["checked_in_at"],
                        form.cleaned_data["checked_out_at"],
                        form.cleaned_data["reason"],
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(
                        request, _("已更正 %(name)s 的服务时间,待确认。") % {"name": record.volunteer.name}
                    )
            else:
                messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        else:
            form = ConfirmHoursForm(request.POST)
            if form.is_valid():
                try:
                    actions.do_confirm_service_record(
                        record, request.user, form.cleaned_data["hours"], form.cleaned_data["note"]
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(request, _("已确认 %(name)s 的服务时长。") % {"name": record.volunteer.name})
            else:
                messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(request.get_full_path())
    pending = (
        ServiceRecord.objects.filter(status=ServiceRecord.Status.PENDING)
        .select_related("volunteer", "activity", "signup")
        .prefetch_related("changes")
    )
    page = Paginator(pending.order_by("date", "pk"), PAGE_SIZE).get_page(request.GET.get("p"))
    return _render(request, "roster/admin/hours_queue.html", _("服务时长确认"), {"page": page}, "time")


@needs("roster.view_activity")
def activity_index(request: HttpRequest) -> HttpResponse:
    """Activities from a week ago on, soonest first: where social workers take attendance and print sheets."""
    since = timezone.now() - timedelta(days=7) if request.GET.get("all") is None else None
    activities = Activity.objects.select_related("role").annotate(
        signed=Count("signups", filter=Q(signups__status=Signup.Status.SIGNED_UP))
    )
    if since:
        activities = activities.filter(ends_at__gte=since)
    page = Paginator(activities.order_by("starts_at"), PAGE_SIZE).get_page(request.GET.get("p"))
    return _render(request, "roster/admin/activity_index.html", _("活动与签到"), {"page": page}, "date")


@needs("roster.change_signup")
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("role", "social_worker"), pk=pk)
    if request.method == "POST":
        signup = get_object_or_404(Signup, pk=request.POST.get("signup"), activity=activity)
        form = AttendanceForm(request.POST)
        if form.is_valid():
            try:
                actions.do_record_attendance(
                    signup,
                    form.cleaned_data["checked_in_at"],
                    form.cleaned_data["checked_out_at"],
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, _("已录入 %(name)s 的签到签退时间。") % {"name": signup.volunteer.name})
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("roster_admin:activity_detail", pk)
    signups = activity.signups.select_related("volunteer", "service_record").order_by("status", "volunteer__number")
    return _render(
        request,
        "roster/admin/activity_detail.html",
        str(activity),
        {"activity": activity, "signups": signups, "attendance_form": AttendanceForm()},
        "date",
    )


@needs("roster.view_activity")
def sign_in_sheet(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("role", "social_worker"), pk=pk)
    name = f"sign-in-{activity.pk}-{timezone.localtime(activity.starts_at):%Y%m%d}"
    if fmt == "xlsx":
        return excel.response(excel.sign_in_sheet_workbook(activity, signin.sign_in_signups(activity)), f"{name}.xlsx")
    if fmt != "pdf":
        raise Http404
    response = HttpResponse(signin.sign_in_sheet_pdf(activity), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@needs("roster.change_signup")
def match(request: HttpRequest) -> HttpResponse:
    activity = None
    initial = {}
    if request.GET.get("activity"):
        if not request.GET["activity"].isdecimal():
            raise Http404
        activity = get_object_or_404(Activity, pk=request.GET["activity"])
        initial = {
            "role": activity.role_id,
            "starts_at": timezone.localtime(activity.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(activity.ends_at).strftime("%Y-%m-%dT%H:%M"),
        }
    if request.method == "POST" and activity is not None:
        chosen = Volunteer.objects.filter(pk__in=request.POST.getlist("volunteer"), status=Volunteer.Status.ACTIVE)
        invited = actions.do_invite(list(chosen), activity)
        messages.success(request, _("已邀请 %(n)d 名志愿者。") % {"n": invited})
        return redirect("roster_admin:activity_detail", activity.pk)
    form = MatchForm(request.GET if "role" in request.GET else None, initial=initial)
    candidates = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        candidates = matching.match_volunteers(data["role"], data["starts_at"], data["ends_at"])
    elif activity is not None:
        candidates = matching.match_volunteers(activity.role, activity.starts_at, activity.ends_at)
    invited = set(activity.signups.values_list("volunteer_id", flat=True)) if activity else set()
    skill_labels = dict(Skill.choices)
    if candidates is not None:
        candidates = [(c, [skill_labels.get(s, s) for s in c.matching_skills]) for c in candidates]
    return _render(
        request,
        "roster/admin/match.html",
        _("匹配志愿者"),
        {"form": form, "activity": activity, "candidates": candidates, "invited": invited},
        "search",
    )


@needs("roster.view_servicerecord")
def dashboard(request: HttpRequest) -> HttpResponse:
    data = reports.dashboard()
    cohort_rates = [(cohort, round(100 * done / total) if total else 0) for cohort, total, done in data["cohorts"]]
    context = {
        **data,
        "cohort_rates": cohort_rates,
        "funnel_chart": charts.bar_chart(data["funnel"], _("招募漏斗"), _("人")),
        "cohort_chart": charts.bar_chart(cohort_rates, _("各批次培训完成率"), "%"),
        "month_chart": charts.bar_chart(data["hours_by_month"], _("每月服务时长"), _("小时")),
        "department_chart": charts.bar_chart(
            [(name, hours) for name, hours, _visits in data["hours_by_department"]], _("各科室服务时长"), _("小时")
        ),
        "star_chart": charts.bar_chart(data["stars"], _("星级分布"), _("人")),
        "quiz_chart": charts.bar_chart(
            [(course, round(rate * 100)) for course, rate in data["quiz_pass_rates"]], _("测验通过率"), "%"
        )
        if data["quiz_pass_rates"]
        else None,
    }
    return _render(request, "roster/admin/dashboard.html", _("志愿服务数据看板"), context, "table")


@needs("roster.view_servicerecord")
def report(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = DateRangeForm(request.GET or None, initial={"start": today.replace(day=1), "end": today})
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        figures = reports.contract_figures(start, end)
        departments = reports.hours_by_department(start, end, limit=1000)
        months = [
            (month, hours)
            for month, hours in reports.hours_by_month(months=120, today=end)
            if month >= f"{start:%Y-%m}"
        ]
        if request.GET.get("download"):
            workbook = excel.report_workbook(figures, departments, months)
            return excel.response(workbook, f"volunteer-report-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")
        return _render(
            request,
            "roster/admin/report.html",
            _("服务报表"),
            {"form": form, "figures": figures.rows(), "departments": departments, "query": request.GET.urlencode()},
            "doc-full",
        )
    return _render(request, "roster/admin/report.html", _("服务报表"), {"form": form}, "doc-full")


@needs("roster.add_volunteer")
def import_roster(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            count = importer.import_roster(form.cleaned_data["file"], by=request.user)
        except importer.ImportFailed as failure:
            errors = failure.errors
        else:
            messages.success(request, _("已导入 %(n)d 名志愿者。") % {"n": count})
            return redirect("roster_admin:volunteer_index")
    return _render(
        request,
        "roster/admin/import.html",
        _("导入志愿者名册"),
        {"form": form, "errors": errors, "columns": importer.COLUMNS},
        "upload",
    )


@needs("roster.add_volunteer")
def import_template(request: HttpRequest) -> HttpResponse:
    return excel.response(excel.import_template_workbook(), "roster-import-template.xlsx")


@needs("roster.change_volunteer")
def erasure_queue(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        volunteer = get_object_or_404(Volunteer, pk=request.POST.get("volunteer"), erasure_requested_at__isnull=False)
        privacy.do_anonymise(volunteer, request.user)
        messages.success(request, _("已匿名化处理,服务时长统计保留。"))
        return redirect("roster_admin:erasure_queue")
    requested = Volunteer.objects.filter(erasure_requested_at__isnull=False, anonymised_at__isnull=True).annotate(
        records=Count("service_records")
    )
    return _render(request, "roster/admin/erasure_queue.html", _("删除个人信息申请"), {"volunteers": requested}, "bin")
