"""Oscar's review moderation, as a queue: pending reviews first, approved or
rejected in bulk through the reviews service (which recomputes ratings)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.reviews import views as oscar_views

from forked_apps.catalogue.reviews.services import review_moderate

STATUS_NAMES = {"0": "pending", "1": "approved", "2": "rejected"}


class ReviewListView(oscar_views.ReviewListView):
    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.GET.get("sort"):
            return queryset
        pending_first = Case(
            When(status=self.model.FOR_MODERATION, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return queryset.order_by(pending_first, "-date_created")

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
