"""Admin screens for social workers: the essay grading queue, question import and export."""

from __future__ import annotations

import base64
import io
import secrets
from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.admin_screens import AdminScreen
from accounts.names import display_name

from . import actions, exporters, importers, queries
from .forms import BulkEnrolForm, EssayGradeForm, ExportForm, ImportForm
from .importers import excel as excel_importer
from .models import Answer, Category, Enrolment, Question, QuestionType
from .questions import preview_of


class EssayQueueView(AdminScreen, TemplateView):
    """Every essay answer waiting for a score, oldest submission first, each with its own small form."""

    permission_policy = ModelPermissionPolicy(Answer)
    permission_required = "change"
    page_title = gettext_lazy("主观题批改")
    header_icon = "edit"
    template_name = "courses/admin/essay_queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        queue = queries.essay_queue(grader=self.request.user)
        answers = list(queue[:50])
        context["rows"] = [
            {"answer": answer, "form": EssayGradeForm(max_score=answer.max_score, prefix=f"a{answer.pk}")}
            for answer in answers
        ]
        context["waiting"] = queue.count()
        return context

    def post(self, request, *args, **kwargs):
        answer = get_object_or_404(Answer, pk=request.POST.get("answer"), question_data__type=QuestionType.ESSAY)
        form = EssayGradeForm(request.POST, max_score=answer.max_score, prefix=f"a{answer.pk}")
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return redirect("courses_admin:essays")
        try:
            actions.do_grade_essay(answer, form.cleaned_data["score"], form.cleaned_data["comment"], request.user)
        except actions.QuizRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("已保存评分:%(who)s 的第 %(n)d 题。")
                % {"who": display_name(answer.attempt.user), "n": answer.position},
            )
        return redirect("courses_admin:essays")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportView(AdminScreen, FormView):
    """Upload, see what will be created (counts by type, the first questions as learners will see them), confirm.

    The checked file waits in the social worker's session between the two steps, so the confirmation imports
    exactly what was previewed; it is checked again then (all-or-nothing) and the staged copy is dropped.
    """

    permission_policy = ModelPermissionPolicy(Question)
    permission_required = "add"
    page_title = gettext_lazy("导入题目")
    header_icon = "upload"
    template_name = "courses/admin/import.html"
    form_class = ImportForm
    SESSION_KEY = "courses_import"
    PREVIEW_COUNT = 5

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self.confirm(request)
        if "cancel" in request.POST:
            request.session.pop(self.SESSION_KEY, None)
            messages.info(request, _("已取消导入,没有导入任何题目。"))
            return redirect("courses_admin:import")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        fmt, content, category = (
            form.cleaned_data["format"],
            form.cleaned_data["content"],
            form.cleaned_data["category"],
        )
        try:
            pairs = importers.checked_drafts(fmt, content)
        except importers.ImportFailed as failure:
            return self._failed(form, failure)
        token = secrets.token_urlsafe(16)
        self.request.session[self.SESSION_KEY] = {
            "token": token,
            "format": fmt,
            "category": category.pk,
            "content": base64.b64encode(content).decode("ascii"),
        }
        drafts = [draft for _place, draft in pairs]
        counts = Counter(draft.qtype for draft in drafts)
        context = self.get_context_data(
            form=form,
            preview={
                "token": token,
                "category": category,
                "total": len(drafts),
                "counts": [(label, counts[value]) for value, label in QuestionType.choices if counts[value]],
                "questions": [{"place": place, **preview_of(draft)} for place, draft in pairs[: self.PREVIEW_COUNT]],
                "more": max(0, len(drafts) - self.PREVIEW_COUNT),
            },
        )
        return self.render_to_response(context)

    def confirm(self, request):
        staged = request.session.get(self.SESSION_KEY) or {}
        if not staged or request.POST.get("token") != staged.get("token"):
            messages.error(request, _("预览已过期或已导入过,请重新上传文件。"))
            return redirect("courses_admin:import")
        category = Category.objects.filter(pk=staged["category"]).first()
        if category is None:
            messages.error(request, _("要导入的分类已被删除,请重新选择。"))
            return redirect("courses_admin:import")
        del request.session[self.SESSION_KEY]
        try:
            created = importers.import_file(staged["format"], base64.b64decode(staged["content"]), category)
        except importers.ImportFailed as failure:
            for problem in failure.problems[:30]:
                messages.error(request, problem)
            messages.error(request, _("导入失败,没有导入任何题目。请改正以上问题后重新上传。"))
            return redirect("courses_admin:import")
        messages.success(
            request, _("已导入 %(n)d 道题目到“%(category)s”。") % {"n": len(created), "category": category}
        )
        return redirect(reverse("wagtailsnippets_courses_question:list"))

    def _failed(self, form, failure):
        for problem in failure.problems[:30]:
            messages.error(self.request, problem)
        if len(failure.problems) > 30:
            messages.error(self.request, _("……另有 %(n)d 个问题未列出。") % {"n": len(failure.problems) - 30})
        messages.error(self.request, _("导入失败,没有导入任何题目。请改正以上问题后重新上传。"))
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        columns = [
            (name, name in excel_importer.REQUIRED_COLUMNS, excel_importer.COLUMN_HELP[name])
            for name in excel_importer.COLUMNS
        ]
        return {**super().get_context_data(**kwargs), "columns": columns}


def import_template(request: HttpRequest) -> HttpResponse:
    """The Excel import template, built from the columns the importer reads."""
    if not request.user.has_perm("courses.add_question"):
        raise PermissionDenied
    buffer = io.BytesIO()
    excel_importer.template_workbook().save(buffer)
    reply = HttpResponse(buffer.getvalue(), content_type=XLSX)
    reply["Content-Disposition"] = 'attachment; filename="question-import-template.xlsx"'
    return reply


class ExportView(AdminScreen, FormView):
    permission_policy = ModelPermissionPolicy(Question)
    permission_required = "view"
    page_title = gettext_lazy("导出题目")
    header_icon = "download"
    template_name = "courses/admin/export.html"
    form_class = ExportForm

    def form_valid(self, form):
        category = form.cleaned_data["category"]
        if form.cleaned_data["format"] == "excel":
            content = exporters.export_excel(category)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            filename = f"questions-{category.pk}.xlsx"
        elif form.cleaned_data["format"] == "moodlexml":
            content = exporters.export_moodle_xml(category)
            content_type = "application/xml; charset=utf-8"
            filename = f"questions-{category.pk}.moodle.xml"
        else:
            content = exporters.export_gift(category).encode("utf-8")
            content_type = "text/plain; charset=utf-8"
            filename = f"questions-{category.pk}.gift.txt"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class BulkEnrolView(AdminScreen, FormView):
    permission_policy = ModelPermissionPolicy(Enrolment)
    permission_required = "add"
    page_title = gettext_lazy("批量报名")
    header_icon = "group"
    template_name = "courses/admin/enrol.html"
    form_class = BulkEnrolForm

    def form_valid(self, form):
        course = form.cleaned_data["course"].specific
        enrolled = 0
        for user in form.cleaned_data["users"]:
            try:
                actions.do_enrol(user, course, by=self.request.user)
            except actions.QuizRefused as refusal:
                messages.error(self.request, _("%(who)s:%(why)s") % {"who": display_name(user), "why": refusal})
            else:
                enrolled += 1
        messages.success(self.request, _("已为 %(n)d 位学员报名《%(course)s》。") % {"n": enrolled, "course": course})
        return redirect(reverse("wagtailsnippets_courses_enrolment:list"))
