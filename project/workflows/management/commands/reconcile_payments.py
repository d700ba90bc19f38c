"""Compare our payments with a provider's books for a date range and report
every mismatch; with --settle, settle the safe ones (see
project/workflows/reconciliation.py). Exits 1 when mismatches are left for a
person, so cron can alert.

    manage.py reconcile_payments --provider sandbox --since 2026-11-01 [--until 2026-11-28] [--settle]"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from project.workflows.reconciliation import reconcile


def _day(text: str):
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(f"'{text}' is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--provider", action="append", dest="providers")
        parser.add_argument(
            "--since", type=_day, help="first day (default: 7 days ago)"
        )
        parser.add_argument(
            "--until", type=_day, help="last day, included (default: today)"
        )
        parser.add_argument("--settle", action="store_true")

    def handle(self, *args, **options):
        today = timezone.localdate()
        first = options["since"] or today - timedelta(days=7)
        last = options["until"] or today
        if first > last:
            raise CommandError("--since is after --until.")
        tz = timezone.get_current_timezone()
        since = datetime.combine(first, time.min, tzinfo=tz)
        until = datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz)
        providers = options["providers"] or list(settings.PAYMENT_PROVIDERS)
        unknown = set(providers) - set(settings.PAYMENT_PROVIDERS)
        if unknown:
            raise CommandError(f"Unknown provider(s): {', '.join(sorted(unknown))}.")
        left = 0
        for name in providers:
            report = reconcile(
                provider_name=name, since=since, until=until, settle=options["settle"]
            )
            self.stdout.write(
                f"{name}: {report.checked} payments checked, {report.matched} match, "
                f"{len(report.mismatches)} mismatches ({len(report.settled)} settled)"
            )
            for mismatch in report.mismatches:
                payment, record = mismatch.payment, mismatch.record
                self.stdout.write(
                    f"  {mismatch.action:<12} {mismatch.kind:<28} "
                    f"payment {payment.id if payment else '-'} "
                    f"({payment.status if payment else '-'}), "
                    f"provider {record.reference if record else '-'} "
                    f"({record.status if record else '-'})"
                )
            left += len(report.needs_review)
        if left:
            raise CommandError(f"{left} mismatches need a person.", returncode=1)
