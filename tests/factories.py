"""factory_boy factories for our models (Oscar's own live in oscar.test.factories)."""

import factory
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"customer{n}@example.com")
    password = factory.django.Password("correct-Horse-battery-9")
    is_active = True
