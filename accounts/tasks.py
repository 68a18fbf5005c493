"""Background work of accounts: the password-reset mail, sent by the task worker rather than the request."""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django_tasks import task


@task()
def send_password_reset_mail(email: str, domain: str, use_https: bool) -> None:
    """Look the address up and mail a reset link to its active accounts; an unknown address gets nothing.

    The look-up happens here, in the worker, so the reset page answers in the same time either way.
    """
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.txt",
        )
