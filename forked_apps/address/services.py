"""The customer's address book."""

from django.db import IntegrityError, transaction

from forked_apps.address.models import UserAddress
from project.core.exceptions import Conflict

DUPLICATE_MESSAGE = "This address is already in your address book."


def address_save(*, address: UserAddress) -> UserAddress:
    """Validate (postcode for the country, whitespace) and save an address of
    `address.user`. A second copy of an address is a Conflict."""
    address.clean()
    duplicates = UserAddress.objects.filter(
        user=address.user, hash=address.generate_hash()
    )
    if address.pk:
        duplicates = duplicates.exclude(pk=address.pk)
    if duplicates.exists():
        raise Conflict(DUPLICATE_MESSAGE, code="duplicate_address")
    try:
        with transaction.atomic():
            address.save()
    except IntegrityError:  # a concurrent request saved the same address
        raise Conflict(DUPLICATE_MESSAGE, code="duplicate_address") from None
    return address


def address_delete(*, address: UserAddress) -> None:
    address.delete()
