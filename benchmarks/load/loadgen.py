"""Asyncio load generator (aiohttp): anonymous readers, volunteers taking quizzes, social workers in the admin.

Two phases against a running server: readers alone (the cached public pages' ceiling), then all three groups at
once. Prints, per phase and group: requests, throughput, p50/p95/p99 latency and error rate; and the quiz submit
on its own line. Usage: ``loadgen.py BASE_URL PLAN.json [PAGES_URL]`` (the plan is what ``prepare.py`` printed).
With PAGES_URL, anonymous readers go there (the pages pool, as nginx routes them in docs/deploy.md) and everyone
signed in goes to BASE_URL.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import secrets
import string
import sys
import time
from collections import defaultdict

import aiohttp

READ_SECONDS = float(os.environ.get("LOAD_READ_SECONDS", "15"))
MIX_SECONDS = float(os.environ.get("LOAD_MIX_SECONDS", "40"))
READERS_ALONE = int(os.environ.get("LOAD_READERS_ALONE", "32"))
READERS_MIXED = int(os.environ.get("LOAD_READERS_MIXED", "8"))
THINK = float(os.environ.get("LOAD_THINK_SECONDS", "1.0"))  # mean pause of a volunteer between two steps
TIMEOUT = aiohttp.ClientTimeout(total=30)
STAFF_PAGES = [
    "/admin/",
    "/admin/roster/volunteers/",
    "/admin/roster/dashboard/",
    "/admin/courses/essays/",
    "/admin/certificates/jobs/",
    "/admin/pages/",
    "/admin/roster/hours/",
]
INPUT = re.compile(r'name="q(\d+)" value="([^"]*)"')


class Stats:
    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)

    def add(self, label: str, seconds: float, ok: bool) -> None:
        self.samples[label].append(seconds)
        if not ok:
            self.errors[label] += 1


async def timed(stats: Stats, labels: tuple[str, ...], expect: tuple[int, ...], http, method: str, url: str, **kw):
    started = time.perf_counter()
    try:
        async with http.request(method, url, allow_redirects=False, **kw) as response:
            body = await response.text(errors="replace")
            ok = response.status in expect
            result = (response.status, response.headers.get("Location", ""), body)
    except (TimeoutError, aiohttp.ClientError):
        ok, result = False, (0, "", "")
    for label in labels:
        stats.add(label, time.perf_counter() - started, ok)
    return result


def cookie_headers(session_key: str | None) -> dict[str, str]:
    """Sessions are made by prepare.py; the CSRF secret is ours (Django accepts its unmasked form)."""
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    cookies = f"csrftoken={csrf}" + (f"; sessionid={session_key}" if session_key else "")
    return {"Cookie": cookies, "X-CSRFToken": csrf, "Referer": "http://127.0.0.1/"}


async def reader(http, base, pages, stats, stop):
    while time.monotonic() < stop:
        url = base + random.choice(pages)
        await timed(stats, ("readers",), (200,), http, "GET", url)


async def pause():
    await asyncio.sleep(random.uniform(0.5 * THINK, 1.5 * THINK))


async def volunteer(http, base, quiz_id, session_key, stats, stop):
    headers = cookie_headers(session_key)
    group = ("volunteers",)
    await asyncio.sleep(random.uniform(0, 5))  # ramp up over five seconds
    while time.monotonic() < stop:
        status, location, _ = await timed(
            stats, group + ("quiz start",), (302,), http, "POST", f"{base}/quiz/{quiz_id}/start/", headers=headers
        )
        if status != 302 or "/quiz/attempt/" not in location:
            await pause()
            continue
        attempt_url = base + location
        await pause()
        _, _, page = await timed(stats, group + ("quiz page",), (200,), http, "GET", attempt_url, headers=headers)
        chosen = {}
        for position, value in INPUT.findall(page):
            chosen.setdefault(position, value)
        for position, value in list(chosen.items())[:2]:
            await pause()
            payload = {"position": int(position), "response": value}
            await timed(
                stats,
                group + ("quiz autosave",),
                (200,),
                http,
                "POST",
                attempt_url + "save/",
                json=payload,
                headers=headers,
            )
        await pause()
        form = {f"q{p}": v for p, v in chosen.items()} | {f"q{p}_present": "1" for p in chosen}
        status, location, _ = await timed(
            stats, group + ("quiz submit",), (302,), http, "POST", attempt_url + "submit/", data=form, headers=headers
        )
        if status == 302:
            await timed(stats, group + ("quiz result",), (200,), http, "GET", base + location, headers=headers)
        await pause()


async def social_worker(http, base, session_key, stats, stop):
    headers = cookie_headers(session_key)
    while time.monotonic() < stop:
        url = base + random.choice(STAFF_PAGES)
        await timed(stats, ("social workers",), (200,), http, "GET", url, headers=headers)
        await pause()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def report(title: str, stats: Stats, seconds: float, labels: list[str]) -> None:
    print(f"\n## {title} ({seconds:.0f} s)")
    print(f"| {'group':<16} | requests | req/s  | p50 ms | p95 ms | p99 ms | errors |")
    print("|------------------|---------:|-------:|-------:|-------:|-------:|-------:|")
    for label in labels:
        values = stats.samples.get(label, [])
        if not values:
            continue
        errors = stats.errors.get(label, 0) / len(values) * 100
        print(
            f"| {label:<16} | {len(values):8d} | {len(values) / seconds:6.1f} | {percentile(values, 50):6.1f} "
            f"| {percentile(values, 95):6.1f} | {percentile(values, 99):6.1f} | {errors:5.2f}% |"
        )


async def main(base: str, plan: dict, pages_base: str) -> None:
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    async with aiohttp.ClientSession(connector=connector, timeout=TIMEOUT, cookie_jar=aiohttp.DummyCookieJar()) as http:
        await http.get(pages_base + "/")  # warm the page cache
        for page in plan["pages"]:
            await http.get(pages_base + page)

        stats = Stats()
        stop = time.monotonic() + READ_SECONDS
        await asyncio.gather(*(reader(http, pages_base, plan["pages"], stats, stop) for _ in range(READERS_ALONE)))
        report(f"anonymous readers alone, {READERS_ALONE} connections", stats, READ_SECONDS, ["readers"])

        stats = Stats()
        stop = time.monotonic() + MIX_SECONDS
        tasks = [reader(http, pages_base, plan["pages"], stats, stop) for _ in range(READERS_MIXED)]
        tasks += [volunteer(http, base, plan["quiz"], key, stats, stop) for key in plan["volunteers"]]
        tasks += [social_worker(http, base, key, stats, stop) for key in plan["social_workers"]]
        await asyncio.gather(*tasks)
        title = (
            f"all at once: {READERS_MIXED} reader connections, {len(plan['volunteers'])} volunteers, "
            f"{len(plan['social_workers'])} social workers, think time ~{THINK:g} s"
        )
        labels = [
            "readers",
            "volunteers",
            "quiz start",
            "quiz page",
            "quiz autosave",
            "quiz submit",
            "quiz result",
            "social workers",
        ]
        report(title, stats, MIX_SECONDS, labels)


if __name__ == "__main__":
    with open(sys.argv[2], encoding="utf-8") as handle:
        base_url = sys.argv[1].rstrip("/")
        asyncio.run(main(base_url, json.load(handle), (sys.argv[3] if len(sys.argv) > 3 else base_url).rstrip("/")))
