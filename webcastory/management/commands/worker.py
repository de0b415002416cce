"""`make worker`: the task worker (django-tasks-db's db_worker), its minute tick started."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from webcastory.tasks import tick_ensure


class Command(BaseCommand):
    help = (
        "Run the background task worker: mails, digests, notices. Run several for more "
        "throughput; each takes its own tasks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1, help="seconds between looks at an empty queue"
        )
        parser.add_argument(
            "--batch", action="store_true", help="run what is due, then stop (for cron or tests)"
        )
        parser.add_argument(
            "--reload", action="store_true", help="restart on code changes (development)"
        )

    def handle(self, *args, interval=1, batch=False, reload=False, **options):
        if settings.TASKS_BACKEND != "database":
            raise CommandError(
                "TASKS_BACKEND is not 'database': tasks run where they are enqueued, "
                "there is no queue for a worker."
            )
        tick_ensure(now=True)
        call_command(
            "db_worker",
            interval=interval,
            batch=batch,
            reload=reload,
            startup_delay=not batch,
            verbosity=options["verbosity"],
        )
