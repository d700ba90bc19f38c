"""Reviews (docs/api.md "Reviews" and GET /products/{slug}/reviews/), and
reported reviews."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from oscar.core.loading import get_model
from rest_framework import generics, permissions, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from forked_apps.catalogue.reviews.selectors import reported_reviews
from forked_apps.catalogue.reviews.services import (
    review_create,
    review_moderate,
    review_report,
)
from forked_apps.catalogue.selectors import product_public_id
from project.accounts.permissions import staff_can
from project.api import examples as ex
from project.api.http_cache import etag_for, public_response
from project.api.openapi import CONFLICT
from project.api.permissions import StaffOnly
from project.api.serializers.reviews import (
    PublicReviewSerializer,
    ReportedReviewSerializer,
    ReviewCreateSerializer,
    ReviewModerateSerializer,
    ReviewReportCreateSerializer,
    ReviewReportResolvedSerializer,
    ReviewReportResolveSerializer,
    ReviewReportSerializer,
    ReviewSerializer,
)
from project.core.cache import catalogue_stamp, product_scope
from project.workflows.moderation import review_report_decide

Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")


@extend_schema_view(
    get=extend_schema(
        examples=[ex.response_example("Reviews", ex.PUBLIC_REVIEW), ex.NOT_FOUND]
    )
)
class ProductReviewList(generics.ListAPIView):
    """Public reviews of an active product (approved, not hidden by
    reports), newest first; public, with an ETag from the product's cache
    version (reviews and their authors' profiles bump it)."""

    serializer_class = PublicReviewSerializer
    permission_classes = [permissions.AllowAny]
    queryset = ProductReview.objects.none()

    def list(self, request, *args, **kwargs):
        slug = self.kwargs["slug"]
        self.product_id = product_public_id(slug=slug)
        if self.product_id is None:
            raise Http404
        stamp = catalogue_stamp([product_scope(self.product_id)])
        params = sorted(request.query_params.lists())
        etag = etag_for(request.get_host(), "reviews", slug, params, stamp)
        return public_response(
            request, etag, lambda: super(ProductReviewList, self).list(request).data
        )

    def get_queryset(self):
        return (
            ProductReview.objects.filter(
                product_id=getattr(self, "product_id", None),
                status=ProductReview.APPROVED,
                hidden_at__isnull=True,
            )
            .select_related("user__profile")
            .order_by("-date_created", "-pk")
        )


@extend_schema_view(
    get=extend_schema(examples=[ex.response_example("My reviews", ex.REVIEW)])
)
class ReviewList(generics.ListAPIView):
    """GET: the signed-in user's own reviews. POST: review a product (pending
    until a moderator approves it)."""

    serializer_class = ReviewSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = ProductReview.objects.none()

    def get_queryset(self):
        return (
            ProductReview.objects.filter(user=self.request.user)
            .select_related("product")
            .order_by("-date_created", "-pk")
        )

    @extend_schema(
        request=ReviewCreateSerializer,
        responses={201: ReviewSerializer, 409: CONFLICT},
        examples=[
            ex.request_example(
                "Review",
                {"product": "brass-desk-lamp", "rating": 4, "comment": "Good lamp."},
            ),
            ex.response_example("Pending moderation", ex.REVIEW, 201),
            ex.RATING_OUT_OF_RANGE,
            ex.DUPLICATE_REVIEW,
        ],
    )
    def post(self, request):
        serializer = ReviewCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        review = review_create(
            user=request.user,
            product=data["product"],
            score=data["rating"],
            comment=data["comment"],
        )
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)


class ReviewDetail(generics.GenericAPIView):
    """Staff: approve or reject a review."""

    serializer_class = ReviewSerializer
    permission_classes = [StaffOnly]
    staff_model = "reviews.productreview"
    queryset = ProductReview.objects.none()

    @extend_schema(
        request=ReviewModerateSerializer,
        responses={200: ReviewSerializer},
        examples=[
            ex.request_example("Approve", {"status": "approved"}),
            ex.response_example("Approved", {**ex.REVIEW, "status": "approved"}),
        ],
    )
    def patch(self, request, id):
        review = get_object_or_404(
            ProductReview.objects.select_related("product"), uuid=id
        )
        serializer = ReviewModerateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review_moderate(reviews=[review], status=serializer.validated_data["status"])
        return Response(ReviewSerializer(review).data)


