"""Login forms: the admin's (with the password label Wagtail leaves to Django's field name) and the site's."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class AdminLoginForm(LoginForm):
    """Wagtail's LoginForm names its password field without a label, so Django shows "Password" in English."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("密码")


class SiteLoginForm(AuthenticationForm):
    """The site's login: volunteers may type their number, mobile or e-mail (see roster/auth.py)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名 / 手机号 / 电子邮箱")
        self.fields["username"].help_text = _("志愿者的用户名是志愿者编号,例如 SG2026-0001。")
        self.fields["password"].label = _("密码")
