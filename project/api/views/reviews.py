"""Reviews (docs/api.md "Reviews" and GET /products/{slug}/reviews/)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from oscar.core.loading import get_model
from rest_framework import generics, permissions, status
from rest_framework.response import Response

from forked_apps.catalogue.reviews.services import review_create, review_moderate
from project.api import examples as ex
from project.api.openapi import CONFLICT
from project.api.permissions import StaffOnly
from project.api.serializers.reviews import (
    PublicReviewSerializer,
    ReviewCreateSerializer,
    ReviewModerateSerializer,
    ReviewSerializer,
)

Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")


@extend_schema_view(
    get=extend_schema(
        examples=[ex.response_example("Reviews", ex.PUBLIC_REVIEW), ex.NOT_FOUND]
    )
)
class ProductReviewList(generics.ListAPIView):
    """Approved reviews of an active product, newest first."""

    serializer_class = PublicReviewSerializer
    permission_classes = [permissions.AllowAny]
    queryset = ProductReview.objects.none()

    def get_queryset(self):
        product = get_object_or_404(Product.objects.public(), slug=self.kwargs["slug"])
        return (
            ProductReview.objects.filter(product=product, status=ProductReview.APPROVED)
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
