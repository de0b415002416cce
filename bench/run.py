"""The load benchmark: seed PostgreSQL, start `make serve`, drive it with wrk over loopback.

    python bench/run.py [--duration 10] [--port 8000] [--workers 4]

Writes bench/results/latest.json and prints a table. Needs PostgreSQL (and
Redis for the shared cache) on 127.0.0.1, and wrk (`apt-get install wrk`).
Traffic goes to 127.0.0.1 only; every run is bounded in time.
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TARGETS = {"p95_ms": 100, "worker_mb": 200, "seed_seconds": 120}
MIN_RATIO = {
    "home": 0.3,
    "channel": 0.3,
    "topic_anonymous": 0.2,
    "search": 0.2,
    "api_topics": 0.2,
    "api_topic": 0.2,
}


def environment(args) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "CACHE_URL": args.cache_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-" + "k" * 60,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "EMAIL_URL": "dummymail://",
        "TASKS_BACKEND": "database",
        "COMMENT_RATE_LIMIT": "1000000/m",
        "PORT": str(args.port),
        "WORKERS": str(args.workers),
        "DJANGO_LOG_LEVEL": "WARNING",
        "BENCH_SCALE": str(args.scale),
    }


def idle_group(pid: int) -> None:
    """Give the session a process leads the lowest CPU weight, where the kernel groups
    processes by session (autogroup): there SCHED_IDLE only ranks a process within its
    session's group, and a session of its own competes with the web workers' as an
    equal. Measured: the POST's p95 fell by about 10 ms with the mail worker's group
    at nice 19."""
    group = Path(f"/proc/{pid}/autogroup")
    with contextlib.suppress(OSError):  # no autogroups here: SCHED_IDLE is enough
        group.write_text("19")


def database_reset(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password, dbname="postgres",
    )  # fmt: skip
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def run(command, env, **kwargs):
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)  # noqa: S603


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The server did not answer on {url}")


def log_in(base: str) -> tuple[str, str]:
    """A session for bench0@example.com: (Cookie header, CSRF token)."""
    opener = urllib.request.build_opener()
    with opener.open(base + "/accounts/login/") as response:
        csrf = re.search(r"csrftoken=([^;]+)", response.headers.get("Set-Cookie", "")).group(1)
    data = urllib.parse.urlencode({
        "csrfmiddlewaretoken": csrf, "login": "bench0@example.com",
        "password": "bench-password-123",
    }).encode()  # fmt: skip
    request = urllib.request.Request(  # noqa: S310 - loopback
        base + "/accounts/login/", data=data,
        headers={"Cookie": f"csrftoken={csrf}", "Referer": base + "/accounts/login/"},
    )  # fmt: skip

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(NoRedirect).open(request)
    except urllib.error.HTTPError as redirect:
        cookies = redirect.headers.get_all("Set-Cookie") or []
    session = next(
        re.search(r"sessionid=([^;]+)", c).group(1) for c in cookies if "sessionid=" in c
    )
    new_csrf = next(
        (re.search(r"csrftoken=([^;]+)", c).group(1) for c in cookies if "csrftoken=" in c), csrf
    )
    return f"sessionid={session}; csrftoken={new_csrf}", new_csrf


def gunicorn_master(port: int) -> int:
    """The gunicorn process serving this port whose parent is not gunicorn."""
    processes = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            status = (entry / "status").read_text()
        except OSError:
            continue
        if "gunicorn" in cmdline and f":{port}" in cmdline:
            processes[int(entry.name)] = int(re.search(r"PPid:\s+(\d+)", status).group(1))
    return next(pid for pid, parent in processes.items() if parent not in processes)


def cpu_seconds(master: int) -> float:
    """User and system CPU the master's workers have used so far, recycled ones included.

    A worker retired by --max-requests takes its counters with it, but the master
    reaps it, and the kernel then adds them to the master's children's times.
    """

    def stat(pid: int) -> list[str]:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

    fields = stat(master)
    ticks = int(fields[13]) + int(fields[14])  # cutime, cstime: reaped workers
    for pid in gunicorn_workers(master):
        try:
            fields = stat(pid)
        except OSError:
            continue  # exited between the listing and the read: not reaped yet
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds() -> float:
    """CPU time the whole machine has spent busy (all cores, every process)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def gunicorn_workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def peak_memory_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return round(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024, 1)


