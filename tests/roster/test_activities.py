from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.roles import VOLUNTEER
from roster.actions import do_check_in, do_check_out, do_sign_up, hours_between
from roster.models import ServiceRecord, Signup, Volunteer

from ..conftest import make_user
from .factories import make_activity, make_role, make_volunteer

pytestmark = pytest.mark.django_db


def test_sign_up_stops_at_capacity():
    activity = make_activity(make_role(), capacity=2)
    do_sign_up(make_volunteer("甲"), activity)
    do_sign_up(make_volunteer("乙"), activity)
    with pytest.raises(ValidationError, match="名额已满"):
        do_sign_up(make_volunteer("丙"), activity)
    assert activity.signups.filter(status=Signup.Status.SIGNED_UP).count() == 2


def test_paused_volunteer_cannot_sign_up():
    with pytest.raises(ValidationError):
        do_sign_up(make_volunteer(status=Volunteer.Status.PAUSED), make_activity(make_role()))


def test_hours_are_actual_time_on_site_rounded_down_to_quarter_hours():
    start = timezone.now()
    assert hours_between(start, start + timedelta(hours=2, minutes=44)) == Decimal("2.50")
    assert hours_between(start, start + timedelta(minutes=14)) == Decimal("0")


def test_volunteer_signs_up_from_me_and_sees_qr_code(client):
    user = make_user("xiaohong", VOLUNTEER)
    volunteer = make_volunteer("小红", user=user)
    role = make_role()
    volunteer.roles.add(role)
    activity = make_activity(role, name="周六导诊")
    client.force_login(user)
    me = client.get(reverse("accounts:me")).content.decode()
    assert "周六导诊" in me and "可报名的活动" in me
    client.post(reverse("roster:sign_up", args=[activity.pk]))
    signup = Signup.objects.get()
    me = client.get(reverse("accounts:me")).content.decode()
    assert reverse("roster:signup_qr", args=[signup.pk]) in me
    qr = client.get(reverse("roster:signup_qr", args=[signup.pk])).content.decode()
    assert "<svg" in qr


def test_qr_check_in_and_out_by_social_worker_creates_pending_hours(client, social_worker):
    volunteer = make_volunteer()
    activity = make_activity(make_role(), starts_at=timezone.now() - timedelta(hours=3), hours=4)
    signup = Signup.objects.create(activity=activity, volunteer=volunteer)
    client.force_login(social_worker)
    url = reverse("roster:check_in", args=[signup.token])
    assert volunteer.name in client.get(url).content.decode()
    client.post(url, {"action": "in"})
    signup.refresh_from_db()
    signup.checked_in_at -= timedelta(hours=3)
    signup.save()
    client.post(url, {"action": "out"})
    record = ServiceRecord.objects.get()
    assert record.status == ServiceRecord.Status.PENDING and record.hours == Decimal("3")
    volunteer.refresh_from_db()
    assert volunteer.confirmed_hours == 0


def test_a_volunteer_cannot_check_themselves_in(client):
    user = make_user("selfie", VOLUNTEER)
    signup = Signup.objects.create(activity=make_activity(make_role()), volunteer=make_volunteer(user=user))
    client.force_login(user)
    client.post(reverse("roster:check_in", args=[signup.token]), {"action": "in"})
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_check_out_before_check_in_is_refused():
    activity = make_activity(make_role(), starts_at=timezone.now() - timedelta(hours=1))
    signup = Signup.objects.create(activity=activity, volunteer=make_volunteer())
    with pytest.raises(ValidationError):
        do_check_out(signup)
    do_check_in(signup)
    with pytest.raises(ValidationError):
        do_check_in(signup)


def test_social_worker_enters_times_by_hand(client, social_worker):
    activity = make_activity(make_role(), starts_at=timezone.now() - timedelta(days=1))
    signup = Signup.objects.create(activity=activity, volunteer=make_volunteer())
    client.force_login(social_worker)
    start = timezone.localtime(activity.starts_at)
    client.post(
        reverse("roster_admin:activity_detail", args=[activity.pk]),
        {
            "signup": signup.pk,
            "checked_in_at": start.strftime("%Y-%m-%dT%H:%M"),
            "checked_out_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert ServiceRecord.objects.get().hours == Decimal("2")


def test_sign_in_sheet_pdf_and_excel_list_volunteers_with_masked_mobiles(client, social_worker):
    from io import BytesIO

    from openpyxl import load_workbook

    activity = make_activity(make_role(), name="康复协助")
    Signup.objects.create(activity=activity, volunteer=make_volunteer("周芷若", mobile="13912345678"))
    client.force_login(social_worker)
    pdf = client.get(reverse("roster_admin:sign_in_sheet", args=[activity.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    text = PdfReader(BytesIO(pdf.content)).pages[0].extract_text()
    assert "周芷若" in text and "139****5678" in text and "13912345678" not in text
    sheet = client.get(reverse("roster_admin:sign_in_sheet", args=[activity.pk, "xlsx"]))
    values = [c for row in load_workbook(BytesIO(sheet.content)).active.iter_rows(values_only=True) for c in row if c]
    assert "周芷若" in values and "139****5678" in values and "13912345678" not in values
