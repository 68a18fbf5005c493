from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .actions import MAX_PEOPLE, MAX_REPEATS
from .models import Tally


class RegistrationForm(forms.Form):
    """Only what the day needs; the rules themselves are in ``actions.do_register``."""

    salutation = forms.CharField(
        label=_("称呼"), max_length=20, help_text=_("如“张阿姨”“王先生”,不必填全名。"), required=False
    )
    mobile = forms.CharField(
        label=_("手机号"),
        max_length=20,
        required=False,
        help_text=_("用于接收报名确认、活动前一天的提醒和取消链接。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    people = forms.TypedChoiceField(
        label=_("人数(含陪同家属)"),
        coerce=int,
        choices=[(n, n) for n in range(1, MAX_PEOPLE + 1)],
        initial=1,
    )
    note = forms.CharField(
        label=_("备注(选填)"),
        max_length=200,
        required=False,
        help_text=_("如需要轮椅、老花镜。请不要填写病情、诊断、床号或病区。"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consent = forms.BooleanField(label=_("我已阅读并同意上面的隐私说明"), required=False)


class TallyForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    category = forms.ChoiceField(label=_("类别"), choices=Tally.Category.choices)
    count = forms.IntegerField(label=_("数量"), min_value=1, max_value=100, initial=1)
    summary = forms.CharField(
        label=_("简要说明(选填)"), max_length=100, required=False, help_text=_("不写患者姓名、床号、病区或诊断。")
    )


class RepeatForm(forms.Form):
    """How a series repeats: every N days (7 = weekly), this many more times."""

    every_days = forms.TypedChoiceField(
        label=_("每隔"),
        coerce=int,
        choices=[(7, _("每周一次")), (14, _("每两周一次")), (1, _("每天一次")), (28, _("每四周一次"))],
        initial=7,
    )
    times = forms.IntegerField(
        label=_("再复制几次"),
        min_value=1,
        max_value=MAX_REPEATS,
        initial=5,
        help_text=_("如“每周二 15:00,共 6 周”:本页是第 1 次,再复制 5 次。"),
        error_messages={"required": _("请填写复制次数。"), "invalid": _("请填写数字。")},
    )
