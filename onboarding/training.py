"""Onboarding's part of the volunteer record's training block: each training session (集中培训) the person signed in
to, registered with ``roster.training`` when the app is ready (the roster cannot import onboarding)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext as _

from roster.training import TrainingRow

from .models import Step, StepRecord


def sessions_attended(user: User) -> list[TrainingRow]:
    records = (
        StepRecord.objects.filter(user=user, step__kind=Step.Kind.SESSION)
        .exclude(how=StepRecord.How.EXCEPTION)
        .select_related("step__programme")
        .order_by("completed_at")
    )
    return [
        TrainingRow(
            name=f"{record.step.programme.name} · {record.step.title}",
            content=record.step.description,
            hours=record.step.hours,
            organiser=settings.HOSPITAL_NAME,
            date=timezone.localdate(record.completed_at),
            kind=_("岗前集中培训"),
        )
        for record in records
    ]
