"""The sign-in sheet (签到表) of an activity as a PDF, rendered by WeasyPrint with an installed CJK font."""

from __future__ import annotations

from django.template.loader import render_to_string

from .models import Activity, Signup


def sign_in_signups(activity: Activity):
    return (
        activity.signups.filter(status=Signup.Status.SIGNED_UP)
        .select_related("volunteer")
        .order_by("volunteer__number")
    )


def sign_in_sheet_pdf(activity: Activity) -> bytes:
    from weasyprint import HTML

    html = render_to_string("roster/sign_in_sheet.html", {"activity": activity, "signups": sign_in_signups(activity)})
    return HTML(string=html).write_pdf()
