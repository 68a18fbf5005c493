"""Open Badges 3.0 credentials: each certificate as an ``OpenBadgeCredential`` (a W3C Verifiable Credential),
signed by the site as a VC-JWT (EdDSA, Ed25519), downloadable beside the PDF.

The site's key is derived from SECRET_KEY (HKDF), so every process signs with the same key and nothing else
needs storing; its public half is published at ``/verify/jwks.json``. Rotating SECRET_KEY rotates the key.
The holder is identified by a subject id that is random to anyone without SECRET_KEY (a keyed hash of the
serial), never by anything computed from the name: a salted hash of the name with its salt beside it gave the full
name back in a few thousand guesses from the public page's masked 李*萌. The name stays in the holder-only PDF.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.urls import reverse

from .models import Certificate
from .rendering import verification_url

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def site_key() -> Ed25519PrivateKey:
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"shuanggong-certificates", info=b"ob3-signing").derive(
        settings.SECRET_KEY.encode()
    )
    return Ed25519PrivateKey.from_private_bytes(seed)


def _site_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def key_id() -> str:
    return f"{_site_url()}{reverse('certificates:jwks')}#site-key"


def jwks() -> dict:
    """The public key set a verifier fetches to check a badge's signature."""
    public = site_key().public_key().public_bytes_raw()
    return {
        "keys": [{"kty": "OKP", "crv": "Ed25519", "x": _b64(public), "kid": key_id(), "use": "sig", "alg": "EdDSA"}]
    }


def subject_id(certificate: Certificate) -> str:
    """The holder's id in the badge: stable per certificate, unguessable, unrelated to the holder's name."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"ob3-subject:{certificate.serial}".encode(), hashlib.sha256)
    return f"urn:uuid:{uuid.UUID(bytes=digest.digest()[:16], version=4)}"


def open_badge_credential(certificate: Certificate) -> dict:
    """The certificate as an Open Badges 3.0 OpenBadgeCredential (unsigned JSON-LD)."""
    url = verification_url(certificate)
    credential = {
        "@context": CONTEXTS,
        "id": url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": _site_url() + "/", "type": ["Profile"], "name": certificate.template.issuer},
        "validFrom": f"{certificate.issued_on.isoformat()}T00:00:00+08:00",
        "name": f"{certificate.template.title}:{certificate.title}",
        "credentialSubject": {
            "id": subject_id(certificate),
            "type": ["AchievementSubject"],
            "achievement": {
                "id": f"{_site_url()}/verify/achievements/{certificate.template_id}-{certificate.rule_id or 0}",
                "type": ["Achievement"],
                "name": certificate.title,
                "description": certificate.template.title,
                "criteria": {"narrative": "、".join(certificate.scope_lines) or certificate.title},
            },
        },
    }
    if certificate.valid_until:
        credential["validUntil"] = f"{certificate.valid_until.isoformat()}T23:59:59+08:00"
    return credential


def signed_badge(certificate: Certificate) -> str:
    """The credential as a compact JWS (VC-JWT, EdDSA) signed with the site's key."""
    credential = open_badge_credential(certificate)
    header = {"alg": "EdDSA", "typ": "JWT", "kid": key_id()}
    payload = {**credential, "iss": credential["issuer"]["id"], "jti": credential["id"], "sub": certificate.serial}
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(payload, ensure_ascii=False).encode())}"
    signature = site_key().sign(signing_input.encode())
    return f"{signing_input}.{_b64(signature)}"
