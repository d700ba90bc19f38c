"""Accounts: an email user (no username) and the customer's profile."""

from django.db import models
from django.db.models.functions import Lower, Upper
from django.utils.translation import gettext_lazy as _
from oscar.apps.customer.abstract_models import AbstractUser
from oscar.apps.customer.abstract_models import UserManager as OscarUserManager
from phonenumber_field.modelfields import PhoneNumberField

from project.core.models import PublicIdMixin, TimeStampedModel
from project.core.validators import validate_image_file


class UserManager(OscarUserManager):
    """Oscar's manager, with emails kept in lower case so that one address
    (in any case) is one account."""

    @classmethod
    def normalize_email(cls, email):
        return (email or "").strip().lower()

    def get_by_natural_key(self, email):
        return self.get(email=self.normalize_email(email))


class User(AbstractUser, PublicIdMixin):
    """The shop's user: Oscar's email user. `email` is unique whatever its case;
    `uuid` is the id the API and the tokens carry."""

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="accounts_user_email_ci_unique"
            )
        ]
        # Oscar's own lookups (customer app, dashboard search) use email__iexact,
        # which PostgreSQL compiles to UPPER(email).
        indexes = [models.Index(Upper("email"), name="accounts_user_email_upper_idx")]

    def save(self, *args, **kwargs):
        self.email = UserManager.normalize_email(self.email)
        super().save(*args, **kwargs)


class Profile(TimeStampedModel):
    """What a customer says about themselves. One per user, created with it."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        PRIVATE = "private", _("Private")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    phone_number = PhoneNumberField(_("phone number"), blank=True)
    avatar = models.ImageField(
        _("avatar"),
        upload_to="avatars/%Y/%m/",
        blank=True,
        validators=[validate_image_file],
    )
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return f"Profile of {self.user.email}"

    @property
    def display_name(self) -> str:
        """The name shown next to public contributions such as reviews."""
        if self.visibility == self.Visibility.PRIVATE:
            return "Anonymous"
        name = " ".join(part for part in (self.first_name, self.last_name[:1]) if part)
        if self.last_name:
            name += "."
        return name or "Anonymous"
