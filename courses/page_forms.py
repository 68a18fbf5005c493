"""The course editor's form: 岗位指南 lists role guides only, 先修课程 never offers the course itself."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from kb.queries import role_guide_pages


class CoursePageForm(WagtailAdminPageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        guides = self.fields.get("role_guides")
        if guides is not None:
            guides.widget = forms.CheckboxSelectMultiple()
            guides.queryset = role_guide_pages()
            guides.help_text = _("勾选这门课程对应的岗位指南,可多选;只列出岗位指南页面。")
        prerequisites = self.fields.get("prerequisites")
        if prerequisites is not None:
            # Offered without the course itself; a posted self-reference is still refused in clean_prerequisites.
            own = str(self.instance.pk) if self.instance.pk else None
            offered = [(value, label) for value, label in prerequisites.choices if str(value) != own]
            prerequisites.widget = forms.CheckboxSelectMultiple(choices=offered)
            if not offered:
                prerequisites.help_text = _("还没有其他课程可选作先修课程。")

    def clean_prerequisites(self):
        chosen = self.cleaned_data.get("prerequisites")
        if chosen is not None and self.instance.pk and any(course.pk == self.instance.pk for course in chosen):
            raise forms.ValidationError(_("一门课程不能把自己设为先修课程。"))
        return chosen
