"""Wish list reads: a customer's own lists, and a shared list by its key.
Lines of products that were deleted or deactivated are not shown."""

from django.db.models import Prefetch, QuerySet
from oscar.core.loading import get_model

from project.core.exceptions import NotFound

WishList = get_model("wishlists", "WishList")
Line = get_model("wishlists", "Line")


def _visible_lines() -> QuerySet:
    return (
        Line.objects.filter(product__deleted_at__isnull=True, product__is_public=True)
        .select_related("product")
        .order_by("date_created", "pk")
    )


def wishlists_of(*, owner) -> QuerySet:
    """`owner`'s lists, newest first, with their visible lines and products
    (two queries per page)."""
    return (
        WishList.objects.filter(owner=owner)
        .prefetch_related(Prefetch("lines", queryset=_visible_lines()))
        .order_by("-date_created", "-pk")
    )


def wishlist_of(*, owner, wishlist_id) -> WishList:
    """One of `owner`'s lists; anyone else's is NotFound."""
    wishlist = wishlists_of(owner=owner).filter(uuid=wishlist_id).first()
    if wishlist is None:
        raise NotFound("No such wish list.")
    return wishlist


def wishlist_shared(*, key: str) -> WishList:
    """A shared list by its key; the key of a private list is NotFound."""
    wishlist = (
        WishList.objects.filter(
            key=key, visibility__in=[WishList.SHARED, WishList.PUBLIC]
        )
        .prefetch_related(Prefetch("lines", queryset=_visible_lines()))
        .first()
    )
    if wishlist is None:
        raise NotFound("No such wish list.")
    return wishlist
