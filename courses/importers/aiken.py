"""Aiken: a question line, options "A. …" or "A) …", then "ANSWER: B" (several letters make a multiple choice)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from ..models import QuestionType
from ..questions import QuestionDraft
from . import ImportFailed

OPTION = re.compile(r"^([A-Z])[.)、．）]\s*(.+)$")
ANSWER = re.compile(r"^ANSWER\s*[::]\s*([A-Z](?:\s*[,,]?\s*[A-Z])*)\s*$", re.I)


def parse(text: str) -> list[tuple[str, QuestionDraft]]:
    pairs, problems = [], []
    question_line, question_text, options = 0, "", []

    def place(line: int) -> str:
        return _("第 %(line)d 行") % {"line": line}

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        answer = ANSWER.match(line)
        option = OPTION.match(line)
        if answer:
            if not question_text or not options:
                problems.append(f"{place(number)}:" + _("ANSWER 行之前缺少题干或选项"))
            else:
                letters = re.findall(r"[A-Z]", answer.group(1).upper())
                known = [letter for letter, _t in options]
                unknown = [letter for letter in letters if letter not in known]
                if unknown:
                    problems.append(
                        f"{place(number)}:" + _("答案 %(letters)s 不是本题的选项") % {"letters": ",".join(unknown)}
                    )
                else:
                    draft = QuestionDraft(
                        qtype=QuestionType.SINGLE if len(letters) == 1 else QuestionType.MULTIPLE,
                        text=question_text,
                        choices=[(t, letter in letters) for letter, t in options],
                    )
                    pairs.append((place(question_line), draft))
            question_text, options = "", []
        elif option and question_text:
            options.append((option.group(1), option.group(2).strip()))
        elif options:
            problems.append(f"{place(number)}:" + _("上一题缺少“ANSWER: 字母”行"))
            question_line, question_text, options = number, line, []
        elif question_text:
            question_text += "\n" + line
        else:
            question_line, question_text = number, line
    if question_text:
        problems.append(f"{place(question_line)}:" + _("这道题缺少“ANSWER: 字母”行"))
    if problems:
        raise ImportFailed(problems)
    return pairs
