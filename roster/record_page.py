"""What the volunteer's record page shows of the record's blocks, credentials and correction history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from . import credentials
from .models import ServiceRecordChange, Volunteer
from .record_models import HealthCheck, HealthItem, InsurancePolicy, SignedAgreement
from .training import TrainingRow, training_rows


@dataclass(frozen=True)
class HealthStatus:
    item: HealthItem
    check: HealthCheck | None
    valid: bool


def health_status(volunteer: Volunteer, today: date) -> list[HealthStatus]:
    """Each health item of the volunteer's roles (or any item they have a check of), with the latest check."""
    items = HealthItem.objects.filter(Q(roles__in=volunteer.roles.all()) | Q(checks__volunteer=volunteer)).distinct()
    rows = []
    for item in items.order_by("name"):
        check = credentials.latest_check(volunteer, item, today)
        rows.append(HealthStatus(item, check, credentials.check_valid_on(check, today)))
    return rows


def insurance_of(volunteer: Volunteer) -> list[InsurancePolicy]:
    return list(volunteer.insurance_policies.order_by("-ends_on"))


def agreements_of(volunteer: Volunteer) -> list[SignedAgreement]:
    return list(volunteer.agreements.select_related("version", "recorded_by"))


def training_of(volunteer: Volunteer) -> list[TrainingRow]:
    return training_rows(volunteer.user)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: User | None
    what: str
    changes: dict
    reason: str


def correction_history(volunteer: Volunteer, limit: int = 50) -> list[HistoryEntry]:
    """Every logged change to the record and the rows it is made of (audit log), with the reasons kept for service
    record corrections, newest first."""
    related = {
        "servicerecord": list(volunteer.service_records.values_list("pk", flat=True)),
        "commendation": list(volunteer.commendations.values_list("pk", flat=True)),
        "evaluation": list(volunteer.evaluations.values_list("pk", flat=True)),
        "healthcheck": list(volunteer.health_checks.values_list("pk", flat=True)),
        "signedagreement": list(volunteer.agreements.values_list("pk", flat=True)),
    }
    types = ContentType.objects.get_for_models(Volunteer, *[apps.get_model("roster", name) for name in related])
    by_name = {model._meta.model_name: kind for model, kind in types.items()}
    condition = Q(content_type=by_name["volunteer"], object_pk=str(volunteer.pk))
    for name, pks in related.items():
        if pks:
            condition |= Q(content_type=by_name[name], object_pk__in=[str(pk) for pk in pks])
    logged = LogEntry.objects.filter(condition).select_related("actor", "content_type").order_by("-timestamp")
    entries = [
        HistoryEntry(
            entry.timestamp,
            entry.actor,
            f"{entry.get_action_display()} {entry.content_type.name}:{entry.object_repr}",
            dict(entry.changes_display_dict) if entry.action == LogEntry.Action.UPDATE else {},
            "",
        )
        for entry in logged[:limit]
    ]
    corrections = ServiceRecordChange.objects.filter(record__volunteer=volunteer).select_related("changed_by", "record")
    entries += [
        HistoryEntry(
            change.changed_at, change.changed_by, str(change.record), _pairs(change.before, change.after), change.reason
        )
        for change in corrections[:limit]
    ]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)[:limit]


def _pairs(before: dict, after: dict) -> dict:
    return {key: [before.get(key), after.get(key)] for key in sorted(set(before) | set(after))}
