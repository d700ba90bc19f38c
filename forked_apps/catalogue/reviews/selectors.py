"""Review reads that need care: the moderators' queue of reported reviews."""

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from oscar.core.loading import get_model

ProductReview = get_model("reviews", "ProductReview")
ReviewReport = get_model("reviews", "ReviewReport")

OPEN = Q(reports__resolved_at__isnull=True)


def with_open_reports(queryset: QuerySet) -> QuerySet:
    """`queryset` of reviews annotated with `open_reports` (count) and
    `last_reported_at`, with their open reports, reporters included, in
    `open_report_list` (one more query)."""
    return queryset.annotate(
        open_reports=Count("reports", filter=OPEN),
        last_reported_at=Max("reports__created_at", filter=OPEN),
    ).prefetch_related(
        Prefetch(
            "reports",
            queryset=ReviewReport.objects.filter(resolved_at__isnull=True)
            .select_related("reporter")
            .order_by("created_at", "pk"),
            to_attr="open_report_list",
        )
    )


def reported_reviews() -> QuerySet:
    """Reviews with open reports, most reported first (then the most
    recently reported), with their product and author: three queries a
    page plus the count."""
    return (
        with_open_reports(ProductReview.objects.select_related("product", "user"))
        .filter(open_reports__gt=0)
        .order_by("-open_reports", "-last_reported_at", "-pk")
    )


def reasons_count(reports) -> dict[str, int]:
    """{reason: number of reports} over every reason, zeros included."""
    counts = dict.fromkeys(ReviewReport.Reason.values, 0)
    for report in reports:
        counts[report.reason] += 1
    return counts
