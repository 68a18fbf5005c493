"""Question-bank importers under random and mutated files: a clean import, or Chinese problems and nothing saved.

Never another exception. Problems about one question name its line (第 N 行) or row (第 N 行 in the sheet).
"""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from courses.importers import ImportFailed, import_file
from courses.models import Category, Question
from tests.courses.test_import_export import GIFT, MOODLE_XML, excel_bytes

from .conftest import CJK

AIKEN = "手卫生最少揉搓多少秒?\nA. 5 秒\nB. 15 秒\nC) 1 秒\nANSWER: B\n\n下列哪些正确?\nA. 甲\nB. 乙\nANSWER: A,B\n"
SAMPLES = {"gift": GIFT.encode(), "aiken": AIKEN.encode(), "moodlexml": MOODLE_XML.encode()}
EXCEL_ROWS = [
    ["单选", "跌倒后首先?", "呼叫医护", "扶起", "", "", "A", "", "不要急于扶起", 1, "容易", "跌倒,安全"],
    ["判断", "可以透露病情。", "", "", "", "", "错误", "", "", 1, "", ""],
]
# Pieces that the formats give meaning to, so mutations reach the parsers' edge cases, not only their first check.
SYNTAX = [
    "{",
    "}",
    "=",
    "~",
    "#",
    "%",
    "::",
    "//",
    "\n",
    "\n\n",
    "ANSWER:",
    "A.",
    "B)",
    "<",
    ">",
    "</question>",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&",
    "\\",
    "\x00",
    "\ufeff",
    "题",
    "\r\n",
    "%-100%",
    "%50%",
    "{T}",
    "{#4}",
]


@pytest.fixture
def category(db) -> Category:
    return Category.objects.create(name="模糊测试")


@st.composite
def mutated(draw, sample: bytes) -> bytes:
    """The sample with a few slices cut, duplicated or replaced by syntax pieces or random bytes."""
    data = bytearray(sample)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        start = draw(st.integers(0, len(data) - 1))
        end = draw(st.integers(start, min(len(data), start + 40)))
        kind = draw(st.sampled_from(["cut", "dup", "syntax", "bytes"]))
        if kind == "cut":
            del data[start:end]
        elif kind == "dup":
            data[start:start] = data[start:end]
        elif kind == "syntax":
            data[start:end] = draw(st.sampled_from(SYNTAX)).encode()
        else:
            data[start:end] = draw(st.binary(max_size=12))
    return bytes(data)


def check_outcome(fmt: str, content: bytes, category: Category) -> None:
    before = Question.objects.count()
    try:
        created = import_file(fmt, content, category)
    except ImportFailed as failure:
        assert failure.problems, "a refusal lists its problems"
        for problem in failure.problems:
            assert CJK.search(problem), f"problem not in Chinese: {problem!r}"
        assert Question.objects.count() == before, "nothing is saved when the file is refused"
    else:
        assert created and Question.objects.count() == before + len(created)
        Question.objects.filter(pk__in=[q.pk for q in created]).delete()


@pytest.mark.parametrize("fmt", ["gift", "aiken", "moodlexml"])
def test_text_importers_survive_mutated_files(category, fmt):
    @given(mutated(SAMPLES[fmt]))
    def run(content: bytes) -> None:
        check_outcome(fmt, content, category)

    run()


@pytest.mark.parametrize("fmt", ["gift", "aiken", "moodlexml", "excel"])
def test_importers_survive_random_bytes_and_text(category, fmt):
    @given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
    def run(content: bytes) -> None:
        check_outcome(fmt, content, category)

    run()


cells = st.one_of(
    st.none(),
    st.text(max_size=20).filter(lambda t: not ILLEGAL_CHARACTERS_RE.search(t)),  # what a real sheet can hold
    st.integers(-5, 200),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["单选", "多选", "判断", "填空", "论述", "A", "A,B", "正确", "错误", "容易", "困难", "Z"]),
)


def test_excel_importer_survives_random_rows(category):
    @given(st.lists(st.lists(cells, min_size=0, max_size=13), min_size=0, max_size=6))
    def run(rows: list[list]) -> None:
        check_outcome("excel", excel_bytes(rows), category)

    run()


def test_excel_importer_survives_damaged_workbooks(category):
    good = excel_bytes(EXCEL_ROWS)

    @given(mutated(good))
    def run(content: bytes) -> None:
        check_outcome("excel", content, category)

    run()


def test_excel_importer_survives_a_zip_that_is_not_a_workbook(category):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "不是工作簿")
    check_outcome("excel", buffer.getvalue(), category)


def test_problems_about_a_question_name_its_line(category):
    with pytest.raises(ImportFailed) as failure:
        import_file("gift", (GIFT + "\n::坏::{~甲 ~乙}\n").encode(), category)
    assert all("第" in problem and "行" in problem for problem in failure.value.problems)
