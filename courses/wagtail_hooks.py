"""The courses area of the Wagtail admin: question bank, quizzes, enrolments, attempts, grading and import/export."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import log
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet, SnippetViewSetGroup

from config.admin_policies import RecordPermissionPolicy

from . import admin_views
from .actions import QuizRefused, do_enrol, do_grant_time_accommodation, do_mark_lesson_done
from .models import Answer, Attempt, Category, Enrolment, LessonCompletion, Question, Quiz, TimeAccommodation


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("题目分类")
    list_display = ["__str__", "description"]
    search_fields = ["name"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("题库")
    list_display = ["__str__", "qtype", "category", "difficulty"]
    list_filter = ["qtype", "category", "difficulty"]
    search_fields = ["text", "title"]


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = _("测验")
    list_display = ["title", "pass_mark", "max_attempts", "time_limit_minutes"]


class _RefusalShownOnTheForm:
    """An action's refusal (e.g. the course's audience excludes the person) is shown on the form, nothing saved."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except QuizRefused as refusal:
            form.add_error(None, str(refusal))
            self.produced_error_message = str(refusal)
            return self.form_invalid(form)


class EnrolmentCreateView(_RefusalShownOnTheForm, CreateView):
    """Through ``do_enrol``: the audience rule, who enrolled them, and completion when everything is already done."""

    def save_instance(self) -> Enrolment:
        data = self.form.cleaned_data
        enrolment = do_enrol(data["user"], data["course"], by=self.request.user)
        log(instance=enrolment, action="wagtail.create", user=self.request.user)
        return enrolment


class LessonCompletionCreateView(_RefusalShownOnTheForm, CreateView):
    """Through ``do_mark_lesson_done``, as when the learner finishes the lesson: enrols them if needed and completes
    the course when this was the last thing it asked for (a bare row left the course open for good)."""

    def save_instance(self) -> LessonCompletion:
        data = self.form.cleaned_data
        do_mark_lesson_done(data["user"], data["lesson"])
        completion = LessonCompletion.objects.get(user=data["user"], lesson=data["lesson"])
        log(instance=completion, action="wagtail.create", user=self.request.user)
        return completion


class EnrolmentViewSet(SnippetViewSet):
    """Social workers enrol volunteers here (and see who completed what)."""

    model = Enrolment
    icon = "user"
    menu_label = _("课程报名")
    list_display = ["user", "course", "enrolled_at", "completed_at"]
    list_filter = ["course"]
    panels = [FieldPanel("user"), FieldPanel("course")]
    add_view_class = EnrolmentCreateView
    inspect_view_enabled = True  # never edited (see the permission policy below), so read here


# Attempts are records: the admin may look, never edit (grades change only through the grading queue).
register_permission_policy(Attempt, RecordPermissionPolicy(Attempt))
register_permission_policy(Answer, RecordPermissionPolicy(Answer))
# Enrolments and lesson completions are added through do_enrol / do_mark_lesson_done (the views above) and may be
# deleted when recorded by mistake, never edited: an edit could move a completion to another learner or course.
register_permission_policy(Enrolment, RecordPermissionPolicy(Enrolment, denied={"change"}))
register_permission_policy(LessonCompletion, RecordPermissionPolicy(LessonCompletion, denied={"change"}))


class LessonCompletionViewSet(SnippetViewSet):
    """Lessons marked done; a social worker may record one for a learner who studied offline."""

    model = LessonCompletion
    icon = "tick"
    menu_label = _("课时完成记录")
    list_display = ["user", "lesson", "completed_at"]
    panels = [FieldPanel("user"), FieldPanel("lesson")]
    add_view_class = LessonCompletionCreateView
    inspect_view_enabled = True


class AttemptViewSet(SnippetViewSet):
    model = Attempt
    icon = "list-ul"
    menu_label = _("作答记录")
    list_display = ["__str__", "state", "percent", "passed", "submitted_at"]
    list_filter = ["state", "passed", "quiz", "is_practice"]
    inspect_view_enabled = True


class AnswerViewSet(SnippetViewSet):
    """Each answer of each attempt, read-only: what was asked, what was answered, the score and the grader."""

    model = Answer
    icon = "doc-full"
    menu_label = _("作答明细")
    list_display = ["__str__", "score", "max_score", "grader", "saved_at"]
    list_filter = ["attempt__quiz"]
    inspect_view_enabled = True


class _GrantThroughAction:
    """Saves through ``do_grant_time_accommodation``, which also moves the deadline of an attempt under way."""

    log_action = "wagtail.edit"

    def save_instance(self):
        data = self.form.cleaned_data
        instance = do_grant_time_accommodation(
            data["user"],
            extra_percent=data["extra_percent"],
            extra_minutes=data["extra_minutes"],
            reason=data["reason"],
            by=self.request.user,
        )
        log(instance=instance, action=self.log_action, user=self.request.user)
        return instance


class GrantCreateView(_GrantThroughAction, CreateView):
    log_action = "wagtail.create"


class GrantEditView(_GrantThroughAction, EditView):
    pass


class TimeAccommodationViewSet(SnippetViewSet):
    """Extra time on timed quizzes for one volunteer, granted by a social worker (applied to every attempt)."""

    model = TimeAccommodation
    icon = "time"
    menu_label = _("测验延时照顾")
    list_display = ["user", "extra_percent", "extra_minutes", "reason", "granted_by", "granted_at"]
    search_fields = ["reason"]
    panels = [FieldPanel("user"), FieldPanel("extra_percent"), FieldPanel("extra_minutes"), FieldPanel("reason")]
    add_view_class = GrantCreateView
    edit_view_class = GrantEditView


class CoursesGroup(SnippetViewSetGroup):
    items = (
        CategoryViewSet,
        QuestionViewSet,
        QuizViewSet,
        EnrolmentViewSet,
        LessonCompletionViewSet,
        AttemptViewSet,
        AnswerViewSet,
        TimeAccommodationViewSet,
    )
    menu_icon = "tasks"
    menu_label = _("题库与测验")
    menu_name = "courses"
    menu_order = 250


register_snippet(CoursesGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("essays/", admin_views.EssayQueueView.as_view(), name="essays"),
        path("import/", admin_views.ImportView.as_view(), name="import"),
        path("import/template.xlsx", admin_views.import_template, name="import_template"),
        path("export/", admin_views.ExportView.as_view(), name="export"),
        path("enrol/", admin_views.BulkEnrolView.as_view(), name="enrol"),
    ]
    return [path("courses/", include((urls, "courses_admin"), namespace="courses_admin"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_tools_menu():
    tools = Menu(
        items=[
            PermissionMenuItem(
                _("主观题批改"), reverse("courses_admin:essays"), icon_name="edit", permission="courses.change_answer"
            ),
            PermissionMenuItem(
                _("批量报名"), reverse("courses_admin:enrol"), icon_name="group", permission="courses.add_enrolment"
            ),
            PermissionMenuItem(
                _("导入题目"), reverse("courses_admin:import"), icon_name="upload", permission="courses.add_question"
            ),
            PermissionMenuItem(
                _("导出题目"), reverse("courses_admin:export"), icon_name="download", permission="courses.view_question"
            ),
        ]
    )
    return SubmenuMenuItem(_("批改与导入导出"), tools, icon_name="clipboard-list", name="course-tools", order=251)
