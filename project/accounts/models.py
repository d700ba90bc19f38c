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


# The JWT claim that carries the user's token version (see User.token_version).
TOKEN_VERSION_CLAIM = "ver"


class User(AbstractUser, PublicIdMixin):
    """The shop's user: Oscar's email user. `email` is unique whatever its case;
    `uuid` is the id the API and the tokens carry."""

    objects = UserManager()
    # Tokens carry the version current when they were issued; a token of an
    # older version is refused. A password change (through any page), a
    # logout everywhere or a deactivation moves it on, which ends every
    # access and refresh token issued before, at once.
    token_version = models.PositiveIntegerField(default=0, editable=False)

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
        if self._state.adding or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        # token_version only moves forward, by an increment in the database:
        # saving an instance loaded before a bump never writes the old value back.
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            update_fields = {
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
            }
        update_fields = set(update_fields) - {"token_version"}
        # set_password() was called on this instance (a new password ends the
        # sessions opened with the old one, on every page that changes it), or
        # the account is being deactivated (through any page, the admin too).
        deactivated = getattr(self, "_loaded_is_active", False) and not self.is_active
        bump = self._password is not None or deactivated
        if bump:
            self.token_version = models.F("token_version") + 1
            update_fields.add("token_version")
        kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)
        self._loaded_is_active = self.is_active
        if bump:
            self.refresh_from_db(fields=["token_version"])

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._loaded_is_active = user.__dict__.get("is_active", False)
        return user

    def token_version_bump(self) -> None:
        """End every token issued so far (logout everywhere, deactivation)."""
        type(self)._default_manager.filter(pk=self.pk).update(
            token_version=models.F("token_version") + 1
        )
        self.refresh_from_db(fields=["token_version"])


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
