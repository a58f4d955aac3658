"""Content pages: server time and SQL queries for the training pages.

    python -m bench.pages                               # 50 timed requests per page
    python -m bench.pages --server uvicorn --requests 200 --json-out pages.json
    python -m bench.pages --requests 3 --warmup 1       # a smoke test

What one run does:
- A fresh SQLite database in a temporary directory, migrated, static files
  collected, and the demo content loaded with ``manage.py load_demo`` (run
  with the local settings, the only ones that allow demo content, on the
  same database file).
- **Queries, in-process.** Django's test client, in a separate process with
  the server's production settings and the same database, fetches every page
  once (which fills Wagtail's small object caches), then counts the SQL
  queries of the next request with ``CaptureQueriesContext``, twice to check
  the count is fixed. The first request's count is kept too ("cold").
- **Server time, over HTTP.** The real server (production settings,
  ``config.serve``, daphne by default, pinned to core 0; see
  ``bench/product_server.py``) answers a client on loopback, pinned to core 1,
  over one keep-alive connection per page: ``--warmup`` requests, then
  ``--requests`` timed requests each, one at a time. The time is from sending
  the request to having read the whole body.
- Every page is fetched anonymously and as the demo's signed-in learner
  (who is enrolled in a course and has done two modules), since a signed-in
  learner's pages also read their enrolment and progress.

"Uncached" is the default state of this product: there is no cache
middleware, ``cache_page`` or template fragment caching, so every request
renders the page. Wagtail's own small caches (the site root paths, and image
rendition look-ups) live in the default cache, local memory, as Wagtail does
by default; the warm-up requests fill them.
"""

import argparse
import http.client
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.loadgen import pin_to_core
from bench.product_server import (
    PROXY_HEADERS,
    SERVERS,
    manage,
    module_json,
    product_server,
)

USERS = ("anonymous", "learner")
SEARCH_QUERY = "budget"


# --- Inside Django: the pages, a learner session, and query counts ---------------------


def page_urls() -> dict[str, str]:
    """The training pages to measure, found in the demo content."""
    from courses.models import CoursePage, GlossaryIndexPage, ModulePage, TrainingIndexPage

    index = TrainingIndexPage.objects.live().first()
    course = CoursePage.objects.live().child_of(index).order_by("path").first()
    # The module with the most content: the page that costs most to render.
    module = max(
        ModulePage.objects.live().child_of(course).order_by("path"),
        key=lambda m: len(json.dumps(m.body.raw_data, default=str)),
    )
    glossary = GlossaryIndexPage.objects.live().first()
    module_url = module.url
    return {
        "training index": index.url,
        "course": course.url,
        "module": module_url,
        "module, easy read": f"{module_url}?version=easy-read",
        "module, print": module.url_for_print(),
        "module, large print": f"{module.url_for_print()}?size=large",
        "glossary A-Z": glossary.url,
        "search": f"/search/?q={SEARCH_QUERY}",
    }


def learner_session_key() -> str:
    """A signed-in session for the demo learner, as after logging in."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username="learner")
    store = SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the one that signs in
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def count_queries(*, inprocess_repeat: int) -> dict:
    """Page URLs, a learner cookie, and per page and user: SQL queries (and their SQL)."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    urls = page_urls()
    session_key = learner_session_key()
    out = {"urls": urls, "cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}", "pages": {}}
    for user in USERS:
        client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
        if user == "learner":
            client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        for name, url in urls.items():
            counts, sql = [], []
            for _ in range(3):
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} as {user}: HTTP {response.status_code}")
                counts.append(len(queries))
                sql = [q["sql"] for q in queries.captured_queries]
            times = []
            for _ in range(inprocess_repeat):
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            out["pages"][f"{name}|{user}"] = {
                "queries_cold": counts[0],
                "queries": counts[1],
                "queries_fixed": counts[1] == counts[2],
                "inprocess_p50_ms": statistics.median(times) if times else None,
                "bytes": len(response.content),
                "sql": sql,
            }
    return out


