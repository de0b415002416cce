"""The queue's worker (NOTIFICATION_MAIL_QUEUE): write the notices new comments owe,
then send the queued notification mails; once, or as a worker."""

import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from accounts.mail import account_mails_send_due
from comments.services import comment_notices_write_pending
from notifications.services import (
    MailPass,
    MailServerUnreachable,
    notification_mails_send_pending,
)

BATCH = 100
MAX_WAIT = 60


class Command(BaseCommand):
    help = "Write the notices new comments owe, and send the mails waiting in the queue."

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
                written = self._notices()
                sent, failed, kept_back = self._drain()
                account_sent, account_failed = account_mails_send_due()
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
                if written or sent or failed or kept_back or account_sent or account_failed:
                    self.stdout.write(
                        f"Comments told: {written}. Mails sent: {sent}, failed: {failed}, "
                        f"held back or no longer wanted: {kept_back}. Account mails sent "
                        f"again: {account_sent}, failed again: {account_failed}."
                    )
                elif not loop:
                    self.stdout.write("Nothing to send.")
            if not loop or self._stopping:
                return
            self._sleep(wait)

    def _notices(self) -> int:
        """Write the notices of the comments posted since the last pass."""
        written = 0
        while not self._stopping:
            batch = comment_notices_write_pending(limit=BATCH)
            written += batch
            if batch < BATCH:
                break
        return written

    def _drain(self) -> MailPass:
        """Send batches until the queue is empty, or a batch sent nothing because the
        server refused it (those mails wait for the next pass)."""
        sent = failed = kept_back = 0
        while not self._stopping:
            batch = notification_mails_send_pending(limit=BATCH)
            sent, failed, kept_back = (
                sent + batch.sent,
                failed + batch.failed,
                kept_back + batch.kept_back,
            )
            if sum(batch) < BATCH or (batch.failed and not batch.sent):
                break
        return MailPass(sent, failed, kept_back)

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self._stopping and time.monotonic() < deadline:
            time.sleep(min(0.2, seconds))

    def _stop(self, signum, frame):
        self._stopping = True
