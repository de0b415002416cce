"""For monitoring: each background queue's depth and the age of its oldest item."""

import json

from django.core.management.base import BaseCommand, CommandError

from webcastory.monitoring import queue_report


class Command(BaseCommand):
    help = (
        "Print each background queue's depth and its oldest item's age (seconds); with "
        "--max-age, fail when an item has waited longer (for a monitoring probe)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="one JSON object")
        parser.add_argument(
            "--max-age", type=int, default=None, help="fail when an item waits longer (seconds)"
        )

    def handle(self, *args, max_age=None, **options):
        report = queue_report()
        if options.get("json"):
            self.stdout.write(json.dumps(report, sort_keys=True))
        else:
            for queue, figures in report.items():
                line = ", ".join(f"{name} {value}" for name, value in figures.items())
                self.stdout.write(f"{queue}: {line}")
        if max_age is not None:
            late = [
                queue
                for queue, figures in report.items()
                if (figures.get("oldest_seconds") or 0) > max_age
            ]
            if late:
                raise CommandError(f"Waiting longer than {max_age} s: {', '.join(late)}.")