def mail_queue_drain(url: str, seconds: float = 120) -> dict:
    """Wait for the worker to empty the queue the run filled (the notices the posted
    comments owe, then their mails); how long it took."""
    parts = urllib.parse.urlsplit(url)
    db = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password, dbname=parts.path.lstrip("/"),
    )  # fmt: skip
    db.autocommit = True
    started = time.monotonic()
    try:
        with db.cursor() as cursor:
            while True:
                cursor.execute(
                    "SELECT count(*) FILTER (WHERE mail_state IN ('pending', 'sending')),"
                    " count(*) FILTER (WHERE mail_state = 'sent'),"
                    " count(*) FILTER (WHERE mail_state = 'held'),"
                    " (SELECT count(*) FROM topics_comment WHERE notices_pending)"
                    " FROM topics_notification"
                )
                pending, sent, held, untold = cursor.fetchone()
                waited = time.monotonic() - started
                if pending + untold == 0 or waited > seconds:
                    return {"pending": pending, "comments_untold": untold, "sent": sent,
                            "held": held, "drained_after_s": round(waited, 1)}  # fmt: skip
                time.sleep(0.5)
    finally:
        db.close()


def wrk(url: str, seconds: int, connections: int, env: dict[str, str]) -> dict:
    output = subprocess.run(  # noqa: S603
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",  # noqa: S607
         "-s", str(ROOT / "bench" / "report.lua"), url],
        env=env, capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout  # fmt: skip
    result = json.loads(output.split("RESULT ", 1)[1])
    result["rps"] = round(result["requests"] / (result["duration_us"] / 1_000_000), 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/webcastory_bench"
    )
    parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--skip-seed", action="store_true", help="reuse the seeded database")
    parser.add_argument(
        "--scale",
        type=int,
        default=1,
        help="data times this (10: 100,000 topics, 1,000,000 "
        "comments, 2,000 on the busy topic); seeding may take 2 minutes per 1x",
    )
    parser.add_argument(
        "--pages", default="", help="comma-separated page names to measure (default: all)"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    env = environment(args)
    base = f"http://127.0.0.1:{args.port}"

    seed = {}
    if not args.skip_seed:
        database_reset(args.database_url)
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
        started = time.monotonic()
        seed_output = run([PYTHON, "bench/seed.py"], env, capture_output=True, text=True).stdout
        seed = {"seconds": round(time.monotonic() - started, 1), "detail": seed_output.strip()}
        print(f"Seeded in {seed['seconds']} s: {seed['detail']}")
    run(["redis-cli", "-n", "15", "FLUSHDB"], env, capture_output=True)

    pages = [
        {"name": "baseline", "method": "get", "path": "/healthz"},
        {"name": "home", "method": "get", "path": "/"},
        {"name": "channel", "method": "get", "path": "/channels/it-digital/"},
        {"name": "topic_anonymous", "method": "get", "path": "/topics/bench-busy-topic/"},
        {"name": "topic_member", "method": "get", "path": "/topics/bench-busy-topic/", "login": True},
        {"name": "search", "method": "get", "path": "/search/?q=security+strategy"},
        # The REST API (api/): the public list of topics, and one topic.
        {"name": "api_topics", "method": "get", "path": "/api/v1/topics/"},
        {"name": "api_topic", "method": "get", "path": "/api/v1/topics/bench-busy-topic/"},
        {"name": "comment_post", "method": "post", "path": "/topics/bench-topic-1/comments/",
         "login": True, "data": {"body": "A benchmark comment."}},
    ]  # fmt: skip
    if args.pages:
        wanted = {"baseline", *args.pages.split(",")}
        pages = [page for page in pages if page["name"] in wanted]
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve"], cwd=ROOT, env=env,  # noqa: S607
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    mailer = None
    results, memory = {}, {}
    try:
        wait_for(base + "/healthz", seconds=120)
        # The mail worker, at a lower priority than the web workers, as in production.
        mailer = subprocess.Popen(  # noqa: S603 - our own command line
            ["chrt", "--idle", "0", PYTHON, "manage.py", "worker", "--interval", "0.25"],  # noqa: S607
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        idle_group(mailer.pid)
        # `make serve` has collected the static files the pages need by now.
        queries = json.loads(
            run(
                [PYTHON, "bench/queries.py", json.dumps(pages)], env, capture_output=True, text=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        cookie, csrf = log_in(base)
        master = gunicorn_master(args.port)
        for page in pages:
            page_env = dict(env)
            if page.get("login"):
                page_env["BENCH_COOKIE"] = cookie
            if page["method"] == "post":
                page_env["BENCH_METHOD"] = "POST"
                page_env["BENCH_BODY"] = urllib.parse.urlencode(
                    {**page["data"], "csrfmiddlewaretoken": csrf}
                )
            wrk(base + page["path"], 2, args.connections, page_env)  # warm-up
            cpu_before, machine_before = cpu_seconds(master), machine_cpu_seconds()
            result = wrk(base + page["path"], args.duration, args.connections, page_env)
            requests = max(result["requests"], 1)
            # The web workers' own CPU per request: steadier than latency on a noisy machine.
            result["app_cpu_ms"] = round((cpu_seconds(master) - cpu_before) * 1000 / requests, 2)
            # Everything's: workers, PostgreSQL, Redis, the mail worker, wrk, the system.
            result["machine_cpu_ms"] = round(
                (machine_cpu_seconds() - machine_before) * 1000 / requests, 2
            )
            # Sampled after every page: a worker recycled later takes its peak with it.
            for pid in gunicorn_workers(master):
                with contextlib.suppress(OSError):
                    memory[str(pid)] = max(memory.get(str(pid), 0), peak_memory_mb(pid))
            result["queries"] = queries[page["name"]]
            results[page["name"]] = result
            print(f"{page['name']:16} {results[page['name']]}")
        mail_queue = mail_queue_drain(args.database_url)
        print(f"mail queue: {mail_queue}")
    finally:
        for process in (mailer, server):
            if process is not None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)

    baseline = results["baseline"]["rps"]
    for result in results.values():
        result["ratio_to_baseline"] = round(result["rps"] / baseline, 2)
    checks = {
        "zero_errors": all(r["errors"] == 0 for r in results.values()),
        "p95_under_100ms": all(r["p95_ms"] < TARGETS["p95_ms"] for r in results.values()),
        "ratios": {
            n: results[n]["ratio_to_baseline"] >= m for n, m in MIN_RATIO.items() if n in results
        },
        "workers_under_200mb": all(m < TARGETS["worker_mb"] for m in memory.values()),
        "mail_queue_emptied": mail_queue["pending"] + mail_queue["comments_untold"] == 0,
        "seed_in_time": (seed.get("seconds", 0) < TARGETS["seed_seconds"] * max(1, args.scale // 2))
        if seed
        else None,
    }
    report = {
        "connections": args.connections, "duration_s": args.duration, "workers": args.workers,
        "seed": seed, "pages": results, "worker_peak_mb": memory, "mail_queue": mail_queue,
        "checks": checks,
    }  # fmt: skip
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    report["scale"] = args.scale
    name = "latest.json" if args.scale == 1 else f"latest-x{args.scale}.json"
    (out / name).write_text(json.dumps(report, indent=2))
    print()
    print(
        f"{'page':16} {'req/s':>8} {'ratio':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'err':>4} "
        f"{'queries':>7} {'cpu ms':>7} {'all cpu':>7}"
    )
    for name, r in results.items():
        print(f"{name:16} {r['rps']:8.1f} {r['ratio_to_baseline']:6.2f} {r['p50_ms']:7.1f} "
              f"{r['p95_ms']:7.1f} {r['p99_ms']:7.1f} {r['errors']:4d} {r['queries']:7d} "
              f"{r['app_cpu_ms']:7.2f} {r['machine_cpu_ms']:7.2f}")  # fmt: skip
    print(f"worker peak memory (MB): {sorted(memory.values())}")
    print(f"checks: {json.dumps(checks)}")


if __name__ == "__main__":
    main()
