"""Public verification: what a stranger holding a certificate (or its QR code) may learn, and nothing more.

A lookup needs either the unguessable code from the QR code, or the serial together with the holder's name; a
serial with a wrong name answers exactly like a serial that does not exist. Lookups are rate-limited per client
address (cache-based) and every one is logged, with the address kept only as a keyed hash.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from config import ratelimit
from config.client_ip import client_ip

from .models import Certificate, VerificationLog

VALID = "valid"
EXPIRING_SOON = "expiring_soon"
EXPIRED = "expired"
REVOKED = "revoked"
SUPERSEDED = "superseded"

STATUS_LABELS = {
    VALID: _("有效"),
    EXPIRING_SOON: _("有效(即将到期)"),
    EXPIRED: _("已过期"),
    REVOKED: _("已撤销"),
    SUPERSEDED: _("已被新证书替换"),
}


def expiring_soon_days() -> int:
    return settings.CERTIFICATES_EXPIRING_SOON_DAYS


def certificate_public_status(certificate: Certificate, today: datetime.date) -> str:
    if certificate.status == Certificate.Status.REVOKED:
        return REVOKED
    if certificate.status == Certificate.Status.SUPERSEDED:
        return SUPERSEDED
    if certificate.valid_until is not None:
        if certificate.valid_until < today:
            return EXPIRED
        if certificate.valid_until <= today + datetime.timedelta(days=expiring_soon_days()):
            return EXPIRING_SOON
    return VALID


def mask_name(name: str) -> str:
    """张晓明 → 张*明, 李明 → 李*, 欧阳小明 → 欧**明: enough to recognise, not to learn a full name."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def normalise_name(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def normalise_serial(serial: str) -> str:
    return unicodedata.normalize("NFKC", serial).strip().upper()


def client_hash(request: HttpRequest) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), client_ip(request).encode(), hashlib.sha256).hexdigest()[:16]


def rate_limited(request: HttpRequest) -> bool:
    """Count this lookup against the client's allowance; True when the allowance is used up."""
    limit = settings.CERTIFICATES_VERIFY_LIMIT
    window = settings.CERTIFICATES_VERIFY_WINDOW_SECONDS
    return ratelimit.hit("certificates:verify", client_ip(request), limit, window)


@dataclass(frozen=True)
class Verification:
    outcome: str
    certificate: Certificate | None = None


def _record(request: HttpRequest, method: str, certificate: Certificate | None, serial: str = "") -> Verification:
    if certificate is not None:
        outcome = VerificationLog.Outcome.FOUND
    else:
        outcome = VerificationLog.Outcome.NOT_FOUND
    VerificationLog.objects.create(
        certificate=certificate,
        method=method,
        outcome=outcome,
        serial_entered=serial[:40],
        client_hash=client_hash(request),
    )
    return Verification(outcome, certificate)


def _rate_limited_record(request: HttpRequest, method: str, serial: str = "") -> Verification:
    VerificationLog.objects.create(
        method=method,
        outcome=VerificationLog.Outcome.RATE_LIMITED,
        serial_entered=serial[:40],
        client_hash=client_hash(request),
    )
    return Verification(VerificationLog.Outcome.RATE_LIMITED)


def verify_by_code(request: HttpRequest, code: str) -> Verification:
    if rate_limited(request):
        return _rate_limited_record(request, VerificationLog.Method.CODE)
    certificate = Certificate.objects.select_related("template").filter(verification_code=code).first()
    return _record(request, VerificationLog.Method.CODE, certificate)


def verify_by_serial_and_name(request: HttpRequest, serial: str, name: str) -> Verification:
    """Found only when serial AND name match; otherwise the same answer as an unknown serial."""
    serial = normalise_serial(serial)
    if rate_limited(request):
        return _rate_limited_record(request, VerificationLog.Method.FORM, serial)
    certificate = Certificate.objects.select_related("template").filter(serial=serial).first()
    if certificate is not None and not hmac.compare_digest(
        normalise_name(certificate.holder_name).encode(), normalise_name(name).encode()
    ):
        certificate = None
    return _record(request, VerificationLog.Method.FORM, certificate, serial)
