"""How fast the de-identification check reads text, so that publishing a long page stays instant.

Run: .venv/bin/python benchmarks/kb/deidentify.py   (about ten seconds; prints its figures)
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

from kb.deidentify import find_identifiers  # noqa: E402

CLEAN = (
    "2025年10月18日下午,志愿者在儿科病区带孩子们画画。根据《志愿服务条例》第十九条,服务时长如实记录,"
    "累计服务 1280 小时。医院总机 0571-87654321,国卫医发〔2017〕73号要求推行医务社工和志愿者服务。"
)
DIRTY = "家属电话13800138000,身份证11010519491231002X,住院号:2023004518。"


def measure(text: str, repeats: int) -> tuple[float, int]:
    started = time.perf_counter()
    for _ in range(repeats):
        found = find_identifiers(text, "正文", withheld_names=["张秀英", "陈建华"])
    return (time.perf_counter() - started) / repeats, len(found)


def main() -> None:
    for label, size in (("typical page (5 000 chars)", 5_000), ("long page (100 000 chars)", 100_000)):
        clean = (CLEAN * (size // len(CLEAN) + 1))[:size]
        dirty = (clean[: size // 2] + DIRTY + clean[size // 2 :])[:size]
        repeats = 200 if size < 50_000 else 10
        clean_seconds, clean_found = measure(clean, repeats)
        dirty_seconds, dirty_found = measure(dirty, repeats)
        print(
            f"{label}: clean {clean_seconds * 1000:.2f} ms ({clean_found} findings), "
            f"with identifiers {dirty_seconds * 1000:.2f} ms ({dirty_found} findings), "
            f"{size / clean_seconds / 1e6:.1f} M chars/s"
        )


if __name__ == "__main__":
    main()
