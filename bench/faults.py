"""Fault drill: the database goes away and comes back while `make serve` runs.

    python bench/faults.py        (or: make faults)

PostgreSQL is reached through a small TCP relay on loopback that this script
cuts and restores, so the real server is never stopped. Checks: /healthz says
200, then 503 while the database is away, and public pages show the friendly
503 page (no stack trace); when the relay is back the site answers 200 again
without a restart. Exits non-zero if any check fails.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
# Below the kernel's range for outgoing connections (32768-60999 by default): a
# run of the load benchmark just before left a client socket of wrk's in
# TIME_WAIT on 55432, and Linux refused the relay that port.
RELAY_PORT, SERVER_PORT, DATABASE = 15432, 8010, "webcastory_faults"


class Relay:
    """Forwards 127.0.0.1:RELAY_PORT to PostgreSQL; cut() drops every connection."""

    def __init__(self):
        self.listener = None
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", RELAY_PORT), reuse_port=True)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", 5432))
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, target):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self):
        # shutdown() wakes the thread blocked in accept(); close() alone would not.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        with self.lock:
            for s in self.sockets:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                    s.close()
                except OSError:
                    pass
            self.sockets.clear()


def fetch(path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{SERVER_PORT}{path}", timeout=15) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError as error:
        return 0, str(error)


def fresh(path="/") -> str:
    # A query string of its own: never served from the visitors' page cache.
    return f"{path}?probe={uuid.uuid4().hex}"


def main() -> int:
    admin = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    relay = Relay()
    relay.start()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{RELAY_PORT}/{DATABASE}",
        "DJANGO_SECRET_KEY": "faults-" + "f" * 60,
        "PORT": str(SERVER_PORT),
        "WORKERS": "2",
        "DJANGO_CONN_MAX_AGE": "60",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve"], cwd=ROOT, env=env,  # noqa: S607
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    checks: list[tuple[str, bool]] = []
    try:
        deadline = time.monotonic() + 120
        while fetch("/healthz")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        checks.append(("healthz 200 with the database up", fetch("/healthz")[0] == 200))
        checks.append(("home 200 with the database up", fetch(fresh())[0] == 200))

        relay.cut()
        time.sleep(1)
        status, body = fetch("/healthz")
        checks.append((f"healthz 503 with the database away (got {status})", status == 503))
        for path in ("/", "/search/"):
            status, body = fetch(fresh(path))
            friendly = "Back in a moment" in body and "Traceback" not in body
            checks.append(
                (f"{path} friendly 503 with the database away", status == 503 and friendly)
            )

        relay.start()
        time.sleep(1)
        recovered = [fetch(fresh())[0] for _ in range(6)]
        checks.append(("home 200 again without a restart", recovered[-1] == 200))
        checks.append(("healthz 200 again without a restart", fetch("/healthz")[0] == 200))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        relay.cut()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    for name, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    return 0 if all(ok for _name, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
