"""Wish lists: a customer's named lists of products, private or shared by
their key. Only the owner changes a list."""

from django.db import IntegrityError, transaction
from oscar.core.loading import get_model

from project.core.exceptions import Conflict, NotFound

WishList = get_model("wishlists", "WishList")
Line = get_model("wishlists", "Line")

# The API's names for Oscar's visibilities.
VISIBILITIES = {"private": WishList.PRIVATE, "shared": WishList.SHARED}
VISIBILITY_NAMES = {value: name for name, value in VISIBILITIES.items()}
VISIBILITY_CHOICES = list(VISIBILITIES)

UNSET = object()


def wishlist_create(*, owner, name: str, visibility: str = "private") -> WishList:
    """A new, empty list of `owner`'s."""
    with transaction.atomic():
        return WishList.objects.create(
            owner=owner, name=name, visibility=VISIBILITIES[visibility]
        )


def wishlist_update(*, wishlist: WishList, name=UNSET, visibility=UNSET) -> WishList:
    """Rename the list or change who may see it (a private list's key opens
    nothing)."""
    fields = []
    if name is not UNSET:
        wishlist.name = name
        fields.append("name")
    if visibility is not UNSET:
        wishlist.visibility = VISIBILITIES[visibility]
        fields.append("visibility")
    if fields:
        with transaction.atomic():
            wishlist.save(update_fields=fields)
    return wishlist


def wishlist_delete(*, wishlist: WishList) -> None:
    with transaction.atomic():
        wishlist.delete()


def wishlist_item_add(*, wishlist: WishList, product) -> Line:
    """Put `product` on the list; a product already there is a Conflict."""
    duplicate = Conflict(
        "This product is already on the wish list.", code="already_in_wishlist"
    )
    if Line.objects.filter(wishlist=wishlist, product=product).exists():
        raise duplicate
    try:
        with transaction.atomic():
            return Line.objects.create(
                wishlist=wishlist, product=product, title=product.get_title()
            )
    except IntegrityError:  # a concurrent request added it first
        raise duplicate from None


def wishlist_item_remove(*, wishlist: WishList, product) -> None:
    """Take `product` off the list; a product that is not on it is NotFound."""
    with transaction.atomic():
        deleted, _ = Line.objects.filter(wishlist=wishlist, product=product).delete()
    if not deleted:
        raise NotFound("This product is not on the wish list.")
