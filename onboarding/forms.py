from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.names import chooser_label
from accounts.roles import VOLUNTEER
from roster import queries as roster

from .models import Cohort, Membership


class SignOffForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("评分"),
        choices=[("", "—")] + [(str(n), "★" * n) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    evaluation = forms.CharField(
        label=_("简短评价"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )


class ExceptionForm(forms.Form):
    reason = forms.CharField(label=_("特批理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class AddMemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("志愿者"), queryset=get_user_model().objects.none(), empty_label=_("请选择志愿者")
    )
    role = forms.ModelChoiceField(label=_("岗位"), queryset=None, required=False, empty_label=_("不限岗位"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model().objects.filter(groups__name=VOLUNTEER).order_by("last_name", "first_name", "username")
        )
        self.fields["user"].label_from_instance = chooser_label
        self.fields["role"].queryset = roster.service_roles()


class MoveMemberForm(forms.Form):
    membership = forms.ModelChoiceField(label=_("成员"), queryset=Membership.objects.all(), empty_label=_("请选择成员"))
    cohort = forms.ModelChoiceField(label=_("转入批次"), queryset=Cohort.objects.all(), empty_label=_("请选择批次"))
