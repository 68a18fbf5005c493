from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config import ratelimit
from config.client_ip import client_ip

from . import notifications
from .panels import collect_me_panels
from .roles import ROLE_LABELS, role_of


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own page ("我的"): profile, then the panels each app contributes (accounts.panels)."""
    context = {"role": ROLE_LABELS.get(role_of(request.user) or ""), "panels": collect_me_panels(request)}
    return render(request, "accounts/me.html", context)


@login_required
def open_message(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a message's link from "我的": the message is read from then on."""
    note = notifications.do_mark_read(request.user, pk)
    if note is None:
        raise Http404
    target = note.url or reverse("accounts:me")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("accounts:me")
    return HttpResponseRedirect(target)


@login_required
@require_POST
def read_messages(request: HttpRequest) -> HttpResponse:
    """ "全部标为已读" on "我的"."""
    notifications.do_mark_read(request.user)
    messages.success(request, _("消息已全部标为已读。"))
    return HttpResponseRedirect(reverse("accounts:me"))


@require_GET
def switch_language(request: HttpRequest, language: str) -> HttpResponse:
    """Remember the visitor's language in a cookie and go back.

    A plain link rather than Django's POST-only ``set_language``: a form would put a CSRF token in every public
    page, and pages with a token cannot be shared from the page cache.
    """
    if language not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
    )
    return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, throttled per address and per account, with the mail sent by the task worker.

    Every accepted request gets the same redirect, and a throttled one the same message, whether or not an
    account has the address.
    """

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        window = settings.PASSWORD_RESET_WINDOW_SECONDS
        by_address = ratelimit.hit(
            "accounts:password_reset:address",
            client_ip(self.request),
            settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
            window,
        )
        by_account = ratelimit.hit(
            "accounts:password_reset:account",
            email.strip().casefold(),
            settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT,
            window,
        )
        if by_address or by_account:
            form.add_error("email", _("重设密码的请求过于频繁,请一小时后再试。"))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        notifications.send_password_reset(email, self.request.get_host(), self.request.is_secure())
        return HttpResponseRedirect(self.get_success_url())


RESET_USERNAME_KEY = "accounts:reset_username"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a password (also a new volunteer's first one) names the account, so they know what to log in as."""

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        self.request.session[RESET_USERNAME_KEY] = form.user.get_username()
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        return {**super().get_context_data(**kwargs), "username": self.request.session.pop(RESET_USERNAME_KEY, "")}
