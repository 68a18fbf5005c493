"""jieba against rjieba on the benchmark corpus: segmentation speed and memory of a fresh process.

Run by run.py (one subprocess per segmenter so that resident memory is measured alone).
"""

from __future__ import annotations

import sys
import time

from corpus import page_texts


def rss_mb() -> float:
    """Current resident memory (ru_maxrss would carry the forking parent's peak across exec)."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def main(which: str, pages: int = 3000) -> None:
    texts = [body for _, body in page_texts(pages)]
    characters = sum(map(len, texts))
    before = rss_mb()
    if which == "rjieba":
        import rjieba

        rjieba.cut("预热", True)
        started = time.process_time()
        for text in texts:
            rjieba.cut(text, True)
            rjieba.tokenize(text, "search", True)
    else:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        started = time.process_time()
        for text in texts:
            list(jieba.cut(text, HMM=True))
            list(jieba.tokenize(text, mode="search"))
    seconds = time.process_time() - started
    grown = rss_mb() - before
    print(f"{which}\t{2 * characters / seconds / 1000:.0f}\t{grown:.0f}")


if __name__ == "__main__":
    main(sys.argv[1])
