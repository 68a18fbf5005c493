"""Instructions per uncached public search page, counted by callgrind: this tree against earlier commits.

    DATABASE_URL=postgres://root@127.0.0.1:5432/<database> .venv/bin/python benchmarks/search/page_instructions.py \\
        [REF ...] [--query 志愿者] [--requests 20]

The database is one that ``page_cpu.py --prepare`` filled (the demo, its Whoosh index in the same scratch folder).
Each tree (REF: a commit, laid out with ``git archive``; this tree always) runs in a process of its own under
``valgrind --tool=callgrind`` with production settings and the Whoosh backend: the WSGI application is called for
``/search/?q=…&n=<counter>`` (every request new, no page-cache hit, as in ``page_cpu.py``), warmed up, collected and
frozen (``gc.freeze()``, as gunicorn's workers are), and only then are the instructions of ``--requests`` more
requests counted (callgrind's instrumentation is switched on and off around them).

Why instructions: this VM's speed drifts by 2× within minutes (benchmarks/README.md, part 13), far more than a
change of a few percent; the count of instructions is the same from run to run for the same code and inputs
(checked: two runs of one tree agreed within 0.1%), whatever else the machine does. It is not time (cache misses,
the GIL and gunicorn are not in it): ``benchmarks/load/ratio.sh`` measures those, in one run.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.search.page_cpu import Client, production_env  # noqa: E402


def child(root: Path, query: str, requests: int, ready: Path, done: Path) -> None:
    """Under callgrind: warm up, tell the parent (``ready``), wait for it to switch the counting on, run, tell it."""
    import gc
    from urllib.parse import quote

    sys.path.insert(0, str(root))
    from config.wsgi import application

    client = Client(application, "/search/", f"q={quote(query)}")
    for _ in range(8):  # the segmenter, the index reader, the templates, the ORM's caches
        client.get()
    gc.collect()
    gc.freeze()
    ready.touch()
    while ready.exists():
        time.sleep(0.05)
    for _ in range(requests):
        client.get()
    done.touch()
    while done.exists():
        time.sleep(0.05)


def count(root: Path, env: dict, query: str, requests: int) -> int:
    """Instructions of ``requests`` searches by the tree at ``root``."""
    with tempfile.TemporaryDirectory() as scratch:
        ready, done, out = Path(scratch, "ready"), Path(scratch, "done"), Path(scratch, "callgrind.out")
        command = [
            "valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
            sys.executable, __file__, "--child", str(root), str(ready), str(done), "--query", query,
            "--requests", str(requests),
        ]  # fmt: skip
        process = subprocess.Popen(command, cwd=root, env=env, stderr=subprocess.PIPE, text=True)  # noqa: S603
        for flag, switch in ((ready, "on"), (done, "off")):
            while not flag.exists():
                if process.poll() is not None:
                    sys.exit(f"{root}: the measured process ended early:\n{process.stderr.read()[-3000:]}")  # type: ignore[union-attr]
                time.sleep(0.1)
            subprocess.run(["callgrind_control", "-i", switch, str(process.pid)], check=True, capture_output=True)  # noqa: S607
            flag.unlink()
        process.wait()
        totals = re.search(r"^totals: (\d+)", out.read_text(), re.MULTILINE)  # what was counted while switched on
        if totals is None:
            sys.exit(f"{root}: no totals in callgrind's output")
        return int(totals.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("refs", nargs="*", help="earlier commits to count beside this tree")
    parser.add_argument("--query", default="志愿者")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        root, ready, done = args.child
        return child(Path(root), args.query, args.requests, Path(ready), Path(done))
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        parser.error("set DATABASE_URL=postgres://…/<database>, one that page_cpu.py --prepare filled")
    env = {**production_env(database_url), "SEARCH_BACKEND": "whoosh"}
    print(f"instructions per uncached search page, q={args.query}, {args.requests} requests, callgrind")
    trees: list[tuple[str, Path]] = [("this tree", ROOT)]
    with tempfile.TemporaryDirectory() as scratch:
        for ref in args.refs:
            tree = Path(scratch, ref)
            tree.mkdir()
            archive = subprocess.run(["git", "archive", ref], cwd=ROOT, check=True, capture_output=True)  # noqa: S607
            subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)  # noqa: S607
            (tree / ".venv").symlink_to(ROOT / ".venv")
            trees.append((ref, tree))
        counted = {name: count(tree, env, args.query, args.requests) / args.requests for name, tree in trees}
    base = counted["this tree"]
    for name, per_request in counted.items():
        print(f"  {name:12} {per_request / 1e6:8.2f} M instructions per page   {per_request / base:6.3f}× this tree")


if __name__ == "__main__":
    main()
