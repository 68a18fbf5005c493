from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roster.idcard import InvalidIdNumber, mask_id_number, mask_mobile, validate_id_number

from .factories import id_number


def test_valid_id_number_is_accepted_and_lowercase_x_normalised():
    assert validate_id_number("11010519491231002X".lower()) == "11010519491231002X"


def test_invalid_id_check_digit_is_rejected():
    good = id_number()
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(InvalidIdNumber, match="校验位"):
        validate_id_number(wrong)


def test_impossible_birth_date_in_id_number_is_rejected():
    with pytest.raises(InvalidIdNumber, match="出生日期"):
        validate_id_number("110101199002301234")


@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31)), st.integers(0, 999))
def test_every_generated_number_validates_and_any_other_check_digit_fails(born, seq):
    number = id_number(born, sequence=f"{seq:03d}")
    assert validate_id_number(number) == number
    for char in "0123456789X":
        if char != number[17]:
            with pytest.raises(InvalidIdNumber):
                validate_id_number(number[:17] + char)


def test_masks_show_only_the_ends():
    assert mask_id_number("11010519491231002X") == "1101**********002X"
    assert mask_id_number("1234567") == "*******"  # too short to show any part
    assert mask_mobile("13812345678") == "138****5678"
