"""Our address models: Oscar's, each with a public UUID."""

from oscar.apps.address.abstract_models import AbstractUserAddress

from project.core.models import PublicIdMixin


class UserAddress(AbstractUserAddress, PublicIdMixin):
    pass


from oscar.apps.address.models import *  # noqa: E402, F403 isort:skip
