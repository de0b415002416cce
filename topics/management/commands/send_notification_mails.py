"""Send the queued notification mails (NOTIFICATION_MAIL_QUEUE): once, or as a worker."""

import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from topics.notifications import MailServerUnreachable, notification_mails_send_pending

BATCH = 100
MAX_WAIT = 60


class Command(BaseCommand):
    help = "Send the notification mails waiting in the queue."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="keep running, sending new mails as they come"
        )
        parser.add_argument(
            "--interval", type=float, default=0.25, help="seconds between passes (with --loop)"
        )

    def handle(self, *args, loop=False, interval=0.25, **options):
        self._stopping = False
        if loop:
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
        wait = interval
        while True:
            if loop:
                close_old_connections()  # as between two requests
            try:
                sent, failed = self._drain()
            except (MailServerUnreachable, DatabaseError) as error:
                cause = error.__cause__ or error
                what = "mail server" if isinstance(error, MailServerUnreachable) else "database"
                if not loop:
                    raise CommandError(f"The {what} is not available: {cause}") from error
                wait = min(wait * 2, MAX_WAIT)
                self.stderr.write(
                    f"The {what} is not available ({cause}); trying again in {wait:g} s."
                )
            else:
                wait = interval
                if sent or failed or not loop:
                    self.stdout.write(f"Mails sent: {sent}, failed: {failed}.")
            if not loop or self._stopping:
                return
            self._sleep(wait)

    def _drain(self) -> tuple[int, int]:
        """Send batches until the queue is empty (or holds only mails that just failed)."""
        sent = failed = 0
        while not self._stopping:
            batch_sent, batch_failed = notification_mails_send_pending(limit=BATCH)
            sent, failed = sent + batch_sent, failed + batch_failed
            if batch_sent + batch_failed < BATCH or batch_sent == 0:
                break
        return sent, failed

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self._stopping and time.monotonic() < deadline:
            time.sleep(min(0.2, seconds))

    def _stop(self, signum, frame):
        self._stopping = True
