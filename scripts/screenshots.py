"""`make screenshots`: the main pages at 1366 px and 390 px, in English and in French,
written to docs/screens/ (PNG) from a live server with the demo data.

A fresh SQLite database and media folder in a temporary directory: migrate, seed_demo
(its pictures drawn by webcastory/demo_images.py), then `runserver` on a free port and
Playwright driving Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
Nothing of the developer's own database or media is touched.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screens"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "webcastory-demo"  # noqa: S105 (the demo accounts' published password)
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
LANGUAGES = ("en", "fr")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def _wait(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own local server)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The server at {url} did not answer.")


def _shoot(browser, base: str, language: str, width: str, pages: dict, login: str | None):
    viewport = dict(zip(("width", "height"), WIDTHS[width], strict=True))
    context = browser.new_context(base_url=base, viewport=viewport, locale=language)
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page = context.new_page()
    if login:
        page.goto("/accounts/login/")
        page.locator("input[name=login]").fill(login)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        # The member's language is their profile's: set it as asked.
        page.goto("/")
        switch = page.locator(f".language-switcher button[value={language}]")
        if switch.count():
            switch.click()
    for name, path in pages.items():
        page.goto(path)
        # Lazy pictures load once scrolled to: scroll down the page, then back up.
        page.evaluate(
            "async () => { for (let y = 0; y < document.body.scrollHeight; y += 600) {"
            " window.scrollTo(0, y); await new Promise(r => setTimeout(r, 60)); }"
            " window.scrollTo(0, 0); }"
        )
        page.wait_for_load_state("networkidle")
        target = OUT / f"{name}-{language}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        print(f"  {target.relative_to(ROOT)}")
    context.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="webcastory-screens-") as folder:
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
            "DJANGO_MEDIA_ROOT": f"{folder}/media",
            "DJANGO_DEBUG": "true",
            "DJANGO_SERVE_MEDIA": "true",
            "CACHE_URL": "locmemcache://screens",
            "RUN_SITE_URL": base,
        }
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "seed_demo")  # the demo pictures included
        slugs = (
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "shell",
                    "-c",
                    "from topics.models import Topic, TopicStatus as S; "
                    "t = Topic.objects.filter(status=S.PROPOSED).order_by('pk').first(); "
                    "e = Topic.objects.filter(status=S.PUBLISHED).order_by('pk').first(); "
                    "print(t.channel.slug, t.slug, e.slug if e else '')",
                ],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
            .split()
        )  # after the shell's own messages
        channel, topic, episode = (slugs + [""] * 3)[:3]
        public = {
            "home": "/",
            "channel": f"/channels/{channel}/",
            "topic-visitor": f"/topics/{topic}/",
        }
        if episode:
            public["episode"] = f"/episodes/{episode}/"
        server = subprocess.Popen(  # noqa: S603 (our own manage.py)
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait(base + "/healthz")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
                )
                for language in LANGUAGES:
                    for width in WIDTHS:
                        _shoot(browser, base, language, width, public, login=None)
                        _shoot(
                            browser,
                            base,
                            language,
                            width,
                            {"topic-member": f"/topics/{topic}/"},
                            login="viewer@webcastory.local",
                        )
                        _shoot(
                            browser,
                            base,
                            language,
                            width,
                            {"workspace": "/workspace/"},
                            login="organizer@webcastory.local",
                        )
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
