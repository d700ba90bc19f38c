from oscar.core.loading import get_model
from rest_framework import serializers

from forked_apps.catalogue.reviews.models import REVIEW_BODY_MAX_LENGTH

Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")


class ReviewSerializer(serializers.ModelSerializer):
    """A review as its author and staff see it."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    product = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    rating = serializers.IntegerField(source="score", read_only=True)
    comment = serializers.CharField(source="body", read_only=True)
    status = serializers.ChoiceField(
        choices=list(ProductReview.STATUS_NAMES.values()),
        source="status_name",
        read_only=True,
    )
    created_at = serializers.DateTimeField(source="date_created", read_only=True)

    class Meta:
        model = ProductReview
        fields = ["id", "product", "rating", "comment", "status", "created_at"]
        read_only_fields = fields


class PublicReviewSerializer(serializers.ModelSerializer):
    """An approved review as anyone sees it: the reviewer's display name only
    ("Anonymous" when their profile is private)."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    rating = serializers.IntegerField(source="score", read_only=True)
    comment = serializers.CharField(source="body", read_only=True)
    reviewer = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="date_created", read_only=True)

    class Meta:
        model = ProductReview
        fields = ["id", "rating", "comment", "reviewer", "created_at"]
        read_only_fields = fields

    def get_reviewer(self, review) -> str:
        if review.user is None:
            return review.name or "Anonymous"
        return review.user.profile.display_name


class ReviewCreateSerializer(serializers.Serializer):
    product = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Product.objects.public(),
        help_text="The product's slug",
    )
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=REVIEW_BODY_MAX_LENGTH,
        default="",
    )


class ReviewModerateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["approved", "rejected"])
