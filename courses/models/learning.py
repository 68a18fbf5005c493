"""What learners do: enrolments, lessons done, quiz attempts and their answers."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.names import display_name


class Enrolment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("学员"), on_delete=models.CASCADE)
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("课程"), on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报名操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("课程报名")
        verbose_name_plural = _("课程报名")
        ordering = ["-enrolled_at"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="courses_enrolment_once")]

    def __str__(self) -> str:
        return f"{display_name(self.user)} · {self.course}"


class LessonCompletion(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("学员"), on_delete=models.CASCADE)
    lesson = models.ForeignKey(
        "courses.LessonPage", verbose_name=_("课时"), on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(_("完成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("课时完成记录")
        verbose_name_plural = _("课时完成记录")
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="courses_lesson_done_once")]

    def __str__(self) -> str:
        return f"{display_name(self.user)} · {self.lesson}"


class AttemptState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("作答中")
    NEEDS_GRADING = "needs_grading", _("待人工评分")
    FINISHED = "finished", _("已评分")


class Attempt(models.Model):
    """One go at a quiz. ``number`` counts real attempts per learner; practice rounds have none."""

    quiz = models.ForeignKey("courses.Quiz", verbose_name=_("测验"), on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("学员"), on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    number = models.PositiveIntegerField(_("第几次"), null=True, blank=True)
    is_practice = models.BooleanField(_("错题练习"), default=False)
    state = models.CharField(_("状态"), max_length=16, choices=AttemptState.choices, default=AttemptState.IN_PROGRESS)
    started_at = models.DateTimeField(_("开始时间"))
    deadline = models.DateTimeField(_("截止时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("交卷时间"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("成绩确定时间"), null=True, blank=True)
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("满分"), max_digits=7, decimal_places=2, default=0)
    percent = models.DecimalField(_("百分制得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("是否通过"), null=True, blank=True)

    # Not in Wagtail's reference index: attempts are records, not content anyone edits, and indexing them made every
    # start and autosave read and rewrite index rows (three queries more per autosave).
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("作答记录")
        verbose_name_plural = _("作答记录")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], condition=Q(is_practice=False), name="courses_attempt_number_once"
            )
        ]

    def __str__(self) -> str:
        if self.is_practice:
            return f"{display_name(self.user)} · {self.quiz} · 错题练习"
        return f"{display_name(self.user)} · {self.quiz} · 第{self.number}次"

    @property
    def is_open(self) -> bool:
        return self.state == AttemptState.IN_PROGRESS


class Answer(models.Model):
    """One question slot of an attempt: a snapshot of the question as it was asked, and the learner's response.

    The snapshot (``question_data``) holds the grading data, so later edits to the bank do not change the grade
    of attempts already made. It never reaches the browser before grading (see ``courses.grading.public_view``).
    """

    attempt = models.ForeignKey(Attempt, verbose_name=_("作答"), on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField(_("题号"))
    question = models.ForeignKey(
        "courses.Question", verbose_name=_("题目"), null=True, on_delete=models.SET_NULL, related_name="answers"
    )
    question_data = models.JSONField(_("题目快照"))
    response = models.JSONField(_("作答内容"), null=True, blank=True)
    saved_at = models.DateTimeField(_("保存时间"), null=True, blank=True)
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("满分"), max_digits=6, decimal_places=2, default=1)
    checked = models.BooleanField(_("已核对(练习)"), default=False)
    grader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评分人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    grader_comment = models.TextField(_("评语"), blank=True)
    graded_at = models.DateTimeField(_("评分时间"), null=True, blank=True)

    wagtail_reference_index_ignore = True  # see Attempt

    class Meta:
        verbose_name = _("答案")
        verbose_name_plural = _("答案")
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="courses_answer_slot_once")]

    def __str__(self) -> str:
        return f"{self.attempt} · {self.position}"

    @property
    def qtype(self) -> str:
        return self.question_data["type"]

    @property
    def qtype_label(self) -> str:
        from .bank import QuestionType

        return str(QuestionType(self.qtype).label)


class TimeAccommodation(models.Model):
    """Extra time on timed quizzes granted to one learner (a reasonable accommodation: low vision, slow reading,
    an older volunteer). ``courses.queries.attempt_deadline`` is the one place it is applied."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("学员"),
        on_delete=models.CASCADE,
        related_name="time_accommodation",
    )
    extra_percent = models.PositiveSmallIntegerField(
        _("延长比例(%)"),
        default=0,
        validators=[MaxValueValidator(200, _("延长比例最多 %(limit_value)s%%。"))],
        help_text=_("在测验限时的基础上延长的百分比,例如 50 表示限时的 1.5 倍。"),
    )
    extra_minutes = models.PositiveSmallIntegerField(
        _("另加分钟数"),
        default=0,
        validators=[MaxValueValidator(240, _("另加时间最多 %(limit_value)s 分钟。"))],
        help_text=_("再额外增加的分钟数,可与延长比例同时使用。"),
    )
    reason = models.CharField(_("原因"), max_length=200, help_text=_("简要写明原因,例如“视力不佳,阅读较慢”。"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("批准时间"), auto_now=True)

    class Meta:
        verbose_name = _("测验延时照顾")
        verbose_name_plural = _("测验延时照顾")

    def __str__(self) -> str:
        return f"{self.user} · +{self.extra_percent}% +{self.extra_minutes}"
