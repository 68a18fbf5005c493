"""Mainland China resident ID numbers (GB 11643-1999): 18 characters, the last one a check digit.

Plain functions so the form, the import and the tests agree on what a valid number is.
"""

from __future__ import annotations

import re
from datetime import date

from django.utils.translation import gettext as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_PATTERN = re.compile(r"^\d{17}[\dX]$")


class InvalidIdNumber(ValueError):
    """Raised with a Chinese message that forms and imports show as is."""


def normalise(value: str) -> str:
    """Trim spaces and upper-case the final x, the two slips people make when typing an ID number."""
    return (value or "").strip().replace(" ", "").upper()


def check_digit(first17: str) -> str:
    """The check character (0-9 or X) for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def birth_date(number: str) -> date:
    """The date of birth encoded in positions 7-14; raises InvalidIdNumber if it is not a real date."""
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as error:
        raise InvalidIdNumber(_("身份证号中的出生日期无效。")) from error
    if born.year < 1900 or born > date.today():
        raise InvalidIdNumber(_("身份证号中的出生日期无效。"))
    return born


def validate_id_number(value: str) -> str:
    """Return the normalised number, or raise InvalidIdNumber saying what is wrong."""
    number = normalise(value)
    if not _PATTERN.match(number):
        raise InvalidIdNumber(_("身份证号应为18位,前17位为数字,最后一位为数字或X。"))
    birth_date(number)
    if check_digit(number[:17]) != number[17]:
        raise InvalidIdNumber(_("身份证号校验位不正确,请核对后重新输入。"))
    return number


def mask_id_number(number: str) -> str:
    """``110101199003071234`` -> ``1101**********1234``: enough to recognise, not enough to misuse."""
    number = number.strip()
    if len(number) <= 8:
        return "*" * len(number)
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}"


def mask_mobile(number: str) -> str:
    """``13812345678`` -> ``138****5678``."""
    if not number:
        return ""
    if len(number) < 8:
        return "*" * len(number)
    return f"{number[:3]}{'*' * (len(number) - 7)}{number[-4:]}"
