"""De-identification check: find personal identifiers in text that is about to be published.

Publishing a patient's ID number, mobile number or admission number is a PIPL breach that cannot be undone once a
page is crawled, so every public page runs through ``find_identifiers`` before it goes live (see
``kb/publishing.py``). The patterns are tuned so that ordinary numbers — dates, landline switchboards, law
article numbers, document numbers such as 〔2017〕73号 — do not trip them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

ID_NUMBER = "id_number"
MOBILE = "mobile"
MEDICAL_RECORD = "medical_record"
WITHHELD_NAME = "withheld_name"
BED_WARD = "bed_ward"
DIAGNOSIS = "diagnosis"

KIND_LABELS = {
    ID_NUMBER: _("身份证号"),
    MOBILE: _("手机号"),
    MEDICAL_RECORD: _("住院号/病案号"),
    WITHHELD_NAME: _("同意书要求不得出现的姓名"),
    BED_WARD: _("床号/病区/病房号"),
    DIAGNOSIS: _("诊断或病情"),
}

# ISO 7064 MOD 11-2, as used by GB 11643-1999 citizen identity numbers.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"

_ID18 = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])(\d{15})(?![0-9A-Za-z])")
# 1[3-9]x xxxx xxxx, optionally +86 / 86 in front and spaces or hyphens between the groups.
_MOBILE = re.compile(r"(?<![0-9A-Za-z])((?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4})(?![0-9A-Za-z])")
# A record number after its label (住院号:2023-004518, 病案号 A1234567, 门诊号为 0012345 …).
_RECORD_LABELLED = re.compile(
    r"((?:住院|病案|病历|门诊|急诊|就诊卡|就诊|医保卡|社保卡)(?:号码|号|编号|卡号)\s*[::]?\s*(?:为|是)?\s*"
    r"[A-Za-z]{0,4}-?\d[\dA-Za-z-]{3,})"
)
# Bare hospital-style record numbers: ZY (住院) / MZ (门诊) / BA (病案) followed by six or more digits.
_RECORD_PREFIXED = re.compile(r"(?<![0-9A-Za-z])((?:ZY|MZ|BA|zy|mz|ba)\d{6,})(?![0-9])")


@dataclass(frozen=True)
class Finding:
    """One identifier found in one place: what it is, the text that matched, and where it is."""

    kind: str
    text: str
    where: str
    context: str = ""

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    def describe(self) -> str:
        """A sentence for the editor: 「正文 第2段」中发现手机号“138 0013 8000”(……上下文……)。"""
        message = _("「%(where)s」中发现%(kind)s“%(text)s”") % {
            "where": self.where,
            "kind": self.kind_label,
            "text": self.text,
        }
        if self.context:
            message += _("(上下文:……%(context)s……)") % {"context": self.context}
        return str(message)


def id_check_digit(first17: str) -> str:
    """The check character of an 18-digit citizen ID number, from its first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def is_valid_id18(candidate: str) -> bool:
    """True when the 18 characters carry a valid GB 11643 check digit."""
    return len(candidate) == 18 and candidate[:17].isdigit() and id_check_digit(candidate[:17]) == candidate[17].upper()


def is_plausible_id15(candidate: str) -> bool:
    """Old 15-digit IDs have no check digit: accept a region code and a real 19YYMMDD birth date."""
    if len(candidate) != 15 or not candidate.isdigit() or candidate[0] not in "12345678":
        return False
    try:
        date(1900 + int(candidate[6:8]), int(candidate[8:10]), int(candidate[10:12]))
    except ValueError:
        return False
    return True


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _context(text: str, start: int, end: int, width: int = 12) -> str:
    return " ".join(text[max(0, start - width) : min(len(text), end + width)].split())


def find_identifiers(
    text: str,
    where: str,
    withheld_names: Iterable[str] = (),
    allowed_numbers: Iterable[str] = (),
) -> list[Finding]:
    """Every identifier in ``text``; ``where`` names the place for the editor (e.g. 「正文 › 第3段」).

    ``withheld_names`` are names a consent record says must not appear; ``allowed_numbers`` are published numbers
    (the hospital's switchboard, a hotline) that may appear, compared digit by digit.
    """
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    allowed = {_digits(number) for number in allowed_numbers if _digits(number)}

    def add(kind: str, match: re.Match[str]) -> None:
        start, end = match.span(1)
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            return
        taken.append((start, end))
        findings.append(Finding(kind, match.group(1), where, _context(text, start, end)))

    for match in _ID18.finditer(text):
        if is_valid_id18(match.group(1)):
            add(ID_NUMBER, match)
    for match in _ID15.finditer(text):
        if is_plausible_id15(match.group(1)):
            add(ID_NUMBER, match)
    for match in _MOBILE.finditer(text):
        digits = _digits(match.group(1))
        if digits[-11:] not in allowed and digits not in allowed:
            add(MOBILE, match)
    for pattern in (_RECORD_LABELLED, _RECORD_PREFIXED):
        for match in pattern.finditer(text):
            add(MEDICAL_RECORD, match)
    for name in {name.strip() for name in withheld_names if name and name.strip()}:
        for match in re.finditer(f"({re.escape(name)})", text):
            add(WITHHELD_NAME, match)
    findings.sort(key=lambda finding: text.find(finding.text))
    return findings


# Bed, ward and room numbers: 12床 / 12号床 / 床号:12 / 3病区 / 病区3 / 305病房 / 病房 305.
_BED_WARD = re.compile(
    r"((?:\d{1,4}|[一二三四五六七八九十]{1,3})\s*号?\s*(?:床|病区|病房)"
    r"|(?:床号|床位号|床位|病区|病房)\s*[::]?\s*(?:为|是)?\s*[A-Za-z]?\d{1,4})"
)
# Words that introduce a diagnosis or a condition (a note that says what someone suffers from).
_DIAGNOSIS = re.compile(r"((?:诊断|确诊|患有|患了|得了|查出|病情|病史|术后|化疗|放疗|透析)\S{0,12})")


def find_care_details(text: str, where: str) -> list[Finding]:
    """Bed, ward and room numbers and words of a diagnosis, in a short note a patient or family writes.

    Stricter than ``find_identifiers`` on purpose: published pages may say "3 病区" about a place, but a
    registration note with a bed number or a diagnosis beside a mobile number identifies a patient's illness, which
    an activity sign-up has no need to know (PIPL: collect the minimum).
    """
    findings = [
        Finding(kind, match.group(1), where, _context(text, *match.span(1)))
        for kind, pattern in ((BED_WARD, _BED_WARD), (DIAGNOSIS, _DIAGNOSIS))
        for match in pattern.finditer(text)
    ]
    findings.sort(key=lambda finding: text.find(finding.text))
    return findings
