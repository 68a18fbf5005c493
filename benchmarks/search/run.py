"""Chinese search benchmark: this project's Whoosh + jieba backend against Wagtail's default database backend.

    .venv/bin/python benchmarks/search/run.py                 # quality on 2,000 pages, speed at 20,000
    .venv/bin/python benchmarks/search/run.py --speed-pages 5000   # a quicker run
    BENCH_DATABASE_URL=postgres://root@127.0.0.1:5432/sg_bench .venv/bin/python benchmarks/search/run.py
        # on an EMPTY PostgreSQL database (migrated here, left behind): all three backends in one run, the
        # PostgreSQL backend (kb.search.pg_backend) beside Whoosh and Wagtail's default (PostgreSQL's own full text)
    .venv/bin/python benchmarks/search/run.py --keep /tmp/sg-bench        # the same, the workspace left behind
    .venv/bin/python benchmarks/search/run.py --keep /tmp/sg-bench --speed-only
        # only the warm query latencies, on the pages and indexes a --keep run left (seconds instead of minutes)

Quality on the demo site (demo_corpus.py): its live pages, 100 words and 100 copied strings drawn from their
text by a seeded random sample; a page is relevant when its text contains the query.
Quality: 30 everyday queries over generated knowledge-base pages (corpus.py); a page is relevant when it
contains the query; recall@10 = relevant pages in the top 10 / min(10, relevant pages); MRR@10.
Speed: full ``update_index`` throughput, index size, warm top-10 query latency through the Wagtail API
(index + database), and the time from publishing a page to it being found. Both backends run in one process
on the same data; everything lives in a temporary directory that is removed at the end.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality-pages", type=int, default=2000)
    parser.add_argument("--speed-pages", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over the 30 queries")
    parser.add_argument("--demo-only", action="store_true", help="only the demo site's recall@10 and latency")
    parser.add_argument("--keep", type=Path, help="workspace directory (index, SQLite file) to leave behind")
    parser.add_argument("--speed-only", action="store_true", help="time the queries on a --keep run's pages")
    args = parser.parse_args()
    if args.speed_only and not args.keep:
        parser.error("--speed-only needs the --keep directory of an earlier full run")
    return args


ARGS = arguments()
TMP = ARGS.keep or Path(tempfile.mkdtemp(prefix="sg-search-bench-"))
TMP.mkdir(parents=True, exist_ok=True)
os.environ.update(
    DJANGO_SETTINGS_MODULE="settings",
    DATABASE_URL=os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{TMP / 'bench.sqlite3'}",
    SEARCH_INDEX_DIR=str(TMP / "index"),
    SHUANGGONG_VAR_DIR=str(TMP / "var"),
    MEDIA_ROOT=str(TMP / "media"),
    STATIC_ROOT=str(TMP / "static"),
)

import django  # noqa: E402

django.setup()

from corpus import QUERIES, page_texts, relevant  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Locale, Page  # noqa: E402
from wagtail.search.utils import parse_query_string  # noqa: E402

from kb.models import HomePage  # noqa: E402

BACKENDS = {"default": "Whoosh + rjieba (this project)", "database": "Wagtail default (database, SQLite FTS5)"}
if connection.vendor == "postgresql":
    BACKENDS = {
        "default": "Whoosh + rjieba (this project)",
        "postgres": "PostgreSQL tsvector + rjieba (this project)",
        "database": "Wagtail default (database, PostgreSQL full text)",
    }


def make_home() -> HomePage:
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    return root.add_child(instance=HomePage(title="双工学苑", slug="home"))


@transaction.atomic
def bulk_pages(parent: HomePage, texts: list[tuple[str, str]]) -> list[tuple[int, str, str]]:
    """Insert live HomePage rows directly (treebeard paths computed here): 20,000 ``add_child`` calls would
    take minutes and measure Wagtail's tree code, not search."""
    parent.refresh_from_db()
    content_type = ContentType.objects.get_for_model(HomePage)
    locale = Locale.get_default()
    now = timezone.now()
    first = parent.numchild + 1
    pages = []
    for offset, (title, _) in enumerate(texts):
        slug = f"b{first + offset}"
        pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                depth=parent.depth + 1,
                path=Page._get_path(parent.path, parent.depth + 1, first + offset),
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                content_type=content_type,
                locale=locale,
                first_published_at=now,
                last_published_at=now,
            )
        )
    created = Page.objects.bulk_create(pages, batch_size=500)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {HomePage._meta.db_table} (page_ptr_id, intro, recruitment_call) VALUES (%s, %s, '')",
            [(page.pk, f"<p>{body}</p>") for page, (_, body) in zip(created, texts, strict=True)],
        )
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(created))
    return [(page.pk, title, body) for page, (title, body) in zip(created, texts, strict=True)]


def rebuild(backend: str) -> float:
    started = time.perf_counter()
    call_command("update_index", backend_name=backend, verbosity=0)
    return time.perf_counter() - started


