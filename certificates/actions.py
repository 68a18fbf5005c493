"""Every change to a certificate: issuing, revoking, reinstating, reissuing and renewing. Every path (signals,
admin, tasks, commands, tests) goes through these ``do_*`` functions.

Invariant: a row with status ISSUED always has its PDF. The PDF is rendered before anything is written, stored
with write-then-rename, and the row is saved in the same transaction; if any step fails the transaction rolls back
(the serial counter with it) and the file is removed. Each step is written to the audit log (``CertificateEvent``).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.names import chooser_label, display_name

from .fonts import MissingGlyphs, check_glyphs
from .issuing import new_verification_code, next_serial, store_atomically
from .models import Certificate, CertificateEvent, CertificateTemplate, IssuingRule
from .queries import current_certificate
from .rendering import render_certificate_pdf, render_certificates

if TYPE_CHECKING:
    from wagtail.models import Page

logger = logging.getLogger(__name__)


class IssuingError(ValueError):
    """A lifecycle step that is not allowed in the certificate's current state (message in Chinese)."""


@dataclass(frozen=True)
class IssueOutcome:
    certificate: Certificate
    created: bool


def _log(certificate: Certificate, action: str, actor: User | None, note: str = "") -> None:
    CertificateEvent.objects.create(certificate=certificate, action=action, actor=actor, note=note)


def _create(certificate: Certificate, actor: User | None, action: str, note: str = "") -> Certificate:
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


def do_issue_certificate(
    holder: User,
    template: CertificateTemplate,
    *,
    title: str,
    hours: Decimal | int = 0,
    scope: str = "",
    rule: IssuingRule | None = None,
    course_page: Page | None = None,
    issued_by: User | None = None,
    issued_on: datetime.date | None = None,
    validity_months: int | None = None,
    holder_name: str = "",
    extra: dict | None = None,
) -> Certificate:
    """Issue one certificate (render and store its PDF). Rule-based issuing goes through ``do_issue_for_rule``,
    which is idempotent; this one is for certificates no rule describes (the 志愿服务证明)."""
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


def do_issue_for_rule(
    holder: User,
    rule: IssuingRule,
    *,
    issued_by: User | None = None,
    issued_on: datetime.date | None = None,
    scope: str = "",
) -> IssueOutcome:
    """Issue the rule's certificate unless the holder already has one: running it twice issues nothing new.

    A revoked certificate also counts as "already has one": bringing it back is ``do_reinstate_certificate``'s
    decision. ``scope`` is what the holder covered (a programme's required steps for their role); the rule's own
    scope, when it has one, wins.
    """
    with transaction.atomic():
        type(holder).objects.select_for_update().filter(pk=holder.pk).first()  # serialise per holder
        existing = current_certificate(holder, rule)
        if existing is not None:
            return IssueOutcome(existing, False)
        certificate = do_issue_certificate(
            holder,
            rule.template,
            title=rule.target_title,
            hours=rule.hours,
            scope=rule.scope or scope,
            rule=rule,
            course_page=rule.course_page,
            issued_by=issued_by,
            issued_on=issued_on,
            validity_months=rule.validity_months,
        )
    return IssueOutcome(certificate, True)


@dataclass(frozen=True)
class BatchOutcome:
    """What ``do_issue_for_rule_batch`` did: one outcome per holder it could serve, in the order given; the
    problems of the others (a name no font can draw), by user name; and the one document with a page per
    certificate of ``outcomes`` when every one of them was issued now (None when some existed already)."""

    outcomes: list[IssueOutcome]
    failures: list[str]
    document: bytes | None


