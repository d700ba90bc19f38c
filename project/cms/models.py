"""Wagtail page types for the shop's content, served to frontends by
Wagtail's API at /api/v1/pages/."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page


class HomePage(Page):
    """The root of the site's content."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]
    subpage_types = ["cms.ContentPage"]
    max_count = 1


class ContentPage(Page):
    """A simple content page: title, rich text body and an optional image."""

    body = RichTextField(blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [FieldPanel("body"), FieldPanel("image")]
    api_fields = [
        APIField("body"),
        APIField("image"),
        APIField(
            "image_thumbnail",
            serializer=ImageRenditionField("fill-800x450", source="image"),
        ),
    ]
    parent_page_types = ["cms.HomePage", "cms.ContentPage"]