def queries_step(env: dict, *, inprocess_repeat: int) -> dict:
    """Run ``count_queries`` in its own process, with the server's settings and database."""
    return module_json(
        env, "bench.pages", "--count-queries", "--inprocess-repeat", str(inprocess_repeat)
    )


# --- Over HTTP: server time as a client on loopback sees it ------------------------


def time_page(port: int, url: str, *, cookie: str | None, warmup: int, requests: int) -> dict:
    """``warmup`` then ``requests`` GETs on one keep-alive connection; ms per request."""
    headers = {"Host": f"127.0.0.1:{port}", **PROXY_HEADERS}
    if cookie:
        headers["Cookie"] = cookie
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    times, size = [], 0
    try:
        for i in range(warmup + requests):
            started = time.perf_counter()
            connection.request("GET", url, headers=headers)
            response = connection.getresponse()
            body = response.read()
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                raise RuntimeError(f"{url}: HTTP {response.status}")
            if i >= warmup:
                times.append(elapsed)
            size = len(body)
    finally:
        connection.close()
    times.sort()
    return {
        "p50_ms": statistics.median(times),
        "p95_ms": statistics.quantiles(times, n=20, method="inclusive")[18]
        if len(times) > 1
        else times[0],
        "max_ms": times[-1],
        "html_kb": size / 1024,
        "times_ms": [round(t, 2) for t in times],
    }


def report(result: dict) -> str:
    """A plain-text table: queries and server time per page and user."""
    lines = [
        f"Training pages, demo content; server {result['server']}; {result['requests']} requests "
        f"each after {result['warmup']} warm-up; ms as a client on loopback sees it",
        f"{'page':<22} {'user':<10} {'queries':>7} {'cold':>5} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'max ms':>7} {'in-proc':>7} {'KB':>6}",
    ]
    for key, m in result["pages"].items():
        name, user = key.split("|")
        fixed = "" if m["queries_fixed"] else "*"
        lines.append(
            f"{name:<22} {user:<10} {m['queries']:>6}{fixed:1} {m['queries_cold']:>5} "
            f"{m['p50_ms']:7.1f} {m['p95_ms']:7.1f} {m['max_ms']:7.1f} "
            f"{m['inprocess_p50_ms']:7.1f} {m['html_kb']:6.0f}"
        )
    lines.append(
        "queries: per request once warm (* = not the same twice); cold: the first request "
        "in a fresh process; in-proc: p50 through Django's test client, no server"
    )
    return "\n".join(lines)


def main() -> None:
    """Parse arguments, load the demo, count queries, time the pages, print and save JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--inprocess-repeat", type=int, default=10)
    parser.add_argument("--server", choices=SERVERS, default="daphne")
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--count-queries", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count_queries:  # inside the server's environment, called by queries_step()
        json.dump(count_queries(inprocess_repeat=args.inprocess_repeat), sys.stdout)
        return
    if args.requests < 1:
        parser.error("--requests must be at least 1")

    with tempfile.TemporaryDirectory() as workdir:
        counted = {}

        def prepare(env):
            # load_demo refuses under production settings (published demo passwords);
            # the local settings load it into the same database file.
            manage(
                {**env, "DJANGO_SETTINGS_MODULE": "config.settings.local"},
                "load_demo",
                capture=True,
            )
            counted.update(queries_step(env, inprocess_repeat=args.inprocess_repeat))

        with product_server(Path(workdir), server=args.server, before_start=prepare) as server:
            pin_to_core(1)
            load_before = os.getloadavg()
            pages = {}
            for key, figures in counted["pages"].items():
                name, user = key.split("|")
                timed = time_page(
                    server["port"],
                    counted["urls"][name],
                    cookie=counted["cookie"] if user == "learner" else None,
                    warmup=args.warmup,
                    requests=args.requests,
                )
                pages[key] = {"url": counted["urls"][name], **figures, **timed}
            load_after = os.getloadavg()
    result = {
        "server": args.server,
        "requests": args.requests,
        "warmup": args.warmup,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in load_after],
        },
        "pages": pages,
    }
    print(report(result))
    if args.json_out:
        args.json_out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
