"""Helper of pg_restart.sh: steady requests for a fixed time, one line per second of what came back.

Each second: how many answers were 200, how many were the friendly error page (500/503 with “服务暂时不可用”),
and how many anything else (a traceback, a connection error). Usage: ``pg_restart_probe.py BASE SECONDS``.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import Counter, defaultdict

import aiohttp

PATHS = ["/", "/join/", "/verify/", "/healthz"]
FRIENDLY = "服务暂时不可用"


async def client(http, base, stop, started, buckets, index):
    n = index
    while time.monotonic() < stop:
        path = PATHS[n % len(PATHS)]
        n += 1
        second = int(time.monotonic() - started)
        try:
            async with http.get(base + path + f"?probe={n}", allow_redirects=False) as response:
                body = await response.text(errors="replace")
                if response.status == 200:
                    kind = "ok"
                elif response.status in (500, 503) and (FRIENDLY in body or path == "/healthz"):
                    kind = "friendly"
                else:
                    kind = f"other {response.status}"
        except (TimeoutError, aiohttp.ClientError) as error:
            kind = f"other {type(error).__name__}"
        buckets[second][kind] += 1
        await asyncio.sleep(0.05)


async def main(base: str, seconds: float) -> None:
    buckets: dict[int, Counter] = defaultdict(Counter)
    started = time.monotonic()
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()) as http:
        await asyncio.gather(*(client(http, base, started + seconds, started, buckets, i) for i in range(8)))
    total = Counter()
    for second in sorted(buckets):
        counts = buckets[second]
        total.update(counts)
        print(f"t={second:3d}s  " + "  ".join(f"{kind}: {n}" for kind, n in sorted(counts.items())))
    print("total  " + "  ".join(f"{kind}: {n}" for kind, n in sorted(total.items())))
    last = buckets[max(buckets)]
    print("recovered" if last and set(last) == {"ok"} else "NOT recovered")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1].rstrip("/"), float(sys.argv[2])))