def top10(backend: str, query: str, autocomplete: bool = False) -> list[int]:
    pages = Page.objects.live()
    if autocomplete:
        return [page.pk for page in pages.autocomplete(query, backend=backend)[:10]]
    _, parsed = parse_query_string(query, operator="and")
    return [page.pk for page in pages.search(parsed, operator="and", backend=backend)[:10]]


def quality(rows: list[tuple[int, str, str]], backend: str, autocomplete: bool = False) -> dict:
    recalls, reciprocal_ranks, empty = [], [], 0
    for query in QUERIES:
        wanted = relevant(rows, query)
        found = top10(backend, query, autocomplete)
        empty += not found
        recalls.append(len(wanted & set(found)) / min(10, len(wanted)))
        rank = next((i for i, pk in enumerate(found, 1) if pk in wanted), None)
        reciprocal_ranks.append(1 / rank if rank else 0.0)
    return {"recall": statistics.mean(recalls), "mrr": statistics.mean(reciprocal_ranks), "empty": empty}


def demo_quality(rounds_seed: int = 17) -> None:
    """Recall@10 on the demo site's real pages, with words and strings drawn from them by a seeded sample."""
    import demo_corpus

    from courses import demo as courses_demo
    from kb import demo as kb_demo

    kb_demo.load()  # the demo's pages (load_demo also makes demo logins, refused outside DEBUG)
    courses_demo.load()
    for backend in BACKENDS:
        rebuild(backend)
    texts = demo_corpus.page_texts()
    samples = demo_corpus.sample_queries(texts, seed=rounds_seed)
    print(f"\n## Quality on the demo site: {len(texts)} live pages, queries drawn with seed {rounds_seed}")
    print("| engine | query kind | recall@10 | queries with a relevant page missed |\n|---|---|---|---|")
    for backend, name in BACKENDS.items():
        for kind, queries in samples.items():
            recalls, missed = [], []
            for query in queries:
                wanted = demo_corpus.relevant(texts, query)
                found = set(top10(backend, query))
                recalls.append(len(wanted & found) / min(10, len(wanted)))
                if recalls[-1] < 1:
                    missed.append(query)
            shown = "、".join(missed[:6]) + ("…" if len(missed) > 6 else "")
            print(f"| {name} | {len(queries)} {kind} | {statistics.mean(recalls):.3f} | {len(missed)} {shown} |")
    print("\n| engine | warm top-10 query over the 200 demo queries, wall |\n|---|---|")
    for backend, name in BACKENDS.items():
        f = latencies(backend, 1, [q for queries in samples.values() for q in queries])
        print(f"| {name} | p50 {f['p50']:.1f} ms, p95 {f['p95']:.1f} ms (CPU p95 {f['cpu95']:.1f} ms) |")


def latencies(backend: str, rounds: int, queries: list[str] | None = None) -> dict:
    """Wall-clock and CPU milliseconds per query; CPU time is the steadier figure on a shared machine."""
    queries = queries or QUERIES
    for query in queries:  # warm the caches (and load the segmenter) first
        top10(backend, query)
    wall, cpu = [], []
    for _ in range(rounds):
        for query in queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            top10(backend, query)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    wall.sort()
    cpu.sort()
    p95 = int(len(wall) * 0.95) - 1
    return {
        "p50": statistics.median(wall),
        "p95": wall[p95],
        "max": wall[-1],
        "cpu50": statistics.median(cpu),
        "cpu95": cpu[p95],
        "n": len(wall),
    }


def publish_to_findable(home: HomePage, tries: int = 5) -> list[float]:
    """Seconds from ``publish()`` starting to the page being returned by a live search (default backend)."""
    results = []
    for i in range(tries):
        word = f"发布测试{i}号专题"
        draft = HomePage(title=f"新页面{i}", slug=f"fresh-{i}", intro=f"<p>{word}</p>", live=False)
        page = home.add_child(instance=draft)
        revision = page.save_revision()
        started = time.perf_counter()
        revision.publish()
        while not Page.objects.live().search(f"发布测试{i}号").count():
            if time.perf_counter() - started > 30:
                raise RuntimeError("a published page was not findable within 30 s")
            time.sleep(0.01)
        results.append(time.perf_counter() - started)
    return results


def stored_size(backend: str) -> int:
    """Bytes the backend's index takes: the Whoosh generation on disk, the index table in PostgreSQL, the whole
    SQLite file for Wagtail's default on SQLite (measured as its growth by the caller)."""
    if backend == "default":
        return directory_size(Path(os.environ["SEARCH_INDEX_DIR"]) / "current")
    if connection.vendor == "postgresql":
        table = "kb_searchentry" if backend == "postgres" else "wagtailsearch_indexentry"
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
            return cursor.fetchone()[0]
    return (TMP / "bench.sqlite3").stat().st_size


