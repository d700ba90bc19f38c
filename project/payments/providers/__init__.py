"""Payment providers, chosen by name from settings.PAYMENT_PROVIDERS.

A provider is a class implementing `base.PaymentProvider`; adding one (a
Stripe adapter, say) is a new module here and one settings entry."""

from django.conf import settings
from django.utils.module_loading import import_string

from project.payments.providers.base import PaymentProvider


class UnknownProvider(LookupError):
    pass


def get_provider(name: str) -> PaymentProvider:
    path = settings.PAYMENT_PROVIDERS.get(name)
    if path is None:
        raise UnknownProvider(name)
    return import_string(path)()
