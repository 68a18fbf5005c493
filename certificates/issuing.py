"""Issuing, revoking, reinstating, reissuing and renewing certificates: every path (signals, admin, tasks,
commands, tests) goes through these functions.

Invariant: a row with status ISSUED always has its PDF. The PDF is rendered before anything is written, stored
with write-then-rename, and the row is saved in the same transaction; if any step fails the transaction rolls back
(the serial counter with it) and the file is removed.
"""

from __future__ import annotations

import datetime
import logging
import os
import secrets
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from accounts.names import display_name

from .models import Certificate, CertificateEvent, CertificateTemplate, IssuingRule, SerialCounter
from .rendering import render_certificate_pdf

logger = logging.getLogger(__name__)


class IssuingError(ValueError):
    """A lifecycle step that is not allowed in the certificate's current state (message in Chinese)."""


def next_serial(year: int) -> str:
    """``SG-2026-000123``: a per-year counter under a row lock, so concurrent issuing never repeats a serial."""
    prefix = settings.CERTIFICATES_SERIAL_PREFIX
    with transaction.atomic():
        counter, _created = SerialCounter.objects.select_for_update().get_or_create(year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"{prefix}-{year}-{counter.last:06d}"


def new_verification_code() -> str:
    """192 random bits, URL-safe: codes cannot be guessed or enumerated."""
    return secrets.token_urlsafe(24)


def store_atomically(storage, name: str, data: bytes) -> str:
    """Write ``data`` to ``name`` in ``storage`` via a temporary file and a rename: a killed process never leaves a
    half-written PDF under the real name (no fsync: surviving a power cut is the file system's journal's job)."""
    target = Path(storage.path(name))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return name


def _log(certificate: Certificate, action: str, actor: AbstractBaseUser | None, note: str = "") -> None:
    CertificateEvent.objects.create(certificate=certificate, action=action, actor=actor, note=note)


def _create(certificate: Certificate, actor: AbstractBaseUser | None, action: str, note: str = "") -> Certificate:
    """Give ``certificate`` a serial and code, render and store its PDF, save it as ISSUED — all or nothing."""
    stored_name = ""
    try:
        with transaction.atomic():
            certificate.serial = next_serial(certificate.issued_on.year)
            certificate.verification_code = new_verification_code()
            certificate.status = Certificate.Status.ISSUED
            pdf = render_certificate_pdf(certificate)
            name = f"{certificate.issued_on.year}/{certificate.serial}.pdf"
            stored_name = store_atomically(certificate.pdf.storage, name, pdf)
            certificate.pdf.name = stored_name
            certificate.save()
            _log(certificate, action, actor, note)
    except BaseException:
        if stored_name:
            certificate.pdf.storage.delete(stored_name)
        certificate.pk = None
        raise
    return certificate


def issue_certificate(
    holder: AbstractBaseUser,
    template: CertificateTemplate,
    *,
    title: str,
    hours: Decimal | int = 0,
    scope: str = "",
    rule: IssuingRule | None = None,
    course_page=None,
    issued_by: AbstractBaseUser | None = None,
    issued_on: datetime.date | None = None,
    validity_months: int | None = None,
    holder_name: str = "",
    extra: dict | None = None,
) -> Certificate:
    """Issue one certificate (render and store its PDF). Use ``issue_for_rule`` for rule-based, idempotent issuing."""
    issued_on = issued_on or timezone.localdate()
    certificate = Certificate(
        template=template,
        rule=rule,
        course_page=course_page,
        holder=holder,
        holder_name=holder_name or display_name(holder),
        title=title,
        hours=Decimal(hours),
        scope=scope,
        extra=extra or {},
        issued_on=issued_on,
        valid_until=template.valid_until_for(issued_on, validity_months),
        issued_by=issued_by,
    )
    return _create(certificate, issued_by, CertificateEvent.Action.ISSUED)


def current_certificate(holder: AbstractBaseUser, rule: IssuingRule) -> Certificate | None:
    """The holder's certificate under this rule that still counts (issued or revoked; not superseded)."""
    return (
        Certificate.objects.filter(holder=holder, rule=rule)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .order_by("-issued_on", "-pk")
        .first()
    )


@dataclass(frozen=True)
class IssueOutcome:
    certificate: Certificate
    created: bool


def issue_for_rule(
    holder: AbstractBaseUser,
    rule: IssuingRule,
    *,
    issued_by: AbstractBaseUser | None = None,
    issued_on: datetime.date | None = None,
) -> IssueOutcome:
    """Issue the rule's certificate unless the holder already has one: running it twice issues nothing new.

    A revoked certificate also counts as "already has one": bringing it back is ``reinstate``'s decision.
    """
    with transaction.atomic():
        type(holder).objects.select_for_update().filter(pk=holder.pk).first()  # serialise per holder
        existing = current_certificate(holder, rule)
        if existing is not None:
            return IssueOutcome(existing, False)
        certificate = issue_certificate(
            holder,
            rule.template,
            title=rule.target_title,
            hours=rule.hours,
            scope=rule.scope,
            rule=rule,
            course_page=rule.course_page,
            issued_by=issued_by,
            issued_on=issued_on,
            validity_months=rule.validity_months,
        )
    return IssueOutcome(certificate, True)


def revoke(certificate: Certificate, *, by: AbstractBaseUser | None, reason: str) -> Certificate:
    """Withdraw a valid certificate. The reason is kept for staff only; the public page shows the date."""
    reason = reason.strip()
    if not reason:
        raise IssuingError("撤销证书必须填写原因。")
    if certificate.status != Certificate.Status.ISSUED:
        raise IssuingError("只有有效的证书可以撤销。")
    with transaction.atomic():
        certificate.status = Certificate.Status.REVOKED
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.revoke_reason = reason
        certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])
        _log(certificate, CertificateEvent.Action.REVOKED, by, reason)
    return certificate


