"""Oscar's review moderation, as a queue: reported reviews first (with their
reasons and counts, and a decision for each: dismiss the reports, remove the
review, deactivate its author), then pending ones; approved or rejected in
bulk through the reviews service (which recomputes ratings)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from oscar.apps.dashboard.reviews import views as oscar_views
from oscar.core.loading import get_model

from forked_apps.catalogue.reviews.selectors import (
    reasons_count,
    reported_reviews,
    with_open_reports,
)
from forked_apps.catalogue.reviews.services import review_moderate
from project.core.exceptions import ShopError
from project.workflows.moderation import review_report_decide

ProductReview = get_model("reviews", "ProductReview")

STATUS_NAMES = {"0": "pending", "1": "approved", "2": "rejected"}
DECISIONS = {
    "dismiss": _("Reports dismissed: the review is public again."),
    "remove": _("Review removed."),
    "deactivate_author": _("Review removed and its author deactivated."),
}


class ReviewListView(oscar_views.ReviewListView):
    template_name = "oscar/dashboard/reviews/review_queue.html"

    def get_queryset(self):
        queryset = with_open_reports(super().get_queryset())
        if self.request.GET.get("sort"):
            return queryset
        queue_order = Case(
            When(Q(open_reports__gt=0), then=Value(0)),
            When(status=self.model.FOR_MODERATION, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return queryset.order_by(queue_order, "-open_reports", "-date_created")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        reported = list(reported_reviews()[:50])
        for review in reported:
            review.reasons = {
                reason: count
                for reason, count in reasons_count(review.open_report_list).items()
                if count
            }
        ctx["reported_reviews"] = reported
        ctx["can_deactivate"] = self.request.user.has_perm("accounts.change_user")
        return ctx

    def update_selected_review_status(self, request, reviews):
        if not request.user.has_perm("reviews.change_productreview"):
            raise PermissionDenied
        status = STATUS_NAMES.get(request.POST.get("status", ""))
        if status is None:
            messages.error(request, _("Choose a status."))
        else:
            changed = review_moderate(
                reviews=reviews.select_related("product"), status=status
            )
            messages.success(
                request,
                _("%(count)d reviews are now %(status)s.")
                % {"count": changed, "status": status},
            )
        return HttpResponseRedirect(reverse("dashboard:reviews-list"))


class ReviewReportResolveView(View):
    """POST action=dismiss|remove|deactivate_author: a decision on a reported
    review (deactivating needs the right to change users)."""

    def post(self, request, pk):
        review = get_object_or_404(
            ProductReview.objects.select_related("product", "user"), pk=pk
        )
        action = request.POST.get("action", "")
        if action not in DECISIONS:
            messages.error(request, _("Choose a decision."))
        elif action == "deactivate_author" and not request.user.has_perm(
            "accounts.change_user"
        ):
            raise PermissionDenied
        else:
            try:
                review_report_decide(review=review, action=action, by=request.user)
            except ShopError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, DECISIONS[action])
        return HttpResponseRedirect(reverse("dashboard:reviews-list"))
