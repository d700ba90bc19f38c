"""Wagtail's pages API (v2), served at /api/v1/pages/ for headless frontends.
It lists live (published), public pages only: drafts never leak."""

from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.views import APIView
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet


class PageMetaSchema(serializers.Serializer):
    type = serializers.CharField(help_text="app_label.ModelName, e.g. cms.ContentPage")
    detail_url = serializers.URLField()
    html_url = serializers.URLField(allow_null=True)
    slug = serializers.CharField()
    first_published_at = serializers.DateTimeField(allow_null=True)


class PageSchema(serializers.Serializer):
    """A page; `?fields=` adds the page type's own fields (`body`, `image`...)."""

    id = serializers.IntegerField()
    meta = PageMetaSchema()
    title = serializers.CharField()


class PageListingMetaSchema(serializers.Serializer):
    total_count = serializers.IntegerField()


class PageListingSchema(serializers.Serializer):
    meta = PageListingMetaSchema()
    items = PageSchema(many=True)


LISTING_PARAMETERS = [
    OpenApiParameter("type", str, description="Page type, e.g. cms.ContentPage"),
    OpenApiParameter("fields", str, description="Extra fields, comma separated, or *"),
    OpenApiParameter("child_of", int),
    OpenApiParameter("descendant_of", int),
    OpenApiParameter("search", str),
    OpenApiParameter("order", str),
    OpenApiParameter(
        "limit", int, description="Page size (Wagtail's limit/offset paging)"
    ),
    OpenApiParameter("offset", int),
]


ABOUT_PAGE = {
    "id": 4,
    "meta": {
        "type": "cms.ContentPage",
        "detail_url": "http://127.0.0.1:8000/api/v1/pages/4/",
        "html_url": "http://127.0.0.1:8000/about/",
        "slug": "about",
        "first_published_at": "2026-11-27T16:45:52.223598Z",
    },
    "title": "About us",
}


class PagesAPIViewSet(WagtailPagesAPIViewSet):
    @extend_schema(
        operation_id="pages_list",
        summary="Published CMS pages",
        parameters=LISTING_PARAMETERS,
        responses=PageListingSchema,
        examples=[
            OpenApiExample(
                "Pages",
                value={"meta": {"total_count": 1}, "items": [ABOUT_PAGE]},
                response_only=True,
            )
        ],
    )
    def listing_view(self, request):
        return super().listing_view(request)

    @extend_schema(
        summary="One published CMS page",
        responses=PageSchema,
        examples=[OpenApiExample("Page", value=ABOUT_PAGE, response_only=True)],
    )
    def detail_view(self, request, pk):
        return super().detail_view(request, pk)

    @extend_schema(exclude=True)
    def find_view(self, request):
        return super().find_view(request)

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return PageSchema
        return super().get_serializer_class()

    def handle_exception(self, exc):
        # Wagtail answers {"message": ...}; the API has one error shape.
        if isinstance(exc, BadRequestError):
            exc = ValidationError(str(exc), code="bad_request")
        elif isinstance(exc, Http404):
            exc = NotFound()
        return APIView.handle_exception(self, exc)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