def reinstate(certificate: Certificate, *, by: AbstractBaseUser | None, note: str = "") -> Certificate:
    """Undo a revocation (e.g. revoked by mistake); the audit log keeps both steps."""
    if certificate.status != Certificate.Status.REVOKED:
        raise IssuingError("只有已撤销的证书可以恢复。")
    with transaction.atomic():
        certificate.status = Certificate.Status.ISSUED
        certificate.revoked_at = None
        certificate.revoked_by = None
        certificate.save(update_fields=["status", "revoked_at", "revoked_by"])
        _log(certificate, CertificateEvent.Action.REINSTATED, by, note)
    return certificate


def _successor(certificate: Certificate, **changes) -> Certificate:
    fields = {
        "template": certificate.template,
        "rule": certificate.rule,
        "course_page": certificate.course_page,
        "holder": certificate.holder,
        "holder_name": certificate.holder_name,
        "title": certificate.title,
        "hours": certificate.hours,
        "scope": certificate.scope,
        "extra": dict(certificate.extra or {}),
        "issued_on": certificate.issued_on,
        "valid_until": certificate.valid_until,
        "replaces": certificate,
    }
    fields.update(changes)
    return Certificate(**fields)


def _supersede(old: Certificate, new: Certificate, by: AbstractBaseUser | None) -> None:
    old.status = Certificate.Status.SUPERSEDED
    old.save(update_fields=["status"])
    _log(old, CertificateEvent.Action.SUPERSEDED, by, new.serial)


def reissue(
    certificate: Certificate, *, by: AbstractBaseUser | None, holder_name: str | None = None, note: str = ""
) -> Certificate:
    """Correct a certificate (e.g. a misspelt name): a new certificate with a new serial; the old one is superseded.

    Dates stay those of the original award: a correction is not a new achievement.
    """
    if certificate.status != Certificate.Status.ISSUED:
        raise IssuingError("只有有效的证书可以更正重发。")
    holder_name = (holder_name or certificate.holder_name).strip()
    if not holder_name:
        raise IssuingError("姓名不能为空。")
    with transaction.atomic():
        new = _successor(certificate, holder_name=holder_name, issued_by=by)
        _create(new, by, CertificateEvent.Action.REISSUED, note or certificate.serial)
        _supersede(certificate, new, by)
    return new


def renew(
    certificate: Certificate, *, by: AbstractBaseUser | None = None, issued_on: datetime.date | None = None
) -> Certificate:
    """A new period after a refresher course or quiz: a new certificate from today; the old one is superseded."""
    if certificate.status != Certificate.Status.ISSUED:
        raise IssuingError("只有未撤销的证书可以续期。")
    issued_on = issued_on or timezone.localdate()
    months = certificate.rule.validity_months if certificate.rule else None
    with transaction.atomic():
        new = _successor(
            certificate,
            issued_on=issued_on,
            valid_until=certificate.template.valid_until_for(issued_on, months),
            issued_by=by,
        )
        _create(new, by, CertificateEvent.Action.RENEWED, certificate.serial)
        _supersede(certificate, new, by)
    return new


def on_course_completed(user: AbstractBaseUser, course, completed_at: datetime.datetime) -> list[Certificate]:
    """Apply the active automatic rules of a completed course: issue, or renew what a refresher course renews."""
    return _apply_rules(user, course, IssuingRule.Trigger.COURSE_COMPLETED, timezone.localdate(completed_at))


def on_attempt_passed(user: AbstractBaseUser, page, day: datetime.date) -> list[Certificate]:
    """Apply the rules that issue on passing a quiz (also when a person graded the last essay later)."""
    return _apply_rules(user, page, IssuingRule.Trigger.ATTEMPT_PASSED, day)


def _apply_rules(user, page, trigger: str, day: datetime.date) -> list[Certificate]:
    issued = []
    rules = IssuingRule.objects.filter(course_page_id=page.pk, trigger=trigger, active=True).select_related(
        "template", "course_page", "renews"
    )
    for rule in rules:
        if rule.renews_id:
            current = current_certificate(user, rule.renews)
            if current is not None and current.status == Certificate.Status.ISSUED:
                issued.append(renew(current, issued_on=day))
            continue
        outcome = issue_for_rule(user, rule, issued_on=day)
        if outcome.created:
            issued.append(outcome.certificate)
    return issued
