"""Vouchers: Oscar's, with a public UUID, codes stored upper-case (so the
unique index makes them unique whatever their case), and the rule that
says whether a voucher can be used now by a customer."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from oscar.apps.voucher.abstract_models import AbstractVoucher

from project.core.models import PublicIdMixin


class Voucher(AbstractVoucher, PublicIdMixin):
    class Meta(AbstractVoucher.Meta):
        constraints = [
            # save() upper-cases the code; this holds for every other write.
            models.CheckConstraint(
                condition=Q(code=Upper("code")), name="voucher_voucher_code_upper"
            ),
        ]

    def unusable_reason(self, user=None, at=None) -> tuple[str, str] | None:
        """Why this voucher cannot be used now by `user` (a machine code and
        a message), or None when it can. Without a signed-in user (a guest's
        quote) a once-per-customer voucher counts as usable: checkout, which
        needs a sign-in, checks it for the customer."""
        at = at or timezone.now()
        if at < self.start_datetime:
            return (
                "voucher_not_yet_valid",
                f"The voucher '{self.code}' is valid from "
                f"{timezone.localtime(self.start_datetime):%Y-%m-%d %H:%M %Z}.",
            )
        if at > self.end_datetime:
            return "voucher_expired", f"The voucher '{self.code}' has expired."
        if self.usage == self.SINGLE_USE and self.applications.exists():
            return (
                "voucher_unavailable",
                f"The voucher '{self.code}' has already been used.",
            )
        if (
            self.usage == self.ONCE_PER_CUSTOMER
            and user is not None
            and user.is_authenticated
            and self.applications.filter(user=user).exists()
        ):
            return (
                "voucher_unavailable",
                f"You have already used the voucher '{self.code}'.",
            )
        return None


from oscar.apps.voucher.models import *  # noqa: E402, F403 isort:skip