class ReviewReportCreate(generics.GenericAPIView):
    """A signed-in customer reports an approved review: `{reason, note}`.
    201; a second report by the same customer is a 409. Enough reporters
    hide the review until a moderator decides."""

    serializer_class = ReviewReportSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = ProductReview.objects.none()

    @extend_schema(
        request=ReviewReportCreateSerializer,
        responses={201: ReviewReportSerializer, 409: CONFLICT},
        examples=[
            ex.request_example(
                "Spam", {"reason": "spam", "note": "Links to another shop."}
            ),
            ex.request_example("Off topic, no note", {"reason": "off_topic"}),
            ex.response_example("Reported", ex.REVIEW_REPORT, 201),
            ex.OWN_REVIEW,
            ex.REVIEW_NOT_REPORTABLE,
            ex.ALREADY_REPORTED,
        ],
    )
    def post(self, request, id):
        review = get_object_or_404(
            ProductReview.objects.filter(status=ProductReview.APPROVED), uuid=id
        )
        serializer = ReviewReportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = review_report(
            review=review, reporter=request.user, **serializer.validated_data
        )
        return Response(
            ReviewReportSerializer(report).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    get=extend_schema(
        examples=[ex.response_example("Reported reviews", ex.REPORTED_REVIEW)]
    )
)
class ReviewReportAdminList(generics.ListAPIView):
    """Staff: reviews with open reports, most reported first, with their
    reports, counts by reason, and whether they are hidden."""

    serializer_class = ReportedReviewSerializer
    permission_classes = [StaffOnly]
    staff_model = "reviews.productreview"
    queryset = ProductReview.objects.none()

    def get_queryset(self):
        return reported_reviews()


class ReviewReportAdminResolve(generics.GenericAPIView):
    """Staff: decide on a reported review: `dismiss` the reports (public
    again), `remove` the review (rejected), or `deactivate_author` (removed,
    and the author's account deactivated: needs the right to change users).
    A review without open reports is a 409."""

    serializer_class = ReviewReportResolvedSerializer
    permission_classes = [StaffOnly]
    staff_model = "reviews.productreview"
    staff_action = "change"
    queryset = ProductReview.objects.none()

    @extend_schema(
        request=ReviewReportResolveSerializer,
        responses={200: ReviewReportResolvedSerializer, 409: CONFLICT},
        examples=[
            ex.request_example(
                "Remove the review", {"action": "remove"}, "it is rejected"
            ),
            ex.request_example(
                "Dismiss the reports", {"action": "dismiss"}, "public again"
            ),
            ex.request_example(
                "Deactivate the author",
                {"action": "deactivate_author"},
                "removed, and the account deactivated",
            ),
            ex.response_example(
                "Removed",
                {
                    "closed_reports": 3,
                    "review": {**ex.SPAM_REVIEW, "status": "rejected"},
                },
            ),
            ex.DEACTIVATE_NEEDS_USERS_RIGHT,
            ex.NO_OPEN_REPORTS,
        ],
    )
    def post(self, request, id):
        review = get_object_or_404(
            ProductReview.objects.select_related("product", "user"), uuid=id
        )
        serializer = ReviewReportResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        action = serializer.validated_data["action"]
        if action == "deactivate_author" and not staff_can(
            request.user, "accounts.change_user"
        ):
            raise PermissionDenied("Deactivating an author needs the users right.")
        closed = review_report_decide(review=review, action=action, by=request.user)
        review.refresh_from_db()
        return Response(
            ReviewReportResolvedSerializer(
                {"closed_reports": closed, "review": review}
            ).data
        )
