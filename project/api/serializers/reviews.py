from drf_spectacular.utils import extend_schema_field
from oscar.core.loading import get_model
from rest_framework import serializers

from forked_apps.catalogue.reviews.models import (
    REPORT_NOTE_MAX_LENGTH,
    REVIEW_BODY_MAX_LENGTH,
)
from forked_apps.catalogue.reviews.selectors import reasons_count

Product = get_model("catalogue", "Product")
ProductReview = get_model("reviews", "ProductReview")
ReviewReport = get_model("reviews", "ReviewReport")


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


class ReviewReportCreateSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ReviewReport.Reason.choices)
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=REPORT_NOTE_MAX_LENGTH,
        default="",
    )


class ReviewReportSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    review = serializers.UUIDField(source="review.uuid", read_only=True)

    class Meta:
        model = ReviewReport
        fields = ["id", "review", "reason", "note", "created_at"]
        read_only_fields = fields


class ReportSummarySerializer(serializers.ModelSerializer):
    """An open report as moderators see it."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    reporter = serializers.EmailField(source="reporter.email", read_only=True)

    class Meta:
        model = ReviewReport
        fields = ["id", "reason", "note", "reporter", "created_at"]
        read_only_fields = fields


class ReportedReviewSerializer(serializers.Serializer):
    """A reported review in the moderators' queue."""

    review = ReviewSerializer(source="*")
    author = serializers.EmailField(source="user.email", allow_null=True)
    hidden = serializers.SerializerMethodField()
    open_reports = serializers.IntegerField()
    reasons = serializers.SerializerMethodField()
    reports = ReportSummarySerializer(many=True, source="open_report_list")
    last_reported_at = serializers.DateTimeField()

    def get_hidden(self, review) -> bool:
        return review.hidden_at is not None

    @extend_schema_field(
        serializers.DictField(child=serializers.IntegerField(), help_text="by reason")
    )
    def get_reasons(self, review):
        return reasons_count(review.open_report_list)


class ReviewReportResolveSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["dismiss", "remove", "deactivate_author"])


class ReviewReportResolvedSerializer(serializers.Serializer):
    closed_reports = serializers.IntegerField()
    review = ReviewSerializer()
