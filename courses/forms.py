"""Forms: the question editor's cross-field checks, essay grading and the import/export forms."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from accounts.names import chooser_label
from config.uploads import validate_upload


class QuestionAdminForm(WagtailAdminModelForm):
    """Refuses a question that could not be graded (no correct option, no accepted answer …)."""

    def clean(self):
        from .models import QuestionType
        from .questions import QuestionDraft, parsed_lines, question_problems

        cleaned = super().clean()
        qtype = cleaned.get("qtype") or ""
        choices, weights, pairs = [], [], []
        formset = self.formsets.get("choices")
        # ClusterForm validates its formsets after the form itself, so validate the options here first.
        if formset is not None and formset.is_valid():
            for choice_form in formset.forms:
                data = getattr(choice_form, "cleaned_data", None) or {}
                if not data or data.get("DELETE") or not (data.get("text") or "").strip():
                    continue
                if qtype == QuestionType.MATCHING:
                    pairs.append((data["text"], data.get("match_text") or ""))
                    continue
                choices.append((data["text"], bool(data.get("is_correct"))))
                fraction = data.get("fraction")
                weights.append(float(fraction) if fraction is not None else (100.0 if data.get("is_correct") else 0.0))
        short = parsed_lines(cleaned.get("accepted_answers") or "")
        draft = QuestionDraft(
            qtype=qtype,
            text=cleaned.get("text") or "",
            choices=choices,
            weights=weights,
            pairs=pairs,
            true_false_answer=cleaned.get("true_false_answer"),
            accepted_answers=[a.text for a in short],
            answer_weights=[float(a.fraction) for a in short],
            numeric_answers=parsed_lines(cleaned.get("numeric_answers") or "") if qtype == QuestionType.NUMERIC else [],
            points=cleaned.get("points") or Decimal("0"),
        )
        for problem in question_problems(draft):
            self.add_error(None, problem)
        return cleaned


class EssayGradeForm(forms.Form):
    score = forms.DecimalField(label=_("得分"), min_value=0, max_digits=6, decimal_places=2)
    comment = forms.CharField(label=_("评语"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, max_score: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_score = max_score
        self.fields["score"].help_text = _("满分 %(max)s 分") % {"max": max_score}

    def clean_score(self) -> Decimal:
        score = self.cleaned_data["score"]
        if score > self.max_score:
            raise forms.ValidationError(_("得分不能超过满分 %(max)s 分。") % {"max": self.max_score})
        return score


IMPORT_FORMATS = [
    ("gift", _("Moodle GIFT(.txt / .gift)")),
    ("aiken", _("Aiken(.txt)")),
    ("moodlexml", _("Moodle XML(.xml)")),
    ("excel", _("Excel 模板(.xlsx)")),
    ("paper", _("中文试卷:粘贴的文字或 .txt")),
    ("docx", _("中文试卷:Word 文档(.docx)")),
]


IMPORT_EXTENSIONS = {
    "gift": ("txt", "gift"),
    "aiken": ("txt",),
    "moodlexml": ("xml",),
    "excel": ("xlsx",),
    "paper": ("txt",),
    "docx": ("docx",),
}


class ImportForm(forms.Form):
    format = forms.ChoiceField(label=_("文件格式"), choices=IMPORT_FORMATS)
    category = forms.ModelChoiceField(label=_("导入到分类"), queryset=None, empty_label=_("请选择分类"))
    file = forms.FileField(label=_("题库文件"), required=False)
    text = forms.CharField(
        label=_("或粘贴试卷文字"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("仅用于“中文试卷:粘贴的文字”:从 Word 或 WPS 复制整份试卷粘贴到这里。"),
    )

    def __init__(self, *args, **kwargs):
        from .models import Category

        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.all()

    def clean(self):
        cleaned = super().clean()
        upload, fmt, text = cleaned.get("file"), cleaned.get("format"), (cleaned.get("text") or "").strip()
        if fmt == "paper" and text and not upload:
            cleaned["content"] = text.encode("utf-8")
            return cleaned
        if text:
            self.add_error("text", _("只有“中文试卷:粘贴的文字”格式可以粘贴文字,其他格式请上传文件。"))
        if not upload:
            self.add_error("file", _("请选择要导入的文件。"))
            return cleaned
        if fmt:
            try:
                validate_upload(upload, IMPORT_EXTENSIONS[fmt], 5 * 1024 * 1024)
            except forms.ValidationError as error:
                self.add_error("file", error)
                return cleaned
            cleaned["content"] = upload.read()
        return cleaned


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("导出格式"), choices=[("gift", "GIFT"), ("moodlexml", "Moodle XML"), ("excel", "Excel")]
    )
    category = forms.ModelChoiceField(label=_("分类(含下级分类)"), queryset=None, empty_label=_("请选择分类"))

    def __init__(self, *args, **kwargs):
        from .models import Category

        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.all()


class BulkEnrolForm(forms.Form):
    """Enrol several volunteers in a course at once (a new group starting their onboarding)."""

    course = forms.ModelChoiceField(label=_("课程"), queryset=None)
    users = forms.ModelMultipleChoiceField(
        label=_("学员"), queryset=None, widget=forms.CheckboxSelectMultiple, help_text=_("可多选。")
    )

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        from accounts.roles import SOCIAL_WORKER, VOLUNTEER

        from .models import CoursePage

        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.live().order_by("path")
        self.fields["users"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=[VOLUNTEER, SOCIAL_WORKER])
            .distinct()
            .order_by("username")
        )
        self.fields["users"].label_from_instance = chooser_label
