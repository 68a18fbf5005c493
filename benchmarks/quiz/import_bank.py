"""Question-import benchmark: one GIFT file of N questions (default 2,000, the import cap) through the importer.

One command, from the repository root:

    .venv/bin/python benchmarks/quiz/import_bank.py               # SQLite in a temporary directory
    .venv/bin/python benchmarks/quiz/import_bank.py --questions 500

It migrates a fresh SQLite database (and search index) in a temporary directory, writes a GIFT file of single
choice, multiple choice, true/false and short answer questions with tags, imports it with
``courses.importers.import_file`` (parse, check, save, search index) and prints the time and questions per second.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def gift(count: int) -> str:
    kinds = [
        "第{n}题:发现患者跌倒后首先应该? {{=呼叫医护人员 ~自行扶起 ~离开现场}}",
        "第{n}题:哪些属于洗手时机? {{~%50%接触患者前 ~%50%接触患者后 ~%-100%看手机时}}",
        "第{n}题:志愿者可以替患者签字。 {{FALSE}}",
        "第{n}题:医务社工的英文缩写是? {{=MSW =msw}}",
    ]
    return "\n\n".join(f"// tags\n{kinds[n % len(kinds)].format(n=n)}" for n in range(count)) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var:
        os.environ["SHUANGGONG_VAR_DIR"] = var
        os.environ["SEARCH_INDEX_DIR"] = str(Path(var) / "search-index")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        os.environ["COURSES_IMPORT_MAX_QUESTIONS"] = str(max(args.questions, 2000))
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        from courses.importers import import_file
        from courses.models import Category, Question

        content = gift(args.questions).encode()
        category = Category.objects.create(name="导入基准")
        started = time.perf_counter()
        created = import_file("gift", content, category)
        elapsed = time.perf_counter() - started
        assert len(created) == Question.objects.count() == args.questions
        print(f"imported {len(created)} questions ({len(content) / 1024:.0f} KiB GIFT) in {elapsed:.2f} s")
        print(f"{len(created) / elapsed:.0f} questions/s")


if __name__ == "__main__":
    main()