def directory_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def segmenter_figures() -> None:
    print("\n## Segmenters (default + search-mode segmentation of 3,000 page bodies, CPU time)")
    print("| segmenter | k chars/s | memory added by loading it and its dictionary |\n|---|---|---|")
    for which in ("jieba", "rjieba"):
        out = subprocess.run(
            [sys.executable, str(HERE / "segmenters.py"), which], capture_output=True, text=True, check=True
        ).stdout.split()
        print(f"| {out[0]} | {out[1]} | {out[2]} MB |")


def speed_only(rounds: int) -> None:
    """The warm-query rows of the speed table, on the pages and indexes an earlier ``--keep`` run built."""
    print(f"\n## Speed only: {Page.objects.live().count()} live pages (kept from an earlier run)")
    print("| | " + " | ".join(BACKENDS.values()) + " |\n|---" + "|---" * len(BACKENDS) + "|")
    figures = {backend: latencies(backend, rounds) for backend in BACKENDS}
    print(
        f"| warm query, top 10 ({figures['default']['n']} queries) | "
        + " | ".join(f"p50 {f['p50']:.1f} ms, p95 {f['p95']:.1f} ms, max {f['max']:.0f} ms" for f in figures.values())
        + " |"
    )
    print(
        "| the same, CPU time of the process | "
        + " | ".join(f"p50 {f['cpu50']:.1f} ms, p95 {f['cpu95']:.1f} ms" for f in figures.values())
        + " |"
    )


def main() -> None:
    args = ARGS
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(
        f"# {stamp} · {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
        + (
            f"SQLite {connection.Database.sqlite_version}"
            if connection.vendor == "sqlite"
            else f"PostgreSQL {connection.cursor().connection.info.server_version}"
        )
    )
    if args.speed_only:
        speed_only(args.rounds)
        return
    call_command("migrate", verbosity=0)
    demo_quality()
    if args.demo_only:
        return
    home = make_home()

    texts = page_texts(args.speed_pages)
    rows = bulk_pages(home, texts[: args.quality_pages])
    for backend in BACKENDS:
        rebuild(backend)
    print(f"\n## Quality: {len(rows)} pages, {len(QUERIES)} queries")
    print("| engine | recall@10 | MRR@10 | queries with no result |\n|---|---|---|---|")
    for backend, name in BACKENDS.items():
        q = quality(rows, backend)
        print(f"| {name} | {q['recall']:.3f} | {q['mrr']:.3f} | {q['empty']} / {len(QUERIES)} |")
    q = quality(rows, "database", autocomplete=True)
    print(f"| {BACKENDS['database']}, autocomplete (prefix) | {q['recall']:.3f} | {q['mrr']:.3f} | {q['empty']} / 30 |")

    rows += bulk_pages(home, texts[args.quality_pages :])
    characters = sum(len(title) + len(body) for _, title, body in rows)
    print(f"\n## Speed: {len(rows)} pages, {characters / 1e6:.1f} M characters")
    print("| | " + " | ".join(BACKENDS.values()) + " |\n|---" + "|---" * len(BACKENDS) + "|")
    figures = {}
    for backend in BACKENDS:
        before = 0 if backend == "default" or connection.vendor == "postgresql" else stored_size(backend)
        started_cpu = time.process_time()
        seconds = rebuild(backend)
        cpu_seconds = time.process_time() - started_cpu
        size = stored_size(backend) - before
        figures[backend] = {"seconds": seconds, "cpu": cpu_seconds, "size": size, **latencies(backend, args.rounds)}
    row = lambda label, fmt: print(f"| {label} | " + " | ".join(fmt(figures[b]) for b in BACKENDS) + " |")  # noqa: E731
    row(
        "update_index (full rebuild)",
        lambda f: (
            f"{f['seconds']:.1f} s; {len(rows) / f['seconds']:.0f} pages/s; "
            f"{characters / f['seconds'] / 1000:.0f} k chars/s"
        ),
    )
    row("the same, CPU time of the process", lambda f: f"{f['cpu']:.1f} s; {characters / f['cpu'] / 1e3:.0f} k chars/s")
    row("size on disk", lambda f: f"{f['size'] / 1e6:.1f} MB")
    row(
        f"warm query, top 10 via Page.objects.live().search() ({figures['default']['n']} queries)",
        lambda f: f"p50 {f['p50']:.1f} ms, p95 {f['p95']:.1f} ms, max {f['max']:.0f} ms",
    )
    row("the same, CPU time of the process", lambda f: f"p50 {f['cpu50']:.1f} ms, p95 {f['cpu95']:.1f} ms")
    published = publish_to_findable(home)
    print(
        f"| publish → findable (5 pages) | median {statistics.median(published) * 1000:.0f} ms, "
        f"max {max(published) * 1000:.0f} ms |" + " not measured (AUTO_UPDATE off in this run) |" * (len(BACKENDS) - 1)
    )
    segmenter_figures()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of the benchmark process: {peak:.0f} MB")


if __name__ == "__main__":
    try:
        main()
    finally:
        if not ARGS.keep:
            shutil.rmtree(TMP, ignore_errors=True)
