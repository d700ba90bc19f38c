"""Cancel pending orders left unpaid for UNPAID_ORDER_TTL_MINUTES (or
--minutes), so that their stock goes back on sale. Run it from cron every
few minutes, or run Celery beat, which schedules the same work."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from project.workflows.orders import orders_expire_unpaid


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=None)

    def handle(self, *args, **options):
        minutes = (
            options["minutes"]
            if options["minutes"] is not None
            else settings.UNPAID_ORDER_TTL_MINUTES
        )
        count = orders_expire_unpaid(older_than=timedelta(minutes=minutes))
        self.stdout.write(
            f"Cancelled {count} unpaid orders older than {minutes} minutes."
        )
