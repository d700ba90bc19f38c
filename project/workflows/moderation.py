"""A moderator's decision on a reported review, from the API or the
dashboard: dismiss the reports, remove the review, or also deactivate its
author (reviews and accounts, in one transaction)."""

from django.db import transaction

from forked_apps.catalogue.reviews.services import review_reports_resolve
from project.accounts.services import user_set_active


def review_report_decide(*, review, action: str, by=None) -> int:
    """`action` is `dismiss`, `remove` or `deactivate_author`; deactivating
    removes the review too and ends the author's sessions at once. Returns
    the number of reports closed (a review without open reports is a
    Conflict)."""
    with transaction.atomic():
        closed = review_reports_resolve(review=review, action=action, by=by)
        if action == "deactivate_author" and review.user is not None:
            user_set_active(user=review.user, active=False)
    return closed