def _create_many(certificates: list[Certificate], actor: User | None, action: str) -> bytes:
    """``_create`` for a batch, all or nothing: laid out once as one document, written as the batch's print PDF and
    as each certificate's own PDF (its page alone, its own font subset); every file is stored and every row saved
    in one transaction, and on any failure the stored files are removed. Returns the print PDF (a page per
    certificate, in order)."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            for certificate in certificates:
                certificate.serial = next_serial(certificate.issued_on.year)
                certificate.verification_code = new_verification_code()
                certificate.status = Certificate.Status.ISSUED
            rendered = render_certificates(certificates)
            for certificate, pdf in zip(certificates, rendered.own, strict=True):
                name = store_atomically(
                    certificate.pdf.storage, f"{certificate.issued_on.year}/{certificate.serial}.pdf", pdf
                )
                stored.append(name)
                certificate.pdf.name = name
                certificate.save()
                _log(certificate, action, actor)
    except BaseException:
        for name in stored:
            certificates[0].pdf.storage.delete(name)
        for certificate in certificates:
            certificate.pk = None
        raise
    return rendered.document


def do_issue_for_rule_batch(
    holders: list[User],
    rule: IssuingRule,
    *,
    issued_by: User | None = None,
    issued_on: datetime.date | None = None,
) -> BatchOutcome:
    """``do_issue_for_rule`` for many holders at once (bulk issuing): the same rule (idempotent: whoever already has
    the certificate keeps it and gets nothing new), laid out as one document, all or nothing per batch."""
    issued_on = issued_on or timezone.localdate()
    with transaction.atomic():
        # Locked in id order (no deadlock with another batch); the same per-holder lock as do_issue_for_rule.
        list(User.objects.select_for_update().filter(pk__in=[h.pk for h in holders]).order_by("pk").values("pk"))
        outcomes: list[IssueOutcome] = []
        failures: list[str] = []
        new: list[Certificate] = []
        for holder in holders:
            existing = current_certificate(holder, rule)
            if existing is not None:
                outcomes.append(IssueOutcome(existing, False))
                continue
            certificate = Certificate(
                template=rule.template,
                rule=rule,
                course_page=rule.course_page,
                holder=holder,
                holder_name=display_name(holder),
                title=rule.target_title,
                hours=Decimal(rule.hours),
                scope=rule.scope,
                extra={},
                issued_on=issued_on,
                valid_until=rule.template.valid_until_for(issued_on, rule.validity_months),
                issued_by=issued_by,
            )
            try:
                check_glyphs("".join([certificate.holder_name, certificate.title, certificate.scope]))
            except MissingGlyphs as error:
                failures.append(f"{chooser_label(holder)}:{error}")
                continue
            new.append(certificate)
            outcomes.append(IssueOutcome(certificate, True))
        document = _create_many(new, issued_by, CertificateEvent.Action.ISSUED) if new else None
    return BatchOutcome(outcomes, failures, document if len(new) == len(outcomes) else None)


def do_revoke_certificate(certificate: Certificate, *, by: User | None, reason: str) -> Certificate:
    """Withdraw a valid certificate. The reason is kept for staff only; the public page shows the date."""
    reason = reason.strip()
    if not reason:
        raise IssuingError(_("撤销证书必须填写原因。"))
    if certificate.status != Certificate.Status.ISSUED:
        raise IssuingError(_("只有有效的证书可以撤销。"))
    with transaction.atomic():
        certificate.status = Certificate.Status.REVOKED
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.revoke_reason = reason
        certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])
        _log(certificate, CertificateEvent.Action.REVOKED, by, reason)
    return certificate


def do_reinstate_certificate(certificate: Certificate, *, by: User | None, note: str = "") -> Certificate:
    """Undo a revocation (e.g. revoked by mistake); the audit log keeps both steps."""
    if certificate.status != Certificate.Status.REVOKED:
        raise IssuingError(_("只有已撤销的证书可以恢复。"))
    with transaction.atomic():
        certificate.status = Certificate.Status.ISSUED
        certificate.revoked_at = None
        certificate.revoked_by = None
        certificate.save(update_fields=["status", "revoked_at", "revoked_by"])
        _log(certificate, CertificateEvent.Action.REINSTATED, by, note)
    return certificate


def _successor(certificate: Certificate, **changes: object) -> Certificate:
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


def _supersede(old: Certificate, new: Certificate, by: User | None) -> None:
    old.status = Certificate.Status.SUPERSEDED
    old.save(update_fields=["status"])
    _log(old, CertificateEvent.Action.SUPERSEDED, by, new.serial)


def do_reissue_certificate(
    certificate: Certificate, *, by: User | None, holder_name: str | None = None, note: str = ""
) -> Certificate:
    """Correct a certificate (e.g. a misspelt name): a new certificate with a new serial; the old one is superseded.

    Dates stay those of the original award: a correction is not a new achievement.
    """
    if certificate.status != Certificate.Status.ISSUED:
        raise IssuingError(_("只有有效的证书可以更正重发。"))
    holder_name = (holder_name or certificate.holder_name).strip()
    if not holder_name:
        raise IssuingError(_("姓名不能为空。"))
    with transaction.atomic():
        new = _successor(certificate, holder_name=holder_name, issued_by=by)
        _create(new, by, CertificateEvent.Action.REISSUED, note or certificate.serial)
        _supersede(certificate, new, by)
    return new


def do_renew_certificate(
    certificate: Certificate, *, by: User | None = None, issued_on: datetime.date | None = None
) -> Certificate:
    """A new period after a refresher course or quiz: a new certificate from today; the old one is superseded."""
    if certificate.status != Certificate.Status.ISSUED:
        raise IssuingError(_("只有未撤销的证书可以续期。"))
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


def do_apply_rules(user: User, course_page_id: int, trigger: str, day: datetime.date) -> list[Certificate]:
    """Apply a course's active automatic rules of one trigger: issue, or renew what a refresher course renews."""
    issued = []
    rules = IssuingRule.objects.filter(course_page_id=course_page_id, trigger=trigger, active=True).select_related(
        "template", "course_page", "renews"
    )
    for rule in rules:
        if rule.renews is not None:  # select_related above: no query
            current = current_certificate(user, rule.renews)
            if current is not None and current.status == Certificate.Status.ISSUED:
                issued.append(do_renew_certificate(current, issued_on=day))
            continue
        outcome = do_issue_for_rule(user, rule, issued_on=day)
        if outcome.created:
            issued.append(outcome.certificate)
    return issued
