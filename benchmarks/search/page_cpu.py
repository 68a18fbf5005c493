"""CPU per public search page with every request a new URL (no page-cache hit), in the process, against a minimal view.

    DATABASE_URL=postgres://root@127.0.0.1:5432/<database> REDIS_URL=redis://127.0.0.1:6379/13 \\
        .venv/bin/python benchmarks/search/page_cpu.py [--prepare] [--searches 400] [--profile 30] [--parts] \\
        [--middleware]

``--prepare`` first fills the (empty, existing) database: migrate, the demo content (``load_demo``, which builds the
Whoosh index in ``SEARCH_INDEX_DIR``, default ``/tmp/sg-page-cpu-<database>/index``) and the PostgreSQL backend's rows.
Then each backend (Whoosh, PostgreSQL) runs in a fresh process with production settings (Redis cache, page cache on),
the WSGI application called directly: ``/search/?q=…&n=<counter>``, so every request misses the page cache and the
search runs in full, as for a visitor typing something new. Printed per backend: CPU ms per search
(``time.process_time``, so other load on the machine counts little), database queries per search, the mean over the
recall benchmark's seeded sample of 200 queries each searched once (``demo_corpus.sample_queries``), and with
``--profile N`` the N functions with the most cumulative time under cProfile; with ``--parts``, the first query's
page split into the empty form (middleware and base template), the search alone and the results template alone; with
``--middleware``, what each middleware costs the empty search form (the stack without it against the whole stack,
interleaved: this VM's speed drifts within minutes, and batches measured side by side drift alike). The
minimal view (``benchmarks/load/minimal.py``) is the yardstick; ``benchmarks/load/ratio.sh`` measures the whole
server with wrk.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import pstats
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
BACKENDS = ("whoosh", "postgres")
# 志愿者 is on most demo pages (a full page of results of several types, with facets), as in ratio.sh; the others are a
# two-word query, a word the segmenter splits when alone (the bigram tier), and a query that finds nothing.
QUERIES = ("志愿者", "医保 报销", "报到", "透析饮食禁忌")


def environ(path: str, query: str) -> dict:
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr, "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
    }  # fmt: skip


class Client:
    """Calls the WSGI application as gunicorn would, each request with a query string of its own."""

    def __init__(self, application, path: str, query: str) -> None:
        self.application = application
        self.path = path
        self.query = query
        self.counter = 0
        self.run = secrets.token_hex(4)  # the page cache outlives this process: no URL of an earlier run either
        self.status = ""
        self.headers: dict = {}

    def _start_response(self, status, headers, exc_info=None):
        self.status = status
        self.headers = dict(headers)

    def get(self) -> bytes:
        self.counter += 1
        query = f"{self.query}&n={self.run}-{self.counter}" if self.query else ""
        response = self.application(environ(self.path, query), self._start_response)
        body = b"".join(response)
        response.close()
        if not self.status.startswith("200"):
            raise RuntimeError(f"{self.path}?{query}: {self.status}")
        if self.headers.get("X-Page-Cache") == "hit":
            raise RuntimeError(f"{self.path}?{query} was a page-cache hit: not what this measures")
        return body


def cpu_ms(client: Client, requests: int) -> float:
    started = time.process_time()
    for _ in range(requests):
        client.get()
    return (time.process_time() - started) / requests * 1e3


def queries_per_request(client: Client) -> int:
    from django.db import connections

    executed: list[str] = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connections["default"].execute_wrapper(count):
        client.get()
    return len(executed)


def child(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    if args.child == "minimal":
        from benchmarks.load.minimal import application

        gc.freeze()  # as config/gunicorn.py's post_worker_init
        client = Client(application, "/", "")
        for _ in range(20):
            client.get()
        print(f"minimal {cpu_ms(client, args.searches * 4):.3f}")
        return
    from config.wsgi import application

    gc.freeze()  # as config/gunicorn.py's post_worker_init: what was loaded is out of the collector's sight
    for text in QUERIES:
        client = Client(application, "/search/", f"q={quote(text)}")
        for _ in range(10):  # the first search loads the segmenter, opens the index, warms the ORM's caches
            client.get()
        found = "没有找到" not in client.get().decode()
        queries = queries_per_request(client)
        cpu = cpu_ms(client, args.searches if text == QUERIES[0] else max(args.searches // 4, 20))
        print(f"{text.replace(' ', '+')} {cpu:.3f} {queries} {'found' if found else 'none'}")
    print_sampled(application)
    if args.parts:
        print_parts(application)
    if args.middleware:
        print_middleware()
    if args.profile:
        client = Client(application, "/search/", f"q={quote(QUERIES[0])}")
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(100):
            client.get()
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.profile)
        print("PROFILE")
        print(out.getvalue())


def print_sampled(application) -> None:
    """The seeded sample of the recall benchmark (words and strings of the demo's pages, as a visitor types them),
    each searched once: no query repeats, and a word the process has not searched before is read from the index
    (a reader keeps the postings it decoded, kb.search.scoring.postings), as for a visitor typing something new."""
    from benchmarks.search.demo_corpus import page_texts, sample_queries

    texts = [text for group in sample_queries(page_texts()).values() for text in group]
    clients = [Client(application, "/search/", f"q={quote(text)}") for text in texts]
    started = time.process_time()
    for client in clients:
        client.get()
    print(f"SAMPLED {len(texts)} {(time.process_time() - started) / len(texts) * 1e3:.3f}")


def best_ms(call, batches: int = 8, each: int = 50) -> float:
    """The cheapest of several batches, per call: the batches another process slowed down count least."""
    best = float("inf")
    for _ in range(batches):
        started = time.process_time()
        for _ in range(each):
            call()
        best = min(best, (time.process_time() - started) / each * 1e3)
    return best


def print_parts(application) -> None:
    """Where a search page's CPU goes: the whole page, the empty form (the middleware and the base template, what
    every uncached page pays), the search alone and the results template alone, for the first query."""
    from django.shortcuts import render
    from django.test import RequestFactory
    from django.utils import translation

    from kb.search import freshness
    from kb.search.public import search_pages
    from kb.search.sites import site_for_request

    request = RequestFactory().get("/search/", {"q": QUERIES[0]})
    site = site_for_request(request)

    def search() -> object:
        with freshness.pinned():
            return search_pages(QUERIES[0], site=site)

    outcome = search()
    translation.activate("zh-hans")
    parts = {
        "whole page": Client(application, "/search/", f"q={quote(QUERIES[0])}").get,
        "empty form": Client(application, "/search/", "q=").get,
        "search only": search,
        "template only": lambda: render(request, "kb/search/results.html", {"search": outcome}),
    }
    for call in parts.values():
        call()
        call()
    for name, call in parts.items():
        print(f"PART {name.replace(' ', '_')} {best_ms(call):.3f}")


def interleaved_ms(first, second, rounds: int = 30, each: int = 40) -> tuple[float, float]:
    """The cheapest batch of each of two calls, their batches alternating, per call."""
    best = [float("inf"), float("inf")]
    for _ in range(rounds):
        for i, call in enumerate((first, second)):
            started = time.process_time()
            for _ in range(each):
                call()
            best[i] = min(best[i], (time.process_time() - started) / each * 1e3)
    return best[0], best[1]


def print_middleware() -> None:
    """Each middleware's cost to the empty search form: the same application without it, against the whole stack.
    The session and authentication middleware are left in: the page (and the page cache) reads ``request.user``."""
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    from config.page_cache import PageCacheApplication

    every = list(settings.MIDDLEWARE)

    def stack(without: str | None):
        settings.MIDDLEWARE = [name for name in every if name != without]
        try:
            return PageCacheApplication(WSGIHandler())
        finally:
            settings.MIDDLEWARE = every

    whole = Client(stack(None), "/search/", "q=").get
    for _ in range(30):
        whole()
    for name in every:
        if name.endswith(("SessionMiddleware", "AuthenticationMiddleware")):
            continue
        without = Client(stack(name), "/search/", "q=").get
        for _ in range(10):
            without()
        with_it, without_it = interleaved_ms(whole, without)
        print(f"MIDDLEWARE {name} {with_it - without_it:.3f} {with_it:.3f}")


def prepare(env: dict) -> None:
    """Migrate, load the demo (with development settings: demo accounts refuse production ones), index for both."""
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    dev = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DEBUG": "true"}
    subprocess.run([*manage, "load_demo"], env=dev, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    subprocess.run(
        [*manage, "update_index"], env={**env, "SEARCH_BACKEND": "postgres"}, check=True, cwd=ROOT, capture_output=True
    )


def production_env(database_url: str) -> dict[str, str]:
    """Production settings on ``database_url``, its index and static files in a scratch folder named after it (what
    ``--prepare`` fills), Redis database 13; the caller's environment wins."""
    scratch = f"/tmp/sg-page-cpu-{urlsplit(database_url).path.strip('/')}"
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DEBUG": "false",
        "SEARCH_INDEX_DIR": f"{scratch}/index",
        "STATIC_ROOT": f"{scratch}/static",
        "REDIS_URL": "redis://127.0.0.1:6379/13",
        "FIELD_ENCRYPTION_KEY": "0" * 43 + "=",
        **os.environ,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prepare", action="store_true", help="migrate and load the demo into DATABASE_URL first")
    parser.add_argument("--searches", type=int, default=400, help="timed searches of the first query")
    parser.add_argument("--profile", type=int, default=0, help="print the N most expensive functions (cumulative)")
    parser.add_argument("--parts", action="store_true", help="also split the first query's page into its parts")
    parser.add_argument("--middleware", action="store_true", help="also what each middleware costs the empty form")
    parser.add_argument("--backend", choices=BACKENDS, action="append", help="only this one (repeatable)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        parser.error("set DATABASE_URL=postgres://…/<database> (a database of its own: --prepare fills it)")
    env = production_env(database_url)
    if args.prepare:
        prepare(env)
    if not (Path(env["STATIC_ROOT"]) / "staticfiles.json").exists():  # production settings need the manifest
        collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
        subprocess.run(collect, env=env, check=True, cwd=ROOT)
    print(f"CPU per request, load average {os.getloadavg()[0]:.2f}, commit {git_head()}")
    command = [sys.executable, __file__, "--searches", str(args.searches), "--profile", str(args.profile)]
    command += ["--parts"] if args.parts else []
    command += ["--middleware"] if args.middleware else []
    out = subprocess.run([*command, "--child", "minimal"], env=env, capture_output=True, text=True, check=True)
    minimal = float(out.stdout.split()[1])
    print(f"  minimal Django view              {minimal:7.2f} ms")
    for backend in args.backend or BACKENDS:
        out = subprocess.run(
            [*command, "--child", "search"], env={**env, "SEARCH_BACKEND": backend}, capture_output=True, text=True,
            cwd=ROOT,
        )  # fmt: skip
        if out.returncode:
            sys.exit(out.stderr)
        lines, _, profile = out.stdout.partition("PROFILE\n")
        for row in lines.splitlines():
            if row.startswith("SAMPLED "):
                _, count, cpu = row.split()
                label = f"{backend} {count} sampled queries"
                print(
                    f"  {label:32} {float(cpu):7.2f} ms  (each once, seed 17){'':7}{float(cpu) / minimal:5.1f}× minimal"
                )
                continue
            if row.startswith("MIDDLEWARE "):
                _, name, cost, whole = row.split()
                label = f"{backend} empty form: {name.rsplit('.', 1)[-1]}"
                print(f"  {label:58} {float(cost):+.3f} ms of {float(whole):.2f} ms")
                continue
            if row.startswith("PART "):
                _, name, cpu = row.split()
                label = f"{backend} {QUERIES[0]}: {name.replace('_', ' ')}"
                print(f"  {label:32} {float(cpu):7.2f} ms  (min of 8 batches of 50)")
                continue
            text, cpu, queries, found = row.split()
            label = f"{backend} q={text.replace('+', ' ')} ({found})"
            print(f"  {label:32} {float(cpu):7.2f} ms  {queries:>3} queries  {float(cpu) / minimal:5.1f}× minimal")
        if profile:
            print(profile)


def git_head() -> str:
    found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return found.stdout.strip() or "?"


if __name__ == "__main__":
    main()
